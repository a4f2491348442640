import SalesModel
import Statistics
import TestSupport
import Testing

/// The model against results known in closed form.
@Suite struct AnalyticTests {
  @Test func winShareOfASingleStageCoversItsProbability() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        extra: """
          leads:
            inbound: {per_month: 100}
          """))
    let outcomes = try runner.outcomes(60)
    let rate = runner.accumulate(outcomes, "win_rate")
    let ci = try #require(rate.confidenceInterval(level: 0.999))
    #expect(ci.contains(0.3), "win rate CI \(ci)")
    #expect(runner.accumulate(outcomes, "leads_expired").mean == 0)
  }

  @Test func inboundLeadsPerMonthCoverTheConfiguredRate() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        extra: """
          leads:
            inbound: {per_month: 37.5}
          """))
    let outcomes = try runner.outcomes(100)
    let i = runner.index("leads_in")
    var perMonth = Accumulator()
    for o in outcomes { perMonth.add(o.values[i] / 12) }
    let ci = try #require(perMonth.confidenceInterval(level: 0.999))
    #expect(ci.contains(37.5), "inbound per month CI \(ci)")
    // Poisson: the variance of a year's count equals its mean (450), within sampling error.
    var yearly = Accumulator()
    for o in outcomes { yearly.add(o.values[i]) }
    let variance = try #require(yearly.variance)
    #expect(variance > 450 * 0.6 && variance < 450 * 1.5, "variance \(variance)")
  }

  @Test func clientsDecayGeometricallyUnderAConstantChurnHazard() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 1, tenure_months: 24, initial_clients: 200}",
        extra: """
          portfolio:
            contract_months: 1000
            renewal_probability: 1
          """
      ).replacingOccurrences(of: "churn_per_month: 0.0", with: "churn_per_month: 0.05"))
    let outcomes = try runner.outcomes(100)
    let end = runner.accumulate(outcomes, "clients_end")
    let expected = 200 * pow(0.95, 12)
    let ci = try #require(end.confidenceInterval(level: 0.999))
    #expect(ci.contains(expected), "clients at end CI \(ci), expected \(expected)")
    let churnRate = runner.accumulate(outcomes, "churn_rate")
    #expect(try #require(churnRate.confidenceInterval(level: 0.999)).contains(0.05))
  }

  @Test func noShowShareCoversItsProbability() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        stages: "- {name: meeting, probability: 0.5, duration_days: 1, uses: meeting}",
        levels: "- {name: rep, headcount: 2, tenure_months: 24, meetings_per_day: 20}",
        extra: """
            no_show: {probability: 0.2, max_reschedules: 5}
          leads:
            inbound: {per_month: 80}
          """))
    let outcomes = try runner.outcomes(40)
    var share = Accumulator()
    let held = runner.values(outcomes, "meetings_held")
    let missed = runner.values(outcomes, "no_shows")
    for (h, m) in zip(held, missed) { share.add(m / (h + m)) }
    #expect(try #require(share.confidenceInterval(level: 0.999)).contains(0.2))
  }

  @Test func winRateOfTwoStagesIsTheProductTimesSkillOnce() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        stages: """
          - {name: contact, probability: 0.6, duration_days: 1, uses: call}
          - {name: close, probability: 0.5, duration_days: {distribution: exponential, mean: 4}, uses: none}
          """,
        levels:
          "- {name: rep, headcount: 1, tenure_months: 24, win_multiplier: 0.8, calls_per_day: 100}",
        extra: """
          leads:
            inbound: {per_month: 60}
          """))
    let outcomes = try runner.outcomes(60)
    var share = Accumulator()
    let won = runner.values(outcomes, "won")
    let lost = runner.values(outcomes, "lost")
    for (w, l) in zip(won, lost) { share.add(w / (w + l)) }
    // Skill multiplies the last stage only (docs/model.md, section 7.1).
    let expected = 0.6 * 0.5 * 0.8
    #expect(try #require(share.confidenceInterval(level: 0.999)).contains(expected))
  }

  @Test func rampScalesTheWinProbabilityByTenureMonth() throws {
    // Every lead arrives and closes in month 1 of a new hire whose ramp is 0.5 then.
    let runner = try Runner(
      yaml: """
        name: ramp
        horizon_months: 1
        segments: [{name: smb, deal_size: 1}]
        levels: [{name: rep, headcount: 1, tenure_months: 0}]
        funnel:
          stages: [{name: close, probability: 0.8, duration_days: 1, uses: none}]
        careers:
          ramp: {curve: [0.5]}
        leads:
          inbound: {per_month: 200}
        """)
    let outcomes = try runner.outcomes(40)
    var share = Accumulator()
    for (w, l) in zip(runner.values(outcomes, "won"), runner.values(outcomes, "lost")) {
      share.add(w / (w + l))
    }
    #expect(try #require(share.confidenceInterval(level: 0.999)).contains(0.4))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Routing and capacity limits.
@Suite struct RoutingTests {
  @Test func leadsOfASegmentNoLevelMayTakeAreLostWaiting() throws {
    let runner = try Runner(
      yaml: """
        name: routing
        segments:
          - {name: smb, deal_size: 1}
          - {name: key, deal_size: 10}
        levels:
          - {name: junior, headcount: 2, segments: [smb]}
        funnel:
          stages: [{name: close, probability: 0.5}]
        leads:
          patience_days: 2
          inbound: {per_month: 30, segment_mix: [{segment: key, share: 1}]}
        """)
    let outcomes = try runner.outcomes(10)
    let leadsIn = runner.values(outcomes, "leads_in")
    let expired = runner.values(outcomes, "leads_expired")
    let open = runner.values(outcomes, "leads_open_end")
    for k in leadsIn.indices { #expect(expired[k] + open[k] == leadsIn[k]) }
    #expect(runner.values(outcomes, "won").allSatisfy { $0 == 0 })
  }

  @Test func aFullMeetingCalendarMakesThePipelineWait() throws {
    // One meeting slot a day and 60 leads a month: meetings are the bottleneck.
    func cycle(_ slots: Int) throws -> Double {
      let runner = try Runner(
        yaml: minimalScenario(
          stages: "- {name: meeting, probability: 0.5, duration_days: 1, uses: meeting}",
          levels: "- {name: rep, headcount: 1, tenure_months: 24, meetings_per_day: \(slots)}",
          extra: """
            leads:
              inbound: {per_month: 30}
            """))
      return runner.accumulate(try runner.outcomes(20), "sales_cycle_days").mean
    }
    #expect(try cycle(1) > 3 * cycle(10))
  }

  @Test func refilledVacanciesNeverExceedExits() throws {
    var s = try ScenarioFiles.load("b2b-consulting")
    s.careers.attrition.annualRate = 0.6
    let runner = try Runner(s)
    let outcomes = try runner.outcomes(30)
    let hires = runner.values(outcomes, "hires")
    let exits = runner.values(outcomes, "exits")
    for k in hires.indices { #expect(hires[k] <= exits[k]) }
    #expect(hires.reduce(0, +) > 0)
  }
}

/// Careers and referrals against closed forms.
@Suite struct CareerAndReferralTests {
  @Test func annualAttritionRateIsTheShareLeavingWithinAYear() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 40, tenure_months: 24}",
        extra: """
          careers:
            attrition: {annual_rate: 0.25}
          """))
    let outcomes = try runner.outcomes(60)
    var share = Accumulator()
    for exits in runner.values(outcomes, "exits") { share.add(exits / 40) }
    #expect(try #require(share.confidenceInterval(level: 0.999)).contains(0.25))
    #expect(runner.values(outcomes, "hires").allSatisfy { $0 == 0 })
  }

  @Test func referralsArriveAtTheRatePerClient() throws {
    // 100 clients who never churn and a funnel that never wins: the client base is constant.
    let runner = try Runner(
      yaml: minimalScenario(
        stages: "- {name: close, probability: 0, duration_days: 1}",
        levels: "- {name: rep, headcount: 1, tenure_months: 24, initial_clients: 100}",
        extra: """
          leads:
            referrals: {per_client_per_month: 0.1}
          portfolio:
            contract_months: 1000
            renewal_probability: 1
          """))
    let outcomes = try runner.outcomes(60)
    var perMonth = Accumulator()
    for n in runner.values(outcomes, "leads_referral") { perMonth.add(n / 12) }
    #expect(try #require(perMonth.confidenceInterval(level: 0.999)).contains(10))
  }

  @Test func requestsArriveAtTheRatePerClient() throws {
    // 100 clients who never churn, all with one manager: a constant book asking 3 times a month.
    let yaml = minimalScenario(
      stages: "- {name: close, probability: 0, duration_days: 1}",
      levels: "- {name: rep, headcount: 1, tenure_months: 24, initial_clients: 100}",
      extra: """
        portfolio:
          contract_months: 1000
          renewal_probability: 1
          service: {enabled: true}
        """
    ).replacingOccurrences(
      of: "churn_per_month: 0.0}", with: "churn_per_month: 0.0, requests_per_month: 3}")
    let runner = try Runner(yaml: yaml)
    let outcomes = try runner.outcomes(60)
    var perClientMonth = Accumulator()
    for n in runner.values(outcomes, "requests") { perClientMonth.add(n / (100 * 12)) }
    #expect(try #require(perClientMonth.confidenceInterval(level: 0.999)).contains(3))
  }

  @Test func promotionFollowsExperience() throws {
    // Experience 6 months at the start, the next level needs 12 and plans 3 seats: all three
    // are promoted at the review that ends month 6 (quota off: no attainment criterion).
    let runner = try Runner(
      yaml: minimalScenario(
        levels: """
          - {name: junior, headcount: 3, experience_months: 6}
          - {name: middle, headcount: 0, headcount_plan: 3, min_experience_months: 12}
          """,
        extra: """
          careers:
            promotion: {review_months: [6]}
          """))
    let o = try runner.outcomes(1)
    #expect(runner.values(o, "promotions_in", "middle") == [3])
    #expect(runner.values(o, "promotions_out", "junior") == [3])
    #expect(runner.values(o, "headcount_end", "middle") == [3])
    #expect(o[0].series[3][5] == 3)
  }
}

