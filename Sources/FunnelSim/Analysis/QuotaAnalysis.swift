import SalesModel
public import Statistics

/// How a quota analysis runs: replications, seeds, the confidence level, and the fixed-point
/// iteration's limits.
public struct QuotaOptions: Sendable {
  /// Replications per simulation run (each iteration and the verification run this many).
  public var replications: Int
  /// Seed of the proposal runs.
  public var seed: UInt64
  /// Seed of the verification run; a different seed from `seed` gives an independent check.
  public var verifySeed: UInt64
  /// Worker threads; nil means every core.
  public var threads: Int?
  /// Confidence level of every interval reported.
  public var level = 0.95
  /// Most proposal runs of the fixed-point iteration (at least 2: measure, then re-test).
  public var maxIterations = 6
  /// The iteration stops when every level's share at the tested quotas is this close to P.
  public var tolerance = 0.015

  /// Options with the defaults above.
  public init(replications: Int, seed: UInt64, verifySeed: UInt64? = nil, threads: Int? = nil) {
    self.replications = replications
    self.seed = seed
    self.verifySeed = verifySeed ?? Self.defaultVerifySeed(for: seed)
    self.threads = threads
  }

  /// The verification seed used when none is given: derived from the proposal seed, never
  /// equal to it.
  public static func defaultVerifySeed(for seed: UInt64) -> UInt64 {
    seed &+ 0x9E37_79B9_7F4A_7C15
  }
}

/// How often one level's ramped manager-periods reach their quota, in one run.
public struct LevelAttainment: Sendable {
  /// The level's name (or `team` for all levels pooled).
  public var level: String
  /// The quota per quota period in this run, RUB.
  public var quota: Double
  /// Ramped manager-periods reaching quota out of all ramped manager-periods.
  public var reached: Proportion?
  /// Wilson interval of the share, treating manager-periods as independent.
  public var wilson: ClosedRange<Double>?
  /// An interval that treats each replication as one cluster of correlated periods (a
  /// ratio estimator's t interval over replications): wider and more honest than Wilson.
  public var clustered: ClosedRange<Double>?
  /// P10, P50, P90 and mean of attainment (1.0 = 100% of quota).
  public var attainment: ForecastQuantiles?
  /// Attainment histogram (0 to 200% in 10% bins) for charts.
  public var histogram: SampleHistogram?

  /// The share reaching quota, nil when the level had no ramped period.
  public var share: Double? { reached?.estimate }
}

/// The reverse view: given quotas, the share expected to reach them, level by level, and how
/// far apart the levels are.
public struct QuotaCheck: Sendable {
  public var scenarioName: String
  public var scenarioFile: String
  public var seed: UInt64
  public var replications: Int
  /// `month`, `quarter` or `year`.
  public var period: String
  public var level: Double
  public var levels: [LevelAttainment]
  /// All levels pooled.
  public var team: LevelAttainment
  /// Team bookings over the horizon, per replication.
  public var teamBookings: ForecastQuantiles?
  /// Replications in which the team reached its plan (the sum of the quotas unless
  /// `plan_bookings` is set).
  public var teamPlanReached: Proportion?

  /// Highest minus lowest share across levels with ramped periods: 0 is perfectly even.
  public var spread: Double? {
    let shares = levels.compactMap(\.share)
    guard let lo = shares.min(), let hi = shares.max() else { return nil }
    return hi - lo
  }

  /// The levels with the lowest and the highest share.
  public var extremes: (lowest: String, highest: String)? {
    let with = levels.filter { $0.share != nil }
    guard let lo = with.min(by: { $0.share! < $1.share! }),
      let hi = with.max(by: { $0.share! < $1.share! })
    else { return nil }
    return (lo.level, hi.level)
  }

  /// True when two levels' clustered intervals do not overlap: the quotas are measurably
  /// harder for some levels than for others.
  public var levelsDiffer: Bool {
    let intervals = levels.compactMap(\.clustered)
    guard let maxLow = intervals.map(\.lowerBound).max(),
      let minHigh = intervals.map(\.upperBound).min()
    else { return false }
    return maxLow > minHigh
  }
}

