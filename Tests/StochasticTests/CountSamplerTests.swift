import Testing

@testable import Stochastic

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Poisson and binomial count samplers the model draws its daily counts with.
///
/// Moment checks as in `DistributionMomentTests`: |sample mean - mean| <= z sqrt(variance / n)
/// with z = 4.5, and the sample variance within z standard errors (fourth moment estimated
/// from the draws). Seeds are fixed, so a pass is repeatable.
@Suite struct CountSamplerTests {
  static let draws = 200_000
  static let z = 4.5

  /// Both sides of the switch from inversion to PTRS at a mean of 10.
  static let poissonMeans: [Double] = [0.3, 4, 9.99, 10, 37.5, 1_000]
  static let binomials: [(n: Int, p: Double)] = [(1, 0.5), (20, 0.35), (500, 0.02), (50, 0.97)]

  static func checkMoments(_ xs: [Int], mean: Double, variance: Double, _ what: String) {
    let n = Double(xs.count)
    let m = xs.reduce(0.0) { $0 + Double($1) } / n
    var m2 = 0.0
    var m4 = 0.0
    for x in xs {
      let e = (Double(x) - m) * (Double(x) - m)
      m2 += e
      m4 += e * e
    }
    let v = m2 / (n - 1)
    #expect(abs(m - mean) <= z * (variance / n).squareRoot(), "mean of \(what): \(m)")
    // Zero for a fair coin flip, whose sample variance then only moves by O(1/n).
    let seVariance = (max(0, m4 / n - v * v) / n).squareRoot()
    #expect(abs(v - variance) <= z * seVariance + 2 * variance / n, "variance of \(what): \(v)")
  }

  @Test(arguments: poissonMeans)
  func poissonMeanAndVarianceEqualTheMean(_ mean: Double) {
    let stream = RandomStream(seed: 8_128, replication: 0, name: "poisson.\(mean)")
    let xs = (0..<Self.draws).map { _ in stream.poisson(mean) }
    #expect(xs.allSatisfy { $0 >= 0 })
    Self.checkMoments(xs, mean: mean, variance: mean, "Poisson(\(mean))")
  }

  @Test(arguments: binomials.indices)
  func binomialMeanAndVarianceMatchTheory(_ index: Int) {
    let (n, p) = Self.binomials[index]
    let stream = RandomStream(seed: 8_128, replication: index, name: "binomial")
    let xs = (0..<Self.draws).map { _ in stream.binomial(n, p) }
    #expect(xs.allSatisfy { (0...n).contains($0) })
    Self.checkMoments(
      xs, mean: Double(n) * p, variance: Double(n) * p * (1 - p), "Binomial(\(n), \(p))")
  }

  /// PTRS (mean 25) against the Poisson probabilities, count by count.
  @Test func poissonRejectionFollowsTheProbabilities() {
    let mean = 25.0
    let stream = RandomStream(seed: 4_096)
    var counts = [Int: Int]()
    for _ in 0..<Self.draws { counts[stream.poisson(mean), default: 0] += 1 }
    let n = Double(Self.draws)
    for k in 10...40 {
      let pk = exp(-mean + Double(k) * log(mean) - lgamma(Double(k) + 1))
      let f = Double(counts[k, default: 0]) / n
      #expect(abs(f - pk) <= Self.z * (pk * (1 - pk) / n).squareRoot(), "P(K = \(k))")
    }
  }

  @Test func degenerateArgumentsGiveTheObviousCounts() {
    let stream = RandomStream(seed: 1)
    #expect(stream.poisson(0) == 0)
    #expect(stream.poisson(-2) == 0)
    #expect(stream.binomial(0, 0.5) == 0)
    #expect(stream.binomial(-3, 0.5) == 0)
    #expect(stream.binomial(10, 0) == 0)
    #expect(stream.binomial(10, 1) == 10)
    #expect(stream.binomial(0, logFailure: log1p(-0.5)) == 0)
    #expect(RandomStream.poissonCount(inverting: 0, mean: 3, zeroChance: exp(-3)) == 0)
  }

  /// Below a mean of 10 a Poisson count is the inversion of one uniform, so a caller with its
  /// own uniform (a keyed draw) gets the count the stream would give.
  @Test func smallMeanPoissonIsTheInversionOfOneUniform() {
    for mean in [0.01, 0.5, 3, 9.5] {
      let a = RandomStream(seed: 77)
      let b = RandomStream(seed: 77)
      for _ in 0..<1_000 {
        let count = a.poisson(mean)
        let u = b.uniform()
        #expect(
          count == RandomStream.poissonCount(inverting: u, mean: mean, zeroChance: exp(-mean)))
      }
    }
  }

  @Test func binomialWithPrecomputedLogFailureDrawsTheSameCounts() {
    let p = 0.3
    let a = RandomStream(seed: 5)
    let b = RandomStream(seed: 5)
    for n in 0..<500 { #expect(a.binomial(n, p) == b.binomial(n, logFailure: log1p(-p))) }
  }

  @Test func countsAreReproducibleFromTheSeed() {
    let a = RandomStream(seed: 99, replication: 3, name: "counts")
    let b = RandomStream(seed: 99, replication: 3, name: "counts")
    for i in 0..<200 {
      #expect(a.poisson(Double(i) / 4) == b.poisson(Double(i) / 4))
      #expect(a.binomial(i, 0.2) == b.binomial(i, 0.2))
    }
  }
}
