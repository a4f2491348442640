import Foundation
import SalesModel
import ScenarioLoading
import TestSupport
import Testing

/// The revenue ramp, per-unit pricing and onboarding fees (docs/model.md, 8.2), commission on
/// bills and its forfeiture (7.2), raises and cash (9, 9.6): closed forms on one client.
@Suite struct MoneyTests {
  /// One manager who wins the one event lead of month 1 for sure: a single client whose
  /// contract outlives the horizon (renewed at every term end, no churn).
  static func oneClient(
    segment: String = "{name: smb, deal_size: 120000, churn_per_month: 0.0}",
    portfolio: String = "", money: String = "", level: String = "", horizon: Int = 18
  ) -> String {
    """
    name: one-client
    seed: 3
    replications: 1
    horizon_months: \(horizon)
    calendar: {days_per_month: 20, vacation_days_per_year: 0}
    segments:
      - \(segment)
    levels:
      - {name: rep, headcount: 1, tenure_months: 24, salary_per_month: 100000, commission_rate: 0.1\(level)}
    funnel:
      stages:
        - {name: close, probability: 1.0, duration_days: 1, uses: none}
    leads:
      events: {batches: [{month: 1, leads: 1}]}
    portfolio: {contract_months: 12, renewal_probability: 1.0, churn_enabled: false\(portfolio)}
    \(money)
    """
  }

  func series(_ model: SalesModel, _ o: ReplicationOutcome, _ key: String, _ group: String = "team")
    throws -> [Double]
  {
    let i = try #require(model.schema.series.firstIndex { $0.key == key && $0.group == group })
    return o.series[i]
  }

  func scalar(_ model: SalesModel, _ o: ReplicationOutcome, _ key: String, _ group: String = "team")
    throws -> Double
  {
    let i = try #require(model.schema.scalars.firstIndex { $0.key == key && $0.group == group })
    return o.values[i]
  }

  /// The month the one deal was won: the client's billing month 0.
  func winMonth(_ model: SalesModel, _ o: ReplicationOutcome) throws -> Int {
    try #require(try series(model, o, "won").firstIndex { $0 > 0 })
  }

  static func close(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
  }

  @Test(arguments: [(3, 0.25), (5, 0.0), (1, 0.6)])
  func aNewClientsBillRampsLinearlyToItsMrr(months: Int, share: Double) throws {
    let yaml = Self.oneClient(
      portfolio: ", revenue_ramp: {months: \(months), first_bill_share: \(share)}")
    let model = try SalesModel(scenario: ScenarioFiles.decode(yaml))
    let o = try model.simulate(replication: 0, seed: 1)
    let revenue = try series(model, o, "revenue")
    let w = try winMonth(model, o)
    let mrr = 120_000.0 / 12
    for m in w..<revenue.count {
      let j = Double(m - w)
      let expected = mrr * min(1, share + (1 - share) * j / Double(months))
      #expect(Self.close(revenue[m], expected), "month \(m + 1): \(revenue[m]) != \(expected)")
    }
    // The level's revenue series is the client's bill too: it has a manager all along.
    #expect(try series(model, o, "revenue", "rep") == revenue)
  }

