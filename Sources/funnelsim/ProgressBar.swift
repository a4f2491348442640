import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A progress bar on standard error, shown only when standard error is a terminal and the
/// work has taken more than about a second (short runs stay quiet).
final class ProgressBar: Sendable {
  private struct State {
    var lastDraw: Double = 0
    var shown = false
    var done = 0
    var days = 0
  }

  /// Simulated days in all the work and per month, when the work reports them: a long
  /// replication then moves the bar as its days go by, in simulated months.
  struct Days {
    var total: Int
    var perMonth: Int
  }

  private let total: Int
  private let label: String
  private let days: Days?
  private let start: Double
  private let enabled: Bool
  private let state = Mutex(State())

  init(total: Int, label: String, days: Days? = nil, enabled: Bool) {
    self.total = total
    self.label = label
    self.days = days.flatMap { $0.total > 0 && $0.perMonth > 0 ? $0 : nil }
    self.start = Clock.seconds()
    self.enabled = enabled && isatty(STDERR_FILENO) == 1
  }

  /// Records that `done` units are finished; redraws at most ten times a second.
  func update(_ done: Int) {
    guard enabled else { return }
    redraw { $0.done = max($0.done, done) }
  }

  /// Records that `days` simulated days are done over all the work; redraws at most ten
  /// times a second. Called once per simulated day: before the first second it costs a
  /// clock read.
  func update(days: Int) {
    guard enabled, self.days != nil else { return }
    redraw { $0.days = max($0.days, days) }
  }

  /// What the runner should call as each simulated day is done: nil when the bar never shows
  /// days (switched off, no terminal, work without days). Each call adds to one counter that
  /// every thread shares, which costs each thread a cache miss per simulated day; a bar that
  /// is not drawn should not pay for it.
  var dayProgress: (@Sendable (Int) -> Void)? {
    guard enabled, days != nil else { return nil }
    return { [self] in update(days: $0) }
  }

  private func redraw(_ record: (inout State) -> Void) {
    let now = Clock.seconds()
    let elapsed = now - start
    guard elapsed > 1 else { return }
    state.withLock { s in
      record(&s)
      guard now - s.lastDraw >= 0.1 || s.done == total else { return }
      s.lastDraw = now
      s.shown = true
      // The share done: by simulated days when known (finer: it moves within a
      // replication), else by finished units.
      var share = total > 0 ? Double(s.done) / Double(total) : 1
      var months = ""
      if let days {
        share = max(share, min(1, Double(s.days) / Double(days.total)))
        months = ", \(s.days / days.perMonth)/\(days.total / days.perMonth) simulated months"
      }
      let width = 30
      let filled = min(width, Int(Double(width) * share))
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      let remaining = share > 0 ? elapsed * (1 - share) / share : 0
      let text = "\r\(bar) \(s.done)/\(total) \(label)\(months)  \(Int(elapsed))s elapsed, ~\(Int(remaining.rounded(.up)))s left "
      StandardStream.error(text)
    }
  }

  /// Clears the bar's line if it was drawn.
  func finish() {
    guard enabled else { return }
    state.withLock { s in
      if s.shown { StandardStream.error("\r\u{1B}[2K") }
    }
  }
}

/// Monotonic wall-clock time in seconds.
enum Clock {
  static func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
