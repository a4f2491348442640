import Foundation
import SalesModel
import TestSupport
import Testing

@testable import FunnelSim

/// Paths of the bundled scenarios, whatever directory the tests run from.
enum BundledScenario {
  static func path(_ name: String) -> String {
    ScenarioFiles.path(name + ".yaml")
  }

  static func run(
    _ name: String, overrides: [String] = [], replications: Int, seed: UInt64 = 20_240_601
  )
    throws -> ScenarioOutcomes
  {
    let loaded = try LoadedScenario.load(path: path(name), overrides: overrides)
    let outcomes = try ReplicationRunner(threads: 2).run(
      loaded.model, seed: seed, replications: 0..<replications)
    return ScenarioOutcomes(
      name: loaded.scenario.name, file: loaded.file, schema: loaded.model.schema,
      outcomes: outcomes)
  }
}

/// Hand-made outcomes with one scalar per (key, group).
enum SyntheticRuns {
  static func run(
    _ name: String, groups: [String] = ["team"], values: [String: [Double]]
  ) -> ScenarioOutcomes {
    var descriptors: [MetricDescriptor] = []
    for g in groups {
      for key in values.keys.sorted() {
        descriptors.append(MetricDescriptor(key: key, group: g, unit: .count, label: key))
      }
    }
    let n = values.values.first?.count ?? 0
    let outcomes = (0..<n).map { i in
      ReplicationOutcome(
        values: descriptors.map { values[$0.key]![i] }, series: [], samples: [], events: 0)
    }
    return ScenarioOutcomes(
      name: name, file: "\(name).yaml",
      schema: OutcomeSchema(scalars: descriptors, series: [], samples: []), outcomes: outcomes)
  }
}

@Suite struct ComparisonReportTests {
  @Test func staffingPairPairedIntervalIsNarrowerThanWelch() throws {
    let a = try BundledScenario.run("staffing-two-juniors", replications: 40)
    let b = try BundledScenario.run("staffing-one-senior", replications: 40)
    let report = try ComparisonReport(runs: [a, b], seed: 20_240_601, horizonMonths: 12)
    let bookings = try #require(report.metric("bookings")?.differences[1])
    let paired = try #require(bookings.ciHigh) - (try #require(bookings.ciLow))
    let welch = try #require(bookings.unpairedCIHigh) - (try #require(bookings.unpairedCILow))
    #expect(paired < welch)
    #expect(try #require(bookings.widthRatio) < 1)
    // The same random streams give the same inbound leads to both plans.
    let leads = try ComparisonReport(
      runs: [a, b], seed: 20_240_601, horizonMonths: 12,
      metrics: [MetricSelector(key: "leads_inbound")])
    #expect(leads.metric("leads_inbound")?.differences[1]?.mean == 0)
    #expect(report.verdicts.count == 1)
    #expect(report.verdicts[0].contains("narrower"))
  }

  @Test func scenarioComparedWithItselfGivesAZeroDifferenceWithoutNaN() throws {
    let a = try BundledScenario.run("b2b-consulting", replications: 8)
    let report = try ComparisonReport(runs: [a, a], seed: 1, horizonMonths: 12)
    for m in report.metrics {
      let d = try #require(m.differences[1])
      #expect(d.mean == 0)
      #expect(d.ciLow == 0 && d.ciHigh == 0)
      #expect(d.pValue == 1)
      #expect(d.probabilityHigher == 0)
      #expect(d.ties == 8)
      #expect(!d.isDecided)
    }
    for format in OutputFormat.allCases {
      let text = report.rendered(as: format).lowercased()
      #expect(!text.contains("nan") && !text.contains("inf"), "\(format)")
    }
    #expect(report.verdicts.first?.contains("have the same mean") == true)
  }

  @Test func pairedFiguresFollowThePerReplicationDifferences() throws {
    let a = SyntheticRuns.run("a", values: ["x": [1, 2, 3, 4, 10]])
    let b = SyntheticRuns.run("b", values: ["x": [2, 3, 5, 4, 11]])
    let report = try ComparisonReport(
      runs: [a, b], seed: 1, horizonMonths: 12, metrics: [MetricSelector(key: "x")])
    let d = try #require(report.metric("x")?.differences[1])
    #expect(abs(d.mean - 1.0) < 1e-12)
    #expect(d.probabilityHigher == 0.8)
    #expect(d.ties == 1)
    #expect(try #require(d.ciLow) < 1 && (try #require(d.ciHigh)) > 1)
    // The shared component (1, 2, 3, 4, 10) is large; pairing removes it.
    #expect(try #require(d.widthRatio) < 0.5)
  }