/// One level's proposed quota.
public struct LevelQuotaProposal: Sendable {
  public var level: String
  /// The quota in the scenario (per quota period), RUB.
  public var currentQuota: Double
  /// The proposal, rounded to three significant figures; nil when the level had no ramped
  /// manager-period to learn from.
  public var proposedQuota: Double?
  /// Distribution-free interval for the bookings that a share P of ramped manager-periods
  /// reach, from the last proposal run (order statistics of the pooled bookings).
  public var interval: ClosedRange<Double>?
  /// Ramped manager-periods the proposal was computed from.
  public var observations: Int
  /// Why there is no proposal, when there is none.
  public var note: String?
  /// The proposal stated per year (`proposedQuota × 12 / months of the period`), the figure a
  /// scenario's `annual_quota` holds.
  public var proposedAnnualQuota: Double?
  /// The median deal won by the level: the median over replications of each replication's
  /// median deal value, from the last proposal run; nil when the level won nothing.
  public var medianDeal: Double?
  /// True when the proposal per period is below one median deal: a quota a manager reaches by
  /// luck of one deal, not by work.
  public var belowOneDeal = false
  /// The shortest longer period in which the prorated proposal is at least one median deal,
  /// when `belowOneDeal`; nil when even a year is too short or nothing is below.
  public var suggestedPeriod: String?
  /// The pooled share of ramped periods that booked nothing, from the last proposal run.
  public var zeroBookingShare: Double?
  /// Set when `zeroBookingShare > 1 − attain`: the warning of docs/model.md, 9.5.
  public var zeroBookingWarning: String?
}

/// One run of the fixed-point iteration: the quotas it simulated and the shares it found.
public struct QuotaIteration: Sendable {
  public var quotas: [String: Double]
  public var shares: [String: Double]
}

/// The answer to "which quota does a share P of ramped managers reach?", checked by a re-run.
public struct QuotaProposal: Sendable {
  public var scenarioName: String
  public var scenarioFile: String
  /// The share P asked for.
  public var attain: Double
  public var period: String
  public var seed: UInt64
  public var replications: Int
  public var levels: [LevelQuotaProposal]
  public var iterations: [QuotaIteration]
  /// True when the last proposal run's shares were within the tolerance of P at every level.
  public var converged: Bool
  public var tolerance: Double
  /// The proposed quotas simulated again with another seed.
  public var verification: QuotaCheck
}

/// Quota analyses of a scenario: propose quotas for a target attainment, or check quotas.
///
/// Attainment of a ramped manager-period is its bookings divided by the level's full quota
/// (docs/model.md, 9), so bookings = attainment x quota; the quota that a share P reaches is
/// the (1 - P)-quantile of those pooled bookings. Quotas change behaviour (attrition after a
/// missed quota, sandbagging, promotion thresholds), so the proposal is re-simulated at the
/// proposed quotas until the share there is within the tolerance of P (see
/// docs/quota-and-staffing.md).
public enum QuotaAnalysis {
  /// The scenario key of a level's quota, overridden by every analysis run; a quota is stated
  /// per year (docs/model.md, 9.4).
  static let quotaKey = "annual_quota"

  /// The override that sets `level`'s quota to `perPeriod` RUB per quota `period`.
  static func quotaOverride(_ level: String, perPeriod: Double, _ period: QuotaPeriod) -> String {
    "levels.\(level).\(quotaKey)=\(overrideNumber(perPeriod * 12 / Double(period.months)))"
  }

