import ArgumentParser
import FunnelSim
import SalesModel

/// `--replications`, `--seed`, `--threads`, `--set` and `--metric`, shared by compare and
/// sweep: every scenario (or grid point) runs with the same seed and replication count (by
/// default the first scenario's), which is what makes the runs pair up on common random
/// numbers.
struct PairedRunOptions: ParsableArguments {
  @OptionGroup var replication: ReplicationOptions

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a key in every scenario, e.g. horizon_months=24 (repeatable).",
      valueName: "key=value"))
  var overrides: [String] = []

  @Option(
    name: .customLong("metric"),
    help: ArgumentHelp(
      "A metric to report: KEY (the team), KEY.LEVEL or KEY.* (team and shared levels); "
        + "repeatable. Default: the headline metrics (see docs/compare-and-sweep.md).",
      valueName: "key[.group]"))
  var metrics: [String] = []

  func validate() throws {
    for m in metrics {
      do { _ = try MetricSelector(parsing: m) } catch {
        throw ValidationError("--metric: \(error)")
      }
    }
  }

  /// The `--metric` choices, or nil for the command's defaults.
  var selectors: [MetricSelector]? {
    metrics.isEmpty ? nil : metrics.map { try! MetricSelector(parsing: $0) }
  }

  /// Loads `path` with the common overrides plus `extra`, or prints the errors and exits 2.
  func load(_ path: String, extra: [String] = [], context: String? = nil) throws -> LoadedScenario {
    do {
      return try LoadedScenario.load(path: path, overrides: overrides + extra)
    } catch {
      StandardStream.error((context.map { "\($0):\n" } ?? "") + "\(error)\n")
      throw ExitCode(.badInput)
    }
  }

  /// Runs every model of `fresh` (or of the part being resumed) with the same seed and
  /// replications, one progress bar over all; Ctrl-C saves what is done (see
  /// ``InterruptibleExecution``). Returns the complete part.
  func execute(
    _ fresh: PartialResult, models: [SalesModel], shards: ShardOptions, output: OutputOptions,
    unit: String, defaultPartialPath: String
  ) throws -> PartialResult {
    let done = try InterruptibleExecution(
      shards: shards, output: output, threads: replication.threads, unit: unit,
      defaultPartialPath: defaultPartialPath
    ).execute(fresh, models: models)
    output.note(
      "\(done.replications) replications (\(models.count) \(unit) × "
        + "\(fresh.expectedReplications.count)\(done.part.shard == .whole ? "" : " in shard \(done.part.shard)")) "
        + "in \(seconds(done.elapsed)) on \(done.threads) thread\(done.threads == 1 ? "" : "s")")
    return done.part
  }
}

/// Writes the report of a complete compare or sweep part, or exits 2 when the stored metric
/// selection does not fit the scenarios (checked before running, so rare).
func emitReport(of part: PartialResult, _ output: OutputOptions) throws {
  let report: PartialReport
  do { report = try part.report() } catch {
    StandardStream.error("error: \(error)\n")
    throw ExitCode(.badInput)
  }
  try output.emit(report: report)
}

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare scenarios on common random numbers: which plan is better, by how much.",
    discussion: """
      Runs every scenario with the same seed and replications, so replication i of each sees \
      the same leads and the same client behaviour wherever the scenarios agree. For each \
      metric it reports each scenario's mean and 95% CI, and for each scenario against the \
      first: the paired mean difference, its 95% CI, the p-value, the share of replications \
      in which it was higher, and the unpaired (Welch) interval with how much narrower the \
      paired one is. See docs/compare-and-sweep.md.
      """)

  @Argument(
    help: "Two or more scenario files; the first is the baseline.", completion: .scenarioFile)
  var scenarios: [String]

  @OptionGroup var common: PairedRunOptions
  @OptionGroup var shards: ShardOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    try shards.check(output)
    if scenarios.count < 2 {
      throw ValidationError("compare needs at least two scenario files (got \(scenarios.count))")
    }
  }

  func run() throws {
    let loaded = try scenarios.map { try common.load($0) }
    let seed = common.replication.seed ?? loaded[0].scenario.seed
    let replications = common.replication.replications ?? loaded[0].scenario.replications
    let horizons = Set(loaded.map(\.model.horizonMonths))
    if horizons.count > 1 {
      output.note("warning: the scenarios have different horizons (\(horizons.sorted()) months)")
    }
    let selectors = common.selectors ?? MetricSelector.headline
    do {
      try ComparisonReport.checkMetrics(selectors, schemas: loaded.map(\.model.schema))
    } catch {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(.badInput)
    }
    let fresh = PartialResult(
      kind: .compare, scenarioName: loaded[0].scenario.name, scenarioFile: loaded[0].file,
      seed: seed, horizonMonths: loaded[0].model.horizonMonths, totalReplications: replications,
      shard: shards.value, metrics: selectors.map(\.description),
      runs: loaded.map {
        .init(
          name: $0.scenario.name, file: $0.file, fingerprint: $0.fingerprint,
          schema: $0.model.schema)
      })
    let part = try common.execute(
      fresh, models: loaded.map(\.model), shards: shards, output: output, unit: "scenarios",
      defaultPartialPath: "\(loaded[0].scenario.name).compare.partial.json")
    if !shards.isSharded { try emitReport(of: part, output) }
  }
}
