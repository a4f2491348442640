import Synchronization

/// One run under way: how far it got, and the flag that stops it.
final class RunState: Sendable {
  let total: Int
  let done = Atomic<Int>(0)
  let stop = Atomic<Bool>(false)

  init(total: Int) { self.total = total }

  var stopped: Bool { stop.load(ordering: .relaxed) }
}

/// The runs under way, one per page: a page's new run stops its previous one, and pages never
/// wait for each other (each run has its own thread).
final class RunRegistry: Sendable {
  private let runs = Mutex<[String: RunState]>([:])
  /// Runs allowed at once over all pages; more are refused rather than queued.
  let maximumRuns: Int

  init(maximumRuns: Int) { self.maximumRuns = maximumRuns }

  /// Starts a run for `page`, stopping the page's previous run; nil when `maximumRuns` other
  /// pages are already running.
  func begin(page: String, total: Int) -> RunState? {
    runs.withLock { runs in
      if let previous = runs[page] { previous.stop.store(true, ordering: .relaxed) }
      if runs[page] == nil && runs.count >= maximumRuns { return nil }
      let state = RunState(total: total)
      runs[page] = state
      return state
    }
  }

  /// Forgets `state` unless a newer run of the page replaced it.
  func end(page: String, _ state: RunState) {
    runs.withLock { runs in
      if runs[page] === state { runs[page] = nil }
    }
  }

  /// The page's run under way, if any.
  func current(page: String) -> RunState? { runs.withLock { $0[page] } }
}
