import SalesModel
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Skill and ramp act once, on the last stage (docs/model.md, section 7.1), against closed
/// forms; the opening pipeline (3.1); quotas stated per year (9.4); calls worked and cold (6).
@Suite struct SkillAndRampTests {
  /// 2000 leads arrive on day 0 and are all decided within days: nothing is cut by the horizon.
  func skillRunner(_ w: Double) throws -> Runner {
    try Runner(
      yaml: minimalScenario(
        stages: """
          - {name: contact, probability: 0.5, duration_days: 1, uses: call}
          - {name: proposal, probability: 0.5, duration_days: 1, uses: none}
          - {name: close, probability: 0.8, duration_days: 1, uses: none}
          """,
        levels:
          "- {name: rep, headcount: 1, tenure_months: 24, calls_per_day: 3000, win_multiplier: \(w)}",
        extra: """
          leads:
            events: {batches: [{month: 1, leads: 2000}]}
          """
      ).replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 2"))
  }

  @Test func aLevelWithMultiplierWWinsWTimesTheDeals() throws {
    var won: [Double: [Double]] = [:]
    for w in [0.5, 1, 1.25] {
      let runner = try skillRunner(w)
      let o = try runner.outcomes(30)
      let wins = runner.values(o, "won")
      let closed = zip(wins, runner.values(o, "lost")).map { $0 + $1 }
      #expect(closed.allSatisfy { $0 == 2000 }, "every lead is decided")
      let rate = PooledRatio(wins, closed)
      // 0.5 × 0.5 × min(1, 0.8 w): 0.8 × 1.25 = 1 is just at the cap.
      #expect(rate.contains(0.2 * w), "w = \(w): \(rate.estimate) ± \(rate.halfWidth)")
      // Earlier stages do not depend on w.
      let reachedClose = runner.values(o, "reached_close")
      #expect(PooledRatio(reachedClose, closed).contains(0.25))
      won[w] = wins
    }
    // Common random numbers: a lead won at a lower multiplier is won at a higher one.
    for (low, high) in zip(won[0.5]!, won[1]!) { #expect(low <= high) }
    for (low, high) in zip(won[1]!, won[1.25]!) { #expect(low <= high) }
  }

  @Test func theLastStageCapsAtOne() throws {
    let runner = try skillRunner(1.5)
    let o = try runner.outcomes(5)
    // 0.8 × 1.5 > 1: every close succeeds, so the level wins 1.25 times, not 1.5 times.
    #expect(runner.values(o, "conversion_close").allSatisfy { $0 == 1 })
    #expect(runner.values(o, "conversion_proposal").allSatisfy { $0 < 1 })
  }

  func rampRunner(tenure: Int) throws -> Runner {
    try Runner(
      yaml: """
        name: ramp
        seed: 5
        horizon_months: 4
        segments: [{name: smb, deal_size: 1000}]
        levels: [{name: rep, headcount: 1, tenure_months: \(tenure)}]
        funnel:
          stages: [{name: close, probability: 0.8, duration_days: 1, uses: none}]
        careers:
          ramp: {curve: [0.25, 0.5, 0.75]}
        leads:
          inbound: {per_month: 60}
        """)
  }

  @Test func aRampShareRGivesRTimesTheBookingsOfTheSameLeads() throws {
    let hire = try rampRunner(tenure: 0)
    let twin = try rampRunner(tenure: 12)
    let n = 40
    let a = try hire.outcomes(n)
    let b = try twin.outcomes(n)
    // The same manager key and the same leads: only the ramp differs.
    #expect(hire.values(a, "leads_in") == twin.values(b, "leads_in"))
    let bookings = SeriesMetric.bookings.rawValue
    for (month, r) in [0.25, 0.5, 0.75, 1].enumerated() {
      let mine = a.map { $0.series[bookings][month] }
      let theirs = b.map { $0.series[bookings][month] }
      let ratio = PooledRatio(mine, theirs)
      #expect(ratio.contains(r), "month \(month): \(ratio.estimate) ± \(ratio.halfWidth)")
      // Common random numbers: the hire wins a subset of the twin's deals.
      for (x, y) in zip(mine, theirs) { #expect(x <= y) }
    }
  }
}

@Suite struct OpeningPipelineTests {
  func runner(deals: Double) throws -> Runner {
    try Runner(
      yaml: minimalScenario(
        stages: """
          - {name: meeting, probability: 0.5, duration_days: 1, uses: meeting}
          - {name: close, probability: 0.4, duration_days: 2, uses: none}
          """,
        levels: """
          - name: rep
            headcount: 3
            tenure_months: 24
            opening_pipeline:
              - {stage: meeting, deals: 2}
              - {stage: close, deals: \(deals), age_days: 30}
          """, ))
  }

  @Test func openingDealsAreCountedAndBookedInMonthOne() throws {
    let r = try runner(deals: 3)
    let o = try r.outcomes(20)
    // 3 managers × (2 + 3) deals; the laws of section 13 hold (finish checks them).
    #expect(r.values(o, "leads_opening").allSatisfy { $0 == 15 })
    #expect(r.values(o, "leads_opening", "rep").allSatisfy { $0 == 15 })
    #expect(r.values(o, "leads_in").allSatisfy { $0 == 15 })
    #expect(r.values(o, "reached_meeting").allSatisfy { $0 == 6 })
    // Deals opened in the last stage reach it without reaching the meeting.
    #expect(r.values(o, "reached_close").allSatisfy { $0 >= 9 })
    let monthOne = o.map { $0.series[SeriesMetric.bookings.rawValue][0] }
    #expect(monthOne.reduce(0, +) > 0)
    #expect(
      PooledRatio(r.values(o, "won"), r.values(o, "leads_opening")).contains(
        0.4 * 0.6 + 0.2 * 0.4 / 1))
  }

  @Test func fractionalDealsAverageTheirCount() throws {
    let r = try runner(deals: 0.5)
    let o = try r.outcomes(60)
    let opening = r.values(o, "leads_opening")
    #expect(opening.allSatisfy { (6...9).contains($0) })
    let mean = opening.reduce(0, +) / Double(opening.count)
    // 6 whole deals + 3 draws of 1 with chance 0.5: mean 7.5, sd of the mean 0.87/√60.
    #expect(abs(mean - 7.5) < 3.3 * (0.75).squareRoot() / (60.0).squareRoot())
  }
}

@Suite struct AnnualQuotaTests {
  func runner(_ period: String) throws -> Runner {
    // 20 leads a month won at 0.3, 100 each: 600 a month, so 7200 a year is reached on average.
    try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 2, tenure_months: 24, annual_quota: 7200}",
        extra: """
          leads: {inbound: {per_month: 40}}
          quota: {period: \(period)}
          """
      ).replacingOccurrences(of: "deal_size: 100000", with: "deal_size: 100"))
  }

