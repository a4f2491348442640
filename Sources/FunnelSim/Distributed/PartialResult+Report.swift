import SalesModel

/// The report a complete part gives: what `run`, `compare` or `sweep` would have printed.
public enum PartialReport: Sendable {
  case run(RunReport)
  case compare(ComparisonReport)
  case sweep(SweepReport)

  /// The report itself, whichever command it is of.
  public var report: any RenderableReport {
    switch self {
    case .run(let r): r
    case .compare(let r): r
    case .sweep(let r): r
    }
  }
}

extension PartialReport: RenderableReport {
  /// The wrapped report's table.
  public func table() -> String { report.table() }
  /// The wrapped report's JSON document.
  public func json() -> JSONValue { report.json() }
  /// The wrapped report's CSV.
  public func csv() -> String { report.csv() }
  /// The wrapped report's HTML page.
  public func html() -> String { report.html() }
}

extension PartialResult {
  /// Builds the report from this part's outcomes, by the same code and from the same numbers
  /// as the command that wrote it, so a merged whole part gives byte-identical JSON.
  ///
  /// A run's summaries are computed on up to `threads` threads (the same report for any
  /// count).
  ///
  /// - Throws: ``ComparisonError`` or ``SweepError`` when the stored metric selection does
  ///   not fit the scenarios, ``MergeError`` for a malformed selection or grid.
  public func report(threads: Int = 1) throws -> PartialReport {
    let outcomes = runs.map {
      ScenarioOutcomes(name: $0.name, file: $0.file, schema: $0.schema, outcomes: $0.outcomes)
    }
    let selectors = try metrics.map { text throws(MergeError) -> MetricSelector in
      do { return try MetricSelector(parsing: text) } catch {
        throw MergeError("stored metric '\(text)' is malformed: \(error)")
      }
    }
    switch kind {
    case .run:
      guard runs.count == 1, let run = runs.first else {
        throw MergeError("a run part holds \(runs.count) scenarios, expected 1")
      }
      return .run(
        RunReport(
          scenarioName: scenarioName, scenarioFile: scenarioFile, seed: seed,
          horizonMonths: horizonMonths, schema: run.schema, outcomes: run.outcomes,
          threads: threads))
    case .compare:
      return .compare(
        try ComparisonReport(
          runs: outcomes, seed: seed, horizonMonths: horizonMonths, metrics: selectors))
    case .sweep:
      guard let objectiveText = objective else { throw MergeError("a sweep part has no objective") }
      let goal = try SweepObjective(parsing: objectiveText)
      let points = axes.reduce(1) { $0 * $1.values.count }
      guard points == runs.count else {
        throw MergeError("a sweep part holds \(runs.count) points, its grid \(points)")
      }
      return .sweep(
        try SweepReport(
          scenarioName: scenarioName, scenarioFile: scenarioFile, seed: seed,
          horizonMonths: horizonMonths,
          axes: axes.map { SweepAxis(key: $0.key, values: $0.values) }, runs: outcomes,
          metrics: selectors, objective: goal))
    }
  }
}
