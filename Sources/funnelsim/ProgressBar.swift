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
  }

  private let total: Int
  private let label: String
  private let start: Double
  private let enabled: Bool
  private let state = Mutex(State())

  init(total: Int, label: String, enabled: Bool) {
    self.total = total
    self.label = label
    self.start = Clock.seconds()
    self.enabled = enabled && isatty(STDERR_FILENO) == 1
  }

  /// Records that `done` units are finished; redraws at most ten times a second.
  func update(_ done: Int) {
    guard enabled else { return }
    let now = Clock.seconds()
    let elapsed = now - start
    guard elapsed > 1 else { return }
    state.withLock { s in
      guard now - s.lastDraw >= 0.1 || done == total else { return }
      s.lastDraw = now
      s.shown = true
      let width = 30
      let filled = total > 0 ? width * done / total : width
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      let rate = Double(done) / elapsed
      let remaining = rate > 0 ? Double(total - done) / rate : 0
      let text = "\r\(bar) \(done)/\(total) \(label)  \(Int(elapsed))s elapsed, ~\(Int(remaining.rounded(.up)))s left "
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
