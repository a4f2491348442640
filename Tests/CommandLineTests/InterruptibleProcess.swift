import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `funnelsim` started with standard error on a pseudo-terminal, as from an interactive shell,
/// so that it draws its progress bar: a test can wait for the first progress line (proof that
/// replications are running) before it presses Ctrl-C, however fast the build is.
final class InterruptibleProcess: Sendable {
  let process: Process
  private let master: Int32
  private let out: Pipe
  private let outData = Mutex(Data())
  private let errData = Mutex(Data())
  private let group = DispatchGroup()

  /// Starts `funnelsim arguments...` in the package root.
  init(_ arguments: [String]) throws {
    let opened = try Self.openTerminal()
    master = opened.master
    let terminal = opened.terminal
    defer { close(terminal) }  // the child holds its own copy

    process = Process()
    process.executableURL = FunnelSimProcess.executable
    process.arguments = arguments
    process.currentDirectoryURL = FunnelSimProcess.packageRoot
    out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
    try process.run()

    group.enter()
    DispatchQueue.global().async { [self] in
      let data = out.fileHandleForReading.readAllRetryingInterrupts()
      outData.withLock { $0 = data }
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async { [self] in
      // Reading the terminal's master side ends with EIO once the child has closed it.
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let n = read(master, &buffer, buffer.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        errData.withLock { $0.append(contentsOf: buffer[0..<n]) }
      }
      group.leave()
    }
  }

  deinit { close(master) }

  /// A new pseudo-terminal: its master side (read here) and its terminal side (the child's).
  private static func openTerminal() throws -> (master: Int32, terminal: Int32) {
    #if os(Linux)
      // Glibc's module hides posix_openpt and friends; these are their ioctls.
      let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
      guard master >= 0 else { throw POSIXError(.ENOTTY) }
      var unlock: CInt = 0
      var number: CInt = 0
      let TIOCSPTLCK: UInt = 0x4004_5431
      let TIOCGPTN: UInt = 0x8004_5430
      guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
        close(master)
        throw POSIXError(.ENOTTY)
      }
      let name = "/dev/pts/\(number)"
    #else
      let master = posix_openpt(O_RDWR | O_NOCTTY)
      guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let path = ptsname(master)
      else { throw POSIXError(.ENOTTY) }
      let name = String(cString: path)
    #endif
    let terminal = open(name, O_RDWR | O_NOCTTY)
    guard terminal >= 0 else {
      close(master)
      throw POSIXError(.ENOTTY)
    }
    return (master, terminal)
  }

  /// What the process has written to standard error so far.
  var error: String { errData.withLock { String(decoding: $0, as: UTF8.self) } }

  /// Waits until the progress bar has been drawn; false if the process ended first or
  /// `timeout` seconds passed.
  func waitForProgress(timeout: Double = 120) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if error.contains("elapsed") { return true }
      if !process.isRunning { return error.contains("elapsed") }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return false
  }

  /// Ctrl-C.
  func interrupt() { signal(SIGINT) }

  /// Sends `number` (SIGTERM: what Slurm sends ahead of a time limit).
  func signal(_ number: Int32) { kill(process.processIdentifier, number) }

  /// Waits for the process to end.
  func wait() -> FunnelSimProcess.Result {
    process.waitUntilExit()
    group.wait()
    return FunnelSimProcess.Result(
      status: process.terminationStatus,
      output: outData.withLock { String(decoding: $0, as: UTF8.self) }, error: error)
  }
}

extension FunnelSimProcess {
  /// A replication count for which `command(count)` runs about `seconds` on this build and
  /// machine (debug builds are hundreds of times slower than release ones), so a test can
  /// interrupt it well before it ends without making a release run wait on a debug estimate.
  static func replications(lasting seconds: Double, _ command: (Int) -> [String]) throws -> Int {
    var count = 4
    while true {
      let started = Date()
      let r = try run(command(count) + ["--quiet"])
      let elapsed = Date().timeIntervalSince(started)
      guard r.status == 0 else { throw POSIXError(.EINVAL) }
      if elapsed >= 0.5 { return Swift.max(count, Int(Double(count) * seconds / elapsed)) }
      count *= 2
    }
  }

  /// Runs `command(count)` with a count sized to last about six seconds and presses Ctrl-C at
  /// its first progress line. `cleanUp` removes what a finished run wrote: after the runs that
  /// measure the count, and should the run end before its first progress line (the machine
  /// was busier while the count was measured), before a run four times as long is tried.
  /// Returns the count and the interrupted run.
  static func interruptedAtFirstProgress(
    _ command: (Int) -> [String], cleanUp: () -> Void
  ) throws -> (count: Int, stopped: Result) {
    var count = try replications(lasting: 6, command)
    cleanUp()
    for _ in 0..<3 {
      let running = try InterruptibleProcess(command(count))
      if running.waitForProgress() { running.interrupt() }
      let stopped = running.wait()
      if stopped.status != 0 { return (count, stopped) }
      cleanUp()
      count *= 4
    }
    throw POSIXError(.ETIMEDOUT)
  }
}
