import Statistics

/// The figures a report shows for one sample: count, mean, sd, 95% CI, extremes and deciles.
/// Fields are nil where they are undefined (an empty sample, an interval from one value),
/// so no report ever shows NaN.
public struct SampleStatistics: Sendable, Hashable {
  public var count: Int
  public var mean: Double?
  public var standardDeviation: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  public var min: Double?
  public var p10: Double?
  public var p50: Double?
  public var p90: Double?
  public var max: Double?

  init(_ values: [Double]) {
    var acc = Accumulator()
    for v in values { acc.add(v) }
    count = acc.count
    mean = acc.count > 0 ? acc.mean : nil
    standardDeviation = acc.standardDeviation
    let ci = acc.confidenceInterval(level: 0.95)
    ciLow = ci?.lowerBound
    ciHigh = ci?.upperBound
    min = acc.count > 0 ? acc.min : nil
    max = acc.count > 0 ? acc.max : nil
    let sorted = values.sorted()
    func q(_ p: Double) -> Double? {
      guard !sorted.isEmpty else { return nil }
      let h = p * Double(sorted.count - 1)
      let i = Int(h)
      let f = h - Double(i)
      return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }
    p10 = q(0.1)
    p50 = q(0.5)
    p90 = q(0.9)
  }
}