  /// Adds the median deal, the one-deal check and the zero-booking warning to `proposals`,
  /// from the outcomes of the last proposal run.
  static func annotate(
    _ proposals: inout [LevelQuotaProposal], schema: OutcomeSchema,
    outcomes: [ReplicationOutcome], period: QuotaPeriod, attain: Double
  ) {
    for i in proposals.indices {
      let level = proposals[i].level
      proposals[i].medianDeal =
        MetricColumns.statistics(Metric.dealValueMedian.key, level, schema, outcomes)?.p50
      let zero = MetricColumns.statistics(Metric.zeroBookingShare.key, level, schema, outcomes)?
        .mean
      proposals[i].zeroBookingShare = zero
      if let zero, zero > 1 - attain {
        proposals[i].zeroBookingWarning = ZeroBookingWarning.message(
          level: level, zeroShare: zero, attain: attain, period: period)
      }
      guard let q = proposals[i].proposedQuota else { continue }
      proposals[i].proposedAnnualQuota = q * 12 / Double(period.months)
      guard let deal = proposals[i].medianDeal, q < deal else { continue }
      proposals[i].belowOneDeal = true
      proposals[i].suggestedPeriod =
        QuotaPeriod.allCases.first {
          $0.months > period.months && q * Double($0.months) / Double(period.months) >= deal
        }?.rawValue
    }
  }

