internal import CGSL

/// A probability distribution of a scenario quantity (a duration, a deal size, a count).
///
/// Parameters are in the units sales people use: a lognormal is given by its mean and
/// standard deviation, not by mu and sigma. Draws go through GSL's `gsl_ran_*` samplers
/// where GSL has the distribution, fed by the stream's xoshiro256** generator.
///
/// A distribution decoded from YAML is always valid (see ``problems``); one built in code
/// should be checked with ``validate()`` or ``validated()`` before sampling.
///
/// ```swift
/// let dealSize = Distribution.lognormal(mean: 50_000, sd: 20_000)
/// let value = dealSize.sample(RandomStream(seed: 1, replication: 0, name: "deal size"))
/// ```
public enum Distribution: Hashable, Sendable {
  /// Always `value`.
  case constant(Double)
  /// Uniform on `[min, max]`.
  case uniform(min: Double, max: Double)
  /// Triangular on `[min, max]` with its peak at `mode`.
  case triangular(min: Double, mode: Double, max: Double)
  /// Exponential with the given mean (the time between events of a Poisson process).
  case exponential(mean: Double)
  /// Gamma with shape k and scale theta: mean k theta, variance k theta^2.
  case gamma(shape: Double, scale: Double)
  /// Lognormal given by its own mean and standard deviation (not by mu and sigma).
  case lognormal(mean: Double, sd: Double)
  /// A normal with mean `mean` and standard deviation `sd`, restricted to `[min, max]`.
  /// `mean` and `sd` describe the normal before truncation; either bound may be infinite.
  case truncatedNormal(mean: Double, sd: Double, min: Double, max: Double)
  /// Weibull with shape k and scale lambda: P(X > x) = exp(-(x / lambda)^k).
  case weibull(shape: Double, scale: Double)
  /// Poisson count with the given mean.
  case poisson(mean: Double)
  /// 1 with probability `p`, else 0.
  case bernoulli(p: Double)
  /// Number of successes in `n` independent trials of probability `p`.
  case binomial(n: Int, p: Double)
  /// Number of trials up to and including the first success, each of probability `p`:
  /// support 1, 2, 3, ... (GSL's convention), mean 1 / p.
  case geometric(p: Double)
  /// One of finitely many values, chosen with probability proportional to its weight.
  case discrete(WeightedValues)
  /// A continuous distribution whose CDF is piecewise linear through the points
  /// `(values[i], cumulative[i])`; `cumulative` rises from 0 to 1.
  case empirical(values: [Double], cumulative: [Double])

  /// One of `values`, chosen with probability proportional to `weights`.
  public static func discrete(values: [Double], weights: [Double]) -> Distribution {
    .discrete(WeightedValues(values: values, weights: weights))
  }
}

// MARK: - Sampling

