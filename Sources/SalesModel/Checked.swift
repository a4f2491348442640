// Arithmetic on values that come from input: it saturates or refuses, never traps.

extension Int {
  /// `self + other` with a negative `other` read as 0, stopping at `Int.max` instead of
  /// overflowing; for totals of counts that validation then compares with a bound.
  func addingSaturating(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(Swift.max(other, 0))
    return overflow ? .max : sum
  }

  /// `value` rounded toward zero, or nil when it is not finite or outside `Int`'s range: a
  /// conversion of a value from input that must not trap.
  public init?(checked value: Double) {
    // 2^63 is exactly representable; every Double below it converts.
    guard value.isFinite, value > -9.223_372_036_854_775_808e18,
      value < 9.223_372_036_854_775_808e18
    else { return nil }
    self.init(value)
  }
}
