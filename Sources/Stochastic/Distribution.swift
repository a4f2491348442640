internal import CGSL

/// A probability distribution of a scenario quantity (a duration, a deal size, a count).
///
/// Parameters are in the units sales people use: a lognormal is given by its mean and
/// standard deviation, not by mu and sigma. Sampled through GSL's `gsl_ran_*` samplers
/// where GSL has the distribution. (Initial version: more cases, validation and YAML
/// decoding follow.)
public enum Distribution: Hashable, Sendable {
  case constant(Double)
  case uniform(min: Double, max: Double)
  case exponential(mean: Double)
  case lognormal(mean: Double, sd: Double)

  /// One draw from `stream`.
  public func sample(_ stream: RandomStream) -> Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let lo, let hi): return lo + (hi - lo) * stream.uniform()
    case .exponential(let mean): return gsl_ran_exponential(stream.gslGenerator, mean)
    case .lognormal(let mean, let sd):
      let s2 = log1p((sd * sd) / (mean * mean))
      return gsl_ran_lognormal(stream.gslGenerator, log(mean) - s2 / 2, s2.squareRoot())
    }
  }

  /// The distribution's mean.
  public var mean: Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let lo, let hi): return (lo + hi) / 2
    case .exponential(let mean): return mean
    case .lognormal(let mean, _): return mean
    }
  }
}
