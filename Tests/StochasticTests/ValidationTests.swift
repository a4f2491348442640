import Testing

@testable import Stochastic

@Suite struct DistributionValidationTests {
  @Test(arguments: [
    (Distribution.lognormal(mean: 100, sd: -1), "sd", "sd must be >= 0"),
    (.lognormal(mean: 0, sd: 1), "mean", "mean must be > 0"),
    (.uniform(min: 5, max: 1), "max", "min must be < max"),
    (.triangular(min: 0, mode: 3, max: 2), "mode", "mode must be between min and max"),
    (.exponential(mean: .nan), "mean", "mean must be a finite number"),
    (.gamma(shape: 0, scale: 1), "shape", "shape must be > 0"),
    (.truncatedNormal(mean: 0, sd: 1, min: 2, max: 2), "max", "min must be < max"),
    (.weibull(shape: 0.01, scale: 1), "shape", "shape must be at least 0.1"),
    (.poisson(mean: -1), "mean", "mean must be between 0 and"),
    (.bernoulli(p: 1.5), "p", "p must be between 0 and 1"),
    (.binomial(n: -3, p: 0.5), "n", "n must be a whole number"),
    (.geometric(p: 0), "p", "p must be > 0 and <= 1"),
    (
      .discrete(values: [1, 2], weights: [0, 0]), "weights",
      "weights must be non-negative and not all zero"
    ),
    (.discrete(values: [1, 2], weights: [1]), "weights", "weights must have one entry per value"),
    (
      .empirical(values: [0, 1], cumulative: [0.1, 1]), "cumulative",
      "cumulative must start at 0"
    ),
    (
      .empirical(values: [3, 1], cumulative: [0, 1]), "values", "values must be in increasing order"
    ),
  ])
  func invalidParametersAreReportedInTheUsersWords(
    _ d: Distribution, _ parameter: String, _ message: String
  ) {
    let found = d.problems
    #expect(!found.isEmpty, "\(d) passed validation")
    #expect(found.first?.parameter == parameter)
    #expect(found.first?.message.hasPrefix(message) == true, "got \(found.first?.message ?? "")")
    #expect(throws: InvalidDistribution.self) { try d.validated() }
  }

  @Test func negativeWeightIsPinnedToItsPosition() {
    let d = Distribution.discrete(values: [1, 2, 3], weights: [0.5, -1, 0.5])
    #expect(
      d.problems == [
        .init(
          parameter: "weights", index: 1, message: "weights must be non-negative numbers (got -1)")
      ])
  }

  @Test func validDistributionsHaveNoProblems() {
    for d in DistributionMomentTests.cases { #expect(d.validate().isEmpty, "\(d)") }
  }

  @Test func descriptionsReadLikeTheScenario() {
    #expect(
      Distribution.lognormal(mean: 50_000, sd: 20_000).description
        == "lognormal(mean 50000, sd 20000)")
    #expect(Distribution.constant(2.5).description == "2.5")
    #expect(
      Distribution.discrete(values: [1, 2], weights: [0.25, 0.75]).description
        == "discrete(values [1, 2], weights [0.25, 0.75])")
  }
}
