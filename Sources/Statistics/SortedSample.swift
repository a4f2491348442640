internal import CGSL

/// A finite, non-empty sample sorted ascending (by GSL), for quantiles and their intervals.
///
/// Quantiles follow GSL's definition (Hyndman and Fan's type 7, R's default): for `n` sorted
/// values `x[0] <= ... <= x[n-1]` and order `p` in [0, 1], with `h = (n - 1)·p`,
/// `i = floor(h)` and `δ = h - i`, the quantile is `(1 - δ)·x[i] + δ·x[i+1]` — a linear
/// interpolation between the two nearest order statistics. `quantile(0)` is the minimum,
/// `quantile(1)` the maximum, `quantile(0.5)` the usual median.
///
/// ```swift
/// let attainment = try SortedSample(managerAttainments)
/// let quota = attainment.valueReached(byShare: 0.8)          // 80 % of managers reach it
/// let band = attainment.quantileInterval(0.2, level: 0.95)   // distribution-free CI
/// ```
public struct SortedSample: Hashable, Sendable {
  /// The values, ascending.
  public let values: [Double]

  /// Sorts `sample`; throws if it is empty or holds NaN or an infinity.
  ///
  /// - Complexity: O(n log n).
  public init(_ sample: [Double]) throws(StatisticsError) {
    try validateSample(sample)
    StatisticsGSL.configure()
    var sorted = sample
    sorted.withUnsafeMutableBufferPointer { buffer in
      gsl_sort(buffer.baseAddress!, 1, buffer.count)
    }
    values = sorted
  }

  /// Adopts values the caller guarantees are finite, non-empty and ascending.
  init(alreadySorted values: [Double]) {
    self.values = values
  }

  /// Number of values.
  public var count: Int { values.count }
  /// Smallest value.
  public var min: Double { values[0] }
  /// Largest value.
  public var max: Double { values[values.count - 1] }

  /// The quantile of order `p` (GSL's linear interpolation, see the type's summary); nil
  /// unless `0 <= p <= 1`.
  ///
  /// - Complexity: O(1).
  public func quantile(_ p: Double) -> Double? {
    guard p.isFinite, p >= 0, p <= 1 else { return nil }
    StatisticsGSL.configure()
    return values.withUnsafeBufferPointer { buffer in
      gsl_stats_quantile_from_sorted_data(buffer.baseAddress!, 1, buffer.count, p)
    }
  }

  /// The value that a share `share` of the sample reaches or exceeds: `quantile(1 - share)`.
  ///
  /// For a quota proposal, `valueReached(byShare: 0.8)` is the attainment that 80 % of
  /// managers reach. Nil unless `0 <= share <= 1`.
  public func valueReached(byShare share: Double) -> Double? {
    guard share.isFinite, share >= 0, share <= 1 else { return nil }
    return quantile(1 - share)
  }

  /// A distribution-free confidence interval for the population quantile of order `p`,
  /// bounded by two order statistics; nil when the sample is too small for the level, or
  /// for `p` outside (0, 1) or a level outside (0, 1).
  ///
  /// With `B ~ Binomial(n, p)` (how many observations fall below the true quantile), the
  /// interval `[x(l), x(u)]` (1-based order statistics) covers it with probability
  /// `P(l <= B <= u - 1) = F(u - 1) - F(l - 1)`. We take the largest `l` with
  /// `F(l - 1) <= α/2` and the smallest `u` with `F(u - 1) >= 1 - α/2`, so the actual coverage
  /// (reported) is at least `level` for any continuous distribution (and for discrete ones,
  /// where ties only widen the closed interval). No resampling, no randomness.
  ///
  /// - Complexity: O(log n) binomial CDF evaluations.
  public func quantileInterval(_ p: Double, level: Double = 0.95) -> QuantileInterval? {
    guard p.isFinite, p > 0, p < 1, level.isFinite, level > 0, level < 1,
      let estimate = quantile(p)
    else { return nil }
    StatisticsGSL.configure()
    let n = values.count
    guard n <= Int(UInt32.max) else { return nil }
    let alpha = 1 - level
    // F(k) = P(B <= k); defined for k in 0..<n here, F(n) = 1.
    func cdf(_ k: Int) -> Double { gsl_cdf_binomial_P(UInt32(k), p, UInt32(n)) }

    // Lower bound: the largest l in 1...n with F(l - 1) <= α/2. F is non-decreasing in k,
    // so search for the last k = l - 1 in 0..<n with F(k) <= α/2.
    guard cdf(0) <= alpha / 2 else { return nil }
    var lo = 0
    var hi = n - 1  // invariant: F(lo) <= α/2
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if cdf(mid) <= alpha / 2 { lo = mid } else { hi = mid - 1 }
    }
    let lower = lo + 1

    // Upper bound: the smallest u in 1...n with F(u - 1) >= 1 - α/2.
    guard cdf(n - 1) >= 1 - alpha / 2 else { return nil }
    var a = 0
    var b = n - 1  // invariant: F(b) >= 1 - α/2
    while a < b {
      let mid = (a + b) / 2
      if cdf(mid) >= 1 - alpha / 2 { b = mid } else { a = mid + 1 }
    }
    let upper = b + 1
    guard lower < upper else { return nil }

    let coverage = cdf(upper - 1) - cdf(lower - 1)
    return QuantileInterval(
      order: p, estimate: estimate,
      interval: values[lower - 1]...values[upper - 1],
      lowerRank: lower, upperRank: upper, level: level, coverage: coverage)
  }
}

/// A quantile estimate with a distribution-free interval bounded by two order statistics.
public struct QuantileInterval: Hashable, Sendable, Codable {
  /// The quantile's order p.
  public let order: Double
  /// The point estimate, `SortedSample.quantile(order)`.
  public let estimate: Double
  /// The interval `[x(lowerRank), x(upperRank)]`.
  public let interval: ClosedRange<Double>
  /// 1-based rank of the lower bound in the sorted sample.
  public let lowerRank: Int
  /// 1-based rank of the upper bound in the sorted sample.
  public let upperRank: Int
  /// The confidence level asked for.
  public let level: Double
  /// The exact binomial coverage of the interval (for continuous data), at least `level`.
  public let coverage: Double
}
