// What the history leaves uncertain, put into a forecast (docs/calibration.md, "Forecast"):
// the fitted parameters drawn from their sampling distributions, one set per group of
// replications, and the month-to-month variation of the won rate that the fitted scenario's
// stationary Poisson leads and fixed stage probabilities do not produce.
import CGSL
import CRMFit
import Stochastic

extension Forecast {
  /// Parameter sets of a forecast unless given: 20, so 50 runs a set at 1000 replications.
  public static let defaultParameterSets = 20
}

/// Draws a fit's parameters for one parameter set of a forecast.
struct ParameterDraw {
  let fit: HistoryFit
  /// The squared coefficient of variation of the monthly won rate beyond Poisson in the
  /// history (``extraVariation(_:)``).
  let wonRateVariation: Double

  init(_ fit: HistoryFit) {
    self.fit = fit
    wonRateVariation = Self.extraVariation(fit.wonPerMonth)
  }

  /// `(s² − m) / m²` of the won counts of the history's whole months from its first month
  /// with a win (before it an export may hold none of the deals closed then; the first and
  /// the last month, usually cut short, left out), with `m` their mean and `s²` their
  /// variance; 0 when it is negative, when `m` is 0, or with fewer than six months. For
  /// counts Poisson with a rate varying by a factor of mean 1, it estimates that factor's
  /// variance.
  static func extraVariation(_ wonPerMonth: [Int]) -> Double {
    let x = wonPerMonth.drop { $0 == 0 }.dropFirst().dropLast().map(Double.init)
    guard x.count >= 6 else { return 0 }
    let mean = x.reduce(0, +) / Double(x.count)
    guard mean > 0 else { return 0 }
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
    return max(0, (variance - mean) / (mean * mean))
  }

  /// Parameter set `set` of `sets`: the lead rate and every stage probability drawn on the
  /// set's own keyed stream, and the won-rate factor from the set's stratum
  /// `[set/sets, (set + 1)/sets)` of its distribution (so that the factors of the sets average
  /// close to 1: with 20 sets, independent draws would shift the whole forecast by several
  /// percent, and by the same draws at every origin of a backtest).
  func sample(set: Int, of sets: Int, seed: UInt64) -> HistoryFit {
    let stream = RandomStream(
      seed: StreamSeed.derive(seed: seed, replication: set, name: "forecast.parameters"))
    var drawn = fit
    // N leads over an exposure T: the rate's posterior under the prior 1/λ is gamma with
    // shape N and scale 1/T, whose mean is the estimate N/T.
    let leads = fit.leadsPerMonth
    if leads.n > 0 {
      let n = Double(leads.n)
      drawn.leadsPerMonth.value = Distribution.gamma(shape: n, scale: leads.value / n)
        .sample(stream)
    }
    // A stage passed by a share p of its n decided deals: the Jeffreys posterior
    // Beta(np + 1/2, n(1 − p) + 1/2).
    // With recent probabilities, `n` is the decisions' effective number (Kish's): the draw has
    // the spread of the fewer decisions that weigh.
    for k in fit.stageFits.indices {
      let p = fit.stageFits[k].level
      guard p.n > 0 else { continue }
      let passed = p.value * Double(p.n)
      drawn.stageFits[k].level.value = Self.beta(
        passed + 0.5, Double(p.n) - passed + 0.5, stream)
    }
    // Exits: each level's hazard (and the team's) from its posterior under the Jeffreys prior,
    // gamma(exits + 1/2, 1/person-months): a level with no exit yet may still lose someone.
    if let careers = fit.careers {
      func hazard(_ e: CareerFit.LevelExits) -> Double {
        guard e.personMonths > 0 else { return e.hazard.value }
        return Distribution.gamma(shape: Double(e.hazard.n) + 0.5, scale: 1 / e.personMonths)
          .sample(stream)
      }
      for i in careers.levels.indices {
        drawn.careers!.levels[i].hazard.value = hazard(careers.levels[i])
      }
      drawn.careers!.team.hazard.value = hazard(careers.team)
    }
    // Each owner's win rate from the Beta posterior of its shrinkage: how sure the history is
    // of that owner.
    for i in fit.owners.indices {
      let posterior = fit.owners[i].winRatePosterior
      drawn.owners[i].winRate.value = Self.beta(posterior.alpha, posterior.beta, stream)
    }
    // Per owner, each owner's share of the leads varies by a factor of its own, of mean 1 and
    // the variance of the owners' won rates beyond Poisson less the team's (`v_o − v`): the
    // shares are normalised, so the team's flow is unchanged.
    let ownerVariation = max(0, fit.ownerWonVariation - wonRateVariation)
    if ownerVariation > 0 {
      let shape = 1 / ownerVariation
      for owner in fit.ownerLeads.keys.sorted() {
        drawn.ownerLeads[owner]!.factor = Distribution.gamma(shape: shape, scale: 1 / shape).sample(stream)
      }
    }
    // The won rate's variation between months: a factor of mean 1 and variance
    // `wonRateVariation` (gamma), on the last stage, so that deals open today and new leads
    // share it.
    if wonRateVariation > 0, let last = fit.stageFits.indices.last {
      let shape = 1 / wonRateVariation
      let u = (Double(set) + stream.uniformPositive()) / Double(max(1, sets))
      let factor = gsl_cdf_gamma_Pinv(min(u, 1 - 1e-12), shape, 1 / shape)
      drawn.stageFits[last].level.value = min(1, drawn.stageFits[last].level.value * factor)
    }
    return drawn
  }

  /// A beta variate as `X / (X + Y)` of two gamma variates (GSL's gamma sampler).
  static func beta(_ a: Double, _ b: Double, _ stream: RandomStream) -> Double {
    let x = Distribution.gamma(shape: a, scale: 1).sample(stream)
    let y = Distribution.gamma(shape: b, scale: 1).sample(stream)
    return x + y > 0 ? x / (x + y) : a / (a + b)
  }
}