  @Test func unknownMetricIsNamedWithASuggestion() throws {
    let a = SyntheticRuns.run("a", values: ["bookings": [1, 2]])
    #expect {
      try ComparisonReport(
        runs: [a, a], seed: 1, horizonMonths: 12, metrics: [MetricSelector(key: "bookngs")])
    } throws: { error in
      let text = "\(error)"
      return text.contains("bookngs") && text.contains("did you mean 'bookings'")
    }
    #expect(throws: ComparisonError.self) {
      try ComparisonReport.checkMetrics(
        [MetricSelector(key: "no_such_metric")], schemas: [a.schema])
    }
  }

  @Test func levelsNotSharedAreLeftOutAndNoted() throws {
    let a = SyntheticRuns.run("a", groups: ["team", "junior"], values: ["won": [1, 2, 3]])
    let b = SyntheticRuns.run("b", groups: ["team"], values: ["won": [2, 3, 4]])
    let all = try ComparisonReport(
      runs: [a, b], seed: 1, horizonMonths: 12, metrics: [MetricSelector(key: "won", group: nil)])
    #expect(all.sharedLevels.isEmpty)
    #expect(all.metrics.map(\.descriptor.group) == ["team"])
    let junior = try ComparisonReport(
      runs: [a, b], seed: 1, horizonMonths: 12,
      metrics: [MetricSelector(key: "won", group: "junior")])
    #expect(junior.metrics.first?.differences[1] == nil)
    #expect(junior.notes.first?.contains("not reported by b") == true)
  }

  @Test func differentReplicationCountsAreRefused() {
    let a = SyntheticRuns.run("a", values: ["x": [1, 2]])
    let b = SyntheticRuns.run("b", values: ["x": [1, 2, 3]])
    #expect(throws: ComparisonError.self) {
      try ComparisonReport(runs: [a, b], seed: 1, horizonMonths: 12, metrics: [.init(key: "x")])
    }
    #expect(throws: ComparisonError.self) {
      try ComparisonReport(runs: [a], seed: 1, horizonMonths: 12, metrics: [.init(key: "x")])
    }
  }

  @Test func metricSelectorsParse() throws {
    #expect(try MetricSelector(parsing: "bookings") == MetricSelector(key: "bookings"))
    #expect(
      try MetricSelector(parsing: "bookings.junior")
        == MetricSelector(key: "bookings", group: "junior"))
    #expect(try MetricSelector(parsing: "bookings.*").group == nil)
    for bad in ["", ".junior", "bookings."] {
      #expect(throws: MetricSelectorError.self) { try MetricSelector(parsing: bad) }
    }
  }

  @Test func differencesOfSharesAreInPercentagePoints() throws {
    // A difference of two shares is in points: 12.0% against 15.0% is +3.0 pp, not +3.0%,
    // which would read as a relative change; the CSV keeps the fraction with unit `share`.
    let a = try BundledScenario.run("staffing-two-juniors", replications: 8)
    let b = try BundledScenario.run("staffing-one-senior", replications: 8)
    let report = try ComparisonReport(
      runs: [a, b], seed: 20_240_601, horizonMonths: 12, metrics: [.init(key: "win_rate")])
    let d = try #require(report.metric("win_rate")?.differences[1])
    let table = report.table()
    let expected = ComparisonReport.signed(d.mean, unit: .share)
    #expect(expected.hasSuffix(" pp"))
    #expect(expected.contains(Format.fixed(d.mean * 100, decimals: 1)))
    #expect(table.contains(expected), "\(table)")
    #expect(
      table.contains(ComparisonReport.differenceInterval(d.ciLow, d.ciHigh, unit: .share)))
    #expect(report.verdicts.allSatisfy { $0.contains(" pp") }, "\(report.verdicts)")
    #expect(ComparisonReport.signed(0.032, unit: .share) == "+3.2 pp")
    #expect(ComparisonReport.signed(-1234, unit: .money) == "-1,234")
    #expect(report.csv().contains("\nwin_rate,team,share,"))
    #expect(table.hasSuffix("Made by FunnelSim \(FunnelSimVersion.current).\n"))
  }

  @Test func csvHasOneRowPerMetricAndScenario() throws {
    let a = SyntheticRuns.run("a", values: ["x": [1, 2, 3], "y": [3, 3, 4]])
    let b = SyntheticRuns.run("b", values: ["x": [2, 2, 5], "y": [1, 3, 4]])
    let report = try ComparisonReport(
      runs: [a, b], seed: 1, horizonMonths: 12, metrics: [.init(key: "x"), .init(key: "y")])
    let lines = report.csv().split(separator: "\n")
    #expect(lines.count == 1 + 2 * 2)
    let columns = lines[0].split(separator: ",", omittingEmptySubsequences: false).count
    #expect(
      lines.allSatisfy {
        $0.split(separator: ",", omittingEmptySubsequences: false).count == columns
      })
  }
}
