import SalesModel
import Testing
import TestSupport

/// `opening_pipeline[].remaining_days` (docs/model.md, 3.1): the days an opening deal has left
/// in a stage without calls or meetings replace the uniform share of the stage's duration.
@Suite struct OpeningTimeLeftTests {
  func runner(remaining: String?) throws -> Runner {
    let left = remaining.map { ", remaining_days: \($0)" } ?? ""
    return try Runner(
      yaml: minimalScenario(
        stages: "- {name: close, probability: 1, duration_days: 2, uses: none}",
        levels: """
          - name: rep
            headcount: 2
            tenure_months: 24
            opening_pipeline:
              - {stage: close, deals: 4, age_days: 30\(left)}
          """,
        extra: "calendar: {days_per_month: 21}"))
  }

  func wonPerMonth(_ r: Runner, _ o: [ReplicationOutcome], month: Int) -> [Double] {
    o.map { $0.series[SeriesMetric.won.rawValue][month] }
  }

  @Test func openingDealsLeaveTheirStageAfterTheDaysLeft() throws {
    // 25 to 40 days left: every deal is won in month 2 (days 21 to 41), none in month 1.
    let r = try runner(remaining: "{distribution: uniform, min: 25, max: 40}")
    let o = try r.outcomes(30)
    #expect(wonPerMonth(r, o, month: 0).allSatisfy { $0 == 0 })
    #expect(wonPerMonth(r, o, month: 1).allSatisfy { $0 == 8 })
    // Without it, a uniform share of the 2-day stage is left: all are won in month 1.
    let plain = try runner(remaining: nil)
    let p = try plain.outcomes(30)
    #expect(wonPerMonth(plain, p, month: 0).allSatisfy { $0 == 8 })
  }

  @Test func daysLeftWithTooLargeAMeanAreRefused() throws {
    var report = ValidationReport()
    try ScenarioFiles.decode(
      minimalScenario(
        levels: """
          - name: rep
            headcount: 1
            opening_pipeline: [{stage: close, deals: 1, remaining_days: 3000}]
          """)
    ).validate(into: &report)
    let issue = try #require(
      report.issues.first { $0.path == ["levels", 0, "opening_pipeline", 0, "remaining_days"] })
    #expect(issue.expected.contains("2500"), "\(issue.expected)")
  }
}
