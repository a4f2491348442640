import CGSL
import Statistics
import Stochastic
import Testing

@testable import Backtest

@Suite struct ForecastScoresTests {
  @Test(arguments: [-3.0, 0.0, 2.5, 10.0])
  func crpsOfAPointMassIsTheAbsoluteError(_ y: Double) {
    let forecast = SampledForecast(samples: Array(repeating: 2.5, count: 50))!
    #expect(abs(forecast.crps(y) - abs(2.5 - y)) < 1e-12)
  }

  /// CRPS(N(μ, σ²), y) = σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π] with z = (y − μ)/σ
  /// (Gneiting and Raftery 2007), against a sample at the normal's quantiles (i − ½)/n: no
  /// randomness, an error of order σ/n.
  @Test(arguments: [-2.0, 0.3, 1.0, 4.0])
  func crpsOfANormalSampleMatchesTheClosedForm(_ y: Double) {
    let mu = 1.0
    let sigma = 2.0
    let n = 20_000
    let sample = (1...n).map { mu + sigma * gsl_cdf_ugaussian_Pinv((Double($0) - 0.5) / Double(n)) }
    let forecast = SampledForecast(samples: sample)!
    let z = (y - mu) / sigma
    let exact =
      sigma
      * (z * (2 * gsl_cdf_ugaussian_P(z) - 1) + 2 * gsl_ran_ugaussian_pdf(z)
        - 1 / Double.pi.squareRoot())
    #expect(abs(forecast.crps(y) - exact) < 1e-3 * sigma)
  }

  /// Outcomes drawn from the forecast's own distribution give a uniform PIT, even for counts
  /// (a Poisson with mean 4, full of ties): every tenth of [0, 1] holds a tenth of the values
  /// and the central intervals cover 50% and 80%, each within a 99.9% Wilson interval.
  @Test func pitIsUniformForDrawsFromTheForecastDistribution() throws {
    let stream = RandomStream(seed: 11)
    let forecast = SampledForecast(samples: (0..<4000).map { _ in Double(stream.poisson(4)) })!
    var summary = ScoreSummary()
    let outcomes = 4000
    for _ in 0..<outcomes {
      summary.add(forecast, observed: Double(stream.poisson(4)), u: stream.uniform())
    }
    for bin in summary.pitBins {
      let share = try Proportion(successes: bin, trials: outcomes)
      #expect(share.wilsonInterval(level: 0.999)!.contains(0.1))
    }
    #expect(summary.coverage50!.wilsonInterval(level: 0.999)!.contains(0.5))
    #expect(summary.coverage80!.wilsonInterval(level: 0.999)!.contains(0.8))
  }

  /// A forecast too narrow for its outcomes covers less than it claims.
  @Test func aTooNarrowForecastUnderCovers() throws {
    let stream = RandomStream(seed: 12)
    let narrow = SampledForecast(samples: (0..<2000).map { _ in 10 + stream.uniform() })!
    var summary = ScoreSummary()
    for _ in 0..<1000 {
      summary.add(narrow, observed: 8 + 5 * stream.uniform(), u: stream.uniform())
    }
    #expect(summary.coverage80!.wilsonInterval(level: 0.999)!.upperBound < 0.8)
  }

  @Test func pitOfCountsSplitsTheTieAtTheOutcome() {
    let forecast = SampledForecast(samples: [0, 1, 1, 1, 2])!
    // F(1-) = 1/5 and F(1) = 4/5.
    #expect(abs(forecast.pit(1, u: 0) - 0.2) < 1e-12)
    #expect(abs(forecast.pit(1, u: 0.5) - 0.5) < 1e-12)
    #expect(forecast.pit(-1, u: 0.7) == 0)
    #expect(forecast.pit(3, u: 0.7) == 1)
  }

  @Test func runRateIsPoissonWithTheRecentMean() throws {
    let stream = RandomStream(seed: 13)
    let f = Baseline.runRate(
      recentWon: [3, 5, 7], recentValues: [100, 200], months: 2, draws: 4000, stream: stream)
    let won = try Summary(f.won[0].sorted, level: 0.999)
    #expect(won.confidenceInterval!.contains(5))
    // Each win is worth 150 on average.
    let booked = try Summary(f.bookings[1].sorted, level: 0.999)
    #expect(booked.confidenceInterval!.contains(750))
  }

  /// Expected wins in month h: Σ p(stage) of the open deals expected to close in h, plus the
  /// new business of deals created from the start, each closing a cycle after its creation:
  /// newWins × min(1, max(0, h + 1 − cycle)), here 0, ½ and 1 times 3 for a cycle of 1.5.
  @Test func weightedPipelineExpectsEachOpenDealInItsCloseMonthPlusNewBusiness() throws {
    let stream = RandomStream(seed: 14)
    let open = [
      Baseline.OpenDeal(stage: 0, amount: 10, closeMonth: 0),
      Baseline.OpenDeal(stage: 1, amount: nil, closeMonth: -2),
      Baseline.OpenDeal(stage: 2, amount: 30, closeMonth: 1),
      Baseline.OpenDeal(stage: 2, amount: 0, closeMonth: 2),
      Baseline.OpenDeal(stage: 2, amount: 40, closeMonth: 3),
    ]
    let rates = [0.2, 0.4, 0.6]
    let f = Baseline.weightedPipeline(
      open: open, winRateByStage: rates, cycleMonths: 1.5, newWinsPerMonth: 3, wonValues: [50],
      months: 3, draws: 4000, stream: stream)
    // The overdue deal (close month −2) is expected in the first month; the one of month 3 is
    // past the horizon.
    let expected = [0.2 + 0.4, 0.6 + 3 * 0.5, 0.6 + 3.0]
    for h in 0..<3 {
      #expect(try Summary(f.won[h].sorted, level: 0.999).confidenceInterval!.contains(expected[h]))
    }
    // Month 1: no new business; 10 with chance 0.2 and a drawn 50 with chance 0.4.
    #expect(try Summary(f.bookings[0].sorted, level: 0.999).confidenceInterval!.contains(22))
    #expect(Baseline.newWins(month: 0, perMonth: 3, cycleMonths: 1.5) == 0)
    #expect(Baseline.newWins(month: 1, perMonth: 3, cycleMonths: 1.5) == 1.5)
    #expect(Baseline.newWins(month: 4, perMonth: 3, cycleMonths: 1.5) == 3)
  }
}
