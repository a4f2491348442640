import ArgumentParser
import FunnelSim
import SalesModel
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Set by the SIGINT or SIGTERM handler; polled by the runner before each replication.
let interruptRequested = Atomic<Bool>(false)

/// The signal that asked for the stop (SIGINT or SIGTERM), 0 before any.
let interruptSignal = Atomic<Int32>(0)

/// The exit status of a run stopped by a signal after saving its part: 128 + the signal, as
/// a shell reports a process that signal ended (130 for Ctrl-C, 143 for SIGTERM), so a batch
/// system still sees the task as not finished.
var interruptExitStatus: Int32 {
  let signal = interruptSignal.load(ordering: .relaxed)
  return signal == SIGTERM ? ExitStatus.terminated.rawValue : ExitStatus.interrupted.rawValue
}

/// Routes the first Ctrl-C (SIGINT) or SIGTERM — what Slurm and Kubernetes send ahead of a
/// time limit or a preemption — to a clean stop that saves a resumable part; a second one
/// ends the process at once.
func installInterruptHandler() {
  for stopSignal in [SIGINT, SIGTERM] {
    signal(stopSignal) { received in
      interruptSignal.store(received, ordering: .relaxed)
      interruptRequested.store(true, ordering: .relaxed)
      signal(SIGINT, SIG_DFL)
      signal(SIGTERM, SIG_DFL)
    }
  }
  // A parent may have started us with these signals blocked (the mask is inherited across
  // exec); unblock them so they reach the handler.
  var set = sigset_t()
  sigemptyset(&set)
  sigaddset(&set, SIGINT)
  sigaddset(&set, SIGTERM)
  pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

/// `--shard` and `--resume`, shared by run, compare and sweep.
struct ShardOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Run only shard I of N (0-based) and write a partial result to --output.",
      valueName: "I/N"))
  var shard: String?

  @Option(
    help: ArgumentHelp(
      "Finish the interrupted run whose partial result is in this file.", valueName: "partial"),
    completion: .file(extensions: ["json"]))
  var resume: String?

  /// Refuses a malformed `--shard`, or one without `--output` for its part.
  func check(_ output: OutputOptions) throws {
    if let resume { ResumedPartial.register(resume) }
    guard let shard else { return }
    do { _ = try Shard(parsing: shard) } catch { throw ValidationError("--shard: \(error)") }
    if output.output == nil {
      throw ValidationError("--shard needs --output PATH for its partial result")
    }
  }

  /// True when this process writes a part rather than a report.
  var isSharded: Bool { shard != nil }

  /// The shard to run (the whole run without `--shard`).
  var value: Shard { (try? shard.map { try Shard(parsing: $0) }) ?? .whole }
}

/// Runs a part through the library's ``PartExecution`` the same way for every command: one
/// progress bar, Ctrl-C saves what is done as a partial result marked interrupted and prints
/// the command that finishes it, and a shard's complete part is written to `--output`.
struct InterruptibleExecution {
  var shards: ShardOptions
  var output: OutputOptions
  var threads: Int?
  /// What the runs are, for the progress bar ("scenarios", "points"); nil for a single run.
  var unit: String?
  /// Where an interrupted run without `--output` keeps its part.
  var defaultPartialPath: String

  /// What ran in this process.
  struct Done {
    /// The complete part (every replication of the shard, every run).
    var part: PartialResult
    var replications: Int
    var events: UInt64
    var elapsed: Double
    var threads: Int
  }

  /// Runs `fresh` (or, with `--resume`, the part in that file, after checking it belongs to
  /// the same run) to completion on `models`, one per run of the part.
  ///
  /// On Ctrl-C it saves the part and exits with status 130; with `--shard` it writes the
  /// complete part to `--output`. The caller renders the report when not sharded.
  func execute(_ fresh: PartialResult, models: [SalesModel]) throws -> Done {
    var part = fresh
    if let resume = shards.resume {
      do { part = try PartExecution.resume(fresh, from: resume) } catch {
        throw CommandFailure("\(error)")
      }
    }

    let execution = PartExecution(threads: threads)
    let label = unit.map { "replications (\(models.count) \($0))" } ?? "replications"
    let remaining = part.remaining
    let days = zip(models, remaining).reduce(0) { $0 + $1.0.simulatedDays * $1.1.count }
    let bar = ProgressBar(
      total: PartExecution.remainingReplications(of: part), label: label,
      days: ProgressBar.Days(total: days, perMonth: models.first?.workingDaysPerMonth ?? 0),
      enabled: !output.quiet)
    installInterruptHandler()
    let started = Clock.seconds()
    let done: PartExecution.Done
    do {
      done = try execution.execute(
        part, models: models, shouldStop: { interruptRequested.load(ordering: .relaxed) },
        progress: { bar.update($0) }, dayProgress: bar.dayProgress)
    } catch let failure as PartExecution.RunFailure {
      bar.finish()
      throw CommandFailure(failure.description)
    } catch {
      bar.finish()
      throw error
    }
    bar.finish()
    let elapsed = Clock.seconds() - started
    part = done.part

    guard !part.interrupted else {
      let path = partialPath()
      try write(part, to: path)
      let finished = part.runs.reduce(0) { $0 + $1.outcomes.count }
      StandardStream.error(
        "interrupted: \(finished) of \(part.expectedReplications.count * part.runs.count) "
          + "replications done, saved to \(path)\nresume with: \(resumeCommand(path))\n")
      throw ExitCode(interruptExitStatus)
    }
    if shards.isSharded, let path = output.output { try write(part, to: path) }
    return Done(
      part: part, replications: done.replications, events: done.events, elapsed: elapsed,
      threads: execution.runner.threads)
  }

  /// Where an interrupted run keeps what it has done.
  private func partialPath() -> String {
    if let resume = shards.resume { return resume }
    if shards.isSharded, let path = output.output { return path }
    if let path = output.output { return path + ".partial.json" }
    return defaultPartialPath
  }

  private func write(_ part: PartialResult, to path: String) throws {
    do { try AtomicFile.write(try part.encoded(), to: path) } catch {
      throw CommandFailure("\(error)")
    }
  }
}

/// This very command line with `--resume PATH` in place of any earlier `--resume`.
func resumeCommand(_ path: String) -> String {
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

/// Runs an analysis (quota, staff, explain) under `bar` and finishes the bar however the
/// analysis ends: a question it cannot answer is bad input (status 2), and an interruption
/// writes nothing and exits with the interrupt status.
func runAnalysis<Result>(under bar: ProgressBar, _ analysis: () throws -> Result) throws -> Result {
  do {
    let result = try analysis()
    bar.finish()
    return result
  } catch let error as AnalysisInputError {
    bar.finish()
    throw CommandFailure(error.description, status: .badInput)
  } catch is AnalysisInterrupted {
    bar.finish()
    StandardStream.error("interrupted: nothing written\n")
    throw ExitCode(interruptExitStatus)
  }
}
