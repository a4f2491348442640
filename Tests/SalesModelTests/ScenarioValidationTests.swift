import SalesModel
import TestSupport
import Testing

@Suite struct ScenarioValidationTests {
  func issues(_ yaml: String) throws -> [ValidationIssue] {
    var report = ValidationReport()
    try ScenarioFiles.decode(yaml).validate(into: &report)
    return report.issues
  }

  @Test(arguments: InvariantTests.scenarios)
  func shippedScenariosAreValid(_ name: String) throws {
    var report = ValidationReport()
    try ScenarioFiles.load(name).validate(into: &report)
    #expect(report.isEmpty, "\(report.issues)")
  }

  @Test func b2bConsultingCarriesTheSeedDefaults() throws {
    let s = try ScenarioFiles.load("b2b-consulting")
    #expect(s.levels.map(\.name) == ["junior", "middle", "senior", "lead"])
    #expect(s.levels.map(\.salaryPerMonth) == [27500, 40000, 60000, 120000])
    #expect(s.levels.map(\.minExperienceMonths) == [0, 12, 24, 36])
    #expect(s.careers.ramp.curve.count == 6)
    let win = s.funnel.stages.reduce(1.0) { $0 * $1.probability }
    #expect(abs(win - 0.1) < 0.001)
    #expect(s.levels.allSatisfy { (1...2).contains($0.meetingsPerDay) })
    #expect(s.calendar.daysPerMonth == 21)
  }

  @Test func negativeHeadcountIsReportedAtItsPath() throws {
    let found = try issues(minimalScenario(levels: "- {name: rep, headcount: -1}"))
    #expect(found.contains { $0.path == ["levels", 0, "headcount"] })
  }

  @Test func unknownSegmentInAMixIsReported() throws {
    let found = try issues(
      minimalScenario(
        extra: """
          leads:
            inbound: {per_month: 5, segment_mix: [{segment: nobody, share: 1}]}
          """))
    #expect(found.contains { $0.path == ["leads", "inbound", "segment_mix", 0, "segment"] })
  }

  @Test func sharesOutsideZeroToOneAreReported() throws {
    let found = try issues(
      minimalScenario(
        stages: "- {name: close, probability: 1.5}",
        levels: "- {name: rep, headcount: 1, commission_rate: -0.1}"))
    #expect(found.contains { $0.path == ["funnel", "stages", 0, "probability"] })
    #expect(found.contains { $0.path == ["levels", 0, "commission_rate"] })
  }

  @Test func absurdEventCountsAreRefusedWithAnExplanation() throws {
    var s = try ScenarioFiles.decode(
      minimalScenario(
        extra: """
          leads:
            inbound: {per_month: 1000000000}
          """))
    s.horizonMonths = 1200
    var report = ValidationReport()
    s.validate(into: &report)
    #expect(report.issues.contains { $0.expected.contains("refused") })
    #expect(throws: ScenarioInvalid.self) { try SalesModel(scenario: s) }
  }

  @Test func tooManyManagersAreRefused() throws {
    let found = try issues(minimalScenario(levels: "- {name: rep, headcount: 20000000}"))
    #expect(found.contains { $0.path == ["levels"] })
  }

  @Test func largeButSaneScenariosAreAccepted() throws {
    // 10,000 managers and 10 million leads a year: allowed.
    let found = try issues(
      minimalScenario(
        levels: "- {name: rep, headcount: 10000}",
        extra: """
          leads:
            inbound: {per_month: 833334}
          """))
    #expect(found.isEmpty, "\(found)")
  }
}
