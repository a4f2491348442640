import Stochastic
import Testing

@testable import Statistics

@Suite struct RatioEstimateTests {
  @Test func workedExampleOfTheStatisticsDocument() throws {
    // docs/statistics.md, "Ratios across replications".
    let r = try RatioEstimate(numerators: [3, 0, 5, 2], denominators: [10, 0, 20, 10])
    #expect(r.count == 4 && r.defined == 3)
    #expect(isClose(try #require(r.estimate), 0.25))
    // Residuals 0.5, 0, 0, -0.5: s_e² = 1/6, B̄ = 10, se = √(1/6) / (2·10).
    #expect(isClose(try #require(r.standardError), (1.0 / 6).squareRoot() / 20))
    #expect(isClose(try #require(r.standardError), 0.020412, absolute: 1e-6))
    // t(0.975, 3) = 3.182446 (tables).
    #expect(isClose(r.confidenceInterval, (0.25 - 0.064961)...(0.25 + 0.064961), tolerance: 1e-6))
  }

  @Test func emptyDenominatorsGiveNoEstimateRatherThanZero() throws {
    let r = try RatioEstimate(numerators: [0, 0, 0], denominators: [0, 0, 0])
    #expect(r.estimate == nil && r.confidenceInterval == nil && r.defined == 0)
    let one = try RatioEstimate(numerators: [2], denominators: [4])
    #expect(one.estimate == 0.5 && one.confidenceInterval == nil)
  }

  @Test func aShareIntervalStaysInsideZeroToOne() throws {
    let r = try RatioEstimate(
      numerators: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0], denominators: Array(repeating: 1, count: 10),
      range: 0...1)
    let ci = try #require(r.confidenceInterval)
    #expect(ci.upperBound == 1 && ci.lowerBound > 0)
    let equal = try RatioEstimate(numerators: [1, 2, 3], denominators: [2, 4, 6])
    #expect(equal.confidenceInterval == 0.5...0.5)
  }

  @Test func refusesNegativeDenominatorsAndMismatchedLengths() {
    #expect(throws: StatisticsError.negativeDenominator(index: 1)) {
      try RatioEstimate(numerators: [1, 0], denominators: [2, -1])
    }
    #expect(throws: StatisticsError.mismatchedLengths(baseline: 2, alternative: 1)) {
      try RatioEstimate(numerators: [1, 0], denominators: [2])
    }
  }

  /// Replications of a few Bernoulli trials each (0 to 4, sometimes none): the true ratio
  /// is `p`; the 95 % interval covers it in about 95 % of experiments.
  @Test func intervalCoversTheTrueRatioOnSimulatedReplications() throws {
    let stream = RandomStream(seed: 91)
    let p = 0.3
    let experiments = 1000
    var covered = 0
    for _ in 0..<experiments {
      var a = [Double](repeating: 0, count: 40)
      var b = [Double](repeating: 0, count: 40)
      for r in 0..<40 {
        let trials = Int(stream.uniform() * 5)
        b[r] = Double(trials)
        for _ in 0..<trials where stream.uniform() < p { a[r] += 1 }
      }
      let estimate = try RatioEstimate(numerators: a, denominators: b, range: 0...1)
      if let ci = estimate.confidenceInterval, ci.contains(p) { covered += 1 }
    }
    let coverage = try Proportion(successes: covered, trials: experiments)
    let wilson = try #require(coverage.wilsonInterval(level: 0.99))
    // First-order intervals run a little short at n = 40; 0.93 is the tolerance for that.
    #expect(wilson.upperBound >= 0.93 && wilson.lowerBound <= 0.96)
  }

  @Test func pairedDifferenceOfRatiosOnCommonRandomNumbers() throws {
    let stream = RandomStream(seed: 92)
    let (p, q) = (0.3, 0.4)
    let experiments = 1000
    var covered = 0
    var narrower = 0
    for _ in 0..<experiments {
      var b = [Double](repeating: 0, count: 40)
      var a1 = b
      var a2 = b
      for r in 0..<40 {
        let trials = Int(stream.uniform() * 5)
        b[r] = Double(trials)
        for _ in 0..<trials {
          // The same uniform decides both scenarios: common random numbers.
          let u = stream.uniform()
          if u < p { a1[r] += 1 }
          if u < q { a2[r] += 1 }
        }
      }
      let d = try PairedRatioDifference(
        baselineNumerators: a1, baselineDenominators: b,
        alternativeNumerators: a2, alternativeDenominators: b)
      let ci = try #require(d.confidenceInterval)
      if ci.contains(q - p) { covered += 1 }
      let halfA = try #require(d.baseline.halfWidth)
      let halfB = try #require(d.alternative.halfWidth)
      if (ci.upperBound - ci.lowerBound) / 2 < (halfA * halfA + halfB * halfB).squareRoot() {
        narrower += 1
      }
    }
    let coverage = try Proportion(successes: covered, trials: experiments)
    let wilson = try #require(coverage.wilsonInterval(level: 0.99))
    #expect(wilson.upperBound >= 0.93 && wilson.lowerBound <= 0.96)
    // Common random numbers make the paired interval narrower than an unpaired one.
    #expect(narrower > experiments * 9 / 10)
  }

  @Test func pairedDifferenceIsAbsentWhenEitherRatioIs() throws {
    let d = try PairedRatioDifference(
      baselineNumerators: [0, 0], baselineDenominators: [0, 0],
      alternativeNumerators: [1, 2], alternativeDenominators: [2, 4])
    #expect(d.difference == nil && d.confidenceInterval == nil && d.pValue == nil)
    let same = try PairedRatioDifference(
      baselineNumerators: [1, 2], baselineDenominators: [2, 4],
      alternativeNumerators: [1, 2], alternativeDenominators: [2, 4])
    #expect(same.difference == 0 && same.pValue == 1)
  }
}
