public import SalesModel
internal import Statistics

/// One scenario's outcomes, in replication order, as a comparison or a sweep receives them.
public struct ScenarioOutcomes: Sendable {
  public var name: String
  public var file: String
  public var schema: OutcomeSchema
  public var outcomes: [ReplicationOutcome]

  public init(name: String, file: String, schema: OutcomeSchema, outcomes: [ReplicationOutcome]) {
    self.name = name
    self.file = file
    self.schema = schema
    self.outcomes = outcomes
  }
}

/// A paired comparison of one metric between an alternative and a baseline run on common
/// random numbers: `alternative[i] − baseline[i]` summarised over replications, and the same
/// data treated as independent samples (Welch) for reference. Undefined figures are nil.
public struct PairedDifference: Sendable, Hashable {
  public var count: Int
  /// Mean of the per-replication differences.
  public var mean: Double
  public var standardDeviation: Double?
  /// Paired t interval (95%).
  public var ciLow: Double?
  public var ciHigh: Double?
  /// Two-sided paired t-test of "no difference".
  public var pValue: Double?
  /// Share of replications in which the alternative was strictly higher, with its Wilson
  /// interval: the probability that the alternative beats the baseline.
  public var probabilityHigher: Double
  public var probabilityHigherLow: Double?
  public var probabilityHigherHigh: Double?
  /// Replications in which both values were equal (counted as "not higher").
  public var ties: Int
  /// Welch's interval and p-value for the same difference of means, as if the runs were
  /// independent.
  public var unpairedCILow: Double?
  public var unpairedCIHigh: Double?
  public var unpairedPValue: Double?
  /// Paired interval width over Welch interval width; nil when either is missing or the
  /// Welch interval has zero width.
  public var widthRatio: Double?

  /// Compares `alternative` with `baseline` pair by pair; nil for empty, unequal or
  /// non-finite samples (which the model never produces).
  init?(baseline: [Double], alternative: [Double], level: Double = 0.95) {
    guard let c = try? PairedComparison(baseline: baseline, alternative: alternative, level: level)
    else { return nil }
    count = c.count
    mean = c.meanDifference
    standardDeviation = c.standardDeviation
    ciLow = c.confidenceInterval?.lowerBound
    ciHigh = c.confidenceInterval?.upperBound
    pValue = c.pValue
    probabilityHigher = c.alternativeHigher.estimate
    let wilson = c.alternativeHigher.wilsonInterval(level: level)
    probabilityHigherLow = wilson?.lowerBound
    probabilityHigherHigh = wilson?.upperBound
    ties = c.ties
    unpairedCILow = c.unpaired.confidenceInterval?.lowerBound
    unpairedCIHigh = c.unpaired.confidenceInterval?.upperBound
    unpairedPValue = c.unpaired.pValue
    widthRatio = c.widthRatioToUnpaired
  }

  /// Compares two pooled ratios pair by pair (``Statistics/PairedRatioDifference``): the
  /// difference of the pooled ratios with the paired delta-method interval; the unpaired
  /// figures treat the two ratios as independent, `± t·√(seᴬ² + seᴮ²)`. The probability of
  /// being higher counts the replications where both ratios are defined. Nil when either
  /// ratio is undefined.
  init?(
    ratioBaseline a: (numerators: [Double], denominators: [Double]),
    alternative b: (numerators: [Double], denominators: [Double]), level: Double = 0.95
  ) {
    guard
      let d = try? PairedRatioDifference(
        baselineNumerators: a.numerators, baselineDenominators: a.denominators,
        alternativeNumerators: b.numerators, alternativeDenominators: b.denominators,
        level: level),
      let difference = d.difference
    else { return nil }
    count = d.count
    mean = difference
    standardDeviation = d.standardError.map { $0 * Double(d.count).squareRoot() }
    ciLow = d.confidenceInterval?.lowerBound
    ciHigh = d.confidenceInterval?.upperBound
    pValue = d.pValue
    var higher = 0
    var both = 0
    ties = 0
    for i in 0..<d.count where a.denominators[i] > 0 && b.denominators[i] > 0 {
      both += 1
      let ra = a.numerators[i] / a.denominators[i]
      let rb = b.numerators[i] / b.denominators[i]
      if rb > ra { higher += 1 } else if rb == ra { ties += 1 }
    }
    let proportion = both > 0 ? try? Proportion(successes: higher, trials: both) : nil
    probabilityHigher = proportion?.estimate ?? 0
    let wilson = proportion?.wilsonInterval(level: level)
    probabilityHigherLow = wilson?.lowerBound
    probabilityHigherHigh = wilson?.upperBound
    if let seA = d.baseline.standardError, let seB = d.alternative.standardError {
      let se = (seA * seA + seB * seB).squareRoot()
      let half = RatioEstimate.tCritical(level: level, count: d.count) * se
      unpairedCILow = difference - half
      unpairedCIHigh = difference + half
      unpairedPValue = RatioEstimate.twoSidedP(difference, standardError: se, count: d.count)
      if let lo = ciLow, let hi = ciHigh, half > 0 {
        widthRatio = (hi - lo) / (2 * half)
      } else {
        widthRatio = nil
      }
    } else {
      unpairedCILow = nil
      unpairedCIHigh = nil
      unpairedPValue = nil
      widthRatio = nil
    }
  }

  /// True when the paired interval lies wholly above (or below) zero.
  public var isDecided: Bool {
    guard let lo = ciLow, let hi = ciHigh else { return false }
    return lo > 0 || hi < 0
  }
}

