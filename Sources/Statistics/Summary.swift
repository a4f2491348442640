/// The summary of one metric across a sample (typically one value per replication): count,
/// mean, standard deviation, Student-t confidence interval for the mean, minimum, P10, P50,
/// P90 and maximum — all computed by GSL.
///
/// ```swift
/// let revenue = try Summary(revenuePerReplication)   // 95 % interval by default
/// print(revenue.mean, revenue.confidenceInterval ?? revenue.mean...revenue.mean)
/// ```
///
/// Computed from the values themselves (not from merged accumulators), a summary depends
/// only on the values and their order, so it is byte-identical however the replications
/// were split across threads or machines, provided they are gathered in replication order.
/// Quantiles follow GSL's linear interpolation (see `SortedSample`).
public struct Summary: Hashable, Sendable, Codable {
  /// Number of values.
  public let count: Int
  /// Arithmetic mean (`gsl_stats_mean`).
  public let mean: Double
  /// Sample standard deviation, n - 1 in the denominator (`gsl_stats_sd`); nil for one value.
  public let standardDeviation: Double?
  /// The confidence level of `confidenceInterval`.
  public let level: Double
  /// Student-t interval for the mean, `mean ± t(1 - α/2, n - 1)·sd/√n`; nil for one value.
  public let confidenceInterval: ClosedRange<Double>?
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

  /// Summarises `sample` with a confidence interval at `level`.
  ///
  /// Throws for an empty sample, a NaN or infinite value, or a level outside (0, 1). One
  /// value gives no standard deviation and no interval; equal values give a zero standard
  /// deviation and an interval of zero width.
  ///
  /// - Complexity: O(n) expected: the extremes and quantiles are selected, not sorted for
  ///   (``SelectedQuantiles``), with the same values a sort gives.
  public init(_ sample: [Double], level: Double = 0.95) throws(StatisticsError) {
    try validateLevel(level)
    try validateSample(sample)
    let selected = SelectedQuantiles(sample, orders: [0.1, 0.5, 0.9])
    // Mean and sd from the values in the caller's order: the sum depends on that order,
    // and a caller who passes replication order gets results independent of any split.
    let (mean, sd) = try gslMeanAndStandardDeviation(sample)
    self.init(
      count: sample.count, mean: mean, standardDeviation: sd, level: level,
      min: selected.min, p10: selected.quantile(0.1), p50: selected.quantile(0.5),
      p90: selected.quantile(0.9), max: selected.max)
  }

  /// A summary from its figures; the interval is computed from the mean and sd.
  private init(
    count: Int, mean: Double, standardDeviation sd: Double?, level: Double, min: Double,
    p10: Double, p50: Double, p90: Double, max: Double
  ) {
    self.count = count
    self.mean = mean
    standardDeviation = sd
    self.level = level
    if let sd {
      let t = StatisticsGSL.tCritical(level: level, degreesOfFreedom: Double(count - 1))
      let half = t * sd / Double(count).squareRoot()
      confidenceInterval = (mean - half)...(mean + half)
    } else {
      confidenceInterval = nil
    }
    self.min = min
    self.p10 = p10
    self.p50 = p50
    self.p90 = p90
    self.max = max
  }

  /// Half the width of the confidence interval; nil when there is no interval.
  public var halfWidth: Double? {
    confidenceInterval.map { ($0.upperBound - $0.lowerBound) / 2 }
  }
}
