import Foundation
import SalesModel
import Testing

@testable import FunnelSim

/// Ratios in the run report are pooled over replications (docs/statistics.md).
@Suite struct RatioReportTests {
  /// The worked example of docs/statistics.md as won / (won + lost) of one level, with an
  /// empty replication; the team has the same counts plus one deal in every replication.
  static let schema = OutcomeSchema(
    scalars: [
      .init(key: Metric.won.key, group: "junior", unit: .count, label: "Won"),
      .init(key: Metric.lost.key, group: "junior", unit: .count, label: "Lost"),
      .init(key: Metric.winRate.key, group: "junior", unit: .share, label: "Win rate"),
      .init(
        key: Metric.utilisationMeetings.key, group: "junior", unit: .share, label: "Slots used"),
      .init(key: Metric.meetingSlotsUsed.key, group: "junior", unit: .count, label: "Used"),
      .init(
        key: Metric.meetingSlotsAvailable.key, group: "junior", unit: .count, label: "Avail"),
    ], series: [], samples: [])

  static let outcomes: [ReplicationOutcome] = zip([3.0, 0, 5, 2], [7.0, 0, 15, 8]).map {
    won, lost in
    let rate = won + lost > 0 ? won / (won + lost) : 0
    return ReplicationOutcome(
      values: [won, lost, rate, 0.9, 9, 10], series: [], samples: [], events: 1)
  }

  static func report() -> RunReport {
    RunReport(
      scenarioName: "ratios", scenarioFile: "r.yaml", seed: 1, horizonMonths: 12,
      schema: schema, outcomes: outcomes)
  }

  @Test func aRatioIsPooledAndNeverCountsAnEmptyDenominatorAsZero() throws {
    let rate = try #require(Self.report().metric("win_rate", group: "junior"))
    #expect(rate.isRatio && rate.defined == 3 && rate.statistics.count == 4)
    #expect(abs(try #require(rate.statistics.mean) - 0.25) < 1e-12)
    let low = try #require(rate.statistics.ciLow)
    let high = try #require(rate.statistics.ciHigh)
    #expect(abs(low - (0.25 - 0.064961)) < 1e-6 && abs(high - (0.25 + 0.064961)) < 1e-6)
    // Quantiles over the three defined replications (0.3, 0.25, 0.2), not the empty one.
    #expect(try #require(rate.statistics.min) == 0.2)
    #expect(abs(try #require(rate.statistics.p50) - 0.25) < 1e-12)
  }

  @Test func jsonAndCSVCarryTheDefinedCount() throws {
    let report = Self.report()
    let json = report.json().rendered(pretty: false)
    #expect(json.contains("\"defined\":3"))
    let csv = RunReport.perReplicationCSV(
      schema: Self.schema, firstReplication: 0, outcomes: Self.outcomes)
    let row = csv.split(separator: "\n")[2].split(separator: ",", omittingEmptySubsequences: false)
    #expect(row[3] == "")  // replication 1 closed nothing: no win rate, not 0
    #expect(report.csv().contains("metric,win_rate,junior,share,4,3,0.25,"))
  }

  @Test func theBindingResourceIsTheCapacityUsedAtLeast85Percent() throws {
    let report = Self.report()
    #expect(report.bindingResource("junior")?.resource == .meetingSlots)
    #expect(report.table().contains("Binding resource"))
    var slack = Self.outcomes
    for i in slack.indices { slack[i].values[4] = 5 }
    let idle = RunReport(
      scenarioName: "ratios", scenarioFile: "r.yaml", seed: 1, horizonMonths: 12,
      schema: Self.schema, outcomes: slack)
    #expect(idle.bindingResource("junior")?.resource == .leads)
  }

  @Test func compareDiffersThePooledRatios() throws {
    // The alternative wins one more deal (and loses one fewer) where the baseline closed any.
    var better = Self.outcomes
    for i in better.indices where better[i].values[1] > 0 {
      better[i].values[0] += 1
      better[i].values[1] -= 1
    }
    let runs = [("A", Self.outcomes), ("B", better)].map {
      ScenarioOutcomes(name: $0.0, file: "\($0.0).yaml", schema: Self.schema, outcomes: $0.1)
    }
    let c = try ComparisonReport(
      runs: runs, seed: 1, horizonMonths: 12,
      metrics: [MetricSelector(key: "win_rate", group: "junior")])
    let m = try #require(c.metric("win_rate", group: "junior"))
    #expect(abs(try #require(m.scenarios[0]?.mean) - 0.25) < 1e-12)
    #expect(abs(try #require(m.scenarios[1]?.mean) - 13.0 / 40) < 1e-12)
    let d = try #require(m.differences[1])
    #expect(abs(d.mean - (13.0 / 40 - 0.25)) < 1e-12)
    #expect(d.probabilityHigher == 1 && d.count == 4)
    #expect(try #require(d.ciLow) > 0)
  }

  @Test func zeroBookingWarningNamesAPeriodThatWorks() {
    // z = 0.5 monthly: a quarter books nothing with 0.125 <= 0.4.
    #expect(
      ZeroBookingWarning.suggestedPeriod(zeroShare: 0.5, attain: 0.6, periodMonths: 1)
        == "quarter")
    #expect(
      ZeroBookingWarning.suggestedPeriod(zeroShare: 0.9, attain: 0.6, periodMonths: 1)
        == "year")
    #expect(
      ZeroBookingWarning.suggestedPeriod(zeroShare: 0.5, attain: 0.6, periodMonths: 12)
        == nil)
  }
}
