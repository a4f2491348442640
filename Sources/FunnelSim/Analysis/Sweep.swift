public import SalesModel
internal import Statistics

/// One parameter a sweep varies: a scenario key (as `--set` spells it) and its values.
///
/// Parsed from `KEY=V1,V2,...`, where a value may also be an inclusive integer range `A..B`
/// or a stepped range `A..B:STEP` (numbers), e.g. `levels.junior.headcount=0..6`.
public struct SweepAxis: Hashable, Sendable {
  public var key: String
  /// The values as `--set` receives them, in grid order.
  public var values: [String]

  public init(key: String, values: [String]) {
    self.key = key
    self.values = values
  }

  /// Parses `KEY=V1,V2,...` (with `A..B` and `A..B:STEP` ranges).
  public init(parsing text: String) throws(SweepError) {
    guard let eq = text.firstIndex(of: "=") else {
      throw .badAxis(text, "expected KEY=V1,V2,... e.g. levels.junior.headcount=1,2,3")
    }
    let key = String(text[..<eq]).trimmingSpaces
    guard !key.isEmpty, !key.split(separator: ".", omittingEmptySubsequences: false).contains("")
    else { throw .badAxis(text, "the key must be a dotted path such as levels.junior.headcount") }
    var values: [String] = []
    for raw in text[text.index(after: eq)...].split(
      separator: ",", omittingEmptySubsequences: false)
    {
      let item = String(raw).trimmingSpaces
      guard !item.isEmpty else { throw .badAxis(text, "empty value in the list for \(key)") }
      if let range = try Self.range(item, key: key) { values += range } else { values.append(item) }
    }
    guard values.count >= 1 else { throw .badAxis(text, "no values for \(key)") }
    if values.count > 1000 {
      throw .badAxis(text, "\(values.count) values for \(key); at most 1000")
    }
    if Set(values).count != values.count {
      throw .badAxis(text, "a value for \(key) is listed twice")
    }
    self.key = key
    self.values = values
  }

  /// The values of `A..B` or `A..B:STEP`, or nil when `item` is not a range.
  private static func range(_ item: String, key: String) throws(SweepError) -> [String]? {
    guard let dots = item.range(of: "..") else { return nil }
    let lowText = String(item[..<dots.lowerBound])
    var rest = String(item[dots.upperBound...])
    var stepText: String? = nil
    if let colon = rest.firstIndex(of: ":") {
      stepText = String(rest[rest.index(after: colon)...])
      rest = String(rest[..<colon])
    }
    let form = "\(key)=\(item)"
    guard let low = Double(lowText), let high = Double(rest), low.isFinite, high.isFinite else {
      throw .badAxis(form, "a range is A..B or A..B:STEP with numbers, e.g. 0..6 or 20..60:10")
    }
    let step =
      try stepText.map { t throws(SweepError) -> Double in
        guard let s = Double(t), s.isFinite, s > 0 else {
          throw .badAxis(form, "the step must be a positive number")
        }
        return s
      } ?? 1
    guard high >= low else { throw .badAxis(form, "the range runs backwards") }
    let count = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
    guard count <= 1000 else { throw .badAxis(form, "\(count) values; at most 1000") }
    return (0..<count).map { JSONValue.format(low + Double($0) * step) }
  }
}

/// What a sweep optimises: a metric's mean, to be maximised or minimised.
public struct SweepObjective: Hashable, Sendable, CustomStringConvertible {
  public var key: String
  public var group: String
  public var maximise: Bool

  public init(key: String, group: String = "team", maximise: Bool = true) {
    self.key = key
    self.group = group
    self.maximise = maximise
  }

  /// Parses `[max:|min:]KEY[.GROUP]`, e.g. `max:margin` or `min:cost_of_sales`.
  public init(parsing text: String) throws(SweepError) {
    var body = Substring(text)
    maximise = true
    if body.hasPrefix("max:") {
      body = body.dropFirst(4)
    } else if body.hasPrefix("min:") {
      body = body.dropFirst(4)
      maximise = false
    }
    let selector: MetricSelector
    do { selector = try MetricSelector(parsing: String(body)) } catch {
      throw .badObjective(text, "expected [max:|min:]KEY[.GROUP], e.g. max:margin")
    }
    guard let g = selector.group else {
      throw .badObjective(text, "the objective needs one group, not .*")
    }
    key = selector.key
    group = g
  }

  public var description: String { (maximise ? "max:" : "min:") + key + "." + group }

  /// Margin (revenue − cost of sales) for the team, maximised.
  public static let `default` = SweepObjective(key: DerivedMetric.margin.key)
}

/// Why a sweep cannot be set up or summarised.
public enum SweepError: Error, CustomStringConvertible, Sendable {
  case badAxis(String, String)
  case badObjective(String, String)
  case tooManyAxes(Int)
  case repeatedKey(String)
  case unequalReplications
  case unknownMetric(String, known: [String])

  public var description: String {
    switch self {
    case .badAxis(let text, let why): return "--vary '\(text)': \(why)"
    case .badObjective(let text, let why): return "--objective '\(text)': \(why)"
    case .tooManyAxes(let n): return "a sweep varies one or two keys (got \(n) --vary)"
    case .repeatedKey(let k): return "--vary names \(k) twice"
    case .unequalReplications: return "every grid point must have the same replications"
    case .unknownMetric(let m, let known):
      let hint = Suggestions.closest(
        to: m.split(separator: ".").first.map(String.init) ?? m, in: known)
      return "metric '\(m)' is not reported by this scenario"
        + (hint.map { " (did you mean '\($0)'?)" } ?? "")
    }
  }
}

