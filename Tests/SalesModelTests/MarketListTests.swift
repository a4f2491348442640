import TestSupport
import Testing

@testable import SalesModel

/// The finite market as a list of accounts worked in order (docs/model.md, 5.5); law 12 (the
/// accounts add up to the list's size) is checked at the end of every replication run here.
@Suite struct MarketListTests {
  /// One segment of `size` accounts, 30 inbound leads a month, one manager who takes them all.
  func market(
    size: Int, mode: String = "list", coolingOff: Int = 1_000_000, churnedReturn: Bool = true,
    probability: Double = 0.3, extra: String = ""
  ) throws -> Runner {
    try Runner(
      yaml: minimalScenario(
        stages: "- {name: close, probability: \(probability), duration_days: 1, uses: none}",
        extra: """
          leads:
            inbound: {per_month: 30}
            market:
              sizes: [{segment: smb, prospects: \(size)}]
              cooling_off_days: \(coolingOff)
              mode: \(mode)
              churned_return: \(churnedReturn)
          \(extra)
          """))
  }

  @Test func everyArrivalTakesTheNextAccountUntilTheListIsExhausted() throws {
    // No account comes back within the horizon: exactly min(N, arrivals) leads.
    for size in [50, 100_000] {
      let runner = try market(size: size)
      let outcomes = try runner.outcomes(10)
      let leads = runner.values(outcomes, "leads_in")
      let refused = runner.values(outcomes, "market_exhausted_arrivals")
      for (l, r) in zip(leads, refused) { #expect(l == min(Double(size), l + r)) }
    }
    // Thinning with the same large size refuses some arrivals long before exhaustion.
    let thinning = try market(size: 1000, mode: "thinning")
    let refused = thinning.values(try thinning.outcomes(10), "market_exhausted_arrivals")
    #expect(refused.reduce(0, +) > 0)
    let list = try market(size: 1000)
    #expect(list.values(try list.outcomes(10), "market_exhausted_arrivals").allSatisfy { $0 == 0 })
  }

  @Test func afterExhaustionOnlyReturnedAccountsMakeLeads() throws {
    // Lost leads give their account back the next day; won ones (portfolio off) never do.
    let runner = try market(size: 50, coolingOff: 0)
    let outcomes = try runner.outcomes(10)
    let leads = runner.values(outcomes, "leads_in")
    let lost = runner.values(outcomes, "lost")
    let expired = runner.values(outcomes, "leads_expired")
    let refused = runner.values(outcomes, "market_exhausted_arrivals")
    for k in outcomes.indices {
      #expect(leads[k] > 50)
      #expect(leads[k] - 50 <= lost[k] + expired[k])
      #expect(refused[k] > 0)
    }
  }

  @Test func churnedAccountsStayOutForGoodWhenAsked() throws {
    // Every lead is won and every client churns at its first month end; accounts come back
    // the next day only when churned_return is on.
    let portfolio = """
      portfolio:
        contract_months: 1
        renewal_probability: 0
      """
    let out = try market(
      size: 40, coolingOff: 0, churnedReturn: false, probability: 1, extra: portfolio)
    let outcomes = try out.outcomes(5)
    #expect(out.values(outcomes, "leads_in") == [40, 40, 40, 40, 40])
    #expect(out.values(outcomes, "clients_churned").allSatisfy { $0 > 0 })
    let back = try market(size: 40, coolingOff: 0, probability: 1, extra: portfolio)
    #expect(back.values(try back.outcomes(5), "leads_in").allSatisfy { $0 > 40 })
  }

  @Test(arguments: [true, false])
  func accountsAreConservedInABusyTeam(_ churnedReturn: Bool) throws {
    // The bundled team with every path an account can take: losses, expiry, churn, clients
    // taken by departing managers, refills. Law 12 throws on any replication that breaks it.
    var s = try ScenarioFiles.load("b2b-consulting")
    s.leads.market.enabled = true
    s.leads.market.mode = .list
    s.leads.market.churnedReturn = churnedReturn
    s.leads.market.coolingOffDays = 21
    s.leads.market.sizes = s.segments.map { MarketSize(segment: $0.name, prospects: 60) }
    s.careers.attrition.annualRate = 0.6
    for i in s.levels.indices { s.levels[i].departingTakesClients = 0.3 }
    let runner = try Runner(s)
    let outcomes = try runner.outcomes(4)
    #expect(runner.values(outcomes, "market_exhausted_arrivals").allSatisfy { $0 > 0 })
  }
}
