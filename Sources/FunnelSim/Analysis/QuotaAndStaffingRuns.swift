import SalesModel
import Statistics

/// Reports how far a multi-run analysis has got: replications done and the most it may run.
///
/// `total` is an upper bound when the analysis can stop early (a fixed-point iteration that
/// converges, a search that runs out of moves). Called from worker threads; keep it cheap.
public typealias AnalysisProgress = @Sendable (_ done: Int, _ total: Int) -> Void

/// Runs one scenario again and again with extra `--set` overrides (other quotas, other
/// headcounts), counting replications across all runs for one progress bar.
struct ScenarioRerunner {
  let base: LoadedScenario
  let runner: ReplicationRunner
  let plannedTotal: Int
  let progress: AnalysisProgress?
  let shouldStop: (@Sendable () -> Bool)?
  private(set) var done = 0

  init(
    base: LoadedScenario, threads: Int?, plannedTotal: Int,
    progress: AnalysisProgress?, shouldStop: (@Sendable () -> Bool)?
  ) {
    self.base = base
    self.runner = ReplicationRunner(threads: threads)
    self.plannedTotal = plannedTotal
    self.progress = progress
    self.shouldStop = shouldStop
  }

  /// Loads the base scenario with `overrides` added after the user's own.
  func load(_ overrides: [String]) throws -> LoadedScenario {
    overrides.isEmpty
      ? base : try LoadedScenario.load(path: base.file, overrides: base.overrides + overrides)
  }

  /// Simulates `replications` of the scenario with `overrides`; throws
  /// ``AnalysisInterrupted`` when `shouldStop` cut the run short.
  mutating func run(_ overrides: [String], seed: UInt64, replications: Int) throws
    -> (LoadedScenario, [ReplicationOutcome])
  {
    let loaded = try load(overrides)
    return (loaded, try run(loaded.model, seed: seed, replications: replications))
  }

  /// Simulates `replications` of `model` (the base scenario compiled with another starting
  /// team); throws ``AnalysisInterrupted`` when `shouldStop` cut the run short.
  mutating func run(_ model: SalesModel, seed: UInt64, replications: Int) throws
    -> [ReplicationOutcome]
  {
    let offset = done
    let total = plannedTotal
    let report = progress
    let outcomes = try runner.run(
      model, seed: seed, replications: 0..<replications, shouldStop: shouldStop,
      progress: report.map { p in { @Sendable n in p(offset + n, total) } })
    done += outcomes.count
    if outcomes.count < replications { throw AnalysisInterrupted() }
    return outcomes
  }
}

/// The analysis was stopped (Ctrl-C) before it finished; nothing partial is reported.
public struct AnalysisInterrupted: Error, CustomStringConvertible {
  public var description: String { "interrupted before the analysis finished" }
}

/// A problem with what the user asked of an analysis (an unknown level or metric, a share
/// outside (0, 1), a scenario without quotas): the message says what to change.
public struct AnalysisInputError: Error, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Looks values up by key and group in outcomes of one schema.
struct OutcomeReader {
  let schema: OutcomeSchema

  func scalarIndex(_ key: String, group: String) -> Int? {
    schema.scalars.firstIndex { $0.key == key && $0.group == group }
  }

  func sampleIndex(_ key: String, group: String) -> Int? {
    schema.samples.firstIndex { $0.key == key && $0.group == group }
  }

  /// One value per replication.
  func scalar(_ key: String, group: String, in outcomes: [ReplicationOutcome]) -> [Double]? {
    guard let i = scalarIndex(key, group: group) else { return nil }
    return outcomes.map { $0.values[i] }
  }

  /// The observations of every replication, kept per replication (for clustered intervals).
  func sample(_ key: String, group: String, in outcomes: [ReplicationOutcome]) -> [[Double]]? {
    guard let i = sampleIndex(key, group: group) else { return nil }
    return outcomes.map { $0.samples[i] }
  }
}

/// The P10, P50 and P90 of a quantity over replications, with its mean.
public struct ForecastQuantiles: Sendable, Hashable {
  public var mean: Double
  public var p10: Double
  public var p50: Double
  public var p90: Double

  /// Nil for an empty or non-finite sample.
  init?(_ values: [Double]) {
    guard let s = try? SortedSample(values) else { return nil }
    mean = values.reduce(0, +) / Double(values.count)
    p10 = s.quantile(0.1)!
    p50 = s.quantile(0.5)!
    p90 = s.quantile(0.9)!
  }
}

/// Three significant figures: a quota a manager can remember, changed by at most 0.5%.
func roundedQuota(_ value: Double) -> Double {
  guard value.isFinite, value > 0 else { return 0 }
  var scale = 1.0
  while value / scale >= 1000 { scale *= 10 }
  while value / scale < 100 { scale /= 10 }
  return (value / scale).rounded() * scale
}

/// A number as a YAML scalar for a `--set` override (integral values without ".0").
func overrideNumber(_ value: Double) -> String { JSONValue.format(value) }
