internal import CGSL

/// Running count, mean, sum of squared deviations, minimum and maximum of a sample, in one
/// pass and O(1) memory. Two accumulators merge exactly (Chan, Golub and LeVeque's pairwise
/// update), so partial results computed on different threads or machines combine.
/// (Initial version; extended by the statistics work.)
public struct Accumulator: Hashable, Sendable, Codable {
  public private(set) var count: Int = 0
  public private(set) var mean: Double = 0
  /// Sum of squared deviations from the mean.
  public private(set) var m2: Double = 0
  public private(set) var min: Double = .infinity
  public private(set) var max: Double = -.infinity

  public init() {}

  /// Adds one observation (Welford's update).
  public mutating func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    m2 += delta * (x - mean)
    if x < min { min = x }
    if x > max { max = x }
  }

  /// Sample variance (n - 1 in the denominator); nil below two observations.
  public var variance: Double? { count > 1 ? m2 / Double(count - 1) : nil }

  /// Sample standard deviation; nil below two observations.
  public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

  /// Student-t confidence interval for the mean; nil below two observations.
  public func confidenceInterval(level: Double = 0.95) -> ClosedRange<Double>? {
    guard let v = variance, level > 0, level < 1 else { return nil }
    let t = gsl_cdf_tdist_Pinv(0.5 + level / 2, Double(count - 1))
    let half = t * (v / Double(count)).squareRoot()
    return (mean - half)...(mean + half)
  }
}
