/// Running count, mean, sum of squared deviations, minimum and maximum of a sample, in one
/// pass and O(1) memory. Two accumulators merge exactly (Chan, Golub and LeVeque's pairwise
/// update), so partial results computed on different threads or machines combine.
///
/// ```swift
/// var a = Accumulator(), b = Accumulator()
/// for x in firstHalf { a.add(x) }
/// for x in secondHalf { b.add(x) }
/// let all = a.merging(b)  // the same count, min and max; mean and m2 up to rounding
/// ```
///
/// An accumulator is for streaming and for partial results. A final report that must be
/// byte-identical however replications were split should be computed from the
/// per-replication values in replication order (see `Summary`), because floating-point
/// merging depends on where the splits fall in the last bits.
public struct Accumulator: Hashable, Sendable {
  /// Number of observations.
  public private(set) var count: Int = 0
  /// Arithmetic mean; 0 when empty.
  public private(set) var mean: Double = 0
  /// Sum of squared deviations from the mean.
  public private(set) var m2: Double = 0
  /// Smallest observation; +infinity when empty.
  public private(set) var min: Double = .infinity
  /// Largest observation; -infinity when empty.
  public private(set) var max: Double = -.infinity

  /// An empty accumulator.
  public init() {}

  /// An accumulator holding every value of `values`, added in order.
  public init(_ values: some Sequence<Double>) {
    for x in values { add(x) }
  }

  /// Whether no observation has been added.
  public var isEmpty: Bool { count == 0 }

  /// Adds one observation (Welford's update).
  ///
  /// - Precondition: `x` is finite; a NaN or an infinity would silently poison every
  ///   statistic, so it stops the program where the bad value was produced.
  /// - Complexity: O(1).
  public mutating func add(_ x: Double) {
    precondition(x.isFinite, "Accumulator.add: non-finite observation \(x)")
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    m2 += delta * (x - mean)
    if x < min { min = x }
    if x > max { max = x }
  }

  /// Sample variance (n - 1 in the denominator); nil below two observations.
  public var variance: Double? { count > 1 ? m2 / Double(count - 1) : nil }

  /// Sample standard deviation; nil below two observations.
  public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

  /// Student-t confidence interval for the mean; nil below two observations or for a level
  /// outside (0, 1).
  public func confidenceInterval(level: Double = 0.95) -> ClosedRange<Double>? {
    guard let v = variance, level.isFinite, level > 0, level < 1 else { return nil }
    let t = StatisticsGSL.tCritical(level: level, degreesOfFreedom: Double(count - 1))
    let half = t * (v / Double(count)).squareRoot()
    return (mean - half)...(mean + half)
  }
}

// MARK: - Merging

extension Accumulator {
  /// Adds every observation of `other` to this accumulator, as if they had been added here.
  ///
  /// Chan, Golub and LeVeque (1979): with `n = nA + nB` and `δ = meanB - meanA`,
  /// `mean = meanA + δ·nB/n` and `m2 = m2A + m2B + δ²·nA·nB/n`; count adds, min and max
  /// take the extremes. Merging with an empty accumulator leaves the other one bit for bit.
  ///
  /// - Complexity: O(1).
  public mutating func merge(_ other: Accumulator) {
    guard other.count > 0 else { return }
    guard count > 0 else {
      self = other
      return
    }
    let nA = Double(count)
    let nB = Double(other.count)
    let n = nA + nB
    let delta = other.mean - mean
    mean += delta * (nB / n)
    m2 += other.m2 + delta * delta * (nA * nB / n)
    count += other.count
    if other.min < min { min = other.min }
    if other.max > max { max = other.max }
  }

  /// This accumulator merged with `other`; see `merge(_:)`.
  public func merging(_ other: Accumulator) -> Accumulator {
    var result = self
    result.merge(other)
    return result
  }
}

// MARK: - Codable

/// Encodes `count`, `mean`, `m2`, `min` and `max` as numbers. An empty accumulator has no
/// minimum or maximum (internally ±infinity, which JSON cannot hold): for it `min` and `max`
/// are left out. Swift's encoders write the shortest decimal that reads back to the same
/// double, so a JSON round trip is exact to the bit.
///
/// Decoding checks the state (non-negative count and `m2`, finite numbers, `min <= mean <=
/// max`), so a corrupted partial result from another machine is rejected rather than merged.
extension Accumulator: Codable {
  private enum CodingKeys: String, CodingKey { case count, mean, m2, min, max }

  /// Decodes and validates an accumulator written by `encode(to:)`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let count = try c.decode(Int.self, forKey: .count)
    guard count >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .count, in: c, debugDescription: "negative count \(count)")
    }
    self.init()
    guard count > 0 else { return }
    let mean = try c.decode(Double.self, forKey: .mean)
    let m2 = try c.decode(Double.self, forKey: .m2)
    let min = try c.decode(Double.self, forKey: .min)
    let max = try c.decode(Double.self, forKey: .max)
    guard [mean, m2, min, max].allSatisfy(\.isFinite), m2 >= 0, min <= max else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription:
            "inconsistent accumulator: mean \(mean), m2 \(m2), min \(min), max \(max)"))
    }
    // Welford's running mean can land a few ulps outside [min, max] (e.g. all values equal
    // to a number that is not a multiple of its ulp after division); allow that slack.
    let slack = 4 * Swift.max(min.ulp, max.ulp, mean.ulp)
    guard mean >= min - slack, mean <= max + slack else {
      throw DecodingError.dataCorruptedError(
        forKey: .mean, in: c, debugDescription: "mean \(mean) outside [\(min), \(max)]")
    }
    self.count = count
    self.mean = mean
    self.m2 = m2
    self.min = min
    self.max = max
  }

  /// Encodes the five fields; `min` and `max` only when the accumulator is not empty.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(count, forKey: .count)
    try c.encode(mean, forKey: .mean)
    try c.encode(m2, forKey: .m2)
    if count > 0 {
      try c.encode(min, forKey: .min)
      try c.encode(max, forKey: .max)
    }
  }
}
