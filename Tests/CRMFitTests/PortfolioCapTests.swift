import Foundation
import FunnelSim
import SalesModel
import ScenarioLoading
import TestSupport
import Testing

@testable import CRMFit

/// The portfolio cap found in a simulated export of a team whose books fill up.
@Suite struct PortfolioCapTests {
  static let cap = 12

  /// One level of three managers with a cap of 12 clients and far more leads than they can
  /// take once full: the books reach the cap within months and stay there.
  static let scenario = """
    name: capped
    seed: 11
    replications: 1
    horizon_months: 24
    calendar:
      days_per_month: 21
    segments:
      - name: small
        deal_size: {distribution: lognormal, mean: 1000, sd: 300}
        churn_per_month: 0.03
    levels:
      - name: sales
        headcount: 3
        meetings_per_day: 20
        max_portfolio: \(cap)
        initial_clients: 4
    funnel:
      stages:
        - {name: contact, probability: 0.7, duration_days: 3}
        - {name: proposal, probability: 0.6, duration_days: 5}
    leads:
      inbound:
        per_month: 40
    portfolio:
      churn_enabled: true
    """

  /// The export of one replication, written to a temporary folder.
  static func export() throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    try dir.write("capped.yaml", scenario)
    let loaded = try LoadedScenario.load(path: dir.file("capped.yaml"))
    let history = try loaded.model.history(replication: 1, seed: 11)
    let export = HistoryExport(
      start: HistoryExport.Day(year: 2025, month: 1, day: 1),
      daysPerMonth: loaded.scenario.calendar.daysPerMonth)
    for file in export.files(history, scenario: loaded.scenario) {
      try dir.write(file.name, file.contents)
    }
    return dir
  }

  static let asOf = CalendarDay(year: 2026, month: 6, day: 30)!

  @Test func theFittedCapIsTheScenariosMaxPortfolio() throws {
    let dir = try Self.export()
    let export = try CRMReader.read(folder: dir.path)
    var options = FitOptions(asOf: Self.asOf)
    options.portfolioCap = true
    let fit = try HistoryFit.fit(export, options: options)
    let found = try #require(fit.portfolioCaps["sales"])
    // Below the cap an owner takes leads at the team's pace; at it, only a lead that waited
    // while a client of theirs left (patience 5 days at a churn of 3% a month: rarely) or one
    // created on a day the owner was full and taken after a loss. So the rate falls at the cap
    // itself; one client either way allows for a loss on the day the book is counted.
    let cap = try #require(found.cap, "\(found)")
    #expect(((Self.cap - 1)...(Self.cap + 1)).contains(cap), "\(found)")
    #expect(found.daysAtCap >= PortfolioCap.minimumDaysAtCap)
    #expect(found.rateAtCap < PortfolioCap.fall * found.rateAll)
    let yaml = fit.scenarioYAML()
    #expect(yaml.contains("    max_portfolio: \(cap)  #"))
    // The opening books are the clients active on the as-of date.
    let active = export.clients.filter { c in
      c.start <= Self.asOf && (c.end.map { $0 > Self.asOf } ?? true)
    }
    #expect(fit.openingBooks.values.reduce(0, +) == active.count)
    #expect(yaml.contains("initial_clients: "))
  }

  /// With the cap on, the per-owner scenario (`forecast --per-owner`, the backtest's owner
  /// forecast) starts every owner with their own opening book: an owner at the cap on as-of
  /// starts full, not at the level's mean room.
  @Test func thePerOwnerScenarioStartsEveryOwnerWithTheirOwnBook() throws {
    let dir = try Self.export()
    let export = try CRMReader.read(folder: dir.path)
    var options = FitOptions(asOf: Self.asOf)
    options.portfolioCap = true
    let fit = try HistoryFit.fit(export, options: options)
    let cap = try #require(fit.portfolioCaps["sales"]?.cap)
    // The clients active on the day after as-of, by the owner the file names (no owner of
    // this team leaves, so a client stays with its first owner).
    var active: [String: Int] = [:]
    for c in export.clients where c.start <= Self.asOf && (c.end.map { $0 > Self.asOf } ?? true) {
      active[c.owner, default: 0] += 1
    }
    #expect(active.values.contains { $0 >= cap }, "no owner full on as-of: \(active), cap \(cap)")
    var settings = HistoryFit.RunSettings()
    settings.perOwner = true
    let scenario = try ScenarioLoader.load(
      Scenario.self, text: fit.scenarioYAML(settings), file: "fitted scenario")
    let owners = fit.levels.flatMap(\.owners)
    #expect(scenario.levels.map(\.name).sorted() == owners.sorted())
    for level in scenario.levels {
      #expect(level.headcount == 1)
      #expect(level.initialClients == active[level.name] ?? 0, "\(level.name)")
      #expect(level.maxPortfolio == cap)
    }
  }

  @Test func withoutAClientsFileNoCapIsWritten() throws {
    let dir = try Self.export()
    try FileManager.default.removeItem(atPath: dir.file("clients.csv"))
    let export = try CRMReader.read(folder: dir.path)
    var options = FitOptions(asOf: Self.asOf)
    options.portfolioCap = true
    let fit = try HistoryFit.fit(export, options: options)
    #expect(fit.portfolioCaps.isEmpty)
    #expect(fit.openingBooks.isEmpty)
    let yaml = fit.scenarioYAML()
    #expect(!yaml.contains("max_portfolio"))
    #expect(!yaml.contains("initial_clients"))
  }

  /// A client handed on when its manager left counts in the leaver's book until the exit and
  /// in the named owner's after it; before as-of learns of the exit, it stays the winner's.
  @Test func aHandedOnClientCountsInTheWinnersBookUntilTheirExit() throws {
    func day(_ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: 2026, month: m, day: d)! }
    let owners = [
      Owner(owner: "A", level: "sales", hired: day(1, 1), exited: day(3, 31)),
      Owner(owner: "B", level: "sales", hired: day(1, 1)),
      Owner(owner: "C", level: "sales", hired: day(5, 1)),
    ]
    let deals = [
      Opportunity(
        id: "O1", owner: "A", created: day(1, 10), closed: day(2, 1), status: .won, account: "X")
    ]
    let clients = [
      // Won by A, named under B (the owner it is with last).
      Client(account: "X", owner: "B", start: day(2, 1), end: nil, monthlyValue: 1),
      // On the books before the history, named under C, who was hired later.
      Client(account: "Y", owner: "C", start: day(1, 1), end: nil, monthlyValue: 1),
    ]
    let asOf = day(6, 30)
    let held = HistoryFit.holdings(clients, opportunities: deals, owners: owners, asOf: asOf)
    let first = day(1, 1).daysSinceEpoch
    let books = HistoryFit.books(held, from: first, to: asOf.daysSinceEpoch)
    func book(_ owner: String, _ d: CalendarDay) -> Int {
      books[owner]?[d.daysSinceEpoch - first] ?? 0
    }
    #expect(book("A", day(3, 15)) == 1 && book("B", day(3, 15)) == 0)
    #expect(book("A", day(4, 15)) == 0 && book("B", day(4, 15)) == 1)
    #expect(book("C", day(4, 15)) == 0 && book("C", day(5, 15)) == 1)
    // Fitted on 2026-03-15, A's exit is not known yet: the client is A's.
    let early = day(3, 15)
    let heldEarly = HistoryFit.holdings(clients, opportunities: deals, owners: owners, asOf: early)
    let booksEarly = HistoryFit.books(heldEarly, from: first, to: early.daysSinceEpoch + 1)
    #expect(booksEarly["A"]?.last == 1)
    #expect((booksEarly["B"]?.last ?? 0) == 0)
  }

  /// Two levels, juniors with a cap of 12 and seniors with 20; the senior seats are filled only
  /// by promoting juniors at the December review, so the owners file calls them senior while
  /// most of their last year was spent full at the junior cap.
  static let promoted = """
    name: promoted
    seed: 11
    replications: 1
    horizon_months: 24
    calendar:
      days_per_month: 21
    segments:
      - name: small
        deal_size: {distribution: lognormal, mean: 1000, sd: 300}
        churn_per_month: 0.03
    levels:
      - name: junior
        headcount: 4
        meetings_per_day: 20
        max_portfolio: 12
        initial_clients: 4
      - name: senior
        headcount: 0
        headcount_plan: 2
        meetings_per_day: 20
        max_portfolio: 20
    funnel:
      stages:
        - {name: contact, probability: 0.7, duration_days: 3}
        - {name: proposal, probability: 0.6, duration_days: 5}
    leads:
      inbound:
        per_month: 60
    careers:
      promotion: {review_months: [12]}
      hiring: {time_to_hire_days: 20}
    portfolio:
      churn_enabled: true
    """

  /// Three months after the promotions the seniors' cap is found from their days since their
  /// leads came back (the days before, full at the junior cap, would put the stop at 13 or
  /// 14), and the juniors' from the juniors'. One client either way, as above.
  @Test func aPromotedOwnersCapIsFoundFromTheDaysAfterThePromotion() throws {
    let dir = try TemporaryDirectory()
    try dir.write("promoted.yaml", Self.promoted)
    let loaded = try LoadedScenario.load(path: dir.file("promoted.yaml"))
    let history = try loaded.model.history(replication: 0, seed: 11)
    let writer = HistoryExport(
      start: HistoryExport.Day(year: 2025, month: 1, day: 1),
      daysPerMonth: loaded.scenario.calendar.daysPerMonth)
    for file in writer.files(history, scenario: loaded.scenario) {
      try dir.write(file.name, file.contents)
    }
    let export = try CRMReader.read(folder: dir.path)
    #expect(export.owners.filter { $0.level == "senior" }.count == 2)
    var options = FitOptions(asOf: CalendarDay(year: 2026, month: 3, day: 31)!)
    options.portfolioCap = true
    let fit = try HistoryFit.fit(export, options: options)
    let senior = try #require(fit.portfolioCaps["senior"])
    let junior = try #require(fit.portfolioCaps["junior"])
    #expect(senior.ownersChanged >= 1, "\(senior)")
    #expect(try (19...21).contains(#require(senior.cap)), "\(senior)")
    #expect(try (11...13).contains(#require(junior.cap)), "\(junior)")
  }
}
