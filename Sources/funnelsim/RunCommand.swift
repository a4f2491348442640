import ArgumentParser
import Dispatch
import FunnelSim
import SalesModel

/// The scenario argument and `--set`, shared by every command that loads a scenario.
struct ScenarioOptions: ParsableArguments {
  @Argument(help: "The scenario file (YAML).", completion: .scenarioFile)
  var scenario: String

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a scenario key by its path, e.g. levels.junior.headcount=5 (repeatable).",
      valueName: "key=value"))
  var overrides: [String] = []

  @Flag(
    name: .customLong("allow-large"),
    help: "Run scenarios above the size limits (events and memory per replication).")
  var allowLarge = false

  /// The size limits validation applies to this command's scenarios.
  var sizeLimits: SizeLimits { allowLarge ? .unlimited : .default }

  /// Loads, overrides, validates and compiles the scenario, or prints every error found and
  /// exits with status 2 (nothing runs, nothing is written).
  func load() throws -> LoadedScenario {
    do {
      return try SizeLimits.$current.withValue(sizeLimits) {
        try LoadedScenario.load(path: scenario, overrides: overrides)
      }
    } catch {
      StandardStream.error("\(error)\n")
      throw ExitCode(.badInput)
    }
  }
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Simulate a scenario many times and report what will happen.",
    discussion: """
      Runs the replications on every core and summarises each metric per level and for the \
      team: mean, 95% confidence interval, P10/P50/P90. The same scenario and seed give \
      byte-identical output for any --threads and any --shard split.

      With --shard I/N this process runs only its share of the replications and writes a \
      partial result to --output; `funnelsim merge` combines the parts. Ctrl-C stops \
      cleanly: what is done is written as a partial result, and --resume finishes it.
      """)

  @OptionGroup var scenario: ScenarioOptions

  @OptionGroup var replication: ReplicationOptions

  @OptionGroup var shards: ShardOptions

  @Option(
    name: .customLong("per-replication"),
    help: ArgumentHelp(
      "Also write one CSV row per replication to this file.", valueName: "path.csv"),
    completion: .file(extensions: ["csv"]))
  var perReplication: String?

  @Option(
    name: .customLong("per-replication-series"),
    help: ArgumentHelp(
      "Also write every replication's monthly series to this file, in long form "
        + "(replication, month, metric, group, value).", valueName: "path.csv"),
    completion: .file(extensions: ["csv"]))
  var perReplicationSeries: String?

  @OptionGroup var output: OutputOptions

  @OptionGroup var export: CRMExportOptions

  func validate() throws {
    try shards.check(output)
    try export.check(sharded: shards.isSharded)
    let extra =
      [("--per-replication", perReplication), ("--per-replication-series", perReplicationSeries)]
      .compactMap { name, path in path.map { (name, $0) } }
    if !extra.isEmpty, !shards.isSharded {
      try OutputPaths.check(extra + (output.output.map { [("--output", $0)] } ?? []))
    }
  }

  func run() throws {
    let loaded = try scenario.load()
    try Self.simulate(
      loaded, replication: replication, shards: shards,
      perReplication: perReplication, perReplicationSeries: perReplicationSeries,
      output: output)
    try export.write(loaded, seed: replication.seed ?? loaded.scenario.seed)
  }

  /// Runs `loaded` and writes its report (or, with `--shard`, its part): all of `run` after
  /// its arguments are read, also what `report` does.
  static func simulate(
    _ loaded: LoadedScenario, replication: ReplicationOptions, shards: ShardOptions,
    perReplication: String?, perReplicationSeries: String? = nil, output: OutputOptions
  ) throws {
    let total = replication.replications ?? loaded.scenario.replications
    if !shards.isSharded {
      try ReplicationOptions.checkMemory(replications: total, of: loaded.model)
    }
    let fresh = PartialResult(
      kind: .run, scenarioName: loaded.scenario.name, scenarioFile: loaded.file,
      seed: replication.seed ?? loaded.scenario.seed, horizonMonths: loaded.model.horizonMonths,
      totalReplications: total, shard: shards.value,
      runs: [
        .init(
          name: loaded.scenario.name, file: loaded.file, fingerprint: loaded.fingerprint,
          schema: loaded.model.schema)
      ])
    let done = try InterruptibleExecution(
      shards: shards, output: output, threads: replication.threads, unit: nil,
      defaultPartialPath: "\(loaded.scenario.name).partial.json"
    ).execute(fresh, models: [loaded.model])

    let note =
      "\(done.replications) replications, \(done.events) events in \(seconds(done.elapsed)) on "
      + "\(done.threads) thread\(done.threads == 1 ? "" : "s") "
      + "(\(rate(Double(done.replications), done.elapsed)) replications/s, "
      + "\(rate(Double(done.events), done.elapsed)) events/s)"
    if !shards.isSharded {
      var files: [(path: String, contents: String)] = []
      do {
        let run = done.part.runs[0]
        if let perReplication {
          files.append(
            (
              perReplication,
              RunReport.perReplicationCSV(
                schema: run.schema, firstReplication: 0, outcomes: run.outcomes)
            ))
        }
        if let perReplicationSeries {
          files.append(
            (
              perReplicationSeries,
              RunReport.perReplicationSeriesCSV(
                schema: run.schema, firstReplication: 0, outcomes: run.outcomes)
            ))
        }
      }
      let report = try done.part.report(threads: done.threads)
      // The outcomes are no longer needed: freeing them (tens of thousands of arrays, a few
      // milliseconds) then runs beside the rendering and writing instead of after them.
      releaseInBackground(consume done)
      try output.emit(report: report, alongside: files)
      if case .run(let runReport) = report, loaded.scenario.quota.enabled {
        let attain = ZeroBookingWarning.runAttainment
        for (level, z) in runReport.zeroBookingLevels(attain: attain) {
          StandardStream.error(
            "warning: "
              + ZeroBookingWarning.message(
                level: level, zeroShare: z, attain: attain, period: loaded.scenario.quota.period)
              + "\n")
        }
      }
    }
    output.note(note)
  }
}

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a scenario and print a summary of it.",
    discussion: """
      Reports every error at once, with file, line, column, key path, the value and what was \
      expected. Exits with status 2 when the scenario is invalid.
      """)

  @OptionGroup var scenario: ScenarioOptions

  func run() throws {
    let loaded = try scenario.load()
    StandardStream.output("\(scenario.scenario): valid\n")
    for line in loaded.model.summaryLines() { StandardStream.output("  \(line)\n") }
    for line in DirectorSummary.lines(loaded.scenario) { StandardStream.output("  \(line)\n") }
    for warning in DirectorSummary.warnings(loaded.scenario) {
      StandardStream.error("warning: \(warning)\n")
    }
  }
}

/// Drops `value` on another thread, so that freeing a large result the process is done with
/// does not hold up the thread that still has output to write.
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
  let last = value
  DispatchQueue.global(qos: .utility).async { withExtendedLifetime(last) {} }
}

func seconds(_ s: Double) -> String {
  s < 10 ? "\((s * 1000).rounded() / 1000) s" : "\((s * 10).rounded() / 10) s"
}

func rate(_ count: Double, _ elapsed: Double) -> String {
  let r = count / Swift.max(elapsed, 1e-9)
  if r >= 1e6 { return "\((r / 1e5).rounded() / 10) M" }
  if r >= 1e3 { return "\((r / 1e2).rounded() / 10) k" }
  return "\(Int(r.rounded()))"
}

/// `word` quoted for a POSIX shell when it needs it.
func shellQuoted(_ word: String) -> String {
  let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
  if safe && !word.isEmpty { return word }
  return "'"
    + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}
