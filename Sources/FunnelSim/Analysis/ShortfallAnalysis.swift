// docs/explain.md: the gap between a target and the forecast, split into named causes by
// Shapley values over counterfactual switches, computed replication by replication on common
// random numbers.
public import SalesModel
import Statistics
import Stochastic

/// What `explain` is asked: the metric and group, the target, the causes, and how much to run.
public struct ExplainOptions: Sendable {
  /// The metric whose gap is explained: a count or an amount (a ratio is not additive).
  public var metric = Metric.bookings.key
  /// The group: `team` or a level's name.
  public var group = "team"
  /// The target; nil means the plan (`plan_bookings`, else the sum of effective quotas),
  /// which exists for the team's bookings only.
  public var target: Double?
  /// Also split every contribution by level (the metric must exist per level).
  public var byLevel = false
  /// The causes considered, in report order.
  public var causes = ShortfallCause.allCases
  /// Replications per variant; every variant runs the same indices with the same seed.
  public var replications: Int
  /// The seed of every variant.
  public var seed: UInt64
  /// Worker threads; nil means every core.
  public var threads: Int?
  /// Confidence level of the intervals.
  public var confidence = 0.95
  /// Up to this many applicable causes every coalition is run (exact Shapley values);
  /// above, ``permutations`` random orders are sampled.
  public var exactUpTo = 8
  /// Random orders of the causes sampled when there are more than ``exactUpTo``.
  public var permutations = 24

  /// Replications per variant when none are given: `b2b-consulting` (9 applicable causes, at
  /// most 194 variants) then runs at most 19,400 replications (docs/explain.md, "Cost").
  public static let defaultReplications = 100

  /// Options for `replications` replications seeded `seed`, everything else at its default.
  public init(replications: Int = Self.defaultReplications, seed: UInt64, threads: Int? = nil) {
    self.replications = replications
    self.seed = seed
    self.threads = threads
  }
}

/// One cause's share of the gap.
public struct CauseContribution: Sendable {
  /// The cause.
  public var cause: ShortfallCause
  /// False when its switch leaves the scenario unchanged: it then contributes exactly 0.
  public var applies: Bool
  /// Its Shapley value in each replication, in the metric's unit (what removing the cause
  /// adds to the metric, on average over the orders in which causes are removed).
  public var perReplication: [Double]
  /// The mean contribution within each level (with `byLevel`), in ``ShortfallExplanation/levels`` order.
  public var byLevel: [Double]
  /// The standard error of the mean from sampling orders; nil when every coalition ran.
  public var samplingError: Double?
}

/// How the Shapley values were computed.
public enum ShapleyMethod: Sendable, Equatable {
  /// Every coalition of the applicable causes was run.
  case exact
  /// Random orders of the causes were sampled; the values still add up exactly.
  case sampled(permutations: Int)
}

/// Where the target came from.
public enum TargetSource: String, Sendable {
  /// `--target`.
  case given
  /// The scenario's `plan_bookings`.
  case planBookings = "plan_bookings"
  /// The sum of the effective quotas of every closed manager-period (`team_plan`), per replication.
  case quotas
}

/// The gap between a target and the forecast, split into causes that add up to it in every
/// replication: gap = Σ contributions + remaining.
public struct ShortfallExplanation: Sendable {
  public var scenarioName: String
  public var scenarioFile: String
  /// The `--set` overrides the scenario was loaded with.
  public var overrides: [String]
  /// The metric explained, in its group.
  public var metric: MetricDescriptor
  /// The levels of the by-level split (empty without it).
  public var levels: [String]
  public var targetSource: TargetSource
  public var seed: UInt64
  public var replications: Int
  public var confidence: Double
  public var method: ShapleyMethod
  /// Variants (coalitions of switches) simulated, the scenario itself included.
  public var variantsRun: Int
  /// The lead volume the plan needs over today's, used by ``ShortfallCause/leadVolume``.
  public var leadFactor: Double?
  /// The target in each replication.
  public var target: [Double]
  /// The metric in each replication of the scenario as written.
  public var forecast: [Double]
  /// The forecast's mean in each level (with `byLevel`).
  public var forecastByLevel: [Double]
  /// Every cause considered, applicable or not, in the order asked.
  public var causes: [CauseContribution]
  /// Target minus the metric with every applicable cause removed, per replication: the part
  /// of the gap no cause explains (negative when removing the causes overshoots the target).
  public var remaining: [Double]

