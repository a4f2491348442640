internal import CGSL

/// GSL set-up local to this module, so that Statistics works without Stochastic.
///
/// GSL's default error handler aborts the process (for example on a zero-bin histogram). It
/// is switched off once, before the first GSL call of this module; every call then checks its
/// return code, and inputs are validated so that GSL never sees a domain error.
enum StatisticsGSL {
  /// Switches GSL's aborting error handler off, once per process.
  static func configure() { _ = configured }

  private static let configured: Bool = {
    gsl_set_error_handler_off()
    return true
  }()

  /// The two-sided Student-t critical value `t(1 - (1 - level) / 2, df)`.
  ///
  /// `level` must be in (0, 1) and `df` positive; both are checked by callers.
  static func tCritical(level: Double, degreesOfFreedom df: Double) -> Double {
    configure()
    return gsl_cdf_tdist_Pinv(0.5 + level / 2, df)
  }

  /// The two-sided standard normal critical value `z(1 - (1 - level) / 2)`.
  static func zCritical(level: Double) -> Double {
    configure()
    return gsl_cdf_ugaussian_Pinv(0.5 + level / 2)
  }

  /// Two-sided p-value of a t statistic: P(|T| >= |t|) for T ~ t(df).
  ///
  /// Uses the upper tail `Q` directly, which keeps precision for large |t| where `1 - P`
  /// would cancel to zero.
  static func twoSidedP(t: Double, degreesOfFreedom df: Double) -> Double {
    configure()
    return Swift.min(1, 2 * gsl_cdf_tdist_Q(Swift.abs(t), df))
  }
}

/// Checks a confidence level: finite and strictly between 0 and 1.
func validateLevel(_ level: Double) throws(StatisticsError) {
  guard level.isFinite, level > 0, level < 1 else { throw .invalidLevel(level) }
}

/// Checks that a sample is non-empty and finite.
func validateSample(_ sample: [Double], name: String = "sample") throws(StatisticsError) {
  guard !sample.isEmpty else { throw .emptySample(name) }
  if let index = sample.firstIndex(where: { !$0.isFinite }) {
    throw .nonFiniteValue(name, index: index)
  }
}

/// Mean of a validated (non-empty, finite) sample, by GSL, in the sample's order.
func gslMean(_ sample: [Double]) -> Double {
  StatisticsGSL.configure()
  return sample.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress!, 1, $0.count) }
}

/// Mean and sample standard deviation of a validated (non-empty, finite) sample, by GSL;
/// the standard deviation is nil below two values. Throws when values are so large that
/// their squared deviations overflow.
func gslMeanAndStandardDeviation(_ sample: [Double]) throws(StatisticsError)
  -> (mean: Double, sd: Double?)
{
  StatisticsGSL.configure()
  let (mean, sd) = sample.withUnsafeBufferPointer { buffer -> (Double, Double?) in
    let base = buffer.baseAddress!
    let mean = gsl_stats_mean(base, 1, buffer.count)
    guard buffer.count > 1 else { return (mean, nil) }
    // Passing the mean GSL just computed keeps the two consistent and saves a pass.
    return (mean, gsl_stats_sd_m(base, 1, buffer.count, mean))
  }
  guard mean.isFinite, sd?.isFinite ?? true else {
    throw .valuesTooLarge("the squared deviations overflow a double")
  }
  return (mean, sd)
}