/// One grid point: its settings and each metric's summary there.
public struct SweepPoint: Sendable {
  /// One value per axis, in axis order.
  public var settings: [String]
  /// Summaries in the report's metric order; nil where the point lacks the metric.
  public var metrics: [SampleStatistics?]
}

/// The answer to "which setting is best": a grid over one or two scenario keys, every point
/// run on common random numbers (the same seed and streams), each metric summarised with its
/// 95% CI, and the best point for an objective, compared pair by pair with the runner-up.
public struct SweepReport: Sendable {
  public var scenarioName: String
  public var scenarioFile: String
  public var seed: UInt64
  public var replications: Int
  public var horizonMonths: Int
  public var axes: [SweepAxis]
  /// The metrics reported at every point.
  public var descriptors: [MetricDescriptor]
  /// Points with the first axis outermost: `(a0, b0), (a0, b1), ..., (a1, b0), ...`.
  public var points: [SweepPoint]
  public var objective: SweepObjective
  /// Index of the point with the best mean objective; nil when no point reports it.
  public var best: Int?
  /// Index of the second-best point, when there are two.
  public var runnerUp: Int?
  /// Best minus runner-up on the objective, paired by replication.
  public var bestAgainstRunnerUp: PairedDifference?
  public var notes: [String]

  /// The metrics a sweep shows unless `--metric` chooses others.
  public static let defaultMetrics: [MetricSelector] = [
    Metric.bookings.key, Metric.revenue.key, Metric.costOfSales.key, Metric.salaryCost.key,
    DerivedMetric.margin.key, Metric.clientsEnd.key, Metric.won.key,
    Metric.quotaAttainmentMean.key, TeamMetric.planReached.key,
  ].map { MetricSelector(key: $0) }

  /// Summarises `runs`, one per grid point in grid order (first axis outermost).
  public init(
    scenarioName: String, scenarioFile: String, seed: UInt64, horizonMonths: Int,
    axes: [SweepAxis], runs: [ScenarioOutcomes],
    metrics selectors: [MetricSelector] = defaultMetrics,
    objective: SweepObjective = .default
  ) throws(SweepError) {
    guard (1...2).contains(axes.count) else { throw .tooManyAxes(axes.count) }
    precondition(runs.count == axes.reduce(1) { $0 * $1.values.count }, "one run per grid point")
    guard Set(runs.map(\.outcomes.count)).count == 1 else { throw .unequalReplications }
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.seed = seed
    replications = runs.first?.outcomes.count ?? 0
    self.horizonMonths = horizonMonths
    self.axes = axes
    self.objective = objective
    notes = []

    let levelLists = runs.map { MetricColumns.levels($0.schema) }
    let shared = levelLists.first?.filter { l in levelLists.allSatisfy { $0.contains(l) } } ?? []
    var pairs = MetricColumns.expand(selectors, sharedLevels: shared)
    if !pairs.contains(where: { $0 == (objective.key, objective.group) }) {
      pairs.append((objective.key, objective.group))
    }
    let known = runs.flatMap { MetricColumns.knownKeys($0.schema) }
    var descriptors: [MetricDescriptor] = []
    var kept: [(String, String)] = []
    for (key, group) in pairs {
      guard let d = runs.lazy.compactMap({ MetricColumns.descriptor(key, group, $0.schema) }).first
      else {
        if known.contains(key) {
          notes.append("\(key).\(group): no grid point has the level '\(group)'")
          continue
        }
        throw .unknownMetric("\(key).\(group)", known: known)
      }
      descriptors.append(d)
      kept.append((key, group))
    }
    self.descriptors = descriptors

    var grid: [[String]] = [[]]
    for axis in axes { grid = grid.flatMap { prefix in axis.values.map { prefix + [$0] } } }
    points = zip(grid, runs).map { settings, run in
      SweepPoint(
        settings: settings,
        metrics: kept.map { key, group in
          MetricColumns.statistics(key, group, run.schema, run.outcomes)
        })
    }

    let objectiveIndex = kept.firstIndex { $0 == (objective.key, objective.group) }
    let ranked = points.indices.compactMap { i -> (Int, Double)? in
      guard let o = objectiveIndex, let mean = points[i].metrics[o]?.mean else { return nil }
      return (i, mean)
    }.sorted { a, b in
      // Ties keep grid order, so the choice is deterministic.
      a.1 == b.1 ? a.0 < b.0 : (objective.maximise ? a.1 > b.1 : a.1 < b.1)
    }
    best = ranked.first?.0
    runnerUp = ranked.count > 1 ? ranked[1].0 : nil
    if let b = best, let r = runnerUp {
      bestAgainstRunnerUp = MetricColumns.difference(
        objective.key, objective.group, baseline: runs[r], alternative: runs[b])
    } else {
      bestAgainstRunnerUp = nil
    }
    if best == nil { notes.append("no grid point reports the objective \(objective)") }
  }

  /// The summary of metric `key` for `group` at point `index`.
  public func value(_ key: String, group: String = "team", at index: Int) -> SampleStatistics? {
    guard let m = descriptors.firstIndex(where: { $0.key == key && $0.group == group }) else {
      return nil
    }
    return points[index].metrics[m]
  }

  /// `levels.junior.headcount=2, careers.hiring.time_to_hire_days.mean=42` for point `index`.
  public func settingsText(_ index: Int) -> String {
    zip(axes, points[index].settings).map { "\($0.key)=\($1)" }.joined(separator: ", ")
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
