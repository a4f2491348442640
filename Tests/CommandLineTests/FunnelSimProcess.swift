import Foundation

/// Runs the real `funnelsim` executable built beside the test bundle.
struct FunnelSimProcess {
  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  /// The executable: SwiftPM builds it into the same directory as the test bundle.
  static let executable: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // The test binary sits inside `X.xctest/...` on some platforms.
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("funnelsim")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir.deleteLastPathComponent()
    }
    fatalError("funnelsim executable not found next to the tests")
  }()

  /// The package root, where `scenarios/` lives.
  static let packageRoot: URL = {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
      dir.deleteLastPathComponent()
    }
    return dir
  }()

  static func scenario(_ name: String) -> String {
    packageRoot.appendingPathComponent("scenarios/\(name)").path
  }

  /// Runs `funnelsim arguments...` to completion.
  static func run(_ arguments: [String]) throws -> Result {
    let process = try start(arguments)
    return process.wait()
  }

  /// Starts `funnelsim arguments...` without waiting.
  static func start(_ arguments: [String]) throws -> Running {
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
  final class Running: @unchecked Sendable {
    let process: Process
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
        self.outData = out.fileHandleForReading.readDataToEndOfFile()
        self.group.leave()
      }
      group.enter()
      DispatchQueue.global().async {
        self.errData = err.fileHandleForReading.readDataToEndOfFile()
        self.group.leave()
      }
    }

    func interrupt() { kill(process.processIdentifier, SIGINT) }

    func wait() -> Result {
      process.waitUntilExit()
      group.wait()
      return Result(
        status: process.terminationStatus,
        output: String(decoding: outData, as: UTF8.self),
        error: String(decoding: errData, as: UTF8.self))
    }
  }
}

/// A directory removed when the value is released.
final class ScratchDirectory {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.path + "/funnelsim-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }

  func read(_ name: String) throws -> String {
    try String(contentsOfFile: file(name), encoding: .utf8)
  }

  func write(_ name: String, _ text: String) throws {
    try text.write(toFile: file(name), atomically: true, encoding: .utf8)
  }

  func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}
