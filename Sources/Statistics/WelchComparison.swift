/// An unpaired comparison of two independent samples with unequal variances (Welch's t):
/// the difference of means (alternative − baseline), its interval and p-value.
///
/// With `vA = sA²/nA` and `vB = sB²/nB`, the standard error is `√(vA + vB)` and the
/// degrees of freedom follow Welch–Satterthwaite:
/// `df = (vA + vB)² / (vA²/(nA - 1) + vB²/(nB - 1))`.
public struct WelchComparison: Hashable, Sendable, Codable {
  /// Size of the baseline sample.
  public let baselineCount: Int
  /// Size of the alternative sample.
  public let alternativeCount: Int
  /// `mean(alternative) - mean(baseline)`.
  public let meanDifference: Double
  /// `√(sA²/nA + sB²/nB)`; nil when either sample has a single value.
  public let standardError: Double?
  /// Welch–Satterthwaite degrees of freedom; nil without a standard error or when both
  /// samples have zero variance (0/0).
  public let degreesOfFreedom: Double?
  /// The confidence level of `confidenceInterval`.
  public let level: Double
  /// `meanDifference ± t(1 - α/2, df)·se`; of zero width when both variances are zero; nil
  /// without a standard error.
  public let confidenceInterval: ClosedRange<Double>?
  /// Two-sided p-value of "equal means"; for a zero standard error, the limit (0 or 1).
  public let pValue: Double?

  /// Compares two independent samples. Throws for an empty or non-finite sample or a level
  /// outside (0, 1).
  ///
  /// - Complexity: O(nA + nB).
  public init(baseline: [Double], alternative: [Double], level: Double = 0.95)
    throws(StatisticsError)
  {
    try validateLevel(level)
    try validateSample(baseline, name: "baseline sample")
    try validateSample(alternative, name: "alternative sample")
    let a = try gslMeanAndStandardDeviation(baseline)
    let b = try gslMeanAndStandardDeviation(alternative)
    baselineCount = baseline.count
    alternativeCount = alternative.count
    meanDifference = b.mean - a.mean
    self.level = level
    guard meanDifference.isFinite else {
      throw .nonFiniteValue("difference of means", index: 0)
    }
    guard let sA = a.sd, let sB = b.sd else {
      standardError = nil
      degreesOfFreedom = nil
      confidenceInterval = nil
      pValue = nil
      return
    }
    let vA = sA * sA / Double(baseline.count)
    let vB = sB * sB / Double(alternative.count)
    let se = (vA + vB).squareRoot()
    standardError = se
    guard se > 0 else {
      degreesOfFreedom = nil
      confidenceInterval = meanDifference...meanDifference
      pValue = tTestPValue(difference: meanDifference, standardError: 0, degreesOfFreedom: 1)
      return
    }
    // Welch–Satterthwaite written with the weights vA/(vA+vB) and vB/(vA+vB), which cannot
    // underflow or overflow the way vA² can; df lies in [min(nA, nB) - 1, nA + nB - 2].
    let wA = vA / (vA + vB)
    let wB = vB / (vA + vB)
    let df =
      1 / (wA * wA / Double(baseline.count - 1) + wB * wB / Double(alternative.count - 1))
    degreesOfFreedom = df
    let half = StatisticsGSL.tCritical(level: level, degreesOfFreedom: df) * se
    confidenceInterval = (meanDifference - half)...(meanDifference + half)
    pValue = tTestPValue(difference: meanDifference, standardError: se, degreesOfFreedom: df)
  }
}
