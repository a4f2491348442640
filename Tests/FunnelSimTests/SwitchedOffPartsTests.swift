import SalesModel
import TestSupport
import Testing

@testable import FunnelSim

/// Parts a scenario switches off do not appear in the table, CSV and HTML reports; the JSON
/// keeps their metrics marked `off` (docs/model.md, section 11; docs/output-format.md).
@Suite struct SwitchedOffPartsTests {
  static let off = [
    "portfolio.enabled=false", "quota.enabled=false", "leads.outbound.enabled=false",
    "careers.promotion.enabled=false",
  ]

  static func report(_ overrides: [String]) throws -> (RunReport, LoadedScenario, [ReplicationOutcome])
  {
    let loaded = try LoadedScenario.load(
      path: ScenarioFiles.path("b2b-consulting.yaml"), overrides: overrides)
    let outcomes = try ReplicationRunner(threads: 2).run(
      loaded.model, seed: 3, replications: 0..<4)
    let report = RunReport(
      scenarioName: "parts", scenarioFile: "b2b-consulting.yaml", seed: 3,
      horizonMonths: loaded.model.horizonMonths, schema: loaded.model.schema, outcomes: outcomes)
    return (report, loaded, outcomes)
  }

  /// Metrics of the parts `off` switches off, with the part each needs.
  static let hidden: [(key: String, part: ModelPart)] = [
    (Metric.revenue.key, .portfolio), (Metric.clientsEnd.key, .portfolio),
    (Metric.churnRate.key, .portfolio), (Metric.requests.key, .portfolio),
    (TeamMetric.supportCost.key, .portfolio), (Metric.quotaAttainmentMean.key, .quota),
    (Metric.rampedPeriods.key, .quota), (TeamMetric.teamPlan.key, .plan),
    (Metric.coldCallShare.key, .outbound), (Metric.leadsOutbound.key, .outbound),
    (Metric.promotionsIn.key, .promotion), (Metric.openSeatsEnd.key, .promotion),
  ]

  static func label(_ key: String) -> String {
    Metric.allCases.first { $0.key == key }?.label
      ?? TeamMetric.allCases.first { $0.key == key }!.label
  }

