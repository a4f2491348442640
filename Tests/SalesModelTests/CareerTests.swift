import SalesModel
import Statistics
import TestSupport
import Testing

/// Careers (docs/model.md, section 3 and 10): experience at the start, seats, promotion
/// reviews, refills, transfers and the staffing adjustment.
@Suite struct CareerTests {
  /// Three juniors with 24 months of experience and one middle who plans `middlePlan` seats;
  /// attrition off, so that only promotions and their refills move people. `juniorQuota`
  /// switches quota on (monthly) with that quota for juniors.
  func ladder(
    middlePlan: Int, horizon: Int = 24, promotion: String = "{}", juniorQuota: Double? = nil
  ) throws -> Runner {
    let quota = juniorQuota.map { ", annual_quota: \($0 * 12)" } ?? ""
    let section = juniorQuota == nil ? "" : "quota: {period: month}"
    var scenario = try ScenarioFiles.decode(
      minimalScenario(
        levels: """
          - {name: junior, headcount: 3, tenure_months: 24\(quota)}
          - {name: middle, headcount: 1, headcount_plan: \(middlePlan), tenure_months: 36, min_experience_months: 12}
          """,
        extra: """
          careers:
            promotion: \(promotion)
            hiring: {time_to_hire_days: 21}
          \(section)
          """))
    scenario.horizonMonths = horizon
    return try Runner(scenario)
  }

  @Test func theDefaultPlanWithHiringPromotesNobody() throws {
    // Every departure is refilled at its own level, so no seat ever opens above; the plan of
    // each level is its headcount (the bundled file's growth seat at middle is taken out).
    var scenario = try ScenarioFiles.load("b2b-consulting")
    for i in scenario.levels.indices { scenario.levels[i].headcountPlan = nil }
    scenario.horizonMonths = 36
    let runner = try Runner(scenario)
    let outcomes = try runner.outcomes(20)
    #expect(runner.values(outcomes, "exits").reduce(0, +) > 0)
    #expect(runner.values(outcomes, "promotions_in").allSatisfy { $0 == 0 })
    #expect(runner.values(outcomes, "promotions_out").allSatisfy { $0 == 0 })
    #expect(runner.values(outcomes, "open_seats_end").allSatisfy { $0 == 0 })
  }

  @Test func aPlannedSeatIsFilledByOnePromotionAtTheDecemberReview() throws {
    let runner = try ladder(middlePlan: 2)
    let outcomes = try runner.outcomes(5)
    #expect(runner.values(outcomes, "promotions_in", "middle") == [1, 1, 1, 1, 1])
    #expect(runner.values(outcomes, "promotions_out", "junior") == [1, 1, 1, 1, 1])
    #expect(runner.values(outcomes, "promotions_in") == [1, 1, 1, 1, 1])
    // The seat left below is refilled by a junior who joins as new 21 days later.
    #expect(runner.values(outcomes, "hires", "junior") == [1, 1, 1, 1, 1])
    #expect(runner.values(outcomes, "headcount_end", "junior") == [3, 3, 3, 3, 3])
    #expect(runner.values(outcomes, "headcount_end", "middle") == [2, 2, 2, 2, 2])
    #expect(runner.values(outcomes, "open_seats_end").allSatisfy { $0 == 0 })
    // The promotion happens at the end of month 12, not before: one more manager from month 13.
    for o in outcomes {
      #expect(o.series[3][11] == 4)
      #expect(o.series[3][12] == 5)
    }
  }

  @Test func theFirstReviewIsAtTheEndOfMonthTwelve() throws {
    let before = try ladder(middlePlan: 2, horizon: 11)
    let o = try before.outcomes(3)
    #expect(before.values(o, "promotions_in").allSatisfy { $0 == 0 })
    #expect(before.values(o, "open_seats_end", "middle") == [1, 1, 1])
    // At 12 months the review fills the seat; the junior refill is in flight past the horizon.
    let at = try ladder(middlePlan: 2, horizon: 12)
    let p = try at.outcomes(3)
    #expect(at.values(p, "promotions_in", "middle") == [1, 1, 1])
    #expect(at.values(p, "hires").allSatisfy { $0 == 0 })
    #expect(at.values(p, "open_seats_end").allSatisfy { $0 == 0 })
  }

