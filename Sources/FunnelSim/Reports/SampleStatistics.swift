import SalesModel
import Statistics

/// The figures a report shows for one sample: count, mean, sd, 95% CI, extremes and deciles.
/// Fields are nil where they are undefined (an empty sample, an interval from one value),
/// so no report ever shows NaN.
public struct SampleStatistics: Sendable, Hashable {
  public var count: Int
  public var mean: Double?
  public var standardDeviation: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  public var min: Double?
  public var p10: Double?
  public var p50: Double?
  public var p90: Double?
  public var max: Double?

  /// Summarises `values` with GSL (see ``Statistics/Summary``). An empty sample, or one with
  /// a non-finite value (which the model never produces), gives nil figures rather than NaN.
  init(_ values: [Double]) {
    count = values.count
    guard let s = try? Summary(values, level: 0.95) else { return }
    mean = s.mean
    standardDeviation = s.standardDeviation
    ciLow = s.confidenceInterval?.lowerBound
    ciHigh = s.confidenceInterval?.upperBound
    min = s.min
    p10 = s.p10
    p50 = s.p50
    p90 = s.p90
    max = s.max
  }

  /// Narrows the confidence interval to the values the metric can take.
  ///
  /// A 0/1 indicator (such as "the team reached its plan") gets the Wilson score interval,
  /// which stays inside [0, 1] and keeps its coverage near 0 and 1 where Student's t does not.
  /// Other intervals are intersected with the metric's range (no negative counts or money, no
  /// share above 1); intersecting with the parameter space never lowers coverage.
  mutating func fit(to unit: MetricUnit, values: [Double]) {
    guard let low = ciLow, let high = ciHigh else { return }
    if unit == .share, !values.isEmpty, values.allSatisfy({ $0 == 0 || $0 == 1 }) {
      let successes = values.reduce(0) { $0 + Int($1) }
      if let p = try? Proportion(successes: successes, trials: values.count),
        let wilson = p.wilsonInterval(level: 0.95)
      {
        ciLow = wilson.lowerBound
        ciHigh = wilson.upperBound
        return
      }
    }
    if unit.isNeverNegative { ciLow = Swift.max(0, low) }
    if let top = unit.upperBound, values.allSatisfy({ $0 <= top }) {
      ciHigh = Swift.min(top, high)
    }
  }
}
