import CGSL
import CRMFit
import Foundation
import Testing

/// Each estimator against a sample drawn with a known parameter: its 95% interval must cover
/// the truth; coverage claims are checked over many samples within binomial limits.
@Suite struct EstimatorTests {
  final class RNG {
    let r: UnsafeMutablePointer<gsl_rng>
    init(_ seed: UInt) {
      GSLInit.configure()
      r = gsl_rng_alloc(fs_mt19937_rng_type())!
      gsl_rng_set(r, seed)
    }
    deinit { gsl_rng_free(r) }
  }

  @Test func poissonRateIntervalCoversAboutNinetyFivePercent() {
    let rng = RNG(11)
    var covered = 0
    let trials = 400
    for _ in 0..<trials {
      let months = 18.0
      let events = Int(gsl_ran_poisson(rng.r, 7.5 * months))
      if Estimators.poissonRate(events: events, exposure: months).covers(7.5) { covered += 1 }
    }
    // Exact intervals cover at least 95%; 400 trials put the count within ±3 sd of 380.
    #expect(covered >= 368)
  }

  @Test func clopperPearsonIntervalCoversAtLeastNinetyFivePercent() {
    let rng = RNG(12)
    var covered = 0
    for _ in 0..<400 {
      let k = Int(gsl_ran_binomial(rng.r, 0.23, 150))
      if Estimators.proportion(successes: k, trials: 150).covers(0.23) { covered += 1 }
    }
    #expect(covered >= 368)
  }

  @Test func censoredGammaRecoversTheMeanOfTheSalesCycle() throws {
    let rng = RNG(13)
    var observed: [Double] = []
    var censored: [Double] = []
    for _ in 0..<3000 {
      let x = gsl_ran_gamma(rng.r, 3, 10)
      let c = gsl_ran_exponential(rng.r, 60)
      if x <= c { observed.append(x) } else { censored.append(c) }
    }
    let fit = try #require(FamilyFit.fit(.gamma, values: observed, censored: censored))
    #expect(fit.mean.covers(30), "\(fit.mean)")
    // Dropping the censored deals biases the mean down, outside the interval.
    let naive = try #require(FamilyFit.fit(.gamma, values: observed))
    #expect(!naive.mean.covers(30) && naive.mean.value < 30)
  }

  @Test(arguments: [Family.lognormal, .gamma, .weibull])
  func theFamilyDrawnFromIsChosenByAIC(family: Family) throws {
    let rng = RNG(14)
    let sample: [Double] = (0..<4000).map { _ in
      switch family {
      case .lognormal: gsl_ran_lognormal(rng.r, log(50_000), 0.8)
      case .gamma: gsl_ran_gamma(rng.r, 2.5, 20_000)
      case .weibull: gsl_ran_weibull(rng.r, 60_000, 3)
      case .exponential: gsl_ran_exponential(rng.r, 50_000)
      }
    }
    let best = try #require(FamilyFit.best(values: sample))
    #expect(best.chosen.family == family)
    let truth: Double =
      switch family {
      case .lognormal: exp(log(50_000) + 0.32)
      case .gamma: 50_000
      case .weibull: 60_000 * gsl_sf_gamma(1 + 1.0 / 3)
      case .exponential: 50_000
      }
    let sampleMean = sample.reduce(0, +) / Double(sample.count)
    // Three families, three checks.
    #expect(best.chosen.mean.covers(truth, familywiseOver: 3), "\(best.chosen.mean) vs \(truth), sample mean \(sampleMean), \(best.chosen.parameters)")
  }

  @Test func kaplanMeierMedianCoversTheTrueMedianUnderCensoring() throws {
    let rng = RNG(15)
    var durations: [Double] = []
    var observed: [Bool] = []
    for _ in 0..<2000 {
      let x = gsl_ran_exponential(rng.r, 20)
      let c = gsl_ran_exponential(rng.r, 40)
      durations.append(min(x, c))
      observed.append(x <= c)
    }
    let median = try #require(KaplanMeier(durations: durations, observed: observed).median)
    #expect(median.covers(20 * log(2)), "\(median)")
  }

  @Test func ownersWithFewDealsAreShrunkTowardTheirLevel() {
    let rng = RNG(16)
    // Twenty owners with one true win rate, ten deals each: their raw shares scatter by
    // binomial noise alone, so empirical Bayes pulls them close to the pooled share.
    let same = (0..<20).map { _ in (successes: Int(gsl_ran_binomial(rng.r, 0.3, 10)), trials: 10) }
    let shrunk = Estimators.shrunkProportions(same).estimates.map(\.value)
    let raw = same.map { Double($0.successes) / 10 }
    func spread(_ v: [Double]) -> Double {
      let m = v.reduce(0, +) / Double(v.count)
      return v.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    }
    #expect(spread(shrunk) < spread(raw) / 4)
    // Owners that truly differ, with many deals each, keep their own rates.
    let apart = [(successes: 20, trials: 200), (successes: 120, trials: 200)]
    let kept = Estimators.shrunkProportions(apart).estimates
    #expect(kept[0].covers(0.1) && kept[1].covers(0.6))
  }

  /// Owners that do not differ at all make the prior as strong as it goes (a + b near 10⁶),
  /// where GSL's Beta inverse returns NaN for some shares: every interval must still be finite,
  /// hold its estimate, and be as wide as the normal limit of so strong a Beta, ±1.96 sd.
  @Test func intervalsStayFiniteUnderTheStrongestPrior() {
    for share in stride(from: 1, through: 99, by: 1) {
      let groups = (0..<8).map { _ in (successes: share * 10, trials: 1_000) }
      let fit = Estimators.shrunkProportions(groups)
      let (a, b) = (fit.prior.alpha + Double(share * 10), fit.prior.beta + Double(1_000 - share * 10))
      let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
      for e in fit.estimates {
        #expect(e.lower.isFinite && e.upper.isFinite, "share \(share)%: \(e)")
        #expect(e.lower <= e.value && e.value <= e.upper)
        #expect(abs((e.upper - e.lower) / (2 * 1.96 * sd) - 1) < 0.01, "share \(share)%: \(e)")
      }
    }
  }

  @Test func meanOfResponseTimesHasATInterval() {
    let rng = RNG(17)
    let sample = (0..<500).map { _ in gsl_ran_exponential(rng.r, 2) }
    #expect(Estimators.mean(sample).covers(2))
  }
}
