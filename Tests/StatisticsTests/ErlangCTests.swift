import Foundation
import Statistics
import Testing

/// Erlang C against the M/M/1 closed form and the textbook sum.
@Suite struct ErlangCTests {
  @Test func oneAgentIsTheMM1Queue() {
    // M/M/1: P(wait) = ρ, E[wait] = ρ·h / (1 − ρ), P(wait ≤ t) = 1 − ρ·exp(−(1 − ρ)·t/h).
    let q = ErlangC(arrivalsPerMinute: 0.15, handlingMinutes: 4, agents: 1)
    let rho = 0.6
    #expect(abs(q.probabilityOfWaiting - rho) < 1e-12)
    #expect(abs(q.meanWait - rho * 4 / (1 - rho)) < 1e-12)
    #expect(abs(q.shareAnswered(within: 3) - (1 - rho * exp(-(1 - rho) * 3 / 4))) < 1e-12)
  }

  @Test func manyAgentsMatchTheTextbookSumInLogSpace() {
    // C(c, a) = (a^c/c!)·c/(c − a) / (Σ_{k<c} a^k/k! + (a^c/c!)·c/(c − a)), in logs.
    for (c, a) in [(5, 3.7), (40, 35.2), (300, 287.5)] {
      func logTerm(_ k: Int) -> Double { Double(k) * log(a) - lgamma(Double(k) + 1) }
      let top = logTerm(c) + log(Double(c) / (Double(c) - a))
      let logs = (0..<c).map(logTerm) + [top]
      let m = logs.max()!
      let sum = logs.reduce(0) { $0 + exp($1 - m) }
      let expected = exp(top - m) / sum
      let q = ErlangC(arrivalsPerMinute: a, handlingMinutes: 1, agents: c)
      #expect(abs(q.probabilityOfWaiting - expected) < 1e-10 * max(1, expected), "c \(c), a \(a)")
    }
  }

  @Test func theHeadcountIsTheFewestThatMeetTheTarget() throws {
    let c = try #require(
      ErlangC.agents(arrivalsPerMinute: 2, handlingMinutes: 4, targetShare: 0.8, within: 0.5))
    let at = ErlangC(arrivalsPerMinute: 2, handlingMinutes: 4, agents: c)
    let below = ErlangC(arrivalsPerMinute: 2, handlingMinutes: 4, agents: c - 1)
    #expect(at.shareAnswered(within: 0.5) >= 0.8 && below.shareAnswered(within: 0.5) < 0.8)
    #expect(ErlangC(arrivalsPerMinute: 2, handlingMinutes: 4, agents: 8).meanWait == .infinity)
    #expect(ErlangC.agents(arrivalsPerMinute: 1, handlingMinutes: 1, targetShare: 1, within: 1) == nil)
  }
}
