import SalesModel
import TestSupport
import Testing

/// A manager's own skill (docs/model.md, section 7.1): a mean-1 lognormal factor with the
/// level's `skill_spread` as its coefficient of variation, on the last stage, against closed
/// forms.
@Suite struct SkillSpreadTests {
  static let managers = 20
  static let leadsPerManager = 2000
  static let probability = 0.4

  /// `managers` levels of one manager each, so that a level's figures are one manager's; every
  /// manager gets `leads` leads on day 0 (round robin) and decides them on day 1 at the one
  /// stage.
  func runner(
    spread c: Double, managers: Int = managers, leads: Int = leadsPerManager
  ) throws -> Runner {
    let levels = (0..<managers).map {
      "- {name: r\($0), headcount: 1, tenure_months: 24, skill_spread: \(c)}"
    }
    return try Runner(
      yaml: minimalScenario(
        stages: "- {name: close, probability: \(Self.probability), duration_days: 1, uses: none}",
        levels: levels.joined(separator: "\n"),
        extra: """
          leads:
            events: {batches: [{month: 1, leads: \(managers * leads)}]}
          """
      ).replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 1"))
  }

  /// Each manager's win rate (won / decided) in each replication.
  func managerWinRates(_ r: Runner, _ o: [ReplicationOutcome]) -> [Double] {
    (0..<Self.managers).flatMap { m -> [Double] in
      let won = r.values(o, "won", "r\(m)")
      let lost = r.values(o, "lost", "r\(m)")
      for (w, l) in zip(won, lost) { #expect(w + l == Double(Self.leadsPerManager)) }
      return zip(won, lost).map { $0 / ($0 + $1) }
    }
  }

  @Test(arguments: [0.0, 0.3])
  func theTeamWinRateDoesNotDependOnTheSpreadWhileNoCapBinds(c: Double) throws {
    // Many managers with fewer leads each: a replication's team rate averages 100 skills.
    let r = try runner(spread: c, managers: 100, leads: 400)
    let o = try r.outcomes(30)
    let won = r.values(o, "won")
    let decided = zip(won, r.values(o, "lost")).map { $0 + $1 }
    // E[s] = 1, and 0.4 s > 1 needs s > 2.5: z > 3.3 at c = 0.3, a weight of 5e-4 of which
    // the capped part is smaller still.
    let rate = PooledRatio(won, decided)
    #expect(rate.contains(Self.probability), "c = \(c): \(rate.estimate) ± \(rate.halfWidth)")
  }

  @Test(arguments: [0.0, 0.15, 0.3])
  func theSpreadOfManagersWinRatesFollowsTheKey(c: Double) throws {
    let r = try runner(spread: c)
    let w = managerWinRates(r, try r.outcomes(15))
    // A manager's rate is binomial given its skill: Var = Var(p s) + E[p s (1 − p s)] / n,
    // with E[s] = 1, E[s²] = 1 + c².
    let p = Self.probability
    let n = Double(Self.leadsPerManager)
    let expected = p * p * c * c + (p - p * p * (1 + c * c)) / n
    // The sample variance and its delta-method interval, (m4 − m2²) / N.
    let count = Double(w.count)
    let mean = w.reduce(0, +) / count
    let m2 = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
    let m4 = w.reduce(0) { $0 + pow4($1 - mean) } / count
    let half = 3.2905 * ((m4 - m2 * m2) / count).squareRoot() + 2 * m2 / count
    #expect(abs(m2 - expected) <= half, "c = \(c): variance \(m2) ± \(half), expected \(expected)")
  }

  @Test func aManagerKeepsItsSkillAcrossScenarios() throws {
    // Common random numbers: the same seats draw the same skill, so with the same leads each
    // manager wins the same deals whatever the spread of another level.
    let a = try runner(spread: 0.3)
    let o = try a.outcomes(3)
    let again = try runner(spread: 0.3).outcomes(3)
    #expect(a.values(o, "won", "r7") == a.values(again, "won", "r7"))
  }

  @Test func aNegativeOrHugeSpreadIsRefused() throws {
    for value in [-0.1, 11] {
      var report = ValidationReport()
      try ScenarioFiles.decode(
        minimalScenario(levels: "- {name: rep, headcount: 1, skill_spread: \(value)}")
      ).validate(into: &report)
      #expect(report.issues.contains { $0.path == ["levels", 0, "skill_spread"] }, "\(value)")
    }
  }
}

private func pow4(_ x: Double) -> Double { x * x * x * x }

/// An opening deal in a stage without calls or meetings has a uniform share of its drawn
/// stage left (docs/model.md, section 3.1), whatever its age.
@Suite struct MidStageOpeningTests {
  @Test func anOpeningDealHasAUniformShareOfItsStageLeft() throws {
    // A constant 42-day stage won for sure: the deal closes on day ceil⁺(42 V), each of days
    // 1…42 with chance 1/42: days 1–20 in month 1 (21 working days), 21–41 in month 2, 42 in
    // month 3.
    let r = try Runner(
      yaml: minimalScenario(
        stages: "- {name: close, probability: 1, duration_days: 42, uses: none}",
        levels: """
          - name: rep
            headcount: 4
            tenure_months: 24
            opening_pipeline: [{stage: close, deals: 25, age_days: 100}]
          """,
        extra: "careers: {attrition: {annual_rate: 0}}"
      ).replacingOccurrences(of: "deal_size: 100000", with: "deal_size: 1")
        .replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 3"))
    let o = try r.outcomes(30)
    let opening = r.values(o, "leads_opening")
    #expect(opening.allSatisfy { $0 == 100 })
    let bookings = SeriesMetric.bookings.rawValue
    for (month, share) in [20.0 / 42, 21.0 / 42, 1.0 / 42].enumerated() {
      let booked = PooledRatio(o.map { $0.series[bookings][month] }, opening)
      #expect(booked.contains(share), "month \(month + 1): \(booked.estimate) ± \(booked.halfWidth)")
    }
    // The sales cycle counts the age and the share left: 100 + 21.5 days on average.
    let cycle = PooledRatio(r.values(o, "sales_cycle_days_total"), r.values(o, "won"))
    #expect(cycle.contains(121.5), "\(cycle.estimate) ± \(cycle.halfWidth)")
  }
}
