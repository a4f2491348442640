import Foundation
import Stochastic
import Testing

@testable import Statistics

@Suite struct ComparisonTests {
  // Differences alternative - baseline: 2 1 1 3 0.
  static let baseline: [Double] = [10, 12, 9, 11, 13]
  static let alternative: [Double] = [12, 13, 10, 14, 13]

  @Test func pairedExampleMatchesHandComputation() throws {
    let c = try PairedComparison(baseline: Self.baseline, alternative: Self.alternative)
    #expect(c.count == 5)
    #expect(isClose(c.meanDifference, 1.4))
    // Squared deviations from 1.4: 0.36 + 0.16 + 0.16 + 2.56 + 1.96 = 5.2; variance 1.3.
    #expect(isClose(try #require(c.standardDeviation), 1.3.squareRoot()))
    // 1.4 ± t(0.975, 4)·√(1.3/5) with t(0.975, 4) = 2.776445 (tables).
    let half = 2.776445 * (1.3 / 5).squareRoot()
    #expect(isClose(c.confidenceInterval, (1.4 - half)...(1.4 + half), tolerance: 1e-6))
    // t = 1.4/√0.26 = 2.745626 on 4 df; two-sided p = 0.051606 (also SciPy's ttest_rel).
    #expect(isClose(try #require(c.pValue), 0.051606, absolute: 1e-6))
    #expect(c.alternativeHigher == (try Proportion(successes: 4, trials: 5)))
    #expect(c.shareAlternativeHigher == 0.8 && c.ties == 1)
  }

  @Test func welchExampleMatchesHandComputation() throws {
    let w = try WelchComparison(baseline: Self.baseline, alternative: Self.alternative)
    #expect(isClose(w.meanDifference, 1.4))
    // Variances 2.5 and 2.3 over n = 5: vA = 0.5, vB = 0.46, se = √0.96.
    #expect(isClose(try #require(w.standardError), 0.96.squareRoot()))
    // df = 0.96² / (0.5²/4 + 0.46²/4) = 0.9216 / 0.1154 = 7.986135.
    #expect(isClose(try #require(w.degreesOfFreedom), 0.9216 / 0.1154))
    // SciPy's ttest_ind(equal_var=False): CI (-0.860096, 3.660096), p = 0.190965.
    #expect(isClose(w.confidenceInterval, -0.860096...3.660096, tolerance: 1e-6))
    #expect(isClose(try #require(w.pValue), 0.190965, absolute: 1e-6))
  }

  @Test func pairingNarrowsTheIntervalOnCommonRandomNumbers() throws {
    let c = try PairedComparison(baseline: Self.baseline, alternative: Self.alternative)
    // Widths 2·2.776445·√0.26 = 2.831430 and 2·(3.660096 - 1.4) = 4.520193.
    #expect(isClose(try #require(c.widthRatioToUnpaired), 2.831430 / 4.520193, absolute: 1e-6))
    #expect(
      c.unpaired == (try WelchComparison(baseline: Self.baseline, alternative: Self.alternative)))
  }

  @Test func commonRandomNumbersBeatIndependentSamplingOnSimulatedData() throws {
    // Each replication has a shared "market" effect; the alternative adds 1 plus small noise.
    let stream = RandomStream(seed: 5)
    let market = (0..<200).map { _ in 100 + 20 * approximatelyNormal(stream) }
    let base = market.map { $0 + approximatelyNormal(stream) }
    let alt = market.map { $0 + 1 + approximatelyNormal(stream) }
    let c = try PairedComparison(baseline: base, alternative: alt)
    #expect(c.confidenceInterval!.contains(1))
    #expect(c.pValue! < 0.001)
    #expect(c.widthRatioToUnpaired! < 0.2)
    #expect(c.unpaired.pValue! > 0.05)  // the same data, unpaired, cannot see the gain
  }

  @Test func constantDifferencesGiveLimitingPValuesNotNaN() throws {
    let same = try PairedComparison(baseline: [1, 2, 3], alternative: [1, 2, 3])
    #expect(same.meanDifference == 0 && same.standardDeviation == 0)
    #expect(same.confidenceInterval == 0...0 && same.pValue == 1 && same.ties == 3)
    let shifted = try PairedComparison(baseline: [1, 2, 3], alternative: [3, 4, 5])
    #expect(shifted.confidenceInterval == 2...2 && shifted.pValue == 0)
    #expect(shifted.shareAlternativeHigher == 1)
  }

  @Test func onePairHasNoIntervalAndNoPValue() throws {
    let c = try PairedComparison(baseline: [1], alternative: [4])
    #expect(c.meanDifference == 3 && c.standardDeviation == nil)
    #expect(c.confidenceInterval == nil && c.pValue == nil && c.widthRatioToUnpaired == nil)
    #expect(c.unpaired.standardError == nil && c.unpaired.confidenceInterval == nil)
  }

  @Test func welchWithBothVariancesZeroHasNoDegreesOfFreedom() throws {
    let w = try WelchComparison(baseline: [2, 2, 2], alternative: [5, 5])
    #expect(w.standardError == 0 && w.degreesOfFreedom == nil)
    #expect(w.confidenceInterval == 3...3 && w.pValue == 0)
  }

  @Test func welchWithOneVarianceZeroUsesTheOtherSamplesDegreesOfFreedom() throws {
    let w = try WelchComparison(baseline: [2, 2, 2], alternative: [4, 5, 6, 7])
    #expect(isClose(try #require(w.degreesOfFreedom), 3))
  }

  @Test func invalidComparisonsThrowClearErrors() {
    #expect(throws: StatisticsError.mismatchedLengths(baseline: 2, alternative: 3)) {
      try PairedComparison(baseline: [1, 2], alternative: [1, 2, 3])
    }
    #expect(throws: StatisticsError.emptySample("baseline sample")) {
      try PairedComparison(baseline: [], alternative: [])
    }
    #expect(throws: StatisticsError.nonFiniteValue("alternative sample", index: 1)) {
      try PairedComparison(baseline: [1, 2], alternative: [1, .infinity])
    }
    #expect(throws: StatisticsError.nonFiniteValue("difference alternative - baseline", index: 0)) {
      try PairedComparison(baseline: [-1.5e308], alternative: [1.5e308])
    }
    #expect(throws: StatisticsError.invalidLevel(0)) {
      try WelchComparison(baseline: [1, 2], alternative: [1, 2], level: 0)
    }
  }

  @Test func comparisonsRoundTripThroughJSON() throws {
    let c = try PairedComparison(baseline: Self.baseline, alternative: Self.alternative)
    #expect(try JSONDecoder().decode(PairedComparison.self, from: JSONEncoder().encode(c)) == c)
  }
}
