import Foundation
import Testing

@testable import Statistics

@Suite struct ProportionTests {
  @Test func wilsonIntervalForEightOfTenMatchesHandComputation() throws {
    // z = 1.959964, z²/n = 0.384146: centre (0.8 + 0.192073)/1.384146 = 0.716734,
    // half 1.959964/1.384146 · √(0.016 + 0.0096037) = 0.226578.
    let p = try Proportion(successes: 8, trials: 10)
    #expect(p.estimate == 0.8)
    #expect(isClose(p.wilsonInterval(), 0.490162...0.943318, tolerance: 1e-6))
  }

  @Test func wilsonIntervalStaysInsideZeroOneAtTheExtremes() throws {
    // No successes: [0, z²/n / (1 + z²/n)] = [0, 0.277533].
    let none = try #require(try Proportion(successes: 0, trials: 10).wilsonInterval())
    #expect(none.lowerBound == 0 && isClose(none.upperBound, 0.277533, absolute: 1e-6))
    let all = try #require(try Proportion(successes: 10, trials: 10).wilsonInterval())
    #expect(all.upperBound == 1 && isClose(all.lowerBound, 1 - 0.277533, absolute: 1e-6))
  }

  @Test func higherLevelWidensTheInterval() throws {
    let p = try Proportion(successes: 30, trials: 100)
    let i90 = try #require(p.wilsonInterval(level: 0.9))
    let i99 = try #require(p.wilsonInterval(level: 0.99))
    #expect(i99.lowerBound < i90.lowerBound && i99.upperBound > i90.upperBound)
    #expect(p.wilsonInterval(level: 1) == nil && p.wilsonInterval(level: .nan) == nil)
  }

  @Test func invalidCountsAreRejected() {
    #expect(throws: StatisticsError.invalidCounts(successes: 0, trials: 0)) {
      try Proportion(successes: 0, trials: 0)
    }
    #expect(throws: StatisticsError.invalidCounts(successes: 3, trials: 2)) {
      try Proportion(successes: 3, trials: 2)
    }
    #expect(throws: StatisticsError.invalidCounts(successes: -1, trials: 2)) {
      try Proportion(successes: -1, trials: 2)
    }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes":5,"trials":4}"#.utf8))
    }
  }

  @Test func countingAndMergingAddUp() throws {
    let reached = try Proportion(counting: [1.2, 0.8, 1.0, 0.95], where: { $0 >= 1 })
    #expect(reached == (try Proportion(successes: 2, trials: 4)))
    #expect(
      reached.merging(try Proportion(successes: 1, trials: 6))
        == (try Proportion(successes: 3, trials: 10)))
  }
}
