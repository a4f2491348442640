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
  /// The half-lives, in months, among which the fit chooses when
  /// ``FitOptions/stageHalfLifeMonths`` is nil; infinity weighs the whole history alike.
  public static let stageHalfLifeCandidates: [Double] = [2, 3, 6, 12, .infinity]

  /// A decision at a stage: the days from it to the as-of date, and whether the deal passed.
  struct StageDecision {
    var stage: Int
    var ageDays: Int
    var passed: Bool
  }

  /// The decisions of the recent stage probabilities: the same as the whole-history
  /// probability's (closed deals at every stage up to their furthest, open deals at the stages
  /// they passed), each dated by when it was made. Passing stage `k` is dated by the first
  /// entry into a later stage in the stage history; without one, by the close of a closed deal
  /// and by the created date of an open one. A loss and the last stage's win are dated by the
  /// close. Also the ages of the closed deals' closes and of those of unknown stage.
  static func stageDecisions(
    _ deals: [DealOnAsOf], history: [String: [StageEntry]], stageIndex: [String: Int],
    stages: Int, asOf: CalendarDay
  ) -> (decisions: [StageDecision], closed: [Int], unknownStage: [Int]) {
    var decisions: [StageDecision] = []
    var closedAges: [Int] = []
    var unknownAges: [Int] = []
    let last = stages - 1
    func age(_ day: CalendarDay) -> Int { max(0, asOf.daysSinceEpoch - day.daysSinceEpoch) }
    for deal in deals {
      let o = deal.opportunity
      let closed = deal.status == .open ? nil : o.closed
      if let c = closed { closedAges.append(age(c)) }
      guard let k = deal.stage else {
        if let c = closed { unknownAges.append(age(c)) }
        continue
      }
      // The first entry into each stage known on the as-of date.
      var entered = [Int: CalendarDay]()
      for e in history[o.id] ?? [] {
        guard let j = stageIndex[e.stage] else { continue }
        entered[j] = min(entered[j] ?? e.date, e.date)
      }
      // Stages passed: every one before the furthest, and the last for a won deal.
      let passedUpTo = deal.status == .won ? last : k - 1
      if passedUpTo >= 0 {
        for j in 0...passedUpTo {
          let later = ((j + 1)...max(j + 1, k)).compactMap { entered[$0] }.min()
          let day = j == last ? closed ?? asOf : later ?? closed ?? o.created
          decisions.append(StageDecision(stage: j, ageDays: age(day), passed: true))
        }
      }
      if deal.status == .lost, let c = closed {
        decisions.append(StageDecision(stage: k, ageDays: age(c), passed: false))
      }
    }
    return (decisions, closedAges, unknownAges)
  }

  /// Each stage's probability with every decision weighted by `2^(−a / h)`, `a` its age in
  /// months on the as-of date and `h` the half-life (``stageDecisions``); with `h` nil, the
  /// half-life of ``chooseHalfLife`` among ``stageHalfLifeCandidates``. Lost deals of unknown
  /// stage lower the last stage by `(Σ w_C − Σ w_u) / Σ w_C` over the closed deals `C` and
  /// those of them `u`, weighted by their close.
  static func recentStageProbabilities(
    _ deals: [DealOnAsOf], history: [String: [StageEntry]], stageIndex: [String: Int],
    stages: Int, asOf: CalendarDay, halfLifeMonths: Double?, time: ModelTime
  ) -> (estimates: [Estimate], halfLifeMonths: Double) {
    let (decisions, closedAges, unknownAges) = stageDecisions(
      deals, history: history, stageIndex: stageIndex, stages: stages, asOf: asOf)
    let halfLife =
      halfLifeMonths
      ?? chooseHalfLife(decisions, stages: stages, candidates: stageHalfLifeCandidates, time: time)
    let decay = log(2) / max(1e-9, halfLife)
    func weight(_ ageDays: Int) -> Double { exp(-decay * time.months(calendarDays: Double(ageDays))) }
    var passed = [Double](repeating: 0, count: stages)
    var decided = [Double](repeating: 0, count: stages)
    var squares = [Double](repeating: 0, count: stages)
    for d in decisions {
      let w = weight(d.ageDays)
      decided[d.stage] += w
      squares[d.stage] += w * w
      if d.passed { passed[d.stage] += w }
    }
    var estimates = (0..<stages).map { k in
      decided[k] > 0
        ? Estimators.weightedProportion(
          successes: passed[k], trials: decided[k], squaredWeights: squares[k])
        : Estimate(value: 1, n: 0, lower: 0, upper: 1)
    }
    let closedWeight = closedAges.reduce(0.0) { $0 + weight($1) }
    let unknownWeight = unknownAges.reduce(0.0) { $0 + weight($1) }
    if unknownWeight > 0, closedWeight > 0 {
      estimates[stages - 1].value *= (closedWeight - unknownWeight) / closedWeight
    }
    return (estimates, halfLife)
  }

  /// The half-life that would have forecast the history's own recent decisions best: for each
  /// of the 12 months of `365.25/12` days counted back from the as-of date (month `t` holds
  /// the ages from `t` to `t + 1` months) and each stage, the decisions made in it are predicted by the share of the earlier months' decisions
  /// weighted by `2^(−(s − t) / h)` (month `s`), and scored by their binomial log-likelihood
  /// `x log p + (n − x) log(1 − p)`; the half-life with the highest total over the stages and
  /// months wins, the longer on a tie. A steady conversion is predicted best by the most
  /// decisions (long half-lives), one that drifts by the latest.
  static func chooseHalfLife(
    _ decisions: [StageDecision], stages: Int, candidates: [Double], time: ModelTime
  ) -> Double {
    // Decisions and passes per stage and month before the as-of date.
    var months = 0
    for d in decisions { months = max(months, Int(time.months(calendarDays: Double(d.ageDays))) + 1) }
    var n = [[Double]](repeating: [Double](repeating: 0, count: months), count: stages)
    var x = n
    for d in decisions {
      let m = Int(time.months(calendarDays: Double(d.ageDays)))
      n[d.stage][m] += 1
      if d.passed { x[d.stage][m] += 1 }
    }
    var best = candidates.max() ?? .infinity
    var bestScore = -Double.infinity
    for h in candidates.sorted(by: >) {
      var score = 0.0
      for k in 0..<stages {
        for t in 0..<min(12, months) where n[k][t] > 0 {
          var trials = 0.0
          var passes = 0.0
          for s in (t + 1)..<max(t + 1, months) {
            let w = h.isInfinite ? 1 : Foundation.pow(2.0, -Double(s - t) / h)
            trials += w * n[k][s]
            passes += w * x[k][s]
          }
          guard trials > 0 else { continue }
          let p = min(max(passes / trials, 1e-6), 1 - 1e-6)
          score += x[k][t] * log(p) + (n[k][t] - x[k][t]) * log(1 - p)
        }
      }
      if score > bestScore {
        best = h
        bestScore = score
      }
    }
    return best
  }
}