  @Test func perUnitPricingAndTheOnboardingFeeAreBilledAsStated() throws {
    let yaml = Self.oneClient(
      segment:
        "{name: seats, deal_size: 0, units: 10, price_per_unit: 12000, onboarding_fee: 5000, churn_per_month: 0.0}"
    )
    let model = try SalesModel(scenario: ScenarioFiles.decode(yaml))
    let o = try model.simulate(replication: 0, seed: 1)
    #expect(try scalar(model, o, "bookings") == 120_000)
    #expect(try scalar(model, o, "onboarding_revenue") == 5000)
    let revenue = try series(model, o, "revenue")
    let w = try winMonth(model, o)
    #expect(Self.close(revenue[w], 10_000 + 5000))
    for m in (w + 1)..<revenue.count { #expect(Self.close(revenue[m], 10_000)) }
  }

  @Test func upsellIsNotDrawnWhileTheBillRamps() throws {
    // An upsell every month: the bill ramps, then grows by 10% a month from month M on.
    let yaml = Self.oneClient(
      portfolio:
        ", upsell_probability_per_month: 1.0, upsell_uplift: 0.1, revenue_ramp: {months: 4, first_bill_share: 0.5}"
    )
    let model = try SalesModel(scenario: ScenarioFiles.decode(yaml))
    let o = try model.simulate(replication: 0, seed: 1)
    let revenue = try series(model, o, "revenue")
    let w = try winMonth(model, o)
    let mrr = 10_000.0
    for m in w..<revenue.count {
      let j = m - w
      let expected =
        j < 4 ? mrr * (0.5 + 0.5 * Double(j) / 4) : mrr * pow(1.1, Double(j - 4))
      #expect(Self.close(revenue[m], expected), "month \(m + 1): \(revenue[m]) != \(expected)")
    }
  }

  @Test(arguments: [1, 3, 12])
  func commissionOnBillsIsPaidForTheFirstBilledMonths(_ n: Int) throws {
    let yaml = Self.oneClient(
      money: "money: {commission: {basis: billed, billed_months: \(n)}}", horizon: 24)
    let model = try SalesModel(scenario: ScenarioFiles.decode(yaml))
    let o = try model.simulate(replication: 0, seed: 1)
    let commission = try series(model, o, "commission")
    let revenue = try series(model, o, "revenue")
    let w = try winMonth(model, o)
    #expect(revenue[w...].allSatisfy { $0 == 10_000 })
    for m in commission.indices {
      let expected = m >= w && m < w + n ? 0.1 * revenue[m] : 0
      #expect(Self.close(commission[m], expected), "month \(m + 1)")
    }
    #expect(Self.close(try scalar(model, o, "commission_cost"), 0.1 * 10_000 * Double(n)))
    #expect(try series(model, o, "commission", "rep") == commission)
  }

  /// The closer leaves (attrition almost sure, no refill): the bills after the month of the exit
  /// pay nothing, and what they would have paid is forfeited; without forfeiture it is paid.
  @Test(arguments: [true, false])
  func commissionOfAClosersLaterBillsIsForfeitedWhenTheCloserLeaves(_ forfeit: Bool) throws {
    var yaml = Self.oneClient(
      money:
        "money: {commission: {basis: billed, billed_months: 12, forfeit_on_exit: \(forfeit)}}",
      horizon: 24)
    yaml += "\ncareers: {attrition: {annual_rate: 0.9}}"
    let model = try SalesModel(scenario: ScenarioFiles.decode(yaml))
    var exitsSeen = 0
    for r in 0..<40 {
      let o = try model.simulate(replication: r, seed: 5)
      let headcount = try series(model, o, "headcount")
      let commission = try series(model, o, "commission")
      let w = try winMonth(model, o)
      // The closer is the only manager: the month its headcount reaches 0 is its exit.
      let exit = headcount.firstIndex { $0 == 0 } ?? Int.max
      if exit < w + 11 { exitsSeen += 1 }
      var forfeited = 0.0
      for m in commission.indices {
        let earning = m >= w && m < w + 12
        // The bill of the exit month is made before the exit (9, steps 1 and 5).
        let paid = earning && (!forfeit || m <= exit)
        #expect(Self.close(commission[m], paid ? 1000 : 0), "replication \(r), month \(m + 1)")
        if earning && !paid { forfeited += 1000 }
      }
      #expect(Self.close(try scalar(model, o, "commission_forfeited"), forfeited))
    }
    #expect(exitsSeen >= 5)
  }

  /// Commission on bookings split with the sourcer: whatever the hand-offs (departures send
  /// open leads to other managers), paid + forfeited = Σ commission_rate_L × bookings_L in every
  /// replication, and some share moves from the closer's level to the sourcer's.
  @Test(arguments: [true, false])
  func theSourcersShareMovesCommissionButConservesIt(_ forfeit: Bool) throws {
    var s = try ScenarioFiles.load("b2b-consulting")
    s.money = try ScenarioLoader.decode(
      Money.self, text: "{commission: {sourcer_share: 0.4, forfeit_on_exit: \(forfeit)}}",
      file: "money.yaml")
    s.careers.attrition.annualRate = 0.8
    let model = try SalesModel(scenario: s)
    var moved = 0
    for r in 0..<10 {
      let o = try model.simulate(replication: r, seed: 4)
      var earned = 0.0
      var total = 0.0
      for level in s.levels {
        let atRate = level.commissionRate * (try scalar(model, o, "bookings", level.name))
        let paid = try scalar(model, o, "commission_cost", level.name)
        earned += atRate
        total += paid + (try scalar(model, o, "commission_forfeited", level.name))
        if abs(paid - atRate) > 1e-6 * max(1, atRate) { moved += 1 }
      }
      #expect(abs(total - earned) <= 1e-6 * max(1, earned), "replication \(r)")
      if !forfeit { #expect(try scalar(model, o, "commission_forfeited") == 0) }
    }
    #expect(moved > 0)
  }

  @Test func aSalaryRisesAtEachAnniversaryOfTheHire() throws {
    let yaml = Self.oneClient(money: "money: {annual_raise: 0.08}", horizon: 26)
    let model = try SalesModel(scenario: ScenarioFiles.decode(yaml))
    let o = try model.simulate(replication: 0, seed: 1)
    let salary = try series(model, o, "salary")
    // A manager present at the start: the anniversary is the start of month 13.
    for m in salary.indices {
      let expected = 100_000 * pow(1.08, Double(m / 12))
      #expect(Self.close(salary[m], expected), "month \(m + 1): \(salary[m]) != \(expected)")
    }
    #expect(try series(model, o, "salary", "rep") == salary)
  }

  /// Cash in is the revenue net of fees shifted by the delay, exactly, in every replication of
  /// a busy scenario; cumulative cash is the running sum of in minus out.
  @Test(arguments: [0, 2])
  func cashInIsRevenueNetOfFeesShiftedByTheCollectionDelay(_ delay: Int) throws {
    var s = try ScenarioFiles.load("b2b-consulting")
    s.money = try ScenarioLoader.decode(
      Money.self,
      text:
        "{commission: {basis: billed, billed_months: 6, sourcer_share: 0.3}, payment_fee_share: 0.03, collection_delay_months: \(delay), annual_raise: 0.05, overhead_per_month: 250000}",
      file: "money.yaml")
    s.careers.attrition.annualRate = 0.5
    let model = try SalesModel(scenario: s)
    for r in 0..<8 {
      let o = try model.simulate(replication: r, seed: 21)
      let revenue = try series(model, o, "revenue")
      let cashIn = try series(model, o, "cash_in")
      let cashOut = try series(model, o, "cash_out")
      let cumulative = try series(model, o, "cash_cumulative")
      var running = 0.0
      for m in revenue.indices {
        let expected = m >= delay ? revenue[m - delay] * (1 - 0.03) : 0
        #expect(abs(cashIn[m] - expected) <= 1e-6 * max(1, expected), "month \(m + 1)")
        running += cashIn[m] - cashOut[m]
        #expect(abs(cumulative[m] - running) <= 1e-6 * max(1, abs(running)))
      }
      let billedInTime = revenue.dropLast(delay).reduce(0, +)
      let fees = try scalar(model, o, "payment_fees")
      #expect(abs(fees - 0.03 * revenue.reduce(0, +)) <= 1e-6 * max(1, fees))
      #expect(abs(cashIn.reduce(0, +) - billedInTime * 0.97) <= 1e-6 * max(1, billedInTime))
      // Cash out: salaries, commission paid, overhead (no support team here).
      let salary = try series(model, o, "salary")
      let commission = try series(model, o, "commission")
      for m in cashOut.indices {
        let expected = salary[m] + commission[m] + 250_000
        #expect(abs(cashOut[m] - expected) <= 1e-6 * expected)
      }
    }
  }

  /// A `money` section of neutral values (commission on bookings, no fees, delay, raise or
  /// overhead) changes nothing the model reported before.
  @Test(arguments: ["b2b-consulting", "key-accounts"])
  func neutralMoneyLeavesEveryOutputAsItWas(_ name: String) throws {
    let plain = try ScenarioFiles.load(name)
    var neutral = plain
    neutral.money = .defaults
    let a = try SalesModel(scenario: plain)
    let b = try SalesModel(scenario: neutral)
    let off: Set<String> = [
      "commission_forfeited", "payment_fees", "overhead_cost", "cash_in", "cash_out",
    ]
    let kept = a.schema.scalars.indices.filter { !off.contains(a.schema.scalars[$0].key) }
    let keptSeries = a.schema.series.indices.filter {
      !["cash_in", "cash_out", "cash_cumulative"].contains(a.schema.series[$0].key)
    }
    for r in 0..<6 {
      let x = try a.simulate(replication: r, seed: 8)
      let y = try b.simulate(replication: r, seed: 8)
      for i in kept { #expect(x.values[i] == y.values[i], "\(a.schema.scalars[i].key)") }
      for i in keptSeries { #expect(x.series[i] == y.series[i], "\(a.schema.series[i].key)") }
    }
  }

  @Test func perUnitPricingAndRampKeysAreValidated() throws {
    func issues(_ yaml: String) -> String {
      do {
        _ = try SalesModel(scenario: ScenarioFiles.decode(yaml))
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(
      issues(Self.oneClient(segment: "{name: s, deal_size: 100, units: 3, price_per_unit: 10}"))
        .contains("deal_size"))
    #expect(
      issues(Self.oneClient(segment: "{name: s, deal_size: 0, units: 3}"))
        .contains("price_per_unit"))
    #expect(
      issues(Self.oneClient(portfolio: ", revenue_ramp: {months: 0}"))
        .contains("revenue_ramp.months"))
    #expect(
      issues(Self.oneClient(money: "money: {payment_fee_share: 1.0}"))
        .contains("payment_fee_share"))
    #expect(
      issues(Self.oneClient(money: "money: {commission: {sourcer_share: 2}}"))
        .contains("sourcer_share"))
  }
}
