/// The values of a discrete distribution with their weights, and the running totals that
/// make a draw a binary search.
///
/// Weights need not sum to 1: a value's probability is its weight over the total.
public struct WeightedValues: Hashable, Sendable {
  /// The values a draw can take.
  public let values: [Double]
  /// Relative weights, one per value.
  public let weights: [Double]
  /// Running totals of `weights`, computed once so that a draw allocates nothing.
  @usableFromInline let cumulative: [Double]
  /// The index of the last value with a positive weight: a draw never goes past it.
  @usableFromInline let lastPositive: Int

  /// Values with their relative weights.
  public init(values: [Double], weights: [Double]) {
    self.values = values
    self.weights = weights
    var running = 0.0
    var cumulative: [Double] = []
    cumulative.reserveCapacity(weights.count)
    var lastPositive = 0
    for (i, w) in weights.enumerated() {
      if w > 0 {
        running += w
        lastPositive = i
      }
      cumulative.append(running)
    }
    self.cumulative = cumulative
    self.lastPositive = Swift.min(lastPositive, Swift.max(values.count - 1, 0))
  }

  /// The sum of the weights.
  var total: Double { cumulative.last ?? 0 }

  /// The value whose share of the total holds `u` in [0, 1).
  @inline(__always)
  func sample(_ u: Double) -> Double {
    let target = u * total
    var lo = 0
    var hi = lastPositive
    while lo < hi {
      let mid = (lo &+ hi) >> 1
      if cumulative[mid] > target { hi = mid } else { lo = mid &+ 1 }
    }
    return values[lo]
  }

  /// Mean and variance of a draw.
  var moments: (mean: Double, variance: Double) {
    let total = self.total
    guard total > 0 else { return (0, 0) }
    var mean = 0.0
    for (v, w) in zip(values, weights) where w > 0 { mean += w * v }
    mean /= total
    var variance = 0.0
    for (v, w) in zip(values, weights) where w > 0 { variance += w * (v - mean) * (v - mean) }
    return (mean, variance / total)
  }

  /// Equal when values and weights are (the running totals follow from them).
  public static func == (a: WeightedValues, b: WeightedValues) -> Bool {
    a.values == b.values && a.weights == b.weights
  }

  /// Hashes values and weights.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(values)
    hasher.combine(weights)
  }
}
