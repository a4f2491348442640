import ArgumentParser
import FunnelSim
import SalesModel
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The scenario argument and `--set`, shared by every command that loads a scenario.
struct ScenarioOptions: ParsableArguments {
  @Argument(help: "The scenario file (YAML).")
  var scenario: String

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a scenario key by its path, e.g. levels.junior.headcount=5 (repeatable).",
      valueName: "key=value"))
  var overrides: [String] = []

  /// Loads, overrides, validates and compiles the scenario, or prints every error found and
  /// exits with status 2 (nothing runs, nothing is written).
  func load() throws -> LoadedScenario {
    do {
      return try LoadedScenario.load(path: scenario, overrides: overrides)
    } catch {
      StandardStream.error("\(error)\n")
      throw ExitCode(2)
    }
  }
}

/// Set by the SIGINT handler; polled by the runner before each replication.
let interruptRequested = Atomic<Bool>(false)

/// Routes the first Ctrl-C to a clean stop; a second one ends the process at once.
func installInterruptHandler() {
  signal(SIGINT) { _ in
    interruptRequested.store(true, ordering: .relaxed)
    signal(SIGINT, SIG_DFL)
  }
  // A parent may have started us with SIGINT blocked (the mask is inherited across exec);
  // unblock it so Ctrl-C reaches the handler.
  var set = sigset_t()
  sigemptyset(&set)
  sigaddset(&set, SIGINT)
  pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
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

  @Option(help: "Number of replications (default: the scenario's).")
  var replications: Int?

  @Option(help: "Random seed (default: the scenario's).")
  var seed: UInt64?

  @Option(help: "Worker threads (default: all cores).")
  var threads: Int?

  @Option(
    help: ArgumentHelp(
      "Run only shard I of N (0-based) and write a partial result to --output.",
      valueName: "I/N"))
  var shard: String?

  @Option(
    help: ArgumentHelp(
      "Finish the interrupted run whose partial result is in this file.", valueName: "partial"))
  var resume: String?

  @Option(
    name: .customLong("per-replication"),
    help: ArgumentHelp("Also write one CSV row per replication to this file.", valueName: "path.csv"))
  var perReplication: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let replications, replications < 1 {
      throw ValidationError("--replications must be at least 1 (got \(replications))")
    }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1 (got \(threads))")
    }
    if let shard {
      do { _ = try Shard(parsing: shard) } catch { throw ValidationError("--shard: \(error)") }
      if output.output == nil {
        throw ValidationError("--shard needs --output PATH for its partial result")
      }
    }
  }

  func run() throws {
    let loaded = try scenario.load()
    let model = loaded.model
    var part = try startingPart(loaded)
    let remaining = part.replications.upperBound..<part.expectedReplications.upperBound

    let runner = ReplicationRunner(threads: threads)
    let bar = ProgressBar(total: remaining.count, label: "replications", enabled: !output.quiet)
    installInterruptHandler()
    let started = Clock.seconds()
    let fresh = try runner.run(
      model, seed: part.seed, replications: remaining,
      shouldStop: { interruptRequested.load(ordering: .relaxed) },
      progress: { bar.update($0) })
    bar.finish()
    let elapsed = Clock.seconds() - started
    part.outcomes += fresh
    let events = fresh.reduce(0) { $0 &+ $1.events }

    if part.replications != part.expectedReplications {
      part.interrupted = true
      let path = partialPath(for: part)
      try write(part, to: path)
      StandardStream.error(
        "interrupted: \(part.outcomes.count) of \(part.expectedReplications.count) replications "
          + "done, saved to \(path)\nresume with: \(resumeCommand(path))\n")
      throw ExitCode(130)
    }
    part.interrupted = false

    if shard != nil {
      try write(part, to: output.output!)
    } else {
      let report = RunReport(
        scenarioName: part.scenarioName, scenarioFile: part.scenarioFile, seed: part.seed,
        horizonMonths: part.horizonMonths, schema: part.schema, outcomes: part.outcomes)
      if let perReplication {
        do {
          try AtomicFile.write(
            RunReport.perReplicationCSV(
              schema: part.schema, firstReplication: 0, outcomes: part.outcomes),
            to: perReplication)
        } catch { throw CommandFailure("\(error)") }
      }
      try output.emit(report.rendered(as: output.format))
    }
    output.note(
      "\(fresh.count) replications, \(events) events in \(seconds(elapsed)) on "
        + "\(runner.threads) thread\(runner.threads == 1 ? "" : "s") "
        + "(\(rate(Double(fresh.count), elapsed)) replications/s, "
        + "\(rate(Double(events), elapsed)) events/s)")
  }

  /// A new, empty part for this run; or the part being resumed, checked against this run.
  private func startingPart(_ loaded: LoadedScenario) throws -> PartialResult {
    let shardValue = try shard.map { try Shard(parsing: $0) } ?? .whole
    if let resume {
      let part: PartialResult
      do { part = try PartialResult.read(path: resume) } catch { throw CommandFailure("\(error)") }
      guard part.scenarioFingerprint == loaded.fingerprint else {
        throw CommandFailure(
          "\(resume) was written for a different scenario or --set values than \(scenario.scenario)")
      }
      if let seed, seed != part.seed {
        throw CommandFailure("\(resume) was run with seed \(part.seed), not \(seed)")
      }
      if let replications, replications != part.totalReplications {
        throw CommandFailure(
          "\(resume) is part of a run of \(part.totalReplications) replications, not \(replications)")
      }
      if shard != nil, shardValue != part.shard {
        throw CommandFailure("\(resume) holds shard \(part.shard), not \(shardValue)")
      }
      guard part.schema == loaded.model.schema else {
        throw CommandFailure("\(resume) was written by a different model version")
      }
      return part
    }
    let total = replications ?? loaded.scenario.replications
    let range = shardValue.replications(of: total)
    return PartialResult(
      scenarioName: loaded.scenario.name, scenarioFile: loaded.file,
      scenarioFingerprint: loaded.fingerprint, seed: seed ?? loaded.scenario.seed,
      horizonMonths: loaded.model.horizonMonths, totalReplications: total, shard: shardValue,
      firstReplication: range.lowerBound, schema: loaded.model.schema, outcomes: [])
  }

  /// Where an interrupted run keeps what it has done.
  private func partialPath(for part: PartialResult) -> String {
    if let resume { return resume }
    if shard != nil, let path = output.output { return path }
    if let path = output.output { return path + ".partial.json" }
    return "\(part.scenarioName).partial.json"
  }

  /// This very command line with `--resume PATH` in place of any earlier `--resume`.
  private func resumeCommand(_ path: String) -> String {
    var words = ["funnelsim"]
    var arguments = CommandLine.arguments.dropFirst()
    while let word = arguments.popFirst() {
      if word == "--resume" {
        _ = arguments.popFirst()
      } else if !word.hasPrefix("--resume=") {
        words.append(word)
      }
    }
    words += ["--resume", path]
    return words.map(shellQuoted).joined(separator: " ")
  }

  private func write(_ part: PartialResult, to path: String) throws {
    do { try AtomicFile.write(try part.encoded(), to: path) } catch {
      throw CommandFailure("\(error)")
    }
  }
}

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
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
  }
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
  return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}