/// One metric across the compared scenarios.
public struct MetricComparison: Sendable {
  public var descriptor: MetricDescriptor
  /// Per scenario, in the order given; nil where the scenario lacks the metric.
  public var scenarios: [SampleStatistics?]
  /// Per scenario against the first (the baseline); the first entry is always nil, and so is
  /// any scenario lacking the metric.
  public var differences: [PairedDifference?]
}

/// Why a comparison cannot be made.
public enum ComparisonError: Error, CustomStringConvertible, Sendable {
  case tooFewScenarios(Int)
  case unequalReplications([Int])
  case noReplications
  /// A requested metric is in none of the scenarios; `known` lists the keys that are.
  case unknownMetric(String, known: [String])

  public var description: String {
    switch self {
    case .tooFewScenarios(let n): return "compare needs at least two scenarios (got \(n))"
    case .unequalReplications(let counts):
      return "every scenario must have the same number of replications (got \(counts))"
    case .noReplications: return "no replications to compare"
    case .unknownMetric(let m, let known):
      let hint = Suggestions.closest(
        to: m.split(separator: ".").first.map(String.init) ?? m, in: known)
      return "metric '\(m)' is in none of the scenarios"
        + (hint.map { " (did you mean '\($0)'?)" } ?? "")
    }
  }
}

/// The answer to "which plan is better, and by how much": scenarios run on common random
/// numbers, each metric summarised per scenario, and each scenario compared with the first
/// replication by replication (paired t interval, p-value, probability of being higher), with
/// the unpaired (Welch) interval to show how much the pairing gained.
///
/// A pure function of the outcomes: the same scenarios and seed give the same bytes.
public struct ComparisonReport: Sendable {
  /// Name and file of each scenario; the first is the baseline.
  public var scenarios: [(name: String, file: String)]
  public var seed: UInt64
  public var replications: Int
  public var horizonMonths: Int
  /// Levels present in every scenario, in the first scenario's order.
  public var sharedLevels: [String]
  public var metrics: [MetricComparison]
  /// Requested metrics some scenarios lack, one sentence each.
  public var notes: [String]

  /// Compares `runs` (the first is the baseline) on `metrics`.
  ///
  /// - Throws: ``ComparisonError`` for fewer than two runs, runs of different lengths, or a
  ///   metric none of the scenarios reports.
  public init(
    runs: [ScenarioOutcomes], seed: UInt64, horizonMonths: Int,
    metrics selectors: [MetricSelector] = MetricSelector.headline
  ) throws(ComparisonError) {
    guard runs.count >= 2 else { throw .tooFewScenarios(runs.count) }
    let counts = runs.map(\.outcomes.count)
    guard Set(counts).count == 1 else { throw .unequalReplications(counts) }
    guard counts[0] > 0 else { throw .noReplications }
    scenarios = runs.map { ($0.name, $0.file) }
    self.seed = seed
    replications = counts[0]
    self.horizonMonths = horizonMonths
    let levelLists = runs.map { MetricColumns.levels($0.schema) }
    sharedLevels = levelLists[0].filter { l in levelLists.allSatisfy { $0.contains(l) } }
    notes = []
    metrics = []

    for (key, group) in MetricColumns.expand(selectors, sharedLevels: sharedLevels) {
      let columns = runs.map { MetricColumns.values(key, group, $0.schema, $0.outcomes) }
      guard
        let descriptor = runs.lazy.compactMap({
          MetricColumns.descriptor(key, group, $0.schema)
        }).first
      else {
        let known = runs.flatMap { MetricColumns.knownKeys($0.schema) }
        if known.contains(key) {
          notes.append("\(key).\(group): no scenario has the level '\(group)'")
          continue
        }
        throw .unknownMetric("\(key).\(group)", known: known)
      }
      // A part every scenario switches off gives 0 everywhere: not a comparison
      // (docs/model.md, section 14).
      let off = runs.map { MetricColumns.descriptor(key, group, $0.schema)?.switchedOff }
      if let part = off[0], off.allSatisfy({ $0 != nil }) {
        notes.append("\(key).\(group): left out, \(part.rawValue) is off in every scenario")
        continue
      }
      let lacking = zip(runs, columns).filter { $0.1 == nil }.map(\.0.name)
      if !lacking.isEmpty {
        notes.append(
          "\(key).\(group): not reported by \(lacking.joined(separator: ", ")); "
            + "no difference computed against it")
      }
      metrics.append(
        MetricComparison(
          descriptor: descriptor,
          scenarios: runs.map { MetricColumns.statistics(key, group, $0.schema, $0.outcomes) },
          differences: runs.indices.map { i in
            guard i > 0, columns[0] != nil, columns[i] != nil else { return nil }
            return MetricColumns.difference(key, group, baseline: runs[0], alternative: runs[i])
          }))
    }
  }

  /// Checks before anything runs that every selector names a metric at least one of
  /// `schemas` reports; throws ``ComparisonError/unknownMetric(_:known:)`` otherwise.
  public static func checkMetrics(_ selectors: [MetricSelector], schemas: [OutcomeSchema])
    throws(ComparisonError)
  {
    let known = schemas.flatMap { MetricColumns.knownKeys($0) }
    for s in selectors where !known.contains(s.key) {
      throw .unknownMetric(s.description, known: known)
    }
  }

  /// The comparison of `key` for `group`, if reported.
  public func metric(_ key: String, group: String = "team") -> MetricComparison? {
    metrics.first { $0.descriptor.key == key && $0.descriptor.group == group }
  }

  /// Short labels for the scenarios: A, B, C, ...
  public var labels: [String] {
    scenarios.indices.map { i in
      i < 26 ? String(UnicodeScalar(UInt8(65 + i))) : "S\(i + 1)"
    }
  }
}
