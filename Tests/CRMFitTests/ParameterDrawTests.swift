import Statistics
import Stochastic
import Testing

@testable import FunnelSim

/// The forecast's estimate of the won rate's variation beyond Poisson.
struct ParameterDrawTests {
  /// On counts Poisson with a gamma factor of mean 1 and variance 0.09 (mean 15), the
  /// estimate's 99% t-interval over 20 batches of 600 whole months holds 0.09.
  @Test func extraVariationOfWonCountsIsEstimated() throws {
    let stream = RandomStream(seed: 77)
    let batches = (0..<20).map { _ in
      // 602 months: the first and the last are left out as cut short.
      let counts = (0..<602).map { _ in
        let factor = Distribution.gamma(shape: 1 / 0.09, scale: 0.09).sample(stream)
        return Int(Distribution.poisson(mean: 15 * factor).sample(stream))
      }
      return ParameterDraw.extraVariation(counts)
    }
    let summary = try Summary(batches, level: 0.99)
    #expect(try #require(summary.confidenceInterval).contains(0.09), "\(summary.mean)")
  }

  /// Too few whole months, or none won, give no variation.
  @Test func extraVariationNeedsSixWholeMonthsWithWins() {
    #expect(ParameterDraw.extraVariation([3, 30, 1, 40, 2, 50, 9]) == 0)
    #expect(ParameterDraw.extraVariation([Int](repeating: 0, count: 12)) == 0)
    #expect(ParameterDraw.extraVariation([3, 30, 1, 40, 2, 50, 9, 1]) > 0)
  }
}
