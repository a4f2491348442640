import CRMFit
import Foundation
import FunnelSim
import SalesModel
import TestSupport
import Testing

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
}