  @Test func reviewsTakePlaceInTheMonthsTheScenarioNames() throws {
    let runner = try ladder(middlePlan: 2, horizon: 7, promotion: "{review_months: [6]}")
    let o = try runner.outcomes(2)
    #expect(runner.values(o, "promotions_in", "middle") == [1, 1])
    // The refill of the junior seat joins 21 working days after the end of month 6.
    #expect(o[0].series[3][5] == 4)
    #expect(o[0].series[3][6] == 5)
  }

  @Test func aMissedAttainmentBlocksPromotion() throws {
    // A quota no junior can reach: with the default threshold of 1 nobody qualifies; with
    // threshold 0 the seat is filled.
    let blocked = try ladder(middlePlan: 2, horizon: 12, juniorQuota: 1e12)
    let b = try blocked.outcomes(3)
    #expect(blocked.values(b, "promotions_in").allSatisfy { $0 == 0 })
    let open = try ladder(
      middlePlan: 2, horizon: 12, promotion: "{attainment_threshold: 0}", juniorQuota: 1e12)
    let o = try open.outcomes(3)
    #expect(open.values(o, "promotions_in") == [1, 1, 1])
  }

  @Test func hiringOffLetsAPromotionCascadeWithinOneReview() throws {
    // A senior seat opens: the middle moves up, and the middle seat it leaves is open to a
    // junior in the same review.
    var scenario = try ScenarioFiles.decode(
      minimalScenario(
        levels: """
          - {name: junior, headcount: 2, tenure_months: 36}
          - {name: middle, headcount: 1, tenure_months: 36, min_experience_months: 12}
          - {name: senior, headcount: 1, headcount_plan: 2, tenure_months: 36, min_experience_months: 24}
          """,
        extra: """
          careers:
            promotion: {}
          """))
    scenario.horizonMonths = 12
    let runner = try Runner(scenario)
    let o = try runner.outcomes(3)
    #expect(runner.values(o, "promotions_in", "senior") == [1, 1, 1])
    #expect(runner.values(o, "promotions_out", "middle") == [1, 1, 1])
    #expect(runner.values(o, "promotions_in", "middle") == [1, 1, 1])
    #expect(runner.values(o, "promotions_out", "junior") == [1, 1, 1])
    #expect(runner.values(o, "promotions_in") == [2, 2, 2])
    #expect(runner.values(o, "headcount_end", "junior") == [1, 1, 1])
    #expect(runner.values(o, "headcount_end", "senior") == [2, 2, 2])
    #expect(runner.values(o, "open_seats_end", "junior") == [1, 1, 1])
  }

  @Test func startingExperienceFollowsTenure() throws {
    // The middle level needs 8 months; a review at the end of month 1 adds a month.
    func promoted(tenure: Int, experience: String = "") throws -> [Double] {
      var scenario = try ScenarioFiles.decode(
        minimalScenario(
          levels: """
            - {name: junior, headcount: 2, tenure_months: \(tenure)\(experience)}
            - {name: middle, headcount: 0, headcount_plan: 2, min_experience_months: 8}
            """,
          extra: """
            careers:
              promotion: {review_months: [1]}
            """))
      scenario.horizonMonths = 2
      let runner = try Runner(scenario)
      return runner.values(try runner.outcomes(2), "promotions_in", "middle")
    }
    #expect(try promoted(tenure: 7) == [2, 2])
    #expect(try promoted(tenure: 6) == [0, 0])
    // A stated distribution of experience replaces tenure.
    #expect(try promoted(tenure: 0, experience: ", experience_months: 20") == [2, 2])
    #expect(try promoted(tenure: 20, experience: ", experience_months: 2") == [0, 0])
  }

