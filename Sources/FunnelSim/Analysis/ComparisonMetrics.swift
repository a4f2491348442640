import SalesModel

/// A metric chosen for a comparison or a sweep: a key and the group it is read for.
///
/// Written `key` (the team), `key.group` (one level, e.g. `bookings.junior`) or `key.*` (the
/// team and every level the scenarios share).
public struct MetricSelector: Hashable, Sendable, CustomStringConvertible {
  public var key: String
  /// `team`, a level name, or nil for "the team and every shared level".
  public var group: String?

  public init(key: String, group: String? = "team") {
    self.key = key
    self.group = group
  }

  /// Parses `key`, `key.group` or `key.*`; throws for an empty key or group.
  public init(parsing text: String) throws(MetricSelectorError) {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
      .map(String.init)
    guard let key = parts.first, !key.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else {
      throw MetricSelectorError(
        text: text, reason: "expected KEY, KEY.GROUP or KEY.*, e.g. bookings.junior")
    }
    self.key = key
    group = parts.count == 2 ? (parts[1] == "*" ? nil : parts[1]) : "team"
  }

  public var description: String { key + "." + (group ?? "*") }

  /// The metrics every comparison shows unless `--metric` chooses others: the team's headline
  /// figures, then bookings for each level the scenarios share.
  public static let headline: [MetricSelector] =
    [
      Metric.bookings.key, Metric.revenue.key, DerivedMetric.margin.key, Metric.clientsEnd.key,
      Metric.won.key, Metric.winRate.key, Metric.costOfSales.key, Metric.salaryCost.key,
      Metric.quotaAttainmentMean.key, TeamMetric.planReached.key,
    ].map { MetricSelector(key: $0) } + [MetricSelector(key: Metric.bookings.key, group: nil)]
}

/// A `--metric` value that is not `KEY`, `KEY.GROUP` or `KEY.*`.
public struct MetricSelectorError: Error, CustomStringConvertible, Sendable {
  public var text: String
  public var reason: String
  public var description: String { "metric '\(text)': \(reason)" }
}

/// Reads one metric's value from every replication's outcome; a ``DerivedMetric`` is computed
/// from its terms, replication by replication.
enum MetricColumns {
  static func index(_ key: String, _ group: String, _ schema: OutcomeSchema) -> Int? {
    schema.scalars.firstIndex { $0.key == key && $0.group == group }
  }

  static func descriptor(_ key: String, _ group: String, _ schema: OutcomeSchema)
    -> MetricDescriptor?
  {
    if let i = index(key, group, schema) { return schema.scalars[i] }
    guard let derived = DerivedMetric(rawValue: key), columns(derived, group, schema) != nil
    else { return nil }
    return MetricDescriptor(
      key: derived.key, group: group, unit: derived.unit, label: derived.label)
  }

  /// The offsets of a derived metric's two terms for `group`, when the schema has both.
  static func columns(_ derived: DerivedMetric, _ group: String, _ schema: OutcomeSchema)
    -> (minuend: Int, subtrahend: Int)?
  {
    guard let a = index(derived.terms.minuend.key, group, schema),
      let b = index(derived.terms.subtrahend.key, group, schema)
    else { return nil }
    return (a, b)
  }

  /// One value per replication, or nil when the schema has no such metric.
  static func values(
    _ key: String, _ group: String, _ schema: OutcomeSchema, _ outcomes: [ReplicationOutcome]
  ) -> [Double]? {
    if let i = index(key, group, schema) { return outcomes.map { $0.values[i] } }
    if let derived = DerivedMetric(rawValue: key), let (a, b) = columns(derived, group, schema) {
      return outcomes.map { $0.values[a] - $0.values[b] }
    }
    return nil
  }

  /// A ratio metric's numerator and denominator per replication, or nil when `key` is not a
  /// ratio (docs/statistics.md, "Ratios across replications").
  static func ratioTerms(
    _ key: String, _ group: String, _ schema: OutcomeSchema, _ outcomes: [ReplicationOutcome]
  ) -> (numerators: [Double], denominators: [Double])? {
    guard let i = index(key, group, schema) else { return nil }
    let layout = RatioLayout(schema)
    guard layout.isRatio(i) else { return nil }
    let terms = outcomes.map { layout.terms(i, in: $0.values)! }
    return (terms.map(\.numerator), terms.map(\.denominator))
  }

  /// The summary of one metric over `outcomes`: pooled for a ratio, over the defined
  /// replications for a figure that is not always defined, the plain summary otherwise.
  static func statistics(
    _ key: String, _ group: String, _ schema: OutcomeSchema, _ outcomes: [ReplicationOutcome]
  ) -> SampleStatistics? {
    if let i = index(key, group, schema) {
      return MetricSummary(
        schema.scalars[i], index: i, layout: RatioLayout(schema), outcomes: outcomes
      ).statistics
    }
    return values(key, group, schema, outcomes).map(SampleStatistics.init)
  }

  /// The paired difference of one metric between two runs on common random numbers: of the
  /// pooled ratios for a ratio, of the per-replication values otherwise.
  static func difference(
    _ key: String, _ group: String, baseline: ScenarioOutcomes, alternative: ScenarioOutcomes
  ) -> PairedDifference? {
    if let a = ratioTerms(key, group, baseline.schema, baseline.outcomes),
      let b = ratioTerms(key, group, alternative.schema, alternative.outcomes)
    {
      return PairedDifference(ratioBaseline: a, alternative: b)
    }
    guard let a = values(key, group, baseline.schema, baseline.outcomes),
      let b = values(key, group, alternative.schema, alternative.outcomes)
    else { return nil }
    return PairedDifference(baseline: a, alternative: b)
  }

  /// Levels named in `schema`, in schema order.
  static func levels(_ schema: OutcomeSchema) -> [String] {
    var seen: [String] = []
    for d in schema.scalars where d.group != "team" && !seen.contains(d.group) {
      seen.append(d.group)
    }
    return seen
  }

  /// Every key the schema offers (plus derived ones), for "did you mean" messages.
  static func knownKeys(_ schema: OutcomeSchema) -> [String] {
    var keys: [String] = []
    for d in schema.scalars where !keys.contains(d.key) { keys.append(d.key) }
    for derived in DerivedMetric.allCases where columns(derived, "team", schema) != nil {
      keys.append(derived.key)
    }
    return keys
  }

  /// The (key, group) pairs `selectors` name, expanded over the levels in `sharedLevels`, in
  /// order and without repeats.
  static func expand(_ selectors: [MetricSelector], sharedLevels: [String]) -> [(String, String)] {
    var out: [(String, String)] = []
    for s in selectors {
      let groups = s.group.map { [$0] } ?? (["team"] + sharedLevels)
      for g in groups where !out.contains(where: { $0 == (s.key, g) }) { out.append((s.key, g)) }
    }
    return out
  }
}

/// "Did you mean" for metric keys: the closest known key within a small edit distance.
enum Suggestions {
  static func closest(to word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    for c in candidates {
      let d = distance(word, c)
      if d <= Swift.max(2, word.count / 3), d < (best?.1 ?? .max) { best = (c, d) }
    }
    return best?.0
  }

  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = Swift.min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
