import Testing

@testable import Stochastic

/// Sample moments of many draws against the theoretical ones.
///
/// Mean: |sample mean - mean| <= z sqrt(variance / n). Variance: the sample variance is
/// asymptotically normal with standard error sqrt((mu4 - sigma^4) / n), mu4 the fourth
/// central moment, here estimated from the same draws. z = 4.5 keeps the chance of a false
/// alarm below 1e-5 per check, so the ~60 checks of this suite fail by chance less than once
/// in a thousand runs; the seeds are fixed, so a pass is repeatable.
@Suite struct DistributionMomentTests {
  static let draws = 200_000
  static let z = 4.5

  static let cases: [Distribution] = [
    .constant(7),
    .uniform(min: -2, max: 5),
    .triangular(min: 1, mode: 2, max: 6),
    .triangular(min: 0, mode: 0, max: 1),
    .exponential(mean: 3),
    .gamma(shape: 0.5, scale: 2),
    .gamma(shape: 4, scale: 1.5),
    .lognormal(mean: 50_000, sd: 20_000),
    .truncatedNormal(mean: 5, sd: 2, min: 0, max: .infinity),  // rejection
    .truncatedNormal(mean: 0, sd: 1, min: 1, max: 2),  // upper-tail inversion
    .truncatedNormal(mean: 10, sd: 3, min: -.infinity, max: 4),  // mirrored
    .truncatedNormal(mean: 0, sd: 1, min: -0.2, max: 0.3),  // narrow, straddling
    .truncatedNormal(mean: 0, sd: 1, min: 8, max: .infinity),  // tail
    .truncatedNormal(mean: 100, sd: 1, min: 140, max: 140.05),  // far tail, exponential
    .weibull(shape: 1.5, scale: 10),
    .weibull(shape: 0.7, scale: 2),
    .poisson(mean: 0.3),
    .poisson(mean: 250),
    .bernoulli(p: 0.1),
    .binomial(n: 20, p: 0.35),
    .geometric(p: 0.25),
    .discrete(values: [1, 2, 3], weights: [0.2, 0.5, 0.3]),
    .discrete(values: [10, 20, 30, 40, 50], weights: [0, 2, 0, 5, 1]),
    .empirical(values: [0, 10, 30, 60], cumulative: [0, 0.5, 0.9, 1]),
    .empirical(values: [1, 1, 2, 5], cumulative: [0, 0.25, 0.25, 1]),
  ]

  @Test(arguments: cases.indices)
  func sampleMeanAndVarianceMatchTheory(_ index: Int) {
    let d = Self.cases[index]
    let stream = RandomStream(seed: 20_240_601, replication: index, name: "moments")
    var xs = [Double](repeating: 0, count: Self.draws)
    for i in xs.indices { xs[i] = d.sample(stream) }
    #expect(xs.allSatisfy { $0.isFinite && d.support.contains($0) }, "\(d)")

    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    var m2 = 0.0
    var m4 = 0.0
    for x in xs {
      let e = (x - mean) * (x - mean)
      m2 += e
      m4 += e * e
    }
    let variance = m2 / (n - 1)
    m4 /= n

    let meanBound = Self.z * (d.variance / n).squareRoot() + 1e-12 * abs(d.mean)
    #expect(abs(mean - d.mean) <= meanBound, "\(d): mean \(mean), expected \(d.mean)")
    let varianceBound = Self.z * (max(m4 - variance * variance, 0) / n).squareRoot()
    #expect(
      abs(variance - d.variance) <= varianceBound + 1e-12 * d.variance,
      "\(d): variance \(variance), expected \(d.variance)")
  }

  @Test func formulasAgreeWithKnownValues() {
    // Half-normal: mean sqrt(2/pi), variance 1 - 2/pi.
    let half = Distribution.truncatedNormal(mean: 0, sd: 1, min: 0, max: .infinity)
    #expect(abs(half.mean - (2 / Double.pi).squareRoot()) < 1e-12)
    #expect(abs(half.variance - (1 - 2 / Double.pi)) < 1e-12)
    // Weibull with shape 2 (Rayleigh): mean sqrt(pi)/2, variance 1 - pi/4 (scale 1).
    let rayleigh = Distribution.weibull(shape: 2, scale: 1)
    #expect(abs(rayleigh.mean - Double.pi.squareRoot() / 2) < 1e-12)
    #expect(abs(rayleigh.variance - (1 - Double.pi / 4)) < 1e-12)
    // Triangular(0, 0, 1): mean 1/3, variance 1/18.
    let tri = Distribution.triangular(min: 0, mode: 0, max: 1)
    #expect(abs(tri.mean - 1.0 / 3) < 1e-15 && abs(tri.variance - 1.0 / 18) < 1e-15)
    // Geometric on 1, 2, ...: mean 1/p.
    #expect(Distribution.geometric(p: 0.25).mean == 4)
    // Empirical: uniform on [0, 10] as a two-point CDF.
    let flat = Distribution.empirical(values: [0, 10], cumulative: [0, 1])
    #expect(abs(flat.mean - 5) < 1e-12 && abs(flat.variance - 100.0 / 12) < 1e-12)
    // Symmetric truncation keeps the mean.
    let sym = Distribution.truncatedNormal(mean: 3, sd: 2, min: 1, max: 5)
    #expect(abs(sym.mean - 3) < 1e-12)
  }

  @Test func geometricCountsTrialsFromOne() {
    let stream = RandomStream(seed: 5, replication: 0, name: "geometric")
    let draws = (0..<10_000).map { _ in Distribution.geometric(p: 0.9).sample(stream) }
    #expect(draws.min() == 1)
    #expect(draws.allSatisfy { $0 >= 1 && $0.rounded() == $0 })
  }

  @Test func truncatedNormalStaysInsideBoundsFarInTheTail() {
    let cases: [Distribution] = [
      .truncatedNormal(mean: 0, sd: 1, min: 60, max: .infinity),
      .truncatedNormal(mean: 0, sd: 1, min: -.infinity, max: -1000),
      .truncatedNormal(mean: 0, sd: 1, min: 50, max: 50.000001),
      .truncatedNormal(mean: 0, sd: 1, min: 0, max: 1e-300),
      .truncatedNormal(mean: 7, sd: 0, min: 0, max: 5),
    ]
    let stream = RandomStream(seed: 11, replication: 0, name: "tails")
    for d in cases {
      #expect(d.isValid, "\(d)")
      #expect(d.mean.isFinite && d.variance.isFinite && d.variance >= 0, "\(d)")
      #expect(d.support.contains(d.mean), "\(d)")
      for _ in 0..<10_000 {
        let x = d.sample(stream)
        #expect(x.isFinite && d.support.contains(x), "\(d) drew \(x)")
        if !(x.isFinite && d.support.contains(x)) { break }
      }
    }
  }

  @Test func discreteNeverDrawsAZeroWeightValue() {
    let d = Distribution.discrete(values: [1, 2, 3, 4], weights: [0, 1, 0, 0])
    let stream = RandomStream(seed: 3, replication: 0, name: "discrete")
    #expect((0..<10_000).allSatisfy { _ in d.sample(stream) == 2 })
    // The highest possible uniform still lands on a value with weight.
    #expect(WeightedValues(values: [1, 2, 3], weights: [1, 1, 0]).sample(1 - 0x1p-53) == 2)
  }
}
