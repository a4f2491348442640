/// A count of successes out of a number of trials — for example, the replications in which a
/// team reached its plan — with the Wilson score interval.
///
/// ```swift
/// let reached = try Proportion(successes: 412, trials: 500)
/// reached.estimate                       // 0.824
/// reached.wilsonInterval(level: 0.95)    // about 0.788...0.855
/// ```
public struct Proportion: Hashable, Sendable, Codable {
  /// Number of successes.
  public let successes: Int
  /// Number of trials, at least one.
  public let trials: Int

  /// Throws unless `0 <= successes <= trials` and `trials >= 1`.
  public init(successes: Int, trials: Int) throws(StatisticsError) {
    guard trials >= 1, successes >= 0, successes <= trials else {
      throw .invalidCounts(successes: successes, trials: trials)
    }
    self.successes = successes
    self.trials = trials
  }

  /// Counts the values for which `isSuccess` holds; throws for an empty collection.
  public init<C: Collection>(
    counting values: C, where isSuccess: (C.Element) -> Bool
  ) throws(StatisticsError) {
    var s = 0
    for v in values where isSuccess(v) { s += 1 }
    try self.init(successes: s, trials: values.count)
  }

  /// The observed share of successes, `successes / trials`.
  public var estimate: Double { Double(successes) / Double(trials) }

  /// Wilson's score interval; nil for a level outside (0, 1).
  ///
  /// With `p̂ = s/n` and `z = z(1 - α/2)` (GSL's `gsl_cdf_ugaussian_Pinv`):
  /// centre `(p̂ + z²/2n) / (1 + z²/n)`, half-width
  /// `z / (1 + z²/n) · √(p̂(1 - p̂)/n + z²/4n²)`. Unlike the Wald interval it stays inside
  /// [0, 1] and does not collapse to a point at 0 or n successes.
  public func wilsonInterval(level: Double = 0.95) -> ClosedRange<Double>? {
    guard level.isFinite, level > 0, level < 1 else { return nil }
    let z = StatisticsGSL.zCritical(level: level)
    let n = Double(trials)
    let p = estimate
    let z2n = z * z / n
    let centre = (p + z2n / 2) / (1 + z2n)
    let half = z / (1 + z2n) * (p * (1 - p) / n + z2n / (4 * n)).squareRoot()
    // Exact arithmetic keeps the bounds in [0, 1] and at 0 (1) for no (all) successes;
    // rounding may not, so clamp.
    let lower = successes == 0 ? 0 : Swift.max(0, centre - half)
    let upper = successes == trials ? 1 : Swift.min(1, centre + half)
    return lower...upper
  }

  /// Both counts added: the proportion over the union of the two sets of trials.
  public func merging(_ other: Proportion) -> Proportion {
    // Both are valid, so the sum is valid.
    try! Proportion(successes: successes + other.successes, trials: trials + other.trials)
  }
}

extension Proportion {
  /// Decodes and validates the counts.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let s = try c.decode(Int.self, forKey: .successes)
    let n = try c.decode(Int.self, forKey: .trials)
    do {
      try self.init(successes: s, trials: n)
    } catch {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: error.description))
    }
  }
}
