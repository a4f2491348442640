internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

// Count samplers used by the model until the Stochastic module offers its own. Both are exact.
extension RandomStream {
  /// A Poisson count with mean `mean`: inversion below 10, else Hörmann's PTRS rejection.
  @inline(__always)
  func poisson(_ mean: Double) -> Int {
    if mean <= 0 { return 0 }
    if mean < 10 {
      let u = uniform()
      var k = 0
      var p = exp(-mean)
      var s = p
      while u > s && k < 10_000 {
        k += 1
        p *= mean / Double(k)
        s += p
      }
      return k
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

  /// A binomial count of `n` trials with success `p`, by skipping geometric gaps between
  /// successes (about n*p + 1 uniforms).
  @inline(__always)
  func binomial(_ n: Int, _ p: Double) -> Int {
    if n <= 0 || p <= 0 { return 0 }
    if p >= 1 { return n }
    return binomial(n, logFailure: log1p(-p))
  }

  /// As `binomial(_:_:)` with `log(1 - p)` precomputed (0 < p < 1).
  @inline(__always)
  func binomial(_ n: Int, logFailure logq: Double) -> Int {
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

/// A uniform in [0, 1) fixed by a lead's key and a purpose index: common random numbers that
/// do not depend on when or by whom the lead is worked.
@inline(__always)
func keyedUniform(_ key: UInt64, _ index: Int) -> Double {
  var z = key &+ UInt64(truncatingIfNeeded: index &+ 1) &* 0x9e37_79b9_7f4a_7c15
  z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
  z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
  z ^= z >> 31
  return Double(z >> 11) * 0x1.0p-53
}
