#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The M/M/c queue's answer to "how many agents": Poisson arrivals, exponential handling,
/// `c` agents, first come first served, nobody hangs up (Erlang C).
///
/// With offered load `a = λ·h` (arrivals per minute times mean handling minutes) and `c > a`,
/// the probability that a request waits is Erlang's C formula, computed through the Erlang B
/// recursion `B₀ = 1, Bₖ = a·Bₖ₋₁ / (k + a·Bₖ₋₁)` and `C = c·B_c / (c − a·(1 − B_c))`: every
/// term stays in (0, 1], so it neither overflows (`a^c / c!` does, for c in the hundreds)
/// nor cancels. Then
///
///     P(wait ≤ t) = 1 − C · exp(−(c − a)·t / h),   E[wait] = C · h / (c − a).
///
/// ```swift
/// let desk = ErlangC(arrivalsPerMinute: 2, handlingMinutes: 4, agents: 10)
/// desk.shareAnswered(within: 0.5)   // about 0.80: the "80/30" service level
/// ErlangC.agents(arrivalsPerMinute: 2, handlingMinutes: 4, targetShare: 0.8, within: 0.5)
/// ```
public struct ErlangC: Sendable, Hashable {
  /// Arrival rate `λ`, per minute.
  public let arrivalsPerMinute: Double
  /// Mean handling time `h`, minutes.
  public let handlingMinutes: Double
  /// Agents `c`.
  public let agents: Int

  /// The queue with `agents` agents; the rates must be finite and >= 0.
  public init(arrivalsPerMinute: Double, handlingMinutes: Double, agents: Int) {
    self.arrivalsPerMinute = arrivalsPerMinute
    self.handlingMinutes = handlingMinutes
    self.agents = agents
  }

  /// Offered load `a = λ·h` in Erlangs: the agents busy on average.
  public var offeredLoad: Double { arrivalsPerMinute * handlingMinutes }

  /// Whether the queue is stable (`c > a`); otherwise the wait grows without bound.
  public var isStable: Bool { Double(agents) > offeredLoad }

  /// Probability that a request waits at all, `C(c, a)`; 1 when the queue is not stable.
  ///
  /// - Complexity: O(c).
  public var probabilityOfWaiting: Double {
    let a = offeredLoad
    guard a > 0 else { return 0 }
    guard isStable else { return 1 }
    var b = 1.0
    for k in 1...agents { b = a * b / (Double(k) + a * b) }
    let c = Double(agents)
    return c * b / (c - a * (1 - b))
  }

  /// The share of requests answered within `minutes` of arriving; 0 when not stable.
  public func shareAnswered(within minutes: Double) -> Double {
    guard offeredLoad > 0 else { return 1 }
    guard isStable else { return 0 }
    let decay = (Double(agents) - offeredLoad) * minutes / handlingMinutes
    return 1 - probabilityOfWaiting * exp(-decay)
  }

  /// The mean wait before an answer, minutes; infinity when not stable.
  public var meanWait: Double {
    guard offeredLoad > 0 else { return 0 }
    guard isStable else { return .infinity }
    return probabilityOfWaiting * handlingMinutes / (Double(agents) - offeredLoad)
  }

  /// The fewest agents that answer at least `targetShare` of requests within `within` minutes
  /// (at least 1); nil when the rates are not finite and >= 0, or the target is not in (0, 1).
  ///
  /// - Complexity: O(c²) for the answer c (each candidate runs the recursion).
  public static func agents(
    arrivalsPerMinute: Double, handlingMinutes: Double, targetShare: Double, within: Double
  ) -> Int? {
    guard arrivalsPerMinute >= 0, arrivalsPerMinute.isFinite, handlingMinutes >= 0,
      handlingMinutes.isFinite, targetShare > 0, targetShare < 1, within >= 0
    else { return nil }
    var c = max(1, Int(arrivalsPerMinute * handlingMinutes) + 1)
    while ErlangC(arrivalsPerMinute: arrivalsPerMinute, handlingMinutes: handlingMinutes, agents: c)
      .shareAnswered(within: within) < targetShare
    {
      c += 1
    }
    return c
  }
}