  @Test func aTransferBringsItsBookAndANewHireDoesNot() throws {
    func run(_ kind: String) throws -> (Runner, [ReplicationOutcome]) {
      let runner = try Runner(
        yaml: minimalScenario(
          levels: "- {name: rep, headcount: 1, tenure_months: 24, initial_clients: 4}",
          extra: """
            careers:
              planned_hires: [{level: rep, month: 3, count: 2, as: \(kind)}]
            portfolio:
              contract_months: 1000
              renewal_probability: 1
            """))
      return (runner, try runner.outcomes(4))
    }
    let (t, x) = try run("transfer")
    #expect(t.values(x, "clients_brought", "rep") == [8, 8, 8, 8])
    #expect(t.values(x, "clients_start") == [4, 4, 4, 4])
    #expect(t.values(x, "hires") == [2, 2, 2, 2])
    let (n, y) = try run("new")
    #expect(n.values(y, "clients_brought").allSatisfy { $0 == 0 })
    #expect(n.values(y, "hires") == [2, 2, 2, 2])
    // Nobody churns: every client brought is still there at the end.
    #expect(t.values(x, "clients_end").allSatisfy { $0 >= 12 })
  }

  /// Two reps, each with 3 opening deals of age 10 at the one-day `close` stage (3.1).
  func openingRunner(extra: String = "") throws -> Runner {
    try Runner(
      yaml: minimalScenario(
        levels: """
          - name: rep
            headcount: 2
            tenure_months: 24
            opening_pipeline: [{stage: close, deals: 3, age_days: 10}]
          """,
        extra: extra))
  }

  /// A transfer brings the opening pipeline of its level on its joining day, a new hire none
  /// (10.1); the laws of section 13 hold (`simulate` checks them).
  @Test func aTransferBringsItsOpeningPipeline() throws {
    func run(_ kind: String) throws -> (Runner, [ReplicationOutcome]) {
      let runner = try openingRunner(
        extra: "careers: {planned_hires: [{level: rep, month: 3, count: 2, as: \(kind)}]}")
      return (runner, try runner.outcomes(6))
    }
    let (t, x) = try run("transfer")
    #expect(t.values(x, "leads_opening") == [12, 12, 12, 12, 12, 12])
    #expect(t.values(x, "leads_opening", "rep") == [12, 12, 12, 12, 12, 12])
    #expect(t.values(x, "reached_close") == [12, 12, 12, 12, 12, 12])
    // Every deal is 10 days old when its manager joins and closes one day later: a transfer's
    // deals arrive 10 days before its joining day, not before day 0.
    for (won, total) in zip(t.values(x, "won"), t.values(x, "sales_cycle_days_total")) {
      #expect(total == 11 * won)
    }
    #expect(t.values(x, "won").reduce(0, +) > 0)
    let (n, y) = try run("new")
    #expect(n.values(y, "leads_opening") == [6, 6, 6, 6, 6, 6])
  }

  /// A seat a staffing mix removes leaves its opening deals to the company (section 3): they
  /// join the waiting queue on day 0 and the remaining rep takes them at their stage.
  @Test func aRemovedSeatLeavesItsOpeningDealsToTheCompany() throws {
    let base = try openingRunner()
    let removed = Runner(
      model: try base.model.with(staffing: StaffingAdjustment(removedSeats: [1])))
    let y = try removed.outcomes(6)
    #expect(removed.values(y, "headcount_start") == [1, 1, 1, 1, 1, 1])
    #expect(removed.values(y, "leads_opening") == [6, 6, 6, 6, 6, 6])
    #expect(removed.values(y, "leads_opening", "rep") == [6, 6, 6, 6, 6, 6])
    #expect(removed.values(y, "reached_close") == [6, 6, 6, 6, 6, 6])
    #expect(removed.values(y, "leads_expired").allSatisfy { $0 == 0 })
    let x = try base.outcomes(6)
    #expect(base.values(x, "leads_opening") == removed.values(y, "leads_opening"))
  }