  /// Target minus forecast in each replication.
  public var gap: [Double] { zip(target, forecast).map { $0 - $1 } }

  /// The mean of `values` with its interval at ``confidence`` (nil interval for one value).
  public func estimate(_ values: [Double]) -> (mean: Double, interval: ClosedRange<Double>?) {
    guard let s = try? Summary(values, level: confidence) else { return (0, nil) }
    return (s.mean, s.confidenceInterval)
  }
}

/// Splits the gap between a target and the forecast into causes (docs/explain.md).
public enum ShortfallAnalysis {
  /// Explains `loaded` (its file and overrides are named in the report).
  public static func explain(
    _ loaded: LoadedScenario, options: ExplainOptions, progress: AnalysisProgress? = nil,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> ShortfallExplanation {
    try explain(
      loaded.scenario, file: loaded.file, overrides: loaded.overrides, options: options,
      progress: progress, shouldStop: shouldStop)
  }

  /// Explains `scenario`; `file` and `overrides` only name it in the report.
  ///
  /// - Throws: ``AnalysisInputError`` for a metric, group or target that cannot be explained,
  ///   ``AnalysisInterrupted`` when `shouldStop` stopped it, ``ScenarioInvalid`` for a scenario
  ///   that is not valid.
  /// - Complexity: `2^k × replications` simulated replications for `k ≤ exactUpTo` applicable
  ///   causes, at most `(permutations × (k − 1) + 2) × replications` above.
  public static func explain(
    _ scenario: Scenario, file: String, overrides: [String] = [], options: ExplainOptions,
    progress: AnalysisProgress? = nil, shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> ShortfallExplanation {
    guard options.replications >= 2 else {
      throw AnalysisInputError("explain needs at least 2 replications for its intervals")
    }
    let base = try SalesModel(scenario: scenario)
    let reader = OutcomeReader(schema: base.schema)
    let levelNames = scenario.levels.map(\.name)
    try checkMetric(options.metric, group: options.group, schema: base.schema, levels: levelNames)
    let groups = [options.group] + (options.byLevel ? levelNames : [])
    if options.byLevel {
      guard options.group == "team" else {
        throw AnalysisInputError("--by-level splits the team's gap: leave out --level")
      }
      for l in levelNames where reader.scalarIndex(options.metric, group: l) == nil {
        throw AnalysisInputError(
          "\(options.metric) is a team-only metric: it has no value per level for --by-level")
      }
    }
    let indices = groups.map { reader.scalarIndex(options.metric, group: $0)! }
    let descriptor = base.schema.scalars[indices[0]]
    let runner = ReplicationRunner(threads: options.threads)
    let r = options.replications

    var done = 0
    var planned = r
    func simulate(_ model: SalesModel) throws -> [ReplicationOutcome] {
      let offset = done
      let total = planned
      let outcomes = try runner.run(
        model, seed: options.seed, replications: 0..<r, shouldStop: shouldStop,
        progress: progress.map { p in { @Sendable n in p(offset + n, total) } })
      done += outcomes.count
      if outcomes.count < r { throw AnalysisInterrupted() }
      return outcomes
    }
    func values(_ outcomes: [ReplicationOutcome]) -> [[Double]] {
      indices.map { i in outcomes.map { $0.values[i] } }
    }

    // The scenario as written: the forecast, and the plan when the target is the plan.
    let baseOutcomes = try simulate(base)
    let forecastValues = values(baseOutcomes)
    let (target, source) = try targets(
      scenario, options: options, reader: reader, outcomes: baseOutcomes)
    let meanTarget = target.reduce(0, +) / Double(r)
    let meanForecast = forecastValues[0].reduce(0, +) / Double(r)
    let leadFactor = meanForecast > 0 ? meanTarget / meanForecast : nil
    let factor = leadFactor ?? 1

    var seen = Set<ShortfallCause>()
    let considered = options.causes.filter { seen.insert($0).inserted }
    let applicable = considered.filter { $0.applies(to: scenario, leadFactor: factor) }
    let k = applicable.count
    let exact = k <= options.exactUpTo
    planned = r * (exact ? 1 << k : options.permutations * Swift.max(0, k - 1) + 2)

    var cache: [Int: [[Double]]] = [0: forecastValues]
    func value(_ mask: Int) throws -> [[Double]] {
      if let v = cache[mask] { return v }
      var s = scenario
      for (j, cause) in applicable.enumerated() where mask & (1 << j) != 0 {
        s = cause.removed(from: s, leadFactor: factor)
      }
      let model: SalesModel
      do { model = try SalesModel(scenario: s) } catch {
        let names = applicable.enumerated().filter { mask & (1 << $0.offset) != 0 }
          .map(\.element.rawValue)
        throw AnalysisInputError(
          "the variant with \(names.joined(separator: ", ")) removed is not a valid scenario: "
            + "\(error)")
      }
      let v = values(try simulate(model))
      cache[mask] = v
      return v
    }

    // phi[cause][group][replication]
    var phi = [[[Double]]](
      repeating: [[Double]](repeating: [Double](repeating: 0, count: r), count: groups.count),
      count: k)
    var samplingError = [Double?](repeating: nil, count: k)
    let full = (1 << k) - 1
    if exact {
      // Shapley weight of a coalition of size s not containing the cause: s!(k−s−1)!/k!.
      var weight = [Double](repeating: 0, count: Swift.max(k, 1))
      for s in 0..<k { weight[s] = 1 / (Double(k) * binomial(k - 1, s)) }
      for mask in 0...full where k > 0 { _ = try value(mask) }
      for i in 0..<k {
        let bit = 1 << i
        for mask in 0...full where mask & bit == 0 {
          let w = weight[mask.nonzeroBitCount]
          let without = cache[mask]!
          let with = cache[mask | bit]!
          for g in groups.indices {
            for rep in 0..<r { phi[i][g][rep] += w * (with[g][rep] - without[g][rep]) }
          }
        }
      }
    } else {
      // Every order telescopes from v(∅) to v(N), so the average over orders adds up exactly.
      let stream = RandomStream(seed: options.seed, replication: 0, name: "explain.orders")
      var perOrder = [[Double]](repeating: [], count: k)
      for _ in 0..<options.permutations {
        var order = Array(0..<k)
        for i in stride(from: k - 1, to: 0, by: -1) {
          let j = Int(stream.uniform() * Double(i + 1))
          order.swapAt(i, Swift.min(j, i))
        }
        var mask = 0
        var before = try value(0)
        for i in order {
          mask |= 1 << i
          let after = try value(mask)
          for g in groups.indices {
            for rep in 0..<r { phi[i][g][rep] += after[g][rep] - before[g][rep] }
          }
          let marginal = zip(after[0], before[0]).reduce(0) { $0 + $1.0 - $1.1 } / Double(r)
          perOrder[i].append(marginal)
          before = after
        }
      }
      let p = Double(options.permutations)
      for i in 0..<k {
        for g in groups.indices { phi[i][g] = phi[i][g].map { $0 / p } }
        if let s = try? Summary(perOrder[i], level: options.confidence),
          let sd = s.standardDeviation
        {
          samplingError[i] = sd / p.squareRoot()
        }
      }
    }

    let all = k > 0 ? try value(full) : forecastValues
    let remaining = zip(target, all[0]).map { $0 - $1 }
    let causes = considered.map { cause -> CauseContribution in
      guard let i = applicable.firstIndex(of: cause) else {
        return CauseContribution(
          cause: cause, applies: false, perReplication: [Double](repeating: 0, count: r),
          byLevel: [Double](repeating: 0, count: groups.count - 1), samplingError: nil)
      }
      return CauseContribution(
        cause: cause, applies: true, perReplication: phi[i][0],
        byLevel: phi[i].dropFirst().map { $0.reduce(0, +) / Double(r) },
        samplingError: exact ? nil : samplingError[i])
    }
    return ShortfallExplanation(
      scenarioName: scenario.name, scenarioFile: file, overrides: overrides,
      metric: descriptor, levels: options.byLevel ? levelNames : [], targetSource: source,
      seed: options.seed, replications: r, confidence: options.confidence,
      method: exact ? .exact : .sampled(permutations: options.permutations),
      variantsRun: cache.count, leadFactor: leadFactor, target: target,
      forecast: forecastValues[0],
      forecastByLevel: forecastValues.dropFirst().map { $0.reduce(0, +) / Double(r) },
      causes: causes, remaining: remaining)
  }

  /// The most replications ``explain(_:file:overrides:options:progress:shouldStop:)`` runs for
  /// `scenario`, for a progress bar: it assumes lead volume applies (it does when the forecast
  /// falls short of the target).
  public static func plannedReplications(for scenario: Scenario, options: ExplainOptions) -> Int {
    var seen = Set<ShortfallCause>()
    let k = options.causes.filter { seen.insert($0).inserted }
      .filter { $0.applies(to: scenario, leadFactor: 2) }.count
    return options.replications
      * (k <= options.exactUpTo ? 1 << k : options.permutations * Swift.max(0, k - 1) + 2)
  }

  /// Refuses a metric that is not in the scenario's outputs for `group`, or that is a ratio
  /// (a ratio of sums does not split into a sum of parts).
  static func checkMetric(
    _ key: String, group: String, schema: OutcomeSchema, levels: [String]
  ) throws {
    guard group == "team" || levels.contains(group) else {
      throw AnalysisInputError(
        "no level named '\(group)': the levels are \(levels.joined(separator: ", "))")
    }
    if let m = Metric.allCases.first(where: { $0.key == key }), m.derivation != .counted {
      throw AnalysisInputError(
        "\(key) is a ratio or a computed value; explain takes a count or an amount, "
          + "e.g. bookings, won or revenue")
    }
    if let t = TeamMetric.allCases.first(where: { $0.key == key }),
      t.ratio != nil || t == .planReached
    {
      throw AnalysisInputError(
        "\(key) is a ratio; explain takes a count or an amount, e.g. bookings, won or revenue")
    }
    if key.hasPrefix(StageMetric.conversion.key("")) {
      throw AnalysisInputError("\(key) is a ratio; explain takes a count, e.g. successes_<stage>")
    }
    guard schema.scalars.contains(where: { $0.key == key && $0.group == group }) else {
      throw AnalysisInputError(
        "no metric \(key) for \(group) in this scenario's outputs; a part that is off has no "
          + "metrics (the keys are listed in docs/model.md, section 11)")
    }
  }

  /// The target in each replication, and where it came from.
  static func targets(
    _ scenario: Scenario, options: ExplainOptions, reader: OutcomeReader,
    outcomes: [ReplicationOutcome]
  ) throws -> ([Double], TargetSource) {
    let r = outcomes.count
    if let t = options.target {
      guard t.isFinite else { throw AnalysisInputError("--target must be a finite number") }
      return ([Double](repeating: t, count: r), .given)
    }
    guard options.metric == Metric.bookings.key, options.group == "team" else {
      throw AnalysisInputError(
        "give --target: only the team's bookings have a plan in the scenario "
          + "(plan_bookings, or the sum of the quotas)")
    }
    if let plan = scenario.planBookings {
      return ([Double](repeating: plan, count: r), .planBookings)
    }
    guard let plans = reader.scalar(TeamMetric.teamPlan.key, group: "team", in: outcomes) else {
      throw AnalysisInputError(
        "the scenario has no plan (no plan_bookings and quota is off): give --target")
    }
    return (plans, .quotas)
  }

  /// The binomial coefficient `n choose k` as a Double.
  static func binomial(_ n: Int, _ k: Int) -> Double {
    var c = 1.0
    for j in 0..<k { c = c * Double(n - j) / Double(j + 1) }
    return c
  }
}
