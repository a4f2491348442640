import Foundation

/// Runs the real `funnelsim` executable built beside the test bundle.
public struct FunnelSimProcess {
  /// What a finished run left: its exit status, standard output and standard error.
  public struct Result {
    public var status: Int32
    public var output: String
    public var error: String

    public init(status: Int32, output: String, error: String) {
      self.status = status
      self.output = output
      self.error = error
    }
  }

  /// The executable: SwiftPM builds it into the same directory as the test bundle.
  public static let executable: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // The test binary sits inside `X.xctest/...` on some platforms.
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("funnelsim")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir.deleteLastPathComponent()
    }
    fatalError("funnelsim executable not found next to the tests")
  }()

  /// The package root, where `scenarios/` lives; runs start there.
  public static var packageRoot: URL { ScenarioFiles.packageRoot }

  /// The path of a bundled scenario file, e.g. `scenario("b2b-consulting.yaml")`.
  public static func scenario(_ name: String) -> String { ScenarioFiles.path(name) }

  /// Runs `funnelsim arguments...` to completion.
  public static func run(_ arguments: [String]) throws -> Result {
    let process = try start(arguments)
    return process.wait()
  }

  /// Starts `funnelsim arguments...` without waiting.
  public static func start(_ arguments: [String]) throws -> Running {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return Running(process: process, out: out, err: err)
  }

  // The pipes are read on other threads; the dispatch group orders those writes before
  // `wait()` reads them.
  /// A started run; `wait()` collects its result.
  public final class Running: @unchecked Sendable {
    /// The child process.
    public let process: Process
    private let out: Pipe
    private let err: Pipe
    private var outData = Data()
    private var errData = Data()
    private let group = DispatchGroup()

    init(process: Process, out: Pipe, err: Pipe) {
      self.process = process
      self.out = out
      self.err = err
      // Drain both pipes while the process runs so a large report cannot block it.
      group.enter()
      DispatchQueue.global().async {
        self.outData = out.fileHandleForReading.readAllRetryingInterrupts()
        self.group.leave()
      }
      group.enter()
      DispatchQueue.global().async {
        self.errData = err.fileHandleForReading.readAllRetryingInterrupts()
        self.group.leave()
      }
    }

    /// Sends SIGINT, as Ctrl-C would.
    public func interrupt() { kill(process.processIdentifier, SIGINT) }

    /// Waits for the process to end and returns what it wrote.
    public func wait() -> Result {
      process.waitUntilExit()
      group.wait()
      return Result(
        status: process.terminationStatus,
        output: String(decoding: outData, as: UTF8.self),
        error: String(decoding: errData, as: UTF8.self))
    }
  }
}
