internal import CGSL

// MARK: - Sampling above a value

extension Distribution {
  /// Draws allowed to a family without an inverse CDF before ``sample(exceeding:_:)`` gives
  /// up: a conditioning event this unlikely (below about 1 in 1000 by then) is treated as
  /// impossible.
  public static let conditionalAttempts = 1000

  /// One draw of the distribution conditioned on exceeding `t`, or nil when no draw above `t`
  /// can be had (the distribution has no mass above `t`, or a family without an inverse CDF
  /// found none in ``conditionalAttempts`` draws).
  ///
  /// Continuous families invert the CDF `F` from one uniform `U` of `stream`:
  /// `x = F⁻¹(F(t) + U (1 − F(t)))`. For exponential, gamma, lognormal and Weibull the same
  /// point is computed on the upper tail, `x = Q⁻¹((1 − U) Q(t))` with GSL's `Q` and `Qinv`,
  /// which keeps its precision where `F(t)` is close to 1. A truncated normal is sampled on
  /// `[max(min, t), max]`. The counting families (poisson, bernoulli, binomial, geometric,
  /// discrete) and a constant are drawn by rejection: ``sample(_:)`` repeated until a draw
  /// exceeds `t`.
  ///
  /// ```swift
  /// let stay = Distribution.exponential(mean: 30)
  /// let x = stay.sample(exceeding: 12, RandomStream(seed: 1, replication: 0, name: "stay"))
  /// ```
  ///
  /// - Precondition: the distribution is valid (``problems`` is empty).
  /// - Complexity: O(1) for the continuous families; up to ``conditionalAttempts`` draws
  ///   otherwise.
  public func sample(exceeding t: Double, _ stream: RandomStream) -> Double? {
    switch self {
    case .uniform(let lo, let hi):
      guard t < hi else { return nil }
      let a = Swift.max(lo, t)
      return a + stream.uniform() * (hi - a)
    case .triangular(let lo, let mode, let hi):
      guard t < hi else { return nil }
      let f = Self.triangularCDF(t, min: lo, mode: mode, max: hi)
      let x = Self.triangular(u: f + stream.uniform() * (1 - f), min: lo, mode: mode, max: hi)
      return Swift.max(x, t)
    case .exponential(let mean):
      let q = gsl_cdf_exponential_Q(Swift.max(t, 0), mean)
      return Self.aboveByTail(t, q, stream) { gsl_cdf_exponential_Qinv($0, mean) }
    case .gamma(let shape, let scale):
      let q = gsl_cdf_gamma_Q(Swift.max(t, 0), shape, scale)
      return Self.aboveByTail(t, q, stream) { gsl_cdf_gamma_Qinv($0, shape, scale) }
    case .lognormal(let mean, let sd):
      let (mu, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
      let q = t > 0 ? gsl_cdf_lognormal_Q(t, mu, sigma) : 1
      return Self.aboveByTail(t, q, stream) { gsl_cdf_lognormal_Qinv($0, mu, sigma) }
    case .weibull(let shape, let scale):
      let q = gsl_cdf_weibull_Q(Swift.max(t, 0), scale, shape)
      return Self.aboveByTail(t, q, stream) { gsl_cdf_weibull_Qinv($0, scale, shape) }
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      guard t < hi else { return nil }
      return TruncatedNormal.sample(stream, mean: mean, sd: sd, min: Swift.max(lo, t), max: hi)
    case .empirical(let values, let cumulative):
      guard let last = values.last, t < last else { return nil }
      let f = Self.empiricalCDF(t, values: values, cumulative: cumulative)
      let u = f + stream.uniform() * (1 - f)
      return Swift.max(Self.empirical(u: u, values: values, cumulative: cumulative), t)
    case .constant, .poisson, .bernoulli, .binomial, .geometric, .discrete:
      // No inverse CDF in GSL for the counting families: rejection, bounded so that a
      // conditioning event of no mass cannot loop for ever.
      guard support.upperBound > t else { return nil }
      for _ in 0..<Self.conditionalAttempts {
        let x = sample(stream)
        if x > t { return x }
      }
      return nil
    }
  }

  /// `Q⁻¹((1 − U) q)`, `q = Q(t)` the mass above `t`; nil when there is none. The result is
  /// kept above `t` against rounding in the inverse.
  @inline(__always)
  static func aboveByTail(
    _ t: Double, _ q: Double, _ stream: RandomStream, _ inverse: (Double) -> Double
  ) -> Double? {
    guard q > 0 else { return nil }
    let x = inverse((1 - stream.uniform()) * q)
    return x.isNaN ? nil : Swift.max(x, t)
  }

  /// The triangular CDF at `x`.
  static func triangularCDF(_ x: Double, min lo: Double, mode: Double, max hi: Double) -> Double {
    if x <= lo { return 0 }
    if x >= hi { return 1 }
    if x <= mode { return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo)) }
    return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode))
  }

  /// The piecewise-linear CDF through `(values[i], cumulative[i])` at `x`.
  static func empiricalCDF(_ x: Double, values: [Double], cumulative: [Double]) -> Double {
    if x < values[0] { return 0 }
    for i in 1..<values.count where x < values[i] {
      let width = values[i] - values[i - 1]
      let share = width > 0 ? (x - values[i - 1]) / width : 1
      return cumulative[i - 1] + share * (cumulative[i] - cumulative[i - 1])
    }
    return 1
  }
}
