/// The pooled ratio `ΣAᵣ / ΣBᵣ` of a metric that is a ratio of two counts within each
/// replication (a win rate, a churn rate, a mean over events, a share), with its
/// delta-method interval.
///
/// The mean of per-replication ratios is wrong twice when denominators are small: a
/// replication with `Bᵣ = 0` has no ratio (counting it as 0 pulls the mean down), and one
/// with a single event weighs as much as one with a hundred. The pooled ratio estimates
/// `E[A] / E[B]`, the rate over all events of all replications; a replication with `Bᵣ = 0`
/// adds nothing to either sum. The interval is the first-order (delta method) interval of
/// the ratio estimator of a cluster sample (Cochran, *Sampling Techniques*, 6.3):
///
///     se = s_e / (√n · B̄),   eᵣ = Aᵣ − R̂·Bᵣ,   R̂ ± t(1 − α/2, n − 1) · se
///
/// ```swift
/// let winRate = try RatioEstimate(numerators: won, denominators: closed)
/// winRate.estimate            // nil when no replication closed a deal
/// winRate.defined             // replications that closed at least one
/// winRate.confidenceInterval  // nil below two replications
/// ```
public struct RatioEstimate: Hashable, Sendable, Codable {
  /// Number of replications `n`, defined or not.
  public let count: Int
  /// Replications with a non-zero denominator, in which the ratio exists.
  public let defined: Int
  /// `ΣAᵣ / ΣBᵣ`; nil when every denominator is 0.
  public let estimate: Double?
  /// Standard error `s_e / (√n · B̄)`; nil when the estimate is absent or `n < 2`.
  public let standardError: Double?
  /// The confidence level of `confidenceInterval`.
  public let level: Double
  /// `estimate ± t(1 − α/2, n − 1) · standardError`, intersected with `range`; nil when the
  /// standard error is.
  public let confidenceInterval: ClosedRange<Double>?
  /// Sum of the numerators.
  public let numeratorTotal: Double
  /// Sum of the denominators.
  public let denominatorTotal: Double

  /// Estimates the pooled ratio of `numerators[r] / denominators[r]` over replications.
  ///
  /// `range` bounds the interval: `0...1` for a share, `0...` (the default) for other
  /// ratios of non-negative counts. Throws for empty or non-finite samples, samples of
  /// different lengths, a negative denominator, or a level outside (0, 1).
  ///
  /// - Complexity: O(n).
  public init(
    numerators: [Double], denominators: [Double], level: Double = 0.95,
    range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude
  ) throws(StatisticsError) {
    try validateLevel(level)
    try validateSample(numerators, name: "ratio numerators")
    try validateSample(denominators, name: "ratio denominators")
    guard numerators.count == denominators.count else {
      throw .mismatchedLengths(baseline: numerators.count, alternative: denominators.count)
    }
    if let index = denominators.firstIndex(where: { $0 < 0 }) {
      throw .negativeDenominator(index: index)
    }
    let n = numerators.count
    count = n
    self.level = level
    numeratorTotal = numerators.reduce(0, +)
    denominatorTotal = denominators.reduce(0, +)
    defined = denominators.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    guard denominatorTotal > 0 else {
      estimate = nil
      standardError = nil
      confidenceInterval = nil
      return
    }
    let r = numeratorTotal / denominatorTotal
    estimate = r
    guard n >= 2 else {
      standardError = nil
      confidenceInterval = nil
      return
    }
    var squares = 0.0
    for i in 0..<n {
      let e = numerators[i] - r * denominators[i]
      squares += e * e
    }
    let meanDenominator = denominatorTotal / Double(n)
    let se = (squares / Double(n - 1)).squareRoot() / (Double(n).squareRoot() * meanDenominator)
    guard se.isFinite else { throw .valuesTooLarge("the squared residuals overflow a double") }
    standardError = se
    let half = StatisticsGSL.tCritical(level: level, degreesOfFreedom: Double(n - 1)) * se
    let lower = Swift.min(Swift.max(r - half, range.lowerBound), range.upperBound)
    let upper = Swift.max(Swift.min(r + half, range.upperBound), range.lowerBound)
    confidenceInterval = lower...upper
  }

