internal import CGSL

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// A distribution with what every draw would recompute worked out once, for draws on a
/// model's hot path.
///
/// A draw gives exactly the number ``Distribution/sample(_:)`` gives from the same stream:
/// a constant is returned without a call, and a lognormal's `mu` and `sigma` (a logarithm
/// each) are computed here once instead of at every draw. Every other kind draws through
/// ``Distribution/sample(_:)``.
///
/// ```swift
/// let dealSize = PreparedDistribution(.lognormal(mean: 50_000, sd: 20_000))
/// let value = dealSize.sample(stream)
/// ```
public struct PreparedDistribution: Sendable {
  /// The distribution drawn from.
  public let distribution: Distribution

  @usableFromInline
  internal enum Kind: UInt8, Sendable {
    case constant, lognormal, other
  }

  @usableFromInline internal let kind: Kind
  /// The constant, or the lognormal's `mu`.
  @usableFromInline internal let first: Double
  /// The lognormal's `sigma`.
  @usableFromInline internal let second: Double

  /// Prepares `distribution`, which must be valid (decoding ensures it).
  public init(_ distribution: Distribution) {
    self.distribution = distribution
    switch distribution {
    case .constant(let v):
      (kind, first, second) = (.constant, v, 0)
    case .lognormal(let mean, let sd):
      let (mu, sigma) = Distribution.lognormalParameters(mean: mean, sd: sd)
      (kind, first, second) = (.lognormal, mu, sigma)
    default:
      (kind, first, second) = (.other, 0, 0)
    }
  }

  /// Whether every draw is the same number (a constant), which takes nothing from the stream.
  @inlinable public var isConstant: Bool { kind == .constant }

  /// One draw from `stream`, the same as `distribution.sample(stream)`.
  ///
  /// - Complexity: as ``Distribution/sample(_:)``.
  @inlinable @inline(__always)
  public func sample(_ stream: RandomStream) -> Double {
    switch kind {
    case .constant: return first
    case .lognormal: return lognormal(stream)
    case .other: return distribution.sample(stream)
    }
  }

  /// exp of GSL's ziggurat normal, as ``Distribution/sample(_:)`` draws a lognormal.
  @usableFromInline
  internal func lognormal(_ stream: RandomStream) -> Double {
    exp(first + second * gsl_ran_gaussian_ziggurat(stream.gslGenerator, 1))
  }
}
