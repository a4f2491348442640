/// A paired comparison of two scenarios run on common random numbers: replication `i` of the
/// baseline and of the alternative saw the same random draws, so their difference isolates
/// the effect of the change.
///
/// Differences are `alternative[i] - baseline[i]`. The interval and the p-value come from
/// the paired t-test on those differences (df = n - 1).
///
/// ```swift
/// let c = try PairedComparison(baseline: revenueWith5, alternative: revenueWith6)
/// c.meanDifference               // the average gain of the sixth manager
/// c.confidenceInterval           // t interval for it
/// c.alternativeHigher.estimate   // share of replications where six beat five
/// c.widthRatioToUnpaired         // how much common random numbers narrowed the interval
/// ```
public struct PairedComparison: Hashable, Sendable, Codable {
  /// Number of pairs.
  public let count: Int
  /// Mean of `alternative - baseline` (`gsl_stats_mean`).
  public let meanDifference: Double
  /// Sample standard deviation of the differences (`gsl_stats_sd`); nil for one pair.
  public let standardDeviation: Double?
  /// The confidence level of `confidenceInterval`.
  public let level: Double
  /// `meanDifference ± t(1 - α/2, n - 1)·sd/√n`; nil for one pair.
  public let confidenceInterval: ClosedRange<Double>?
  /// Two-sided p-value of the paired t-test of "no mean difference"; nil for one pair.
  ///
  /// When every difference is the same the t statistic is infinite (or 0/0): the p-value is
  /// then its limit, 0 for a non-zero common difference and 1 when all differences are 0.
  public let pValue: Double?
  /// Pairs in which the alternative is strictly higher, out of all pairs: an estimate of
  /// the probability that the alternative beats the baseline, with a Wilson interval.
  public let alternativeHigher: Proportion
  /// Pairs in which both values are equal.
  public let ties: Int
  /// The same data compared as two independent samples (Welch), for reference.
  public let unpaired: WelchComparison

  /// Compares `alternative` with `baseline`, pair by pair.
  ///
  /// Throws for empty or non-finite samples, samples of different lengths, or a level
  /// outside (0, 1).
  ///
  /// - Complexity: O(n).
  public init(baseline: [Double], alternative: [Double], level: Double = 0.95)
    throws(StatisticsError)
  {
    try validateLevel(level)
    try validateSample(baseline, name: "baseline sample")
    try validateSample(alternative, name: "alternative sample")
    guard baseline.count == alternative.count else {
      throw .mismatchedLengths(baseline: baseline.count, alternative: alternative.count)
    }
    let n = baseline.count
    var differences = [Double](repeating: 0, count: n)
    var higher = 0
    var ties = 0
    for i in 0..<n {
      let d = alternative[i] - baseline[i]
      // Two finite values can still differ by more than the largest double.
      guard d.isFinite else { throw .nonFiniteValue("difference alternative - baseline", index: i) }
      differences[i] = d
      if alternative[i] > baseline[i] {
        higher += 1
      } else if alternative[i] == baseline[i] {
        ties += 1
      }
    }
    let (mean, sd) = try gslMeanAndStandardDeviation(differences)
    count = n
    meanDifference = mean
    standardDeviation = sd
    self.level = level
    self.ties = ties
    alternativeHigher = try Proportion(successes: higher, trials: n)
    unpaired = try WelchComparison(baseline: baseline, alternative: alternative, level: level)
    if let sd {
      let df = Double(n - 1)
      let se = sd / Double(n).squareRoot()
      let half = StatisticsGSL.tCritical(level: level, degreesOfFreedom: df) * se
      confidenceInterval = (mean - half)...(mean + half)
      pValue = tTestPValue(difference: mean, standardError: se, degreesOfFreedom: df)
    } else {
      confidenceInterval = nil
      pValue = nil
    }
  }

  /// Share of pairs in which the alternative is strictly higher.
  public var shareAlternativeHigher: Double { alternativeHigher.estimate }

  /// Width of the paired interval divided by the width of the unpaired (Welch) interval on
  /// the same data: below 1 when common random numbers paid off. Nil when either interval is
  /// missing or the Welch interval has zero width.
  public var widthRatioToUnpaired: Double? {
    guard let paired = confidenceInterval, let welch = unpaired.confidenceInterval else {
      return nil
    }
    let w = welch.upperBound - welch.lowerBound
    guard w > 0 else { return nil }
    return (paired.upperBound - paired.lowerBound) / w
  }
}

/// Two-sided t-test p-value of `difference / standardError` with the limits for a zero
/// standard error (0 for a non-zero difference, 1 for none), so no NaN escapes.
func tTestPValue(difference: Double, standardError se: Double, degreesOfFreedom df: Double)
  -> Double
{
  guard se > 0 else { return difference == 0 ? 1 : 0 }
  return StatisticsGSL.twoSidedP(t: difference / se, degreesOfFreedom: df)
}
