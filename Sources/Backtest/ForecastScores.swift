// Scores of a probabilistic forecast given as samples against what happened (docs/calibration.md,
// "Backtest"): CRPS, the probability integral transform, and central-interval coverage.

public import Statistics

/// A forecast of one quantity (e.g. the team's won deals in one month) as sorted samples.
public struct SampledForecast: Sendable, Hashable {
  /// The samples, sorted ascending; never empty.
  public let sorted: [Double]
  /// `Σ (2i - n - 1) x_(i)` for i = 1...n: the sample's mean absolute difference times n²/2,
  /// kept so that the CRPS of one forecast against several outcomes costs O(n) each.
  let spread: Double

  /// A forecast from its samples (any order); nil for no samples or a non-finite one.
  public init?(samples: [Double]) {
    guard !samples.isEmpty, samples.allSatisfy(\.isFinite) else { return nil }
    sorted = samples.sorted()
    let n = Double(sorted.count)
    var s = 0.0
    for (i, x) in sorted.enumerated() { s += (2 * Double(i + 1) - n - 1) * x }
    spread = s
  }

  /// The continuous ranked probability score of the sample's distribution against `observed`
  /// (lower is better, in the quantity's unit): the energy form
  /// `CRPS = E|X - y| - E|X - X'| / 2`, with X, X' independent draws of the sample, computed
  /// from the sorted sample as `(1/n) Σ |x_i - y| - (1/n²) Σ (2i - n - 1) x_(i)`.
  ///
  /// - Complexity: O(n).
  public func crps(_ observed: Double) -> Double {
    let n = Double(sorted.count)
    var absolute = 0.0
    for x in sorted { absolute += abs(x - observed) }
    return absolute / n - spread / (n * n)
  }

  /// The randomised probability integral transform of `observed`:
  /// `F(y-) + u (F(y) - F(y-))` with F the sample's distribution function and `u` uniform in
  /// [0, 1). For a forecast that is the outcome's distribution it is uniform on [0, 1], also
  /// for counts, where ties make the plain `F(y)` pile up.
  ///
  /// - Complexity: O(log n).
  public func pit(_ observed: Double, u: Double) -> Double {
    let below = firstIndex { $0 >= observed }
    let atOrBelow = firstIndex { $0 > observed }
    let n = Double(sorted.count)
    return (Double(below) + u * Double(atOrBelow - below)) / n
  }

  /// The central interval holding `level` of the forecast (e.g. 0.8: from P10 to P90), by
  /// GSL's interpolated quantiles.
  public func central(_ level: Double) -> ClosedRange<Double> {
    let sample = try! SortedSample(sorted)  // checked non-empty and finite at init
    let lo = sample.quantile((1 - level) / 2)!
    let hi = sample.quantile((1 + level) / 2)!
    return lo...hi
  }

  /// The forecast's quantile of order `p` in [0, 1].
  public func quantile(_ p: Double) -> Double {
    (try! SortedSample(sorted)).quantile(min(1, max(0, p)))!
  }

  /// The number of samples `x` with `below(x)` true, by bisection (the samples are sorted).
  private func firstIndex(where predicate: (Double) -> Bool) -> Int {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if predicate(sorted[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
}

/// The scores of many forecasts of one kind (one quantity, one method) against their
/// outcomes: mean CRPS, coverage of the central 50% and 80% intervals, PIT histogram.
public struct ScoreSummary: Sendable, Hashable {
  /// The number of forecast–outcome pairs scored.
  public private(set) var count = 0
  /// Sum of the CRPS of every pair.
  public private(set) var crpsTotal = 0.0
  /// Pairs whose outcome lies in the central 50% (80%) interval: whose randomised PIT is in
  /// [0.25, 0.75] ([0.1, 0.9]).
  public private(set) var within50 = 0
  public private(set) var within80 = 0
  /// PIT values counted in ten equal bins of [0, 1].
  public private(set) var pitBins = [Int](repeating: 0, count: 10)

  public init() {}

  /// Scores `forecast` against `observed`; `u` (uniform in [0, 1)) randomises the PIT.
  public mutating func add(_ forecast: SampledForecast, observed: Double, u: Double) {
    count += 1
    crpsTotal += forecast.crps(observed)
    // Coverage through the randomised PIT: for counts, "inside [P10, P90]" with its ends
    // counts every tie at P10 or P90 as covered and over-covers; a PIT in [0.1, 0.9] has
    // exactly probability 0.8 under a calibrated forecast, discrete or not.
    let p = forecast.pit(observed, u: u)
    if p >= 0.25 && p <= 0.75 { within50 += 1 }
    if p >= 0.1 && p <= 0.9 { within80 += 1 }
    pitBins[min(9, max(0, Int(p * 10)))] += 1
  }

  /// Mean CRPS; nil before the first pair.
  public var crps: Double? { count > 0 ? crpsTotal / Double(count) : nil }

  /// Share of outcomes inside the central 50% interval, with its 95% Wilson interval.
  public var coverage50: Proportion? { try? Proportion(successes: within50, trials: count) }
  /// Share of outcomes inside the central 80% interval, with its 95% Wilson interval.
  public var coverage80: Proportion? { try? Proportion(successes: within80, trials: count) }
}
