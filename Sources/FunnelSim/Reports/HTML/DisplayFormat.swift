import SalesModel

/// How a value reads on the page, by unit: money compact (`12.3M`), shares as percentages,
/// counts and durations plainly. Deterministic and locale-free.
enum DisplayFormat {
  static func isMoney(_ unit: MetricUnit) -> Bool { unit == .money }

  /// The unit as a suffix after a number (the currency, `days`), or nothing for counts and
  /// shares.
  static func unitSuffix(_ unit: MetricUnit) -> String {
    switch unit {
    case .count, .share: return ""
    case .days, .money, .minutes: return " " + unit.name
    }
  }

  /// A short form for headlines and table cells: `12.3M RUB`, `62.3%`, `1,234`, `4.5 days`.
  static func short(_ v: Double?, unit: MetricUnit, withUnit: Bool = true) -> String {
    guard let v, v.isFinite else { return "–" }
    let suffix = withUnit ? unitSuffix(unit) : ""
    switch unit {
    case .share: return percent(v)
    default:
      if isMoney(unit) || Swift.abs(v) >= 100_000 { return compact(v) + suffix }
      return Format.value(v, unit: unit) + suffix
    }
  }

  /// `62.3%`; one decimal.
  static func percent(_ v: Double) -> String { Format.fixed(v * 100, decimals: 1) + "%" }

  /// Three significant digits with k, M or B: `950`, `12.3k`, `4.56M`, `1.2B`.
  static func compact(_ v: Double) -> String {
    guard v.isFinite else { return "–" }
    let a = Swift.abs(v)
    let (scaled, suffix): (Double, String) =
      a >= 999.5e6
      ? (v / 1e9, "B")
      : a >= 999.5e3
        ? (v / 1e6, "M")
        : a >= 999.5
          ? (v / 1e3, "k")
          : (v, "")
    let m = Swift.abs(scaled)
    let decimals = m >= 100 || m == 0 ? 0 : m >= 10 ? 1 : 2
    return trimZeros(Format.fixed(scaled, decimals: decimals)) + suffix
  }

  /// Drops trailing zeros after a decimal point: `4.50` -> `4.5`, `2.00` -> `2`.
  static func trimZeros(_ s: String) -> String {
    guard s.contains(".") else { return s }
    var t = Substring(s)
    while t.hasSuffix("0") { t = t.dropLast() }
    if t.hasSuffix(".") { t = t.dropLast() }
    return t == "-0" ? "0" : String(t)
  }

  /// Labels for axis ticks `ticks` spaced `step` apart, in a form all ticks share: money and
  /// large counts by a common k/M/B scale, shares as percentages, the decimals the step needs.
  static func axisLabels(_ ticks: [Double], step: Double, unit: MetricUnit) -> [String] {
    guard step > 0, step.isFinite else { return ticks.map { _ in "" } }
    if unit == .share {
      let d = decimals(for: step * 100)
      return ticks.map { Format.fixed(clean($0 * 100, step * 100), decimals: d) + "%" }
    }
    let largest = ticks.map { Swift.abs($0) }.max() ?? 0
    let (scale, suffix): (Double, String) =
      largest >= 1e9
      ? (1e9, "B")
      : largest >= 1e6
        ? (1e6, "M")
        : (largest >= 1e4 || (isMoney(unit) && largest >= 1e3)) ? (1e3, "k") : (1, "")
    let d = decimals(for: step / scale)
    return ticks.map { t in
      let v = clean(t / scale, step / scale)
      return v == 0 ? "0" : Format.fixed(v, decimals: d) + suffix
    }
  }

  /// Decimals needed to tell apart multiples of `step` (a 1-2-5 step): 0 for 1, 1 for 0.5.
  static func decimals(for step: Double) -> Int {
    var d = 0
    var s = step
    while d < 6 && Swift.abs(s - s.rounded()) > 1e-9 * Swift.max(1, Swift.abs(s)) {
      s *= 10
      d += 1
    }
    return d
  }

  /// `v` snapped to the nearest multiple of `step`, so -0 and 0.30000000000000004 read well.
  private static func clean(_ v: Double, _ step: Double) -> Double {
    let r = (v / step).rounded() * step
    return r == 0 ? 0 : r
  }
}
