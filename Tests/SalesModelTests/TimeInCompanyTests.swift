import Foundation
import Statistics
import TestSupport
import Testing

@testable import SalesModel

/// Attrition as a time in the company, per level, and planned exits (docs/model.md, 10.4).
@Suite struct TimeInCompanyTests {
  /// The team's headcount at each month end (the `headcount` series).
  func headcounts(_ runner: Runner, _ o: ReplicationOutcome) -> [Double] {
    o.series[runner.model.schema.series.firstIndex { $0.key == "headcount" && $0.group == "team" }!]
  }

  @Test func anExponentialTimeLeavesLikeTheMatchingHazard() throws {
    // Mean mu months leaves at month ends like the monthly hazard 1 - exp(-1/mu): an annual
    // rate of 0.25 is mu = -12 / ln(0.75). Initial managers with 24 months of tenure draw it
    // conditioned on exceeding 24 (memoryless), so a quarter leaves within the year.
    let mu = -12 / log(0.75)
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 40, tenure_months: 24}",
        extra: """
          careers:
            attrition: {time_to_exit_months: {distribution: exponential, mean: \(mu)}}
          """))
    let outcomes = try runner.outcomes(60)
    var share = Accumulator()
    for exits in runner.values(outcomes, "exits") { share.add(exits / 40) }
    #expect(try #require(share.confidenceInterval(level: 0.999)).contains(0.25))
    #expect(runner.values(outcomes, "hires").allSatisfy { $0 == 0 })
  }

  @Test func aConstantSixMonthsMakesEveryHireLeaveAtTheEndOfItsSixthMonth() throws {
    // Five hires join on the first day of month 2 (index 1) and leave at the end of index 6.
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 0}",
        extra: """
          careers:
            attrition: {time_to_exit_months: 6}
            planned_hires: [{level: rep, month: 2, count: 5}]
          """))
    for o in try runner.outcomes(5) {
      #expect(headcounts(runner, o) == [0, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0])
    }
    #expect(runner.values(try runner.outcomes(5), "exits") == [5, 5, 5, 5, 5])
  }

  @Test func initialManagersDrawTheirTimeConditionedOnTheirTenure() throws {
    // Tenure 12 and a time uniform on 0...24: conditioned, the time left is uniform on 0...12,
    // so 1/12 of them leave at each month end and all are gone by the twelfth; unconditioned,
    // half would leave at the first month end.
    let n = 300.0
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: \(Int(n)), tenure_months: 12}",
        extra: """
          careers:
            attrition: {time_to_exit_months: {distribution: uniform, min: 0, max: 24}}
          """))
    let outcomes = try runner.outcomes(30)
    var firstMonth = Accumulator()
    for o in outcomes {
      let h = headcounts(runner, o)
      firstMonth.add((n - h[0]) / n)
      #expect(h[11] == 0)
      #expect(zip(h, h.dropFirst()).allSatisfy { $0 >= $1 })
    }
    #expect(try #require(firstMonth.confidenceInterval(level: 0.999)).contains(1.0 / 12))
  }

  @Test func aTimeThatCannotExceedTheTenureLeavesAtTheFirstMonthEnd() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 7, tenure_months: 24}",
        extra: "careers: {attrition: {time_to_exit_months: 6}}"))
    for o in try runner.outcomes(3) { #expect(headcounts(runner, o)[0] == 0) }
  }

  @Test func aLevelsOwnAttritionWinsOverTheTeams() throws {
    // The team's hazard is 0; juniors leave after 3 months, middles at an annual rate of 0.
    let runner = try Runner(
      yaml: minimalScenario(
        levels: """
          - {name: junior, headcount: 4, tenure_months: 0, time_to_exit_months: 3}
          - {name: middle, headcount: 2, tenure_months: 0, attrition_annual_rate: 0}
          """,
        extra: "careers: {attrition: {annual_rate: 0.5}}"))
    let outcomes = try runner.outcomes(5)
    #expect(runner.values(outcomes, "exits", "junior") == [4, 4, 4, 4, 4])
    #expect(runner.values(outcomes, "exits", "middle") == [0, 0, 0, 0, 0])
    for o in outcomes { #expect(headcounts(runner, o)[1...3] == [6, 2, 2]) }
  }

  @Test func plannedExitsRemoveExactlyTheirCountAtTheirMonthEnd() throws {
    // Attrition and hiring off: 2 leave at the end of month 3, the rest (3 of 10 asked) at 5.
    let runner = try Runner(
      yaml: minimalScenario(
        levels:
          "- {name: rep, headcount: 5, tenure_months: {distribution: uniform, min: 0, max: 60}}",
        extra: """
          careers:
            planned_exits: [{level: rep, month: 3, count: 2}, {level: rep, month: 5, count: 10}]
          """))
    let outcomes = try runner.outcomes(5)
    #expect(runner.values(outcomes, "exits") == [5, 5, 5, 5, 5])
    for o in outcomes {
      #expect(headcounts(runner, o) == [5, 5, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0])
    }
  }

  @Test func plannedExitsTakeTheLongestTenuredFirst() throws {
    // Ten managers with tenures drawn from 0...6 (ties likely): the three who leave at the end
    // of month 1 are the first three by tenure, highest first, then by lowest index.
    let runner = try Runner(
      yaml: minimalScenario(
        levels:
          "- {name: rep, headcount: 10, tenure_months: {distribution: uniform, min: 0, max: 6}}",
        extra: "careers: {planned_exits: [{level: rep, month: 1, count: 3}]}"))
    for replication in 0..<5 {
      var r = Replication(model: runner.model, replication: replication, seed: 7)
      _ = r.run()
      let ranked = r.managers.indices.sorted {
        let (a, b) = (r.managers[$0].tenureAtHire, r.managers[$1].tenureAtHire)
        return a != b ? a > b : $0 < $1
      }
      #expect(Set(r.managers.indices.filter { !r.managers[$0].active }) == Set(ranked.prefix(3)))
    }
  }

  @Test func aPlannedExitGoesThroughTheDepartureRule() throws {
    // Two managers with 10 clients each who never churn; one leaves at the end of month 2:
    // its clients are reassigned (none lost: laws 2 and 8 are checked at the end of every
    // replication), and the seat is refilled 21 days later.
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 2, tenure_months: 24, initial_clients: 10}",
        extra: """
          portfolio:
            contract_months: 1000
            renewal_probability: 1
          careers:
            hiring: {time_to_hire_days: 21}
            planned_exits: [{level: rep, month: 2}]
          """))
    let outcomes = try runner.outcomes(5)
    #expect(runner.values(outcomes, "exits") == [1, 1, 1, 1, 1])
    #expect(runner.values(outcomes, "hires") == [1, 1, 1, 1, 1])
    #expect(runner.values(outcomes, "clients_end") == runner.values(outcomes, "clients_start"))
    for o in outcomes { #expect(headcounts(runner, o)[1...3] == [1, 2, 2]) }
  }

  @Test func experienceAtHireDrawnMakesAHirePromotable() throws {
    // A junior hired in month 1 with 30 months of experience fills the middle's open seat at
    // the December review; with the default (the level's minimum, 0) nobody qualifies.
    func promotions(_ experience: String) throws -> [Double] {
      let runner = try Runner(
        yaml: minimalScenario(
          levels: """
            - {name: junior, headcount: 0\(experience)}
            - {name: middle, headcount: 0, headcount_plan: 1, min_experience_months: 24}
            """,
          extra: """
            careers:
              promotion: {}
              planned_hires: [{level: junior, month: 1}]
            """))
      return runner.values(try runner.outcomes(3), "promotions_in", "middle")
    }
    #expect(try promotions(", hire_experience_months: 30") == [1, 1, 1])
    #expect(try promotions("") == [0, 0, 0])
  }

  @Test func badPlannedExitsAndLevelRatesAreReportedAtTheirPaths() throws {
    var report = ValidationReport()
    try ScenarioFiles.decode(
      minimalScenario(
        levels: "- {name: rep, headcount: 1, attrition_annual_rate: 1.5}",
        extra: "careers: {planned_exits: [{level: nobody, month: 13, count: -1}]}")
    ).validate(into: &report)
    let paths = report.issues.map(\.path)
    #expect(paths.contains(["levels", 0, "attrition_annual_rate"]))
    #expect(paths.contains(["careers", "planned_exits", 0, "level"]))
    #expect(paths.contains(["careers", "planned_exits", 0, "month"]))
    #expect(paths.contains(["careers", "planned_exits", 0, "count"]))
  }
  /// Two roles of one level, `stay` and `go`, with their own annual rates; the level's and the
  /// team's rates (0.9) would have both leave.
  func twoRoles(_ go: String, n: Int, level: String = "tenure_months: 24", careers: String = "")
    -> String
  {
    minimalScenario(
      stages: "- {name: close, probability: 0.3, duration_days: 1, uses: none, role: stay}",
      levels: "- {name: rep, \(level), attrition_annual_rate: 0.9}",
      extra: """
        roles:
          - {name: stay, activities: [work_stages], headcount: [{level: rep, count: \(n)}], attrition_annual_rate: 0}
          - {name: go, activities: [work_stages], headcount: [{level: rep, count: \(n)}], \(go)}
        careers: {attrition: {annual_rate: 0.9}\(careers)}
        """)
  }

  @Test func aRolesOwnAttritionWinsOverItsLevels() throws {
    // Rates 0 and 0.5 a year: no manager of `stay` leaves; of `go`, half within the year (the
    // monthly hazard 1 − 0.5^(1/12) at twelve month ends; hiring off, so only the 40 at start).
    let n = 40.0
    let runner = try Runner(yaml: twoRoles("attrition_annual_rate: 0.5", n: Int(n)))
    let outcomes = try runner.outcomes(60)
    #expect(runner.values(outcomes, "exits", "stay").allSatisfy { $0 == 0 })
    #expect(runner.values(outcomes, "exits") == runner.values(outcomes, "exits", "go"))
    var share = Accumulator()
    for exits in runner.values(outcomes, "exits", "go") { share.add(exits / n) }
    #expect(try #require(share.confidenceInterval(level: 0.999)).contains(0.5))
  }

  @Test func aRolesTimeInTheCompanyWinsOverItsRate() throws {
    // Hires of `go` join as new (tenure 0) and leave at the end of their third month.
    let runner = try Runner(
      yaml: twoRoles(
        "attrition_annual_rate: 0, time_to_exit_months: 3", n: 0, level: "tenure_months: 0",
        careers: ", planned_hires: [{level: rep, month: 1, count: 4, role: go}]"))
    for o in try runner.outcomes(3) {
      #expect(headcounts(runner, o)[0...3] == [4, 4, 0, 0])
    }
  }

  @Test func badRoleRatesAreReportedAtTheirPaths() throws {
    var report = ValidationReport()
    try ScenarioFiles.decode(twoRoles("attrition_annual_rate: -0.1", n: 1)).validate(into: &report)
    #expect(report.issues.map(\.path).contains(["roles", 1, "attrition_annual_rate"]))
  }
}
