import Testing

@testable import Stochastic

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The samplers that replace plain draws on the model's hot path give the very numbers of the
/// draws they replace, from the same stream: the model's outputs must not move by a bit.
@Suite struct HotPathSamplerTests {
  /// Chances from tiny to the model's cap (1 - 10⁻⁹), and trial counts inside and beyond the
  /// shortcut's table.
  static let chances: [Double] = [1e-6, 0.02, 0.1, 0.35, 0.97, 0.999_999_999]
  static let trials = [1, 2, 5, 17, 30, 60, 61, 400]

  @Test(arguments: chances)
  func fixedChanceBinomialDrawsTheSameCountsAsThePlainSampler(_ p: Double) {
    let logq = log1p(-p)
    let sampler = FixedChanceBinomial(logFailure: logq, maxTrials: 60)
    let plain = RandomStream(seed: 4_242, replication: 0, name: "binomial.\(p)")
    let fast = RandomStream(seed: 4_242, replication: 0, name: "binomial.\(p)")
    var zeros = 0
    for i in 0..<40_000 {
      let n = Self.trials[i % Self.trials.count]
      let expected = plain.binomial(n, logFailure: logq)
      let k = sampler.sample(n, fast)
      #expect(k == expected, "Binomial(\(n), \(p)), draw \(i)")
      if k != expected { return }
      if k == 0 { zeros += 1 }
      // The streams stay in step: the shortcut takes the uniforms the plain sampler takes.
      #expect(fast.nextUInt64() == plain.nextUInt64())
    }
    #expect(zeros > 0 || p > 0.5)
  }

  /// Uniforms right at the bound `(1 - p)^n`: the shortcut must leave them to the logarithm.
  @Test func fixedChanceBinomialAgreesNextToTheBound() {
    let p = 0.02
    let logq = log1p(-p)
    let sampler = FixedChanceBinomial(logFailure: logq, maxTrials: 60)
    for n in 1...60 {
      let bound = exp(Double(n) * logq)
      for factor in [1 - 1e-6, 1 - 2e-9, 1 - 1e-9, 1 - 1e-12, 1.0, 1 + 1e-12, 1 + 1e-9] {
        let u = bound * factor
        // The count whose first gap is drawn from `u` (the first uniform) alone.
        let plainNone = Int((log(u) / logq).rounded(.down)) + 1 > n
        let shortcut = n < sampler.noSuccessBelow.count && u < sampler.noSuccessBelow[n]
        #expect(!shortcut || plainNone, "n \(n), u = bound x \(factor)")
      }
    }
  }

  static let distributions: [Distribution] = [
    .constant(3), .lognormal(mean: 150_000, sd: 75_000), .lognormal(mean: 42, sd: 15),
    .uniform(min: 10, max: 25), .exponential(mean: 20), .gamma(shape: 2, scale: 3),
    .triangular(min: 1, mode: 2, max: 5), .poisson(mean: 4),
    .discrete(values: [1, 2, 3], weights: [0.2, 0.5, 0.3]),
  ]

  @Test(arguments: distributions.indices)
  func preparedDistributionDrawsTheSameNumbers(_ index: Int) {
    let d = Self.distributions[index]
    let prepared = PreparedDistribution(d)
    #expect(prepared.isConstant == (d.support.lowerBound == d.support.upperBound))
    let plain = RandomStream(seed: 77, replication: index, name: "prepared")
    let fast = RandomStream(seed: 77, replication: index, name: "prepared")
    for i in 0..<10_000 {
      let x = d.sample(plain)
      let y = prepared.sample(fast, d)
      #expect(x.bitPattern == y.bitPattern, "\(d), draw \(i): \(x) against \(y)")
      if x.bitPattern != y.bitPattern { return }
    }
    #expect(fast.nextUInt64() == plain.nextUInt64())
  }

  @Test func reseedRestartsTheStreamAndKeepsItsSeed() {
    let a = RandomStream(seed: 0)
    a.reseed(12_345)
    let b = RandomStream(seed: 12_345)
    #expect(a.seed == 12_345)
    #expect((0..<8).map { _ in a.nextUInt64() } == (0..<8).map { _ in b.nextUInt64() })
  }
}
