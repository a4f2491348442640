public import SalesModel

/// The warning for a level whose ramped periods too often book nothing (docs/model.md, 9.5).
public enum ZeroBookingWarning {
  /// The attainment share `run` warns with.
  public static let runAttainment = 0.6

  /// Period lengths in months, shortest first, with their names.
  static let periods: [(name: String, months: Int)] = [("month", 1), ("quarter", 3), ("year", 12)]

  /// The shortest period longer than `periodMonths` in which all of `months / periodMonths`
  /// consecutive periods book nothing with probability at most `1 − attain`, if periods were
  /// independent; nil when even a year books nothing too often.
  public static func suggestedPeriod(zeroShare z: Double, attain: Double, periodMonths: Int)
    -> String?
  {
    for p in periods where p.months > periodMonths {
      let k = Double(p.months) / Double(periodMonths)
      if Double.pow(z, k) <= 1 - attain { return p.name }
    }
    return nil
  }

  /// The sentence for `level`, whose pooled zero-booking share is `z`.
  public static func message(
    level: String, zeroShare z: Double, attain: Double, period: QuotaPeriod
  ) -> String {
    let months = periods.first { $0.name == period.rawValue }?.months ?? 1
    let percent = (z * 1000).rounded() / 10
    let head =
      "\(level): \(percent)% of ramped \(period.rawValue)s book nothing, more than "
      + "1 − \(attain) = \(((1 - attain) * 1000).rounded() / 10)%; no quota above 0 is reached "
      + "by \((attain * 1000).rounded() / 10)% of ramped periods"
    if let longer = suggestedPeriod(zeroShare: z, attain: attain, periodMonths: months) {
      return head + "; a \(longer) would work (an estimate that treats periods as independent)"
    }
    return head + "; even a year books nothing too often"
  }
}

extension Double {
  fileprivate static func pow(_ x: Double, _ k: Double) -> Double {
    var r = 1.0
    // k is a whole number of periods (3, 4, 12).
    for _ in 0..<Int(k.rounded()) { r *= x }
    return r
  }
}
