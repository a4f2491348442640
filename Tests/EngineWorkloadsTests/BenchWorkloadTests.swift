import Testing

@testable import EngineWorkloads

@Suite struct BenchWorkloadTests {
  @Test func erlangCMatchesPublishedValues() {
    // M/M/1: Wq = rho / (mu - lambda) = rho / (1 - rho) in mean service times.
    #expect(abs(MMcQueue(servers: 1, load: 0.5).exactMeanWait - 1.0) < 1e-12)
    #expect(abs(MMcQueue(servers: 1, load: 0.9).exactMeanWait - 9.0) < 1e-9)
    // M/M/2 at rho = 0.5: P(wait) = 1/3, Wq = (1/3) / (2 - 1).
    #expect(abs(MMcQueue(servers: 2, load: 0.5).exactMeanWait - 1.0 / 3) < 1e-12)
  }

  @Test func mmcIntervalContainsErlangC() {
    let result = MMcQueue(servers: 3, load: 0.7)
      .run(customers: 20_000, replications: 10, seed: 2024)
    #expect(result.replications == 10)
    #expect(result.events == 2 * 20_000 * 10)
    #expect(result.intervalContainsExact == true)
    #expect(result.meanWait > 0)
  }

  @Test func holdModelKeepsItsEventsPendingAndIsReproducible() {
    var a = HoldModel(pending: 100, seed: 7)
    var b = HoldModel(pending: 100, seed: 7)
    let ta = a.run(events: 10_000)
    #expect(ta == b.run(events: 10_000))
    #expect(a.simulation.pendingCount == 100)
    #expect(a.simulation.counters.fired == 10_000)
    // Each chain advances by Exp(1) per step: 10,000 steps over 100 chains put the clock
    // near 100 (each chain's position ~ Gamma(100, 1), sd 10).
    #expect(ta > 50 && ta < 150)
  }
}
