internal import CGSL

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// The per-draw constants of a distribution worked out once, for draws on a model's hot path.
///
/// A draw gives exactly the number ``Distribution/sample(_:)`` gives from the same stream:
/// a constant is returned without a call, a uniform and an exponential call GSL's sampler
/// directly, and a lognormal's `mu` and `sigma` (a logarithm each) are computed here once
/// instead of at every draw. Other kinds draw through the ``Distribution`` they were prepared
/// from, which the caller passes along.
///
/// The value holds plain numbers only, so that reading one from an array copies no payload.
///
/// ```swift
/// let dealSize = Distribution.lognormal(mean: 50_000, sd: 20_000)
/// let prepared = PreparedDistribution(dealSize)
/// let value = prepared.sample(stream, dealSize)
/// ```
public struct PreparedDistribution: Sendable {
  @usableFromInline
  internal enum Kind: UInt8, Sendable {
    case constant, lognormal, uniform, exponential, other
  }

  @usableFromInline internal let kind: Kind
  /// The constant, the lognormal's `mu`, the uniform's minimum or the exponential's mean.
  @usableFromInline internal let first: Double
  /// The lognormal's `sigma` or the uniform's maximum.
  @usableFromInline internal let second: Double

  /// Prepares `distribution`, which must be valid (decoding ensures it).
  public init(_ distribution: Distribution) {
    switch distribution {
    case .constant(let v):
      (kind, first, second) = (.constant, v, 0)
    case .lognormal(let mean, let sd):
      let (mu, sigma) = Distribution.lognormalParameters(mean: mean, sd: sd)
      (kind, first, second) = (.lognormal, mu, sigma)
    case .uniform(let lo, let hi):
      (kind, first, second) = (.uniform, lo, hi)
    case .exponential(let mean):
      (kind, first, second) = (.exponential, mean, 0)
    default:
      (kind, first, second) = (.other, 0, 0)
    }
  }

  /// Whether every draw is the same number (a constant), which takes nothing from the stream.
  @inlinable public var isConstant: Bool { kind == .constant }

  /// One draw from `stream`: the same number as `distribution.sample(stream)`, where
  /// `distribution` is the one this was prepared from (read only for the kinds not prepared).
  ///
  /// - Complexity: as ``Distribution/sample(_:)``.
  @inlinable @inline(__always)
  public func sample(_ stream: RandomStream, _ distribution: @autoclosure () -> Distribution)
    -> Double
  {
    switch kind {
    case .constant: return first
    case .other: return distribution().sample(stream)
    default: return prepared(stream)
    }
  }

  /// A draw of a prepared lognormal, uniform or exponential, by the same GSL calls (and for
  /// a lognormal the same arithmetic) as ``Distribution/sample(_:)``.
  @usableFromInline
  internal func prepared(_ stream: RandomStream) -> Double {
    let r = stream.gslGenerator
    switch kind {
    case .lognormal: return exp(first + second * gsl_ran_gaussian_ziggurat(r, 1))
    case .uniform: return gsl_ran_flat(r, first, second)
    case .exponential: return gsl_ran_exponential(r, first)
    case .constant: return first
    case .other: preconditionFailure("a distribution that is not prepared")
    }
  }
}