extension Distribution {
  /// One draw from `stream`. Allocates nothing.
  ///
  /// - Precondition: the distribution is valid (``problems`` is empty); decoding ensures it.
  /// - Complexity: O(1), except O(log n) for `discrete` and `empirical` with n points.
  public func sample(_ stream: RandomStream) -> Double {
    let r = stream.gslGenerator
    switch self {
    case .constant(let v):
      return v
    case .uniform(let lo, let hi):
      return gsl_ran_flat(r, lo, hi)
    case .triangular(let lo, let mode, let hi):
      return Self.triangular(u: stream.uniform(), min: lo, mode: mode, max: hi)
    case .exponential(let mean):
      return gsl_ran_exponential(r, mean)
    case .gamma(let shape, let scale):
      return gsl_ran_gamma(r, shape, scale)
    case .lognormal(let mean, let sd):
      // exp of GSL's ziggurat normal: the same lognormal as gsl_ran_lognormal, whose polar
      // Box-Muller method measured twice as slow.
      let (mu, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
      return exp(mu + sigma * gsl_ran_gaussian_ziggurat(r, 1))
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      return TruncatedNormal.sample(stream, mean: mean, sd: sd, min: lo, max: hi)
    case .weibull(let shape, let scale):
      return gsl_ran_weibull(r, scale, shape)
    case .poisson(let mean):
      return Double(gsl_ran_poisson(r, mean))
    case .bernoulli(let p):
      return Double(gsl_ran_bernoulli(r, p))
    case .binomial(let n, let p):
      return Double(gsl_ran_binomial(r, p, UInt32(truncatingIfNeeded: n)))
    case .geometric(let p):
      return Double(gsl_ran_geometric(r, p))
    case .discrete(let table):
      return table.sample(stream.uniform())
    case .empirical(let values, let cumulative):
      return Self.empirical(u: stream.uniform(), values: values, cumulative: cumulative)
    }
  }

  /// mu and sigma of the underlying normal of a lognormal with this mean and sd.
  @inline(__always)
  static func lognormalParameters(mean: Double, sd: Double) -> (mu: Double, sigma: Double) {
    let s2 = log1p((sd / mean) * (sd / mean))
    return (log(mean) - s2 / 2, s2.squareRoot())
  }

  /// Inversion of the triangular CDF (GSL has no triangular sampler).
  @inline(__always)
  static func triangular(u: Double, min lo: Double, mode: Double, max hi: Double) -> Double {
    let width = hi - lo
    guard width > 0 else { return lo }
    let split = (mode - lo) / width
    if u < split {
      return lo + (u * width * (mode - lo)).squareRoot()
    }
    return hi - ((1 - u) * width * (hi - mode)).squareRoot()
  }

  /// Inversion of a piecewise-linear CDF by binary search for the segment holding `u`.
  @inline(__always)
  static func empirical(u: Double, values: [Double], cumulative: [Double]) -> Double {
    // Find the first point whose cumulative probability exceeds u; a flat segment (no mass)
    // is never chosen because its end does not exceed its start.
    var lo = 1
    var hi = cumulative.count - 1
    while lo < hi {
      let mid = (lo &+ hi) >> 1
      if cumulative[mid] > u { hi = mid } else { lo = mid &+ 1 }
    }
    let c0 = cumulative[lo - 1]
    let c1 = cumulative[lo]
    let x0 = values[lo - 1]
    let x1 = values[lo]
    guard c1 > c0 else { return x1 }
    let t = Swift.min(Swift.max((u - c0) / (c1 - c0), 0), 1)
    return x0 + t * (x1 - x0)
  }
}

// MARK: - Moments and support

extension Distribution {
  /// The distribution's theoretical mean.
  public var mean: Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let lo, let hi): return (lo + hi) / 2
    case .triangular(let lo, let mode, let hi): return (lo + mode + hi) / 3
    case .exponential(let mean): return mean
    case .gamma(let shape, let scale): return shape * scale
    case .lognormal(let mean, _): return mean
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      return TruncatedNormal.moments(mean: mean, sd: sd, min: lo, max: hi).mean
    case .weibull(let shape, let scale): return scale * gsl_sf_gamma(1 + 1 / shape)
    case .poisson(let mean): return mean
    case .bernoulli(let p): return p
    case .binomial(let n, let p): return Double(n) * p
    case .geometric(let p): return 1 / p
    case .discrete(let table): return table.moments.mean
    case .empirical(let values, let cumulative):
      return Self.empiricalMoments(values: values, cumulative: cumulative).mean
    }
  }

  /// The distribution's theoretical variance.
  public var variance: Double {
    switch self {
    case .constant: return 0
    case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
    case .triangular(let a, let c, let b):
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    case .exponential(let mean): return mean * mean
    case .gamma(let shape, let scale): return shape * scale * scale
    case .lognormal(_, let sd): return sd * sd
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      return TruncatedNormal.moments(mean: mean, sd: sd, min: lo, max: hi).variance
    case .weibull(let shape, let scale):
      let g1 = gsl_sf_gamma(1 + 1 / shape)
      return scale * scale * (gsl_sf_gamma(1 + 2 / shape) - g1 * g1)
    case .poisson(let mean): return mean
    case .bernoulli(let p): return p * (1 - p)
    case .binomial(let n, let p): return Double(n) * p * (1 - p)
    case .geometric(let p): return (1 - p) / (p * p)
    case .discrete(let table): return table.moments.variance
    case .empirical(let values, let cumulative):
      return Self.empiricalMoments(values: values, cumulative: cumulative).variance
    }
  }

  /// The distribution's standard deviation.
  public var standardDeviation: Double { variance.squareRoot() }

  /// The smallest interval holding every draw; bounds may be infinite.
  ///
  /// | kind | support |
  /// |---|---|
  /// | constant | value |
  /// | uniform, triangular, truncated normal | min ... max |
  /// | exponential, gamma, lognormal, weibull, poisson | 0 ... inf |
  /// | bernoulli | 0 ... 1 |
  /// | binomial | 0 ... n |
  /// | geometric | 1 ... inf |
  /// | discrete | smallest ... largest value |
  /// | empirical | first ... last value |
  ///
  /// - Precondition: the parameters are valid (``problems`` is empty); decoding ensures it.
  public var support: ClosedRange<Double> {
    switch self {
    case .constant(let v): return v...v
    case .uniform(let lo, let hi): return lo...hi
    case .triangular(let lo, _, let hi): return lo...hi
    case .exponential, .gamma, .lognormal, .weibull, .poisson:
      return 0...Double.infinity
    case .truncatedNormal(_, _, let lo, let hi): return lo...hi
    case .bernoulli: return 0...1
    case .binomial(let n, _): return 0...Double(n)
    case .geometric: return 1...Double.infinity
    case .discrete(let table):
      return (table.values.min() ?? 0)...(table.values.max() ?? 0)
    case .empirical(let values, _):
      return (values.first ?? 0)...(values.last ?? 0)
    }
  }

  /// Whether every draw is a whole number (a count), e.g. Poisson, binomial, geometric.
  public var isIntegerValued: Bool {
    switch self {
    case .poisson, .bernoulli, .binomial, .geometric: return true
    case .constant(let v): return v.rounded() == v
    case .discrete(let table): return table.values.allSatisfy { $0.rounded() == $0 }
    case .uniform, .triangular, .exponential, .gamma, .lognormal, .truncatedNormal, .weibull,
      .empirical:
      return false
    }
  }

  /// Mean and variance of a piecewise-linear CDF: a mixture of uniforms on its segments.
  static func empiricalMoments(values: [Double], cumulative: [Double]) -> (
    mean: Double, variance: Double
  ) {
    var mean = 0.0
    for i in values.indices.dropFirst() {
      mean += (cumulative[i] - cumulative[i - 1]) * (values[i - 1] + values[i]) / 2
    }
    // Centred second moments, so that large values with a small spread lose no precision.
    var variance = 0.0
    for i in values.indices.dropFirst() {
      let a = values[i - 1] - mean
      let b = values[i] - mean
      variance += (cumulative[i] - cumulative[i - 1]) * (a * a + a * b + b * b) / 3
    }
    return (mean, Swift.max(variance, 0))
  }
}
