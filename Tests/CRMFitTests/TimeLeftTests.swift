import CGSL
import CRMFit
import Foundation
import Testing

/// The days an open deal has left in its stage (docs/calibration.md, "Days left in the stage"),
/// against stays drawn with a known distribution.
@Suite struct TimeLeftTests {
  /// Deals enter a stage at random times and stay gamma(2, 10) days (mean 20); on the as-of
  /// day, those still in it have stayed longer than a fresh stay would suggest.
  @Test func daysLeftFollowTheTimeAlreadySpentInTheStage() throws {
    let rng = EstimatorTests.RNG(21)
    let asOf = 3000.0
    var durations: [Double] = []
    var observed: [Bool] = []
    var elapsed: [Double] = []
    var left: [Double] = []
    var t = 0.0
    while true {
      t += gsl_ran_exponential(rng.r, 0.05)  // twenty deals a day
      if t > asOf { break }
      let stay = gsl_ran_gamma(rng.r, 2, 10)
      if t + stay <= asOf {
        durations.append(stay)
        observed.append(true)
      } else {
        durations.append(asOf - t)
        observed.append(false)
        elapsed.append(asOf - t)
        left.append(t + stay - asOf)
      }
    }
    let curve = try #require(StageTimeLeft(durations: durations, observed: observed))
    let n = Double(left.count)
    let mean = left.reduce(0, +) / n
    let sd = (left.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    // The fitted mean of the days left is the deals' own, within four standard errors.
    let fitted = curve.meanDaysLeft(elapsed: elapsed)
    #expect(abs(fitted - mean) < 4 * sd / n.squareRoot(), "\(fitted) vs \(mean) ± \(sd / n.squareRoot())")
    // The true mean left of a deal found in a gamma(2, 10) stay is E[D²] / 2E[D] = 15; a
    // uniform share of a fresh stay would give 10, far outside.
    #expect(abs(mean - 15) < 4 * sd / n.squareRoot())
    #expect(abs(fitted - 10) > 3 * sd / n.squareRoot())
    // Half the deals leave by the distribution's median (its value is lowered by half a day
    // for the model's rounding up), within a binomial 99.9% band.
    let (values, cumulative) = curve.daysLeft(elapsed: elapsed)
    #expect(cumulative.first == 0 && cumulative.last == 1 && values.count == cumulative.count)
    let median = values[10] + 0.5
    let share = Double(left.count { $0 <= median }) / n
    #expect(abs(share - 0.5) < 3.3 * (0.25 / n).squareRoot(), "\(share) of \(Int(n))")
  }

  @Test func noCurveWithoutAnExit() {
    #expect(StageTimeLeft(durations: [3, 4], observed: [false, false]) == nil)
  }
}
