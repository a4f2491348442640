public import SalesModel
import Dispatch
import Synchronization

/// Anything that can simulate one replication from (seed, replication index) alone.
///
/// The runner relies on that purity: a replication's outcome depends on nothing else, so the
/// thread count, the order replications run in and the way they are split across processes
/// cannot change a result.
public protocol ReplicationModel: Sendable {
  /// The layout of every outcome this model produces.
  var schema: OutcomeSchema { get }
  /// Simulates replication `replication` of a run seeded `seed`.
  func simulate(replication: Int, seed: UInt64) throws -> ReplicationOutcome
  /// Simulates it calling `dayDone` once per simulated day; throws ``ReplicationStopped``
  /// when `dayDone` returns false. A model without days ignores `dayDone`.
  func simulate(replication: Int, seed: UInt64, dayDone: (Int) -> Bool) throws
    -> ReplicationOutcome
  /// Days one replication simulates (calls of `dayDone`); 0 for a model without days.
  var simulatedDays: Int { get }
}

extension ReplicationModel {
  /// A model without days runs its replication whole.
  public func simulate(replication: Int, seed: UInt64, dayDone: (Int) -> Bool) throws
    -> ReplicationOutcome
  {
    try simulate(replication: replication, seed: seed)
  }

  /// A model without days reports none.
  public var simulatedDays: Int { 0 }
}

/// Runs replications on several threads and returns their outcomes in replication order.
///
/// ```swift
/// let outcomes = try ReplicationRunner(threads: 4)
///   .run(model, seed: 42, replications: 0..<1000)
/// ```
public struct ReplicationRunner: Sendable {
  /// Worker threads to use (at least 1).
  public var threads: Int

  /// Creates a runner; `threads` defaults to the machine's active processor count.
  public init(threads: Int? = nil) {
    self.threads = Swift.max(1, threads ?? ProcessorCount.active)
  }

  /// Simulates `replications` and returns the outcomes in index order.
  ///
  /// `progress` is called from worker threads with the number of replications finished so
  /// far; it must be cheap and thread-safe. If any replication throws, the error of the
  /// lowest-numbered failing replication is rethrown (so the error, too, is the same for any
  /// thread count).
  ///
  /// `dayProgress`, when given, is called as each simulated day of any replication is done,
  /// with the days simulated so far by this run over all replications: the progress of a
  /// long replication. It must be cheap and thread-safe too.
  ///
  /// `shouldStop` is polled before each replication starts and before each simulated day;
  /// once it returns true no new replication starts, those under way stop before their next
  /// day (their work is lost: a resumed run simulates them again from the start, with the
  /// same result), and the outcomes returned are the complete prefix
  /// `replications.lowerBound ..< lowerBound + result.count` (workers claim indices in
  /// increasing order, so what finished is always a prefix).
  public func run<Model: ReplicationModel>(
    _ model: Model, seed: UInt64, replications: Range<Int>,
    shouldStop: (@Sendable () -> Bool)? = nil,
    progress: (@Sendable (Int) -> Void)? = nil,
    dayProgress: (@Sendable (Int) -> Void)? = nil
  ) throws -> [ReplicationOutcome] {
    let count = replications.count
    guard count > 0 else { return [] }
    let slots = ResultSlots(count: count)
    let next = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let days = Atomic<Int>(0)
    let workers = Swift.min(threads, count)

    let work: @Sendable () -> Void = {
      while true {
        // Stop claiming after a failure, but finish what was claimed: every index below a
        // failing one was claimed before it, so the lowest failure is always found.
        if slots.failed || shouldStop?() == true { return }
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if i >= count { return }
        do {
          let replication = replications.lowerBound + i
          let outcome: ReplicationOutcome
          if shouldStop == nil && dayProgress == nil {
            outcome = try model.simulate(replication: replication, seed: seed)
          } else {
            outcome = try model.simulate(replication: replication, seed: seed) { _ in
              if let dayProgress { dayProgress(days.wrappingAdd(1, ordering: .relaxed).newValue) }
              return shouldStop?() != true
            }
          }
          slots.store(.success(outcome), at: i)
        } catch is ReplicationStopped {
          return  // its slot stays empty: the outcomes end before it
        } catch {
          slots.store(.failure(error), at: i)
        }
        let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
        progress?(done)
      }
    }
    if workers == 1 {
      work()
    } else {
      DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
    }
    return try slots.collect()
  }
}

/// One slot per replication, each written by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
  private var results: [Result<ReplicationOutcome, any Error>?]
  private let lock = Mutex(())
  private let failure = Atomic<Bool>(false)

  init(count: Int) { results = Array(repeating: nil, count: count) }

  var failed: Bool { failure.load(ordering: .relaxed) }

  func store(_ result: Result<ReplicationOutcome, any Error>, at index: Int) {
    if case .failure = result { failure.store(true, ordering: .relaxed) }
    lock.withLock { _ in results[index] = result }
  }

  /// Outcomes in order, or the lowest-numbered replication's error.
  func collect() throws -> [ReplicationOutcome] {
    try lock.withLock { _ in
      var outcomes: [ReplicationOutcome] = []
      outcomes.reserveCapacity(results.count)
      for slot in results {
        switch slot {
        case .success(let o): outcomes.append(o)
        case .failure(let e): throw e
        case nil: return outcomes  // not started: stopped early, or after a failure
        }
      }
      return outcomes
    }
  }
}

/// The number of processors this process may use.
public enum ProcessorCount {
  /// Active processors, at least 1.
  public static var active: Int {
    #if canImport(Glibc)
      return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
      return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif
