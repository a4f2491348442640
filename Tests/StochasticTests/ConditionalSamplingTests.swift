import Testing

@testable import Stochastic

/// Draws conditioned on exceeding a value (`sample(exceeding:_:)`) against the plain draws
/// that exceed it: two independent estimates of `E[X | X > t]`, whose difference must lie
/// within z = 4.5 standard errors (a false alarm below 1e-5 per check; fixed seeds).
@Suite struct ConditionalSamplingTests {
  static let draws = 100_000
  static let z = 4.5

  static let cases: [(Distribution, Double)] = [
    (.uniform(min: -2, max: 5), 1),
    (.triangular(min: 1, mode: 2, max: 6), 3),
    (.exponential(mean: 3), 2),
    (.gamma(shape: 4, scale: 1.5), 7),
    (.lognormal(mean: 24, sd: 20), 30),
    (.truncatedNormal(mean: 5, sd: 2, min: 0, max: .infinity), 6),
    (.weibull(shape: 1.5, scale: 10), 12),
    (.poisson(mean: 6), 6),
    (.geometric(p: 0.25), 3),
    (.discrete(values: [1, 2, 3], weights: [0.2, 0.5, 0.3]), 1.5),
    (.empirical(values: [0, 10, 30, 60], cumulative: [0, 0.5, 0.9, 1]), 20),
  ]

  @Test(arguments: cases.indices)
  func conditionedDrawsMatchTheDrawsAboveTheValue(_ index: Int) throws {
    let (d, t) = Self.cases[index]
    let conditioned = RandomStream(seed: 41, replication: index, name: "conditioned")
    let plain = RandomStream(seed: 43, replication: index, name: "plain")
    var a = Moments()
    for _ in 0..<Self.draws {
      let x = try #require(d.sample(exceeding: t, conditioned))
      #expect(x > t, "\(d): \(x) not above \(t)")
      a.add(x)
    }
    var b = Moments()
    for _ in 0..<Self.draws {
      let x = d.sample(plain)
      if x > t { b.add(x) }
    }
    #expect(b.n > 1000)
    let se = (a.variance / a.n + b.variance / b.n).squareRoot()
    #expect(abs(a.mean - b.mean) <= Self.z * se, "\(d) above \(t): \(a.mean) vs \(b.mean)")
  }

  @Test func exponentialForgetsTheTimeAlreadySpent() throws {
    // Memoryless: E[X | X > t] = t + mean, a closed form.
    let stream = RandomStream(seed: 5, replication: 0, name: "memoryless")
    var m = Moments()
    for _ in 0..<Self.draws {
      m.add(try #require(Distribution.exponential(mean: 3).sample(exceeding: 40, stream)))
    }
    #expect(abs(m.mean - 43) <= Self.z * (m.variance / m.n).squareRoot())
  }

  @Test func noMassAboveTheValueGivesNothing() {
    let stream = RandomStream(seed: 5, replication: 0, name: "none")
    #expect(Distribution.constant(6).sample(exceeding: 6, stream) == nil)
    #expect(Distribution.constant(6).sample(exceeding: 5, stream) == 6)
    #expect(Distribution.uniform(min: 0, max: 24).sample(exceeding: 24, stream) == nil)
    #expect(Distribution.binomial(n: 5, p: 0.5).sample(exceeding: 5, stream) == nil)
    #expect(
      Distribution.empirical(values: [0, 10], cumulative: [0, 1]).sample(exceeding: 10, stream)
        == nil)
  }

  /// Running mean and variance (Welford).
  struct Moments {
    var n = 0.0
    var mean = 0.0
    var m2 = 0.0
    mutating func add(_ x: Double) {
      n += 1
      let delta = x - mean
      mean += delta / n
      m2 += delta * (x - mean)
    }
    var variance: Double { n > 1 ? m2 / (n - 1) : 0 }
  }
}
