// Exact samplers of Poisson and binomial counts that draw only from the stream's own uniforms,
// so a count costs a few uniforms and no call into GSL (they sit on the model's hot path).

#if canImport(Glibc)
  public import Glibc
#elseif canImport(Darwin)
  public import Darwin
#endif

extension RandomStream {
  /// A Poisson count with mean `mean`: inversion below 10, else Hörmann's PTRS rejection.
  ///
  /// - Complexity: O(mean) uniforms below a mean of 10, about 1.2 pairs above.
  @inlinable @inline(__always)
  public func poisson(_ mean: Double) -> Int {
    if mean <= 0 { return 0 }
    if mean < 10 {
      return Self.poissonCount(inverting: uniform(), mean: mean, zeroChance: exp(-mean))
    }
    let slam = mean.squareRoot()
    let loglam = log(mean)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = uniform() - 0.5
      let v = uniform()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
      if us >= 0.07 && v <= vr { return Int(k) }
      if k < 0 || (us < 0.013 && v > us) { continue }
      if log(v) + log(invalpha) - log(a / (us * us) + b) <= -mean + k * loglam - lgamma(k + 1) {
        return Int(k)
      }
    }
  }

  /// The Poisson count whose cumulative probability first reaches `u` (inversion), for a
  /// small mean; `zeroChance` is e^-mean, passed in so callers can compute it once.
  ///
  /// Stops at 10,000, far beyond any count a mean below 10 gives.
  @inlinable @inline(__always)
  public static func poissonCount(inverting u: Double, mean: Double, zeroChance: Double) -> Int {
    var k = 0
    var p = zeroChance
    var s = p
    while u > s && k < 10_000 {
      k += 1
      p *= mean / Double(k)
      s += p
    }
    return k
  }

  /// A binomial count of `n` trials with success `p`, by skipping geometric gaps between
  /// successes (about n*p + 1 uniforms).
  @inlinable @inline(__always)
  public func binomial(_ n: Int, _ p: Double) -> Int {
    if n <= 0 || p <= 0 { return 0 }
    if p >= 1 { return n }
    return binomial(n, logFailure: log1p(-p))
  }

  /// As `binomial(_:_:)` with `log(1 - p)` precomputed (0 < p < 1).
  @inlinable @inline(__always)
  public func binomial(_ n: Int, logFailure logq: Double) -> Int {
    if n <= 0 { return 0 }
    var position = 0
    var k = 0
    while true {
      position += Int((log(uniformPositive()) / logq).rounded(.down)) + 1
      if position > n { return k }
      k += 1
    }
  }
}

/// Binomial counts with a fixed success chance and varying numbers of trials (calls that
/// connect, requests that escalate): the same counts as
/// ``RandomStream/binomial(_:logFailure:)`` from the same stream, usually without a logarithm.
///
/// A draw with no success, the common case when the chance is small, is one uniform `u` whose
/// first gap passes `n`: `log(u) / log(1 - p) >= n`, that is `u <= (1 - p)^n`. Well below that
/// bound (by a relative 10⁻⁹, far beyond the rounding of either side) the answer is 0 without
/// the logarithm; any other `u` goes on exactly as the plain sampler does.
public struct FixedChanceBinomial: Sendable {
  /// `log(1 - p)`, as ``RandomStream/binomial(_:logFailure:)`` takes it.
  public let logFailure: Double
  /// At `n`: `(1 - p)^n` lowered by a relative 10⁻⁹, under which a uniform means no success.
  @usableFromInline internal let noSuccessBelow: [Double]

  /// A sampler for `log(1 - p)` = `logFailure` (below 0), with the shortcut up to `maxTrials`
  /// trials (at most 4,096; counts of more trials are drawn in full).
  public init(logFailure: Double, maxTrials: Int) {
    self.logFailure = logFailure
    // The margin holds while |log(1 - p)| n stays far from 10⁹ ulps: p up to 1 - 10⁻¹² and a
    // few thousand trials.
    guard logFailure < 0 && logFailure > -28 else {
      noSuccessBelow = []
      return
    }
    noSuccessBelow = (0...min(max(maxTrials, 0), 4096)).map {
      exp(Double($0) * logFailure) * (1 - 1e-9)
    }
  }

  /// A binomial count of `n` trials from `stream`.
  ///
  /// - Complexity: one uniform when the count is 0 and `n` is within the table; else as
  ///   ``RandomStream/binomial(_:logFailure:)``.
  @inlinable @inline(__always)
  public func sample(_ n: Int, _ stream: RandomStream) -> Int {
    if n <= 0 { return 0 }
    let u = stream.uniformPositive()
    if n < noSuccessBelow.count && u < noSuccessBelow[n] { return 0 }
    // Gaps between successes, as in `binomial(_:logFailure:)`, the first from `u`.
    var position = Int((log(u) / logFailure).rounded(.down)) + 1
    var k = 0
    while position <= n {
      k += 1
      position += Int((log(stream.uniformPositive()) / logFailure).rounded(.down)) + 1
    }
    return k
  }
}
