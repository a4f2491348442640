internal import CGSL

/// Sampling and moments of a normal restricted to an interval, safe in the far tails.
///
/// Work is done on the standard normal with bounds alpha = (min - mean) / sd and
/// beta = (max - mean) / sd. An interval entirely below zero is mirrored above zero, so the
/// upper-tail function Q (accurate for tiny probabilities) is always the one used there.
enum TruncatedNormal {
  /// Attempts before a rejection scheme gives way to inversion; each attempt accepts with
  /// probability at least 0.38, so the fallback practically never runs.
  static let maximumAttempts = 64

  /// Below this upper-tail probability Q(alpha) the inversion loses its precision (and
  /// below about 1e-308 underflows), so the exponential-proposal rejection takes over.
  static let farTail = 1e-280

  static func sample(
    _ stream: RandomStream, mean: Double, sd: Double, min lo: Double, max hi: Double
  ) -> Double {
    guard sd > 0 else { return Swift.min(Swift.max(mean, lo), hi) }
    let alpha = (lo - mean) / sd
    let beta = (hi - mean) / sd
    let z = standard(stream, alpha: alpha, beta: beta)
    return Swift.min(Swift.max(mean + sd * z, lo), hi)
  }

  /// A draw of a standard normal restricted to [alpha, beta].
  static func standard(_ stream: RandomStream, alpha: Double, beta: Double) -> Double {
    let r = stream.gslGenerator
    // The interval holds [-0.5, 0.5], mass >= 0.38: plain rejection is cheapest.
    if alpha <= -0.5 && beta >= 0.5 {
      for _ in 0..<maximumAttempts {
        let z = gsl_ran_gaussian_ziggurat(r, 1)
        if z >= alpha && z <= beta { return z }
      }
    }
    if alpha >= 0 { return upper(stream, alpha: alpha, beta: beta) }
    if beta <= 0 { return -upper(stream, alpha: -beta, beta: -alpha) }
    // Straddles zero, narrow: invert the CDF between the bounds.
    let pa = gsl_cdf_ugaussian_P(alpha)
    let pb = gsl_cdf_ugaussian_P(beta)
    let z = gsl_cdf_ugaussian_Pinv(pa + (pb - pa) * stream.uniformPositive())
    return Swift.min(Swift.max(z, alpha), beta)
  }

  /// A draw restricted to [alpha, beta] with 0 <= alpha <= beta.
  static func upper(_ stream: RandomStream, alpha: Double, beta: Double) -> Double {
    let qa = gsl_cdf_ugaussian_Q(alpha)
    if qa > farTail {
      let qb = gsl_cdf_ugaussian_Q(beta)
      let z = gsl_cdf_ugaussian_Qinv(qb + (qa - qb) * stream.uniformPositive())
      return Swift.min(Swift.max(z, alpha), beta)
    }
    // Far tail (alpha > ~35): propose alpha + t with t exponential of rate alpha truncated
    // to [0, beta - alpha], accept with probability exp(-t^2 / 2) (Robert, 1995). With
    // alpha this large t is tiny and acceptance is above 0.999.
    let width = beta - alpha
    let keep = -expm1(-alpha * width)  // mass of the truncated exponential, in (0, 1]
    var t = 0.0
    for _ in 0..<maximumAttempts {
      t = -log1p(-keep * stream.uniform()) / alpha
      if stream.uniform() < exp(-t * t / 2) { break }
    }
    return Swift.min(alpha + t, beta)
  }

  /// Exact mean and variance of the truncated normal.
  ///
  /// With Z = Phi(beta) - Phi(alpha) and phi the standard density:
  /// mean = mu + sd (phi(alpha) - phi(beta)) / Z,
  /// variance = sd^2 [1 + (alpha phi(alpha) - beta phi(beta)) / Z - ((phi(alpha) - phi(beta)) / Z)^2].
  static func moments(mean: Double, sd: Double, min lo: Double, max hi: Double) -> (
    mean: Double, variance: Double
  ) {
    guard sd > 0 else { return (Swift.min(Swift.max(mean, lo), hi), 0) }
    var alpha = (lo - mean) / sd
    var beta = (hi - mean) / sd
    var sign = 1.0
    if beta <= 0 {  // mirror into the upper half, where Q keeps its precision
      (alpha, beta) = (-beta, -alpha)
      sign = -1
    }
    let z: Double =
      alpha >= 0
      ? gsl_cdf_ugaussian_Q(alpha) - gsl_cdf_ugaussian_Q(beta)
      : gsl_cdf_ugaussian_P(beta) - gsl_cdf_ugaussian_P(alpha)
    let m: Double
    let v: Double
    if z > farTail {
      let pa = density(alpha)
      let pb = density(beta)
      let ratio = (pa - pb) / z
      m = ratio
      v = 1 + (weighted(alpha) - weighted(beta)) / z - ratio * ratio
    } else if alpha < 1 {
      // Only an interval too narrow to carry mass reaches here: the density is flat on it.
      let w = beta - alpha
      m = alpha + w / 2
      v = w * w / 12
    } else {
      // Far tail: the shape is an exponential of rate alpha on [0, beta - alpha], to
      // within a relative error of order 1 / alpha^2.
      let w = beta - alpha
      let e = alpha * w
      if e > 700 {
        m = alpha + 1 / alpha
        v = 1 / (alpha * alpha)
      } else {
        let tail = exp(-e)
        let keep = -expm1(-e)
        m = alpha + 1 / alpha - w * tail / keep
        v = 1 / (alpha * alpha) - w * w * tail / (keep * keep)
      }
    }
    return (mean + sign * sd * m, sd * sd * Swift.max(v, 0))
  }

  /// The standard normal density; zero at infinity.
  static func density(_ x: Double) -> Double {
    x.isInfinite ? 0 : gsl_ran_ugaussian_pdf(x)
  }

  /// x phi(x), taken as zero at infinity.
  static func weighted(_ x: Double) -> Double {
    x.isInfinite ? 0 : x * gsl_ran_ugaussian_pdf(x)
  }
}
