import Stochastic
import Testing

@testable import Statistics

@Suite struct QuantileTests {
  @Test func quantilesInterpolateBetweenOrderStatistics() throws {
    let s = try SortedSample([40, 10, 30, 20])  // sorted 10 20 30 40, h = 3p
    #expect(s.values == [10, 20, 30, 40])
    #expect(s.quantile(0) == 10 && s.quantile(1) == 40)
    #expect(isClose(s.quantile(0.5)!, 25))  // h = 1.5
    #expect(isClose(s.quantile(0.25)!, 17.5))  // h = 0.75
    #expect(isClose(s.quantile(0.9)!, 37))  // h = 2.7
    #expect(s.quantile(-0.1) == nil && s.quantile(1.1) == nil && s.quantile(.nan) == nil)
  }

  @Test func valueReachedByAShareIsTheComplementaryQuantile() throws {
    let attainment = try SortedSample((1...100).map(Double.init))  // 1 ... 100
    // 80 % of managers reach quantile(0.2): h = 99·0.2 = 19.8 -> 20 + 0.8 = 20.8.
    #expect(isClose(attainment.valueReached(byShare: 0.8)!, 20.8))
    #expect(attainment.valueReached(byShare: 1) == 1)
    #expect(attainment.valueReached(byShare: 2) == nil)
  }

  @Test func medianIntervalForTwentyValuesIsTheTextbookOne() throws {
    // For n = 20 the 95 % distribution-free median interval is [x(6), x(15)], coverage
    // 1 - 2·P(Bin(20, ½) <= 5) = 1 - 2·0.0206947 = 0.958611.
    let s = try SortedSample((1...20).map(Double.init))
    let q = try #require(s.quantileInterval(0.5))
    #expect(q.lowerRank == 6 && q.upperRank == 15)
    #expect(q.interval == 6...15)
    #expect(isClose(q.coverage, 0.958611, absolute: 1e-6))
    #expect(q.estimate == 10.5)
  }

  @Test func tooSmallASampleHasNoQuantileInterval() throws {
    // P(Bin(5, 0.1) = 0) = 0.59 > 0.025: no order statistic can bound P10 from below.
    let s = try SortedSample([1, 2, 3, 4, 5])
    #expect(s.quantileInterval(0.1) == nil)
    #expect(s.quantileInterval(0.5, level: 0.95) == nil)  // needs n >= 6
    #expect(try SortedSample([1, 2, 3, 4, 5, 6]).quantileInterval(0.5)?.interval == 1...6)
    #expect(s.quantileInterval(0) == nil && s.quantileInterval(0.5, level: 1) == nil)
    // P10 at 95 % needs 0.9ⁿ <= 0.025, i.e. n >= 36.
    #expect(try SortedSample((1...35).map(Double.init)).quantileInterval(0.1) == nil)
    #expect(try SortedSample((1...36).map(Double.init)).quantileInterval(0.1)?.lowerRank == 1)
  }

  /// Over many uniform samples the interval for P90 must cover the true 0.9 at its exact
  /// binomial coverage (which is at least the level).
  @Test func quantileIntervalCoversAtItsStatedRate() throws {
    let stream = RandomStream(seed: 77)
    var covered = 0
    var coverage = 0.0
    let trials = 3000
    for _ in 0..<trials {
      let s = try SortedSample((0..<60).map { _ in stream.uniform() })
      let q = try #require(s.quantileInterval(0.9))
      coverage = q.coverage
      #expect(q.coverage >= 0.95)
      if q.interval.contains(0.9) { covered += 1 }
    }
    let rate = try Proportion(successes: covered, trials: trials)
    #expect(rate.wilsonInterval(level: 0.999)!.contains(coverage), "rate \(rate.estimate)")
  }
}