  /// Proposes per level the quota that a share `attain` of ramped manager-periods reaches.
  ///
  /// - Throws: ``AnalysisInputError`` for a share outside (0, 1) or a scenario with quotas
  ///   off; ``AnalysisInterrupted`` when `shouldStop` returned true.
  public static func propose(
    _ base: LoadedScenario, attain: Double, options: QuotaOptions,
    progress: AnalysisProgress? = nil, shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> QuotaProposal {
    guard attain.isFinite, attain > 0, attain < 1 else {
      throw AnalysisInputError("--attain must be a share strictly between 0 and 1 (got \(attain))")
    }
    try checkQuotasOn(base)
    let maxRuns = Swift.max(2, options.maxIterations)
    var rerun = ScenarioRerunner(
      base: base, threads: options.threads,
      plannedTotal: options.replications * (maxRuns + 1), progress: progress,
      shouldStop: shouldStop)
    let levels = base.scenario.levels
    // A level without a quota has no attainment to learn from; a nominal 1 RUB quota makes
    // attainment equal bookings while changing behaviour as little as a quota can.
    let period = base.scenario.quota.period
    var quotas = levels.map { $0.annualQuota > 0 ? $0.periodQuota(period) : 1 }
    var history = Array(repeating: [(q: Double, g: Double)](), count: levels.count)
    var iterations: [QuotaIteration] = []
    var proposals: [LevelQuotaProposal] = []
    var converged = false
    var lastOutcomes: [ReplicationOutcome] = []

    for run in 0..<maxRuns {
      let overrides = zip(levels, quotas).map { quotaOverride($0.name, perPeriod: $1, period) }
      let (_, outcomes) = try rerun.run(
        overrides, seed: options.seed, replications: options.replications)
      let reader = OutcomeReader(schema: base.model.schema)
      var shares: [String: Double] = [:]
      var next: [LevelQuotaProposal] = []
      for (i, level) in levels.enumerated() {
        let perReplication =
          reader.sample(SampleMetric.quotaAttainment.key, group: level.name, in: outcomes) ?? []
        let bookings = perReplication.joined().map { $0 * quotas[i] }
        let reached = bookings.reduce(0) { $0 + ($1 >= quotas[i] ? 1 : 0) }
        if !bookings.isEmpty { shares[level.name] = Double(reached) / Double(bookings.count) }
        guard let sorted = try? SortedSample(bookings),
          let estimate = sorted.valueReached(byShare: attain), estimate > 0
        else {
          next.append(
            LevelQuotaProposal(
              level: level.name, currentQuota: level.periodQuota(period), proposedQuota: nil,
              interval: nil,
              observations: bookings.count,
              note: bookings.isEmpty
                ? "no ramped manager-period in the horizon"
                : "only \(Format.value(Double(bookings.count { $0 > 0 }) / Double(bookings.count), unit: .share)) "
                  + "of ramped periods book anything, so no quota above 0 is reached by "
                  + Format.value(attain, unit: .share)))
          continue
        }
        let ci = sorted.quantileInterval(1 - attain, level: options.level)?.interval
        next.append(
          LevelQuotaProposal(
            level: level.name, currentQuota: level.periodQuota(period),
            proposedQuota: roundedQuota(estimate),
            interval: ci, observations: bookings.count, note: nil))
      }
      iterations.append(
        QuotaIteration(
          quotas: Dictionary(uniqueKeysWithValues: zip(levels.map(\.name), quotas)),
          shares: shares))
      lastOutcomes = outcomes
      // From the second run on, the quotas simulated are a proposal: accept them when their
      // own run shows the share asked for; keep the proposal's interval from this run.
      // Levels that cannot have a quota (no bookings to speak of) do not hold the others up.
      let settled = next.filter { $0.proposedQuota != nil }.allSatisfy { p in
        shares[p.level].map { Swift.abs($0 - attain) <= options.tolerance } ?? true
      }
      if run > 0, settled {
        converged = true
        proposals = zip(next, quotas).map { p, q in
          var p = p
          if p.proposedQuota != nil { p.proposedQuota = q }
          return p
        }
        break
      }
      // Next quotas to simulate: the secant step on q - g(q) once two runs are known, else
      // g(q) itself. When the iteration ends unconverged these are the proposal.
      proposals = next
      for i in levels.indices {
        guard let g = next[i].proposedQuota else { continue }
        history[i].append((quotas[i], g))
        quotas[i] = nextQuota(history[i])
        proposals[i].proposedQuota = quotas[i]
      }
    }

    annotate(
      &proposals, schema: base.model.schema, outcomes: lastOutcomes, period: period,
      attain: attain)
    // Levels without a proposal keep their own quota in the check.
    let final = proposals.compactMap { p in
      p.proposedQuota.map { quotaOverride(p.level, perPeriod: $0, period) }
    }
    let verification = try check(
      using: &rerun, overrides: final, seed: options.verifySeed, options: options)
    return QuotaProposal(
      scenarioName: base.scenario.name, scenarioFile: base.file, attain: attain,
      period: base.scenario.quota.period.rawValue, seed: options.seed,
      replications: options.replications, levels: proposals, iterations: iterations,
      converged: converged, tolerance: options.tolerance, verification: verification)
  }

  /// The next quota to try from the runs so far: `(q, g)` pairs of a quota simulated and the
  /// bookings a share P reached there (the fixed-point map `g`).
  ///
  /// With one run, `g(q)`. With two or more, a secant step on `f(q) = g(q) − q` through the last
  /// two runs: when quotas change behaviour (sandbagging, attrition after a missed quota),
  /// `g` moves with `q` and plain iteration only creeps towards the fixed point. The step is
  /// taken only when `g` grows more slowly than `q` (the fixed point is then unique between
  /// the runs) and lands within a factor of two; otherwise `g(q)`.
  static func nextQuota(_ runs: [(q: Double, g: Double)]) -> Double {
    guard let last = runs.last else { return 0 }
    guard runs.count >= 2 else { return last.g }
    let previous = runs[runs.count - 2]
    let dq = last.q - previous.q
    guard dq != 0 else { return last.g }
    let slope = ((last.g - last.q) - (previous.g - previous.q)) / dq
    guard slope < -0.05 else { return last.g }
    let step = last.q - (last.g - last.q) / slope
    let low = Swift.min(last.q, last.g) / 2
    let high = Swift.max(last.q, last.g) * 2
    guard step.isFinite, step >= low, step <= high else { return last.g }
    return roundedQuota(step)
  }

  /// The reverse view: the share of ramped manager-periods reaching the scenario's quotas, or
  /// the quotas given as `quotas` (level name to RUB per quota period).
  ///
  /// - Throws: ``AnalysisInputError`` for an unknown level or a quota that is not positive;
  ///   ``AnalysisInterrupted`` when `shouldStop` returned true.
  public static func check(
    _ base: LoadedScenario, quotas: [String: Double] = [:], options: QuotaOptions,
    progress: AnalysisProgress? = nil, shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> QuotaCheck {
    try checkQuotasOn(base)
    let names = base.scenario.levels.map(\.name)
    var overrides: [String] = []
    for (level, quota) in quotas.sorted(by: { $0.key < $1.key }) {
      guard names.contains(level) else {
        throw AnalysisInputError(
          "unknown level '\(level)' (the scenario has \(names.joined(separator: ", ")))")
      }
      guard quota.isFinite, quota > 0 else {
        throw AnalysisInputError("the quota of \(level) must be a positive amount (got \(quota))")
      }
      overrides.append(quotaOverride(level, perPeriod: quota, base.scenario.quota.period))
    }
    var rerun = ScenarioRerunner(
      base: base, threads: options.threads, plannedTotal: options.replications,
      progress: progress, shouldStop: shouldStop)
    return try check(using: &rerun, overrides: overrides, seed: options.seed, options: options)
  }

  private static func check(
    using rerun: inout ScenarioRerunner, overrides: [String], seed: UInt64, options: QuotaOptions
  ) throws -> QuotaCheck {
    let (loaded, outcomes) = try rerun.run(
      overrides, seed: seed, replications: options.replications)
    let reader = OutcomeReader(schema: loaded.model.schema)
    var levels: [LevelAttainment] = []
    for level in loaded.scenario.levels {
      let per =
        reader.sample(SampleMetric.quotaAttainment.key, group: level.name, in: outcomes) ?? []
      levels.append(
        attainment(
          level.name, quota: level.periodQuota(loaded.scenario.quota.period), perReplication: per,
          options.level))
    }
    let teamPer = reader.sample(SampleMetric.quotaAttainment.key, group: "team", in: outcomes) ?? []
    let team = attainment("team", quota: 0, perReplication: teamPer, options.level)
    let plan = reader.scalar(TeamMetric.planReached.key, group: "team", in: outcomes).flatMap {
      try? Proportion(counting: $0, where: { $0 >= 0.5 })
    }
    return QuotaCheck(
      scenarioName: loaded.scenario.name, scenarioFile: loaded.file, seed: seed,
      replications: options.replications, period: loaded.scenario.quota.period.rawValue,
      level: options.level, levels: levels, team: team,
      teamBookings: reader.scalar(Metric.bookings.key, group: "team", in: outcomes).flatMap {
        ForecastQuantiles($0)
      },
      teamPlanReached: plan)
  }

  static func attainment(
    _ name: String, quota: Double, perReplication: [[Double]], _ level: Double
  ) -> LevelAttainment {
    let all = Array(perReplication.joined())
    let successes = all.reduce(0) { $0 + ($1 >= 1 ? 1 : 0) }
    let reached = try? Proportion(successes: successes, trials: all.count)
    return LevelAttainment(
      level: name, quota: quota, reached: reached,
      wilson: reached?.wilsonInterval(level: level),
      clustered: clusteredInterval(perReplication, level: level),
      attainment: ForecastQuantiles(all),
      histogram: SampleHistogram(all, unit: .share))
  }

  /// The ratio estimator `Σ reached / Σ periods` over replications, with a t interval from
  /// the replication residuals `reached_r − p·periods_r` (periods of one replication share
  /// its market and its team, so they are not independent).
  static func clusteredInterval(_ perReplication: [[Double]], level: Double)
    -> ClosedRange<Double>?
  {
    // The share of ramped periods at quota is a pooled ratio over replications
    // (docs/statistics.md, "Ratios across replications").
    let periods = perReplication.map { Double($0.count) }
    let atQuota = perReplication.map { Double($0.reduce(0) { $0 + ($1 >= 1 ? 1 : 0) }) }
    let ratio = try? RatioEstimate(
      numerators: atQuota, denominators: periods, level: level, range: 0...1)
    return ratio?.confidenceInterval
  }

  private static func checkQuotasOn(_ base: LoadedScenario) throws {
    guard base.scenario.quota.enabled else {
      throw AnalysisInputError(
        "quotas are off in \(base.file) (quota.enabled: false); turn them on, e.g. "
          + "--set quota.enabled=true")
    }
  }
}
