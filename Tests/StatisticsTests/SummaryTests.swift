import Foundation
import Stochastic
import Testing

@testable import Statistics

@Suite struct SummaryTests {
  @Test func textbookSampleGivesHandComputedSummary() throws {
    // Shuffled on purpose: quantiles must not depend on the input order.
    let s = try Summary([5, 9, 2, 4, 7, 4, 5, 4])
    #expect(s.count == 8)
    #expect(s.mean == 5)
    #expect(isClose(try #require(s.standardDeviation), (32.0 / 7).squareRoot()))
    // 5 ± t(0.975, 7)·√(32/7)/√8 with t(0.975, 7) = 2.364624.
    #expect(isClose(s.confidenceInterval, 3.212512...6.787488, tolerance: 1e-6))
    #expect(s.level == 0.95)
    #expect(s.min == 2 && s.max == 9)
    // Sorted 2 4 4 4 5 5 7 9; h = 7p: p10 = x0 + 0.7(x1 - x0), p50 = (x3 + x4)/2,
    // p90 = x6 + 0.3(x7 - x6).
    #expect(isClose(s.p10, 3.4) && isClose(s.p50, 4.5) && isClose(s.p90, 7.6))
  }

  @Test func levelChangesTheInterval() throws {
    // t(0.995, 7) = 3.499483 (tables).
    let s = try Summary([2, 4, 4, 4, 5, 5, 7, 9], level: 0.99)
    let half = 3.499483 * (32.0 / 7).squareRoot() / 8.0.squareRoot()
    #expect(isClose(s.confidenceInterval, (5 - half)...(5 + half), tolerance: 1e-5))
  }

  @Test func oneValueHasNoSpreadAndNoInterval() throws {
    let s = try Summary([42])
    #expect(s.count == 1 && s.mean == 42 && s.standardDeviation == nil)
    #expect(s.confidenceInterval == nil && s.halfWidth == nil)
    #expect(s.min == 42 && s.p10 == 42 && s.p50 == 42 && s.p90 == 42 && s.max == 42)
  }

  @Test func equalValuesHaveZeroSpread() throws {
    let s = try Summary(Array(repeating: 7.25, count: 5))
    #expect(s.standardDeviation == 0 && s.confidenceInterval == 7.25...7.25)
  }

  @Test func invalidInputIsRejectedWithAClearError() {
    #expect(throws: StatisticsError.emptySample("sample")) { try Summary([]) }
    #expect(throws: StatisticsError.nonFiniteValue("sample", index: 2)) {
      try Summary([1, 2, .nan])
    }
    #expect(throws: StatisticsError.nonFiniteValue("sample", index: 0)) {
      try Summary([.infinity])
    }
    #expect(throws: StatisticsError.invalidLevel(1)) { try Summary([1, 2], level: 1) }
    #expect(throws: StatisticsError.valuesTooLarge("the squared deviations overflow a double")) {
      try Summary([-1e300, 1e300])
    }
  }

  @Test func summaryRoundTripsThroughJSON() throws {
    let s = try Summary([0.1, 0.2, 0.7, 1.3])
    let back = try JSONDecoder().decode(Summary.self, from: JSONEncoder().encode(s))
    #expect(back == s)
    let one = try Summary([1])
    #expect(try JSONDecoder().decode(Summary.self, from: JSONEncoder().encode(one)) == one)
  }

  @Test func summaryAgreesWithTheAccumulator() throws {
    let xs = AccumulatorTests.values(seed: 21, count: 500)
    let s = try Summary(xs)
    let a = Accumulator(xs)
    #expect(isClose(s.mean, a.mean, relative: 1e-12))
    #expect(isClose(s.standardDeviation!, a.standardDeviation!, relative: 1e-10))
    #expect(s.min == a.min && s.max == a.max)
  }

  /// The t interval should cover the true mean of (nearly) normal data 95 % of the time even
  /// for n = 5, where a normal-quantile interval would cover only about 88 %.
  @Test func tIntervalCoversTheMeanAtItsLevel() throws {
    let stream = RandomStream(seed: 2024)
    var covered = 0
    let trials = 4000
    for _ in 0..<trials {
      let s = try Summary((0..<5).map { _ in 10 + approximatelyNormal(stream) })
      if s.confidenceInterval!.contains(10) { covered += 1 }
    }
    let rate = try Proportion(successes: covered, trials: trials)
    #expect(rate.wilsonInterval(level: 0.999)!.contains(0.95), "coverage \(rate.estimate)")
  }
}
