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
}
