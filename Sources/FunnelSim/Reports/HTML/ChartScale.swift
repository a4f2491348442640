/// A linear map from data values to SVG coordinates.
struct LinearScale {
  var domain: ClosedRange<Double>
  /// The coordinates of the domain's lower and upper bound; `from` may exceed `to` (a y axis).
  var range: (from: Double, to: Double)

  /// The coordinate of `v`; a zero-width domain maps everything to the middle of the range.
  func callAsFunction(_ v: Double) -> Double {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0, span.isFinite, v.isFinite else {
      return (range.from + range.to) / 2
    }
    return range.from + (v - domain.lowerBound) / span * (range.to - range.from)
  }
}

/// Round axis ticks: steps of 1, 2 or 5 times a power of ten, covering the data.
struct NiceTicks: Equatable {
  /// Tick values, increasing, `step` apart; the first and last enclose the data.
  var values: [Double]
  var step: Double

  var domain: ClosedRange<Double> { values.first!...values.last! }

  /// About `target` intervals over `[low, high]` (non-finite bounds are treated as 0).
  /// With `includeZero` the axis starts (or ends) at zero, as money and counts should.
  /// An empty range is widened so there is always something to draw.
  init(low: Double, high: Double, target: Int = 5, includeZero: Bool = false) {
    var lo = low.isFinite ? low : 0
    var hi = high.isFinite ? high : 0
    if lo > hi { swap(&lo, &hi) }
    if includeZero {
      lo = Swift.min(lo, 0)
      hi = Swift.max(hi, 0)
    }
    if hi - lo <= Swift.max(Swift.abs(hi), Swift.abs(lo)) * 1e-12 {
      // A flat series: a unit range around it (or [0, 1] for zeros).
      let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.1
      if lo >= 0 && includeZero {
        hi = lo + pad
      } else {
        lo -= pad
        hi += pad
      }
      if includeZero { lo = Swift.min(lo, 0) }
    }
    let raw = (hi - lo) / Double(Swift.max(1, target))
    var exponent = 0
    while pow10(exponent + 1) <= raw { exponent += 1 }
    while pow10(exponent) > raw { exponent -= 1 }
    let normalized = raw / pow10(exponent)
    // The nearest of 1, 2, 5 and 10 (Heckbert's "nice numbers"), so the count of intervals
    // stays near the target: between about 0.7 and 1.5 times it.
    let nice: Double = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
    let step = nice * pow10(exponent)
    let first = Int((lo / step + 1e-9).rounded(.down))
    let last = Int((hi / step - 1e-9).rounded(.up))
    self.step = step
    // Multiples of the step computed from integers do not accumulate rounding errors.
    values = (first...Swift.max(first + 1, last)).map { Double($0) * step }
  }
}

/// 10^e exactly for the exponents an axis meets.
private func pow10(_ e: Int) -> Double {
  guard e >= 0 else { return 1 / pow10(-e) }  // 1/1000 rounds once; 1/10/10/10 would not
  var r = 1.0
  for _ in 0..<e { r *= 10 }
  return r
}
