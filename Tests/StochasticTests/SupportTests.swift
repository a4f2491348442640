import Testing

@testable import Stochastic

/// Where each kind's draws can fall, and the refusal of draws below a minimum.
@Suite struct DistributionSupportTests {
  @Test(arguments: [
    (Distribution.constant(4), 4.0...4.0),
    (.uniform(min: -2, max: 3), -2.0...3.0),
    (.triangular(min: 1, mode: 2, max: 5), 1.0...5.0),
    (.exponential(mean: 3), 0.0...Double.infinity),
    (.gamma(shape: 2, scale: 1), 0.0...Double.infinity),
    (.lognormal(mean: 10, sd: 2), 0.0...Double.infinity),
    (.truncatedNormal(mean: 0, sd: 1, min: -1, max: .infinity), -1.0...Double.infinity),
    (.weibull(shape: 1.5, scale: 2), 0.0...Double.infinity),
    (.poisson(mean: 4), 0.0...Double.infinity),
    (.bernoulli(p: 0.3), 0.0...1.0),
    (.binomial(n: 7, p: 0.5), 0.0...7.0),
    (.geometric(p: 0.2), 1.0...Double.infinity),
    (.discrete(values: [3, -1, 8], weights: [1, 1, 1]), -1.0...8.0),
    (.empirical(values: [2, 4, 9], cumulative: [0, 0.5, 1]), 2.0...9.0),
  ])
  func eachKindHasItsSupport(_ d: Distribution, _ support: ClosedRange<Double>) {
    #expect(Distribution.Kind.allCases.count == 14)
    #expect(d.support == support)
  }

  @Test func everyDrawLiesInTheSupport() {
    let stream = RandomStream(seed: 3, replication: 0, name: "support")
    for d in DistributionMomentTests.cases {
      for _ in 0..<200 { #expect(d.support.contains(d.sample(stream)), "\(d)") }
    }
  }

  @Test(arguments: [
    (Distribution.constant(-1), "value", nil, "value must be >= 0 (got -1)"),
    (.uniform(min: -3, max: 5), "min", nil, "min must be >= 0 (got -3)"),
    (
      .triangular(min: -500_000, mode: 1000, max: 600_000), "min", nil,
      "min must be >= 0 (got -500000)"
    ),
    (
      .truncatedNormal(mean: 5, sd: 2, min: -.infinity, max: .infinity), "min", nil,
      "min must be given and be >= 0 (without it, it is -.inf)"
    ),
    (
      .truncatedNormal(mean: 5, sd: 2, min: -1, max: 9), "min", nil, "min must be >= 0 (got -1)"
    ),
    (
      .discrete(values: [3, -2, 1], weights: [1, 1, 1]), "values", 1, "values must be >= 0 (got -2)"
    ),
    (
      .empirical(values: [-4, 1], cumulative: [0, 1]), "values", 0, "values must be >= 0 (got -4)"
    ),
  ])
  func drawsBelowZeroAreNamedByTheirParameter(
    _ d: Distribution, _ parameter: String, _ index: Int?, _ message: String
  ) {
    #expect(d.problem(drawsBelow: 0) == .init(parameter: parameter, index: index, message: message))
  }

  @Test func kindsThatCannotGoNegativePass() {
    let nonNegative: [Distribution] = [
      .constant(0), .uniform(min: 0, max: 1), .triangular(min: 0, mode: 0, max: 1),
      .exponential(mean: 1), .gamma(shape: 1, scale: 1), .lognormal(mean: 1, sd: 1),
      .truncatedNormal(mean: 1, sd: 1, min: 0, max: .infinity), .weibull(shape: 1, scale: 1),
      .poisson(mean: 1), .bernoulli(p: 0.5), .binomial(n: 3, p: 0.5), .geometric(p: 0.5),
      .discrete(values: [0, 1], weights: [1, 1]), .empirical(values: [0, 1], cumulative: [0, 1]),
    ]
    #expect(Set(nonNegative.map(\.kind)).count == Distribution.Kind.allCases.count)
    for d in nonNegative { #expect(d.problem(drawsBelow: 0) == nil, "\(d)") }
  }

  @Test func aPositiveMinimumIsMissedByKindsStartingAtZero() {
    #expect(
      Distribution.exponential(mean: 1).problem(drawsBelow: 1)?.message
        == "exponential draws start at 0, below 1")
  }
}
