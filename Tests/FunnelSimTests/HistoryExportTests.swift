import SalesModel
import TestSupport
import Testing

@testable import FunnelSim

@Suite struct HistoryExportTests {
  /// The rows of one exported file, by column name (the bundled scenarios' names hold no
  /// commas, so a split is enough here).
  static func rows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    let header = lines.first!.split(separator: ",", omittingEmptySubsequences: false).map(
      String.init)
    return lines.dropFirst().map { line in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
  }

  @Test(arguments: [
    "b2b-consulting.yaml", "b2c-retail.yaml", "key-accounts.yaml", "staffing-two-juniors.yaml",
    "saas-sdr-ae.yaml",
  ])
  func exportCountsEqualTheReplicationsMetrics(_ file: String) throws {
    let loaded = try LoadedScenario.load(
      path: ScenarioFiles.path(file), overrides: ["horizon_months=24"])
    let seed: UInt64 = 2024
    let history = try loaded.model.history(replication: 1, seed: seed)
    // Recording changes nothing in the replication.
    #expect(history.outcome == (try loaded.model.simulate(replication: 1, seed: seed)))

    let schema = loaded.model.schema
    func metric(_ key: String) -> Int {
      let i = schema.scalars.firstIndex { $0.key == key && $0.group == "team" }!
      return Int(history.outcome.values[i].rounded())
    }
    let export = HistoryExport(
      start: HistoryExport.Day(year: 2025, month: 1, day: 1),
      daysPerMonth: loaded.scenario.calendar.daysPerMonth)
    let files = Dictionary(
      uniqueKeysWithValues: export.files(history, scenario: loaded.scenario).map {
        ($0.name, Self.rows($0.contents))
      })

    // The history holds every lead; the export leaves out those no manager ever took.
    #expect(history.opportunities.count == metric("leads_in"))
    let untaken = history.opportunities.filter { $0.owner == nil }
    #expect(untaken.allSatisfy { $0.status != .won && $0.stage == nil })
    let opportunities = files["opportunities.csv"]!
    #expect(opportunities.count == history.opportunities.count - untaken.count)
    #expect(!opportunities.contains { $0["owner"] == "" })
    func count(_ rows: [[String: String]], _ p: ([String: String]) -> Bool) -> Int {
      rows.count(where: p)
    }
    let untakenLost = untaken.count { $0.status == .lost }
    let untakenOpen = untaken.count { $0.status == .open }
    #expect(count(opportunities) { $0["status"] == "won" } == metric("won"))
    #expect(
      count(opportunities) { $0["status"] == "lost" } + untakenLost
        == metric("lost") + metric("leads_expired"))
    #expect(
      count(opportunities) { $0["status"] == "open" } + untakenOpen == metric("leads_open_end"))
    #expect(count(opportunities) { ($0["status"] == "open") != ($0["close_date"] == "") } == 0)
    let booked = opportunities.filter { $0["status"] == "won" }.map { Double($0["amount"]!)! }
      .reduce(0, +)
    let bookings = history.outcome.values[
      schema.scalars.firstIndex { $0.key == "bookings" && $0.group == "team" }!]
    // Amounts are written to the cent.
    #expect(abs(booked - bookings) <= 0.005 * Double(max(1, metric("won"))) + 1e-6)

    // Every stage entered has a row, and the furthest is the opportunity's stage.
    let stageRows = files["stage_history.csv"]!
    let stageNames = loaded.scenario.funnel.stages.map(\.name)
    var furthest: [String: Int] = [:]
    for row in stageRows {
      let k = stageNames.firstIndex(of: row["stage"]!)!
      furthest[row["id"]!] = max(furthest[row["id"]!] ?? -1, k)
    }
    for row in opportunities {
      #expect(furthest[row["id"]!].map { stageNames[$0] } ?? "" == row["stage"]!)
    }

    let owners = files["owners.csv"]!
    #expect(owners.count == metric("headcount_start") + metric("hires"))
    #expect(count(owners) { $0["exit_date"] != "" } == metric("exits"))

    let clients = files["clients.csv"]!
    #expect(
      clients.count == metric("clients_start") + metric("clients_brought") + metric("clients_new"))
    #expect(
      count(clients) { $0["end"] != "" } == metric("clients_churned") + metric("clients_taken"))
    #expect(count(clients) { $0["end"] == "" } == metric("clients_end"))

    let requests = files["requests.csv"]!
    #expect(requests.count == metric("requests"))
    #expect(count(requests) { $0["first_response"] != "" } == metric("requests_answered"))
  }

  @Test func workingDaysMapToCalendarDatesAsDocumented() {
    let export = HistoryExport(
      start: HistoryExport.Day(year: 2025, month: 1, day: 1), daysPerMonth: 21)
    // Month m is calendar month start + m; day k is floor(k * n / 21) days after the first.
    #expect(export.date(ofDay: 0).iso == "2025-01-01")
    #expect(export.date(ofDay: 20).iso == "2025-01-30")  // floor(20 * 31 / 21) = 29
    #expect(export.date(ofDay: 21 + 20).iso == "2025-02-27")  // floor(20 * 28 / 21) = 26
    #expect(export.date(ofDay: 12 * 21).iso == "2026-01-01")
    #expect(export.date(ofDay: -1).iso == "2024-12-30")  // day 20 of December 2024
    #expect(export.date(ofDay: -22).iso == "2024-11-29")  // day 20 of November: 20 * 30 / 21
    #expect(HistoryExport.Day(iso: "2024-02-29") != nil)
    #expect(HistoryExport.Day(iso: "2025-02-29") == nil)
    #expect(HistoryExport.Day(iso: "2025-1-01") == nil)
  }
}