/// Quotas, proration and sandbagging.
@Suite struct QuotaTests {
  @Test func quotaIsProratedByRamp() throws {
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 1, tenure_months: 0, annual_quota: 400}",
        extra: """
          careers:
            ramp: {curve: [0.5, 0.75]}
          quota: {period: quarter}
          """
      ).replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 3"))
    let o = try runner.outcomes(1)
    // Months of a quarter weigh annual quota / 12 each, times ramp 0.5, 0.75 and 1.
    #expect(abs(runner.values(o, "team_plan")[0] - 100.0 / 3 * 2.25) < 1e-9)
    // Not ramped for the whole period: no attainment sample.
    #expect(runner.values(o, "ramped_periods") == [0])
  }

  @Test func sandbaggedDealsLandInTheNextPeriod() throws {
    // Push everything once bookings reach 0 x quota: month 1's wins are booked on day one of month 2.
    let runner = try Runner(
      yaml: minimalScenario(
        levels: "- {name: rep, headcount: 1, tenure_months: 24, annual_quota: 1200}",
        extra: """
          leads:
            inbound: {per_month: 40}
          quota:
            sandbagging: {after_share: 0}
          """
      ).replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 2"))
    for o in try runner.outcomes(5) {
      let bookings = o.series[1]
      #expect(bookings[0] == 0)
      #expect(bookings[1] > 0)
    }
    let o = try runner.outcomes(5)
    #expect(runner.values(o, "pushed_deals").allSatisfy { $0 > 0 })
  }
}