  /// The two-sided Student-t critical value at `level` for `count` replications (df = n − 1).
  public static func tCritical(level: Double, count: Int) -> Double {
    StatisticsGSL.tCritical(level: level, degreesOfFreedom: Double(count - 1))
  }

  /// The two-sided p-value of `difference / standardError` on `count − 1` degrees of freedom;
  /// 0 or 1 at the limit of a zero standard error.
  public static func twoSidedP(_ difference: Double, standardError: Double, count: Int)
    -> Double
  {
    tTestPValue(
      difference: difference, standardError: standardError,
      degreesOfFreedom: Double(count - 1))
  }

  /// Half the width of the interval before it was bounded by the range; nil without one.
  public var halfWidth: Double? {
    standardError.map {
      StatisticsGSL.tCritical(level: level, degreesOfFreedom: Double(count - 1)) * $0
    }
  }
}

/// The paired difference `R̂ᴮ − R̂ᴬ` of two pooled ratios measured on the same replications
/// (common random numbers), with a t interval and p-value.
///
/// Each replication contributes the difference of its linearised residuals,
/// `dᵣ = (Aᴮᵣ − R̂ᴮBᴮᵣ)/B̄ᴮ − (Aᴬᵣ − R̂ᴬBᴬᵣ)/B̄ᴬ`; the standard error is `s_d / √n`, so the
/// correlation common random numbers induce narrows the interval as for a paired mean.
public struct PairedRatioDifference: Hashable, Sendable, Codable {
  /// Number of pairs.
  public let count: Int
  /// The baseline's pooled ratio.
  public let baseline: RatioEstimate
  /// The alternative's pooled ratio.
  public let alternative: RatioEstimate
  /// `R̂ᴮ − R̂ᴬ`; nil when either ratio is undefined.
  public let difference: Double?
  /// `s_d / √n`; nil when the difference is absent or `n < 2`.
  public let standardError: Double?
  /// The confidence level of `confidenceInterval`.
  public let level: Double
  /// `difference ± t(1 − α/2, n − 1)·standardError`; nil when the standard error is.
  public let confidenceInterval: ClosedRange<Double>?
  /// Two-sided p-value of "no difference"; 0 or 1 at the limit of a zero standard error.
  public let pValue: Double?

  /// Compares the pooled ratio of the alternative with the baseline's, replication by
  /// replication. Throws as `RatioEstimate` does, and for samples of different lengths.
  ///
  /// - Complexity: O(n).
  public init(
    baselineNumerators: [Double], baselineDenominators: [Double],
    alternativeNumerators: [Double], alternativeDenominators: [Double],
    level: Double = 0.95
  ) throws(StatisticsError) {
    let a = try RatioEstimate(
      numerators: baselineNumerators, denominators: baselineDenominators, level: level)
    let b = try RatioEstimate(
      numerators: alternativeNumerators, denominators: alternativeDenominators, level: level)
    guard a.count == b.count else {
      throw .mismatchedLengths(baseline: a.count, alternative: b.count)
    }
    let n = a.count
    count = n
    baseline = a
    alternative = b
    self.level = level
    guard let ra = a.estimate, let rb = b.estimate else {
      difference = nil
      standardError = nil
      confidenceInterval = nil
      pValue = nil
      return
    }
    let diff = rb - ra
    difference = diff
    guard n >= 2 else {
      standardError = nil
      confidenceInterval = nil
      pValue = nil
      return
    }
    let meanA = a.denominatorTotal / Double(n)
    let meanB = b.denominatorTotal / Double(n)
    var d = [Double](repeating: 0, count: n)
    for i in 0..<n {
      d[i] =
        (alternativeNumerators[i] - rb * alternativeDenominators[i]) / meanB
        - (baselineNumerators[i] - ra * baselineDenominators[i]) / meanA
    }
    let (_, sd) = try gslMeanAndStandardDeviation(d)
    // n >= 2, so the standard deviation exists.
    let se = sd! / Double(n).squareRoot()
    standardError = se
    let df = Double(n - 1)
    let half = StatisticsGSL.tCritical(level: level, degreesOfFreedom: df) * se
    confidenceInterval = (diff - half)...(diff + half)
    pValue = tTestPValue(difference: diff, standardError: se, degreesOfFreedom: df)
  }
}
