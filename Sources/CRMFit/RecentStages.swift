// The stage probabilities the scenario runs with: their level at the as-of date, each decision
// weighted by its age (docs/calibration.md, "Recent stage probabilities"). A team's conversion
// drifts (staff who are full with clients or still ramping, leads that wait too long), and a
// forecast starts from today's level, not from the history's average.
import CGSL
import Foundation

extension Estimators {
  /// A share of weighted trials, `Σ w x / Σ w`, with its 95% interval: Clopper–Pearson at
  /// Kish's effective sample size `n = (Σ w)² / Σ w²`, with `n p` successes (beta quantiles
  /// take non-integer counts). `n` rounds to the estimate's `n`, so that a parameter set's
  /// Jeffreys draw has the spread of the effective sample.
  static func weightedProportion(successes: Double, trials: Double, squaredWeights: Double)
    -> Estimate
  {
    GSLSetup.configure()
    guard trials > 0, squaredWeights > 0 else { return Estimate(value: 0, n: 0, lower: 0, upper: 1) }
    let p = min(1, max(0, successes / trials))
    let n = trials * trials / squaredWeights
    let k = n * p
    let lower = k <= 0 ? 0 : gsl_cdf_beta_Pinv(0.025, k, n - k + 1)
    let upper = k >= n ? 1 : gsl_cdf_beta_Pinv(0.975, k + 1, n - k)
    return Estimate(value: p, n: Int(n.rounded()), lower: lower, upper: upper)
  }
}

/// One deal as known on the as-of date, for the recent stage probabilities.
struct DealOnAsOf {
  var opportunity: Opportunity
  var status: DealStatus
  /// The furthest stage known on the as-of date; nil for a lost deal of unknown stage.
  var stage: Int?
}

extension HistoryFit {
  /// Half-life in months of a decision's weight in the recent stage probabilities, unless
  /// ``FitOptions/stageHalfLifeMonths`` says otherwise.
  public static let defaultStageHalfLifeMonths = 3.0

  /// Each stage's probability with every decision weighted by `2^(−a / h)`, `a` its age in
  /// months on the as-of date and `h` the half-life: the same decisions as the whole-history
  /// probability (closed deals at every stage up to their furthest, open deals at the stages
  /// they passed), each dated by when it was made. Passing stage `k` is dated by the first
  /// entry into a later stage in the stage history; without one, by the close of a closed deal
  /// and by the created date of an open one. A loss and the last stage's win are dated by the
  /// close. Lost deals of unknown stage lower the last stage by `(Σ w_C − Σ w_u) / Σ w_C` over
  /// the closed deals `C` and those of them `u`, weighted by their close.
  static func recentStageProbabilities(
    _ deals: [DealOnAsOf], history: [String: [StageEntry]], stageIndex: [String: Int],
    stages: Int, asOf: CalendarDay, halfLifeMonths: Double, time: ModelTime
  ) -> [Estimate] {
    let decay = log(2) / max(1e-9, halfLifeMonths)
    func weight(_ day: CalendarDay) -> Double {
      exp(-decay * time.months(calendarDays: Double(max(0, asOf.daysSinceEpoch - day.daysSinceEpoch))))
    }
    var passed = [Double](repeating: 0, count: stages)
    var decided = [Double](repeating: 0, count: stages)
    var squares = [Double](repeating: 0, count: stages)
    var closedWeight = 0.0
    var unknownWeight = 0.0
    let last = stages - 1
    for deal in deals {
      let o = deal.opportunity
      let closed = deal.status == .open ? nil : o.closed
      if let c = closed { closedWeight += weight(c) }
      guard let k = deal.stage else {
        if let c = closed { unknownWeight += weight(c) }
        continue
      }
      // The first entry into each stage known on the as-of date.
      var entered = [Int: CalendarDay]()
      for e in history[o.id] ?? [] {
        guard let j = stageIndex[e.stage] else { continue }
        entered[j] = min(entered[j] ?? e.date, e.date)
      }
      func add(_ stage: Int, _ day: CalendarDay, pass: Bool) {
        let w = weight(day)
        decided[stage] += w
        squares[stage] += w * w
        if pass { passed[stage] += w }
      }
      // Stages passed: every one before the furthest, and the last for a won deal.
      let passedUpTo = deal.status == .won ? last : k - 1
      if passedUpTo >= 0 {
        for j in 0...passedUpTo {
          let later = ((j + 1)...max(j + 1, k)).compactMap { entered[$0] }.min()
          let day = j == last ? closed ?? asOf : later ?? closed ?? o.created
          add(j, day, pass: true)
        }
      }
      if deal.status == .lost, let c = closed { add(k, c, pass: false) }
    }
    var estimates = (0..<stages).map { k in
      decided[k] > 0
        ? Estimators.weightedProportion(
          successes: passed[k], trials: decided[k], squaredWeights: squares[k])
        : Estimate(value: 1, n: 0, lower: 0, upper: 1)
    }
    if unknownWeight > 0, closedWeight > 0 {
      estimates[last].value *= (closedWeight - unknownWeight) / closedWeight
    }
    return estimates
  }
}