  @Test func headcountIsConservedByLevelThroughPromotionsAndRefills() throws {
    var scenario = try ScenarioFiles.load("b2b-consulting")
    scenario.horizonMonths = 36
    scenario.levels[1].headcountPlan = 3
    scenario.levels[2].headcountPlan = 3
    let runner = try Runner(scenario)
    let outcomes = try runner.outcomes(20)
    var promotions = 0.0
    for level in ["junior", "middle", "senior", "lead"] {
      func v(_ key: String) -> [Double] { runner.values(outcomes, key, level) }
      let (start, hires, exits) = (v("headcount_start"), v("hires"), v("exits"))
      let (moveIn, moveOut, end) = (v("promotions_in"), v("promotions_out"), v("headcount_end"))
      for k in outcomes.indices {
        #expect(end[k] == start[k] + hires[k] - exits[k] + moveIn[k] - moveOut[k])
      }
      promotions += moveIn.reduce(0, +)
    }
    #expect(promotions == runner.values(outcomes, "promotions_in").reduce(0, +))
    #expect(promotions == runner.values(outcomes, "promotions_out").reduce(0, +))
    #expect(promotions > 0)
  }

  @Test func aStaffingMixOfNewHiresKeepsTheBookOfTheCompany() throws {
    let scenario = try ScenarioFiles.load("b2b-consulting")
    let base = try Runner(scenario)
    let x = try base.outcomes(6)
    // One junior fewer, two seniors more who join as new in month 1.
    let mix = StaffingAdjustment(mix: [2, 2, 4, 1], headcounts: [3, 2, 2, 1], hires: .new)
    let adjusted = Runner(model: try base.model.with(staffing: mix))
    let y = try adjusted.outcomes(6)
    #expect(base.values(x, "clients_start") == adjusted.values(y, "clients_start"))
    #expect(adjusted.values(y, "headcount_start").allSatisfy { $0 == 7 })
    #expect(adjusted.values(y, "hires", "senior").allSatisfy { $0 >= 2 })
    #expect(adjusted.values(y, "clients_brought").allSatisfy { $0 == 0 })
  }

  @Test func aStaffingMixOfTransfersIsAHeadcountChange() throws {
    var scenario = try ScenarioFiles.load("b2b-consulting")
    scenario.careers.promotion.enabled = false
    let base = try SalesModel(scenario: scenario)
    let transfer = try base.with(
      staffing: StaffingAdjustment(mix: [3, 2, 3, 1], headcounts: [3, 2, 2, 1], hires: .transfer))
    scenario.levels[2].headcount = 3
    let written = try SalesModel(scenario: scenario)
    for r in 0..<4 {
      let a = try transfer.simulate(replication: r, seed: 5)
      let b = try written.simulate(replication: r, seed: 5)
      #expect(a.values == b.values)
    }
  }

  /// A removed seat's opening deals wait for a manager; when every manager is full they
  /// expire unassigned, and count in the team but in no level (model.md, 3 and law 5).
  @Test func aRemovedSeatsDealsThatNobodyTakesCountInTheTeamOnly() throws {
    var scenario = try ScenarioFiles.load("b2b-consulting")
    for l in scenario.levels.indices { scenario.levels[l].maxOpenLeads = 1 }
    let runner = Runner(
      model: try SalesModel(scenario: scenario)
        .with(staffing: StaffingAdjustment(removedSeats: [2, 0, 0, 0])))
    let outcomes = try runner.outcomes(4, seed: 3)
    let team = runner.values(outcomes, "leads_opening")
    var levels = [Double](repeating: 0, count: outcomes.count)
    for level in scenario.levels {
      for (r, v) in runner.values(outcomes, "leads_opening", level.name).enumerated() {
        levels[r] += v
      }
    }
    var expiredUnassigned = 0.0
    for r in outcomes.indices {
      #expect(levels[r] <= team[r])
      expiredUnassigned += team[r] - levels[r]
    }
    #expect(expiredUnassigned > 0)
  }

  @Test func aStaffingMixIsRefusedWhenItRemovesMoreThanTheLevelHas() throws {
    let model = try SalesModel(scenario: try ScenarioFiles.load("b2b-consulting"))
    #expect(throws: ScenarioInvalid.self) {
      try model.with(staffing: StaffingAdjustment(removedSeats: [4]))
    }
  }
}

extension Runner {
  init(model: SalesModel) { self.model = model }
}