  @Test func theSchemaMarksEveryMetricOfAPartThatIsOff() throws {
    let (report, loaded, _) = try Self.report(Self.off)
    let (base, baseLoaded, _) = try Self.report([])
    // The schema keeps its slots: only the marks differ.
    #expect(loaded.model.schema.scalars.map(\.key) == baseLoaded.model.schema.scalars.map(\.key))
    for (key, part) in Self.hidden {
      #expect(report.metric(key)?.descriptor.switchedOff == part, "\(key)")
      #expect(base.metric(key)?.descriptor.switchedOff == nil, "\(key)")
    }
    #expect(report.metric(Metric.bookings.key)?.descriptor.switchedOff == nil)
    // Service, escalation and referrals need the portfolio: their metrics name the portfolio.
    for part: ModelPart in [.portfolio, .quota, .outbound, .promotion, .plan] {
      #expect(report.partsOff.contains(part), "\(part)")
      #expect(!base.partsOff.contains(part), "\(part)")
    }
    #expect(report.samples.allSatisfy { $0.descriptor.switchedOff == .quota })
    #expect(
      report.series.first { $0.descriptor.key == SeriesMetric.revenue.key }?.descriptor
        .switchedOff == .portfolio)
  }

  @Test func theTableAndCSVLeaveThemOut() throws {
    let (report, loaded, outcomes) = try Self.report(Self.off)
    let (base, baseLoaded, baseOutcomes) = try Self.report([])
    let table = report.table()
    let baseTable = base.table()
    let csv = report.csv()
    let rows = RunReport.perReplicationCSV(
      schema: loaded.model.schema, firstReplication: 0, outcomes: outcomes)
    let baseRows = RunReport.perReplicationCSV(
      schema: baseLoaded.model.schema, firstReplication: 0, outcomes: baseOutcomes)
    let header = rows.split(separator: "\n")[0].split(separator: ",").map(String.init)
    let baseHeader = baseRows.split(separator: "\n")[0].split(separator: ",").map(String.init)
    for (key, _) in Self.hidden {
      let label = Self.label(key)
      #expect(baseTable.contains(label), "\(key) is in the report of the scenario as written")
      #expect(!table.contains(label), "\(key)")
      #expect(base.csv().contains("metric,\(key),team,"), "\(key)")
      #expect(!csv.contains("metric,\(key),"), "\(key)")
      #expect(baseHeader.contains("\(key).team"), "\(key)")
      #expect(!header.contains { $0.hasPrefix("\(key).") }, "\(key)")
    }
    #expect(!csv.contains("sample,quota_attainment,"))
    #expect(!table.contains(SampleMetric.quotaAttainment.label))
    #expect(table.contains(Metric.bookings.label) && csv.contains("metric,bookings,team,"))
    #expect(header.contains("bookings.team"))
    // Every row of the per-replication file has one cell per column.
    for line in rows.split(separator: "\n") {
      #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == header.count)
    }
  }

  @Test func theHTMLLeavesThemOut() throws {
    let (report, _, _) = try Self.report(Self.off)
    let (base, _, _) = try Self.report([])
    let html = report.html()
    let baseHTML = base.html()
    for phrase in [
      "Expected revenue", "Monthly revenue", "Clients at the end", "Quota attainment by level",
      "Chance of reaching the team plan", Metric.churnRate.label, TeamMetric.supportCost.label,
    ] {
      #expect(baseHTML.contains(phrase), "\(phrase)")
      #expect(!html.contains(phrase), "\(phrase)")
    }
    #expect(html.contains("Expected bookings"))
  }

  @Test func theJSONKeepsThemMarkedOff() throws {
    let (report, _, _) = try Self.report(Self.off)
    let json = report.json().rendered(pretty: false)
    let parts = report.partsOff.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
    #expect(json.contains("\"parts_off\":[\(parts)]"))
    #expect(parts.contains("\"portfolio\"") && !parts.contains("\"service\""))
    #expect(
      json.contains(
        "\"key\":\"revenue\",\"group\":\"team\"") && json.contains("\"off\":\"portfolio\""))
    let (base, _, _) = try Self.report([])
    let baseJSON = base.json().rendered(pretty: false)
    #expect(!baseJSON.contains("\"off\":\"portfolio\""))
  }

  /// The table puts each ratio's counts right under it (docs/output-format.md, "Table").
  @Test func theTablePutsEachRatiosCountsUnderIt() throws {
    let (base, loaded, _) = try Self.report([])
    let lines = base.table().split(separator: "\n").map(String.init)
    func follows(_ ratio: String, _ counts: [String]) {
      guard let i = lines.firstIndex(where: { $0.hasPrefix("  \(ratio) ") }) else {
        Issue.record("no row \(ratio)")
        return
      }
      for (k, count) in counts.enumerated() {
        #expect(lines[i + 1 + k].hasPrefix("    \(count) "), "\(ratio) then \(count)")
      }
    }
    follows(Metric.churnRate.label, [Metric.clientsChurned.label, Metric.clientMonths.label])
    follows(
      Metric.quotaAttainmentMean.label,
      [Metric.quotaAttainmentTotal.label, Metric.rampedPeriods.label])
    follows(
      Metric.utilisationMeetings.label,
      [Metric.meetingSlotsUsed.label, Metric.meetingSlotsAvailable.label])
    let stage = try #require(loaded.scenario.funnel.stages.first?.name)
    follows(
      StageMetric.conversion.label(stage),
      [StageMetric.successes.label(stage), StageMetric.outcomes.label(stage)])
    // Deals won and lost keep their place, just above the win rate.
    let win = try #require(lines.firstIndex { $0.hasPrefix("  \(Metric.winRate.label) ") })
    #expect(lines[win - 1].hasPrefix("  \(Metric.lost.label) "))
    #expect(lines[win - 2].hasPrefix("  \(Metric.won.label) "))
  }
}
