/// The mean, extremes and P10/P50/P90 of a sample, without its spread: the figures of a
/// ``Summary`` that a band of quantiles needs (a monthly series of a report).
///
/// ```swift
/// let month = try MeanAndQuantiles(bookingsInMonth3)
/// print(month.p10, month.p50, month.p90)
/// ```
///
/// Each figure is bit for bit the one ``Summary`` gives for the same values (the same GSL
/// mean in the caller's order, the same selected order statistics); it leaves out the
/// standard deviation, a second pass over the sample, and the Student-t quantile.
public struct MeanAndQuantiles: Hashable, Sendable {
  /// Number of values.
  public let count: Int
  /// Arithmetic mean (`gsl_stats_mean`).
  public let mean: Double
  /// Smallest value.
  public let min: Double
  /// 10th percentile.
  public let p10: Double
  /// Median.
  public let p50: Double
  /// 90th percentile.
  public let p90: Double
  /// Largest value.
  public let max: Double

  /// Summarises `sample`; throws for an empty sample or a NaN or infinite value.
  ///
  /// - Complexity: O(n) expected (see ``Summary/init(_:level:)``).
  public init(_ sample: [Double]) throws(StatisticsError) {
    try validateSample(sample)
    let selected = SelectedQuantiles(sample, orders: [0.1, 0.5, 0.9])
    count = sample.count
    mean = gslMean(sample)
    min = selected.min
    p10 = selected.quantile(0.1)
    p50 = selected.quantile(0.5)
    p90 = selected.quantile(0.9)
    max = selected.max
  }
}