  @Test func meanRampedAttainmentDoesNotDependOnThePeriod() throws {
    for period in ["month", "quarter", "year"] {
      let r = try runner(period)
      let o = try r.outcomes(60)
      // A full year of quota periods adds up to the annual quota of both managers.
      #expect(r.values(o, "team_plan").allSatisfy { abs($0 - 2 * 7200) < 1e-6 })
      let attainment = PooledRatio(
        r.values(o, "quota_attainment_total"), r.values(o, "ramped_periods"))
      // Leads of the year's last day are decided after it: 1 day in 252 is missing.
      #expect(
        attainment.contains(1 - 1.0 / 252),
        "\(period): \(attainment.estimate) ± \(attainment.halfWidth)")
    }
  }

  @Test func thePerPeriodQuotaIsRefusedWithTheAnnualFigure() throws {
    var report = ValidationReport()
    try ScenarioFiles.decode(
      minimalScenario(
        levels: "- {name: rep, headcount: 1, quota: 250000}", extra: "quota: {period: quarter}")
    ).validate(into: &report)
    let issue = try #require(report.issues.first { $0.path == ["levels", 0, "quota"] })
    #expect(issue.expected.contains("annual_quota: 1000000"), "\(issue.expected)")
  }

  @Test func periodsWithoutBookingsAreCounted() throws {
    let r = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 1, tenure_months: 24, annual_quota: 1000}",
        extra: "leads: {inbound: {per_month: 2}}\nquota: {period: month}"))
    let o = try r.outcomes(100)
    let zero = r.values(o, "ramped_periods_without_bookings")
    let ramped = r.values(o, "ramped_periods")
    #expect(ramped.allSatisfy { $0 == 12 })
    // Wins are Poisson with mean 2 x 0.3 a month (month 1: 20 of its 21 days of outcomes).
    let expected = (11 * exp(-0.6) + exp(-0.6 * 20 / 21)) / 12
    let share = PooledRatio(zero, ramped)
    #expect(share.contains(expected), "\(share.estimate) ± \(share.halfWidth)")
    #expect(r.values(o, "zero_booking_share") == zip(zero, ramped).map { $0 / $1 })
  }
}

@Suite struct CallTests {
  @Test func workedAndColdCallsAddUpToTheCallsAvailable() throws {
    let r = try Runner(
      yaml: minimalScenario(
        stages: """
          - {name: contact, probability: 0.5, duration_days: 1, uses: call}
          - {name: close, probability: 0.3, duration_days: 1, uses: none}
          """,
        levels: "- {name: rep, headcount: 2, tenure_months: 24, calls_per_day: 10}",
        extra: "leads: {inbound: {per_month: 60}, outbound: {contact_rate: 0.1}}"))
    let o = try r.outcomes(10)
    for group in ["team", "rep"] {
      let available = r.values(o, "calls_available", group)
      let worked = r.values(o, "calls_worked", group)
      let cold = r.values(o, "calls_cold", group)
      #expect(available.allSatisfy { $0 == 2 * 10 * 21 * 12 })
      for i in o.indices { #expect(worked[i] + cold[i] == available[i]) }
      // Utilisation counts worked calls only; cold calls are the rest.
      for (u, (w, a)) in zip(r.values(o, "utilisation_calls", group), zip(worked, available)) {
        #expect(u == w / a)
        #expect(u < 1)
      }
      for (s, (c, a)) in zip(r.values(o, "cold_call_share", group), zip(cold, available)) {
        #expect(s == c / a)
      }
    }
  }
}
