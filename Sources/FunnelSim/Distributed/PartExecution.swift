import SalesModel

/// Runs what remains of a part, fresh or resumed, the same way for `run`, `compare` and
/// `sweep`: each run of the part in turn on one ``ReplicationRunner``, with one progress count
/// over all of them, until the part is complete or the caller asks it to stop. What to do
/// with the part afterwards (write it, report it) is the caller's.
///
/// ```swift
/// let part = try PartExecution.resume(fresh, from: "run.partial.json")
/// let done = try PartExecution(threads: 2).execute(part, models: [model])
/// if done.part.interrupted { try AtomicFile.write(try done.part.encoded(), to: path) }
/// ```
public struct PartExecution: Sendable {
  /// The runner every run of the part uses.
  public var runner: ReplicationRunner

  /// Creates an execution on `threads` worker threads (default: every active core).
  public init(threads: Int? = nil) {
    runner = ReplicationRunner(threads: threads)
  }

  /// What an execution did.
  public struct Done: Sendable {
    /// The part: complete, or marked `interrupted` with every finished replication kept.
    public var part: PartialResult
    /// Replications simulated by this execution (not those the part already held).
    public var replications: Int
    /// Kernel events fired by those replications.
    public var events: UInt64
  }

  /// A run of a part with several runs failed; names the run (scenario or grid point).
  public struct RunFailure: Error, CustomStringConvertible {
    /// The run's name, as the part keeps it.
    public var run: String
    /// What went wrong.
    public var error: any Error
    /// `run: error`.
    public var description: String { "\(run): \(error)" }
  }

  /// The part stored at `path`, after checking that it is a part of the same run, and the same
  /// shard, as `fresh` (the part this command would start from).
  ///
  /// - Throws: ``MergeError`` naming the file and the first difference.
  public static func resume(_ fresh: PartialResult, from path: String) throws(MergeError)
    -> PartialResult
  {
    let part = try PartialResult.read(path: path)
    if let d = fresh.difference(from: part) {
      throw MergeError("\(path) was written for a different run (this command vs the file): \(d)")
    }
    if part.shard != fresh.shard {
      throw MergeError("\(path) holds shard \(part.shard), not \(fresh.shard)")
    }
    return part
  }

  /// Replications `part` still needs over all its runs: the total a progress count reaches.
  public static func remainingReplications(of part: PartialResult) -> Int {
    part.remaining.reduce(0) { $0 + $1.count }
  }

  /// Simulates what `part` still needs on `models`, one per run of the part, in run order.
  ///
  /// `progress` receives the replications finished so far by this execution, over all runs;
  /// `dayProgress` receives the simulated days done so far, over all runs (see
  /// ``ReplicationRunner``). `shouldStop` is polled before each replication starts and before
  /// each simulated day. Once it returns true, the replications under way stop (to be
  /// simulated again on resume) and the part comes back marked `interrupted`.
  ///
  /// - Throws: the replication's error when the part has one run, ``RunFailure`` otherwise.
  public func execute<Model: ReplicationModel>(
    _ part: PartialResult, models: [Model],
    shouldStop: (@Sendable () -> Bool)? = nil,
    progress: (@Sendable (Int) -> Void)? = nil,
    dayProgress: (@Sendable (Int) -> Void)? = nil
  ) throws -> Done {
    precondition(models.count == part.runs.count, "one model per run")
    var part = part
    let remaining = part.remaining
    var offset = 0
    var dayOffset = 0
    var events: UInt64 = 0
    for (i, model) in models.enumerated() where !remaining[i].isEmpty {
      let fresh: [ReplicationOutcome]
      do {
        let base = offset
        var counted: (@Sendable (Int) -> Void)?
        if let progress { counted = { progress(base + $0) } }
        let dayBase = dayOffset
        var countedDays: (@Sendable (Int) -> Void)?
        if let dayProgress { countedDays = { dayProgress(dayBase + $0) } }
        fresh = try runner.run(
          model, seed: part.seed, replications: remaining[i], shouldStop: shouldStop,
          progress: counted, dayProgress: countedDays)
      } catch {
        if models.count == 1 { throw error }
        throw RunFailure(run: part.runs[i].name, error: error)
      }
      part.runs[i].outcomes += fresh
      offset += fresh.count
      dayOffset += fresh.count * model.simulatedDays
      events = fresh.reduce(events) { $0 &+ $1.events }
      if fresh.count < remaining[i].count { break }
    }
    part.interrupted = !part.isComplete
    return Done(part: part, replications: offset, events: events)
  }
}
