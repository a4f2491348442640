import Foundation
import TestSupport
import Testing

/// A fixed sample of scenario mutants through the real executable: `validate`, and `run` for
/// those that validate. None may end by a signal or hang, leave output behind on error, or
/// report an error without its place.
@Suite struct ScenarioFuzzProcessTests {
  static let mutants = 40
  static let timeout: TimeInterval = 60

  @Test(.timeLimit(.minutes(5)))
  func mutantsThroughTheExecutableExitCleanlyAndSayWhere() throws {
    let files = try ScenarioMutator.bundledScenarios()
    var mutator = ScenarioMutator(seed: 0xC11)
    let directory = try TemporaryDirectory()
    var validated = 0
    var refused = 0
    for index in 0..<Self.mutants {
      let file = files[index % files.count]
      let text = mutator.mutate(file.text)
      let path = directory.path + "/mutant-\(index).yaml"
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      let check = try Self.run(["validate", path], mutant: text)
      Self.expectClean(check, path: path, mutant: text)
      guard check.status == 0 else {
        refused += 1
        continue
      }
      validated += 1
      let out = directory.path + "/out-\(index)"
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      let run = try Self.run(
        [
          "run", path, "--replications", "1", "--quiet", "--format", "json", "--output",
          out + "/out.json",
        ], mutant: text)
      Self.expectClean(run, path: path, mutant: text)
      let left = try FileManager.default.contentsOfDirectory(atPath: out)
      if run.status != 0 {
        #expect(left.isEmpty, "a failed run left \(left)\n--- mutant:\n\(text)")
      } else {
        #expect(left == ["out.json"])
      }
    }
    // The sample must exercise both paths, or it tests little (this seed: 4 of 40 validate).
    #expect(validated >= 3 && refused >= 5, "validated \(validated), refused \(refused)")
  }

  /// Runs the executable, ending it (and recording a hang) after `timeout` seconds.
  static func run(_ arguments: [String], mutant: String) throws -> Ended {
    let running = try FunnelSimProcess.start(arguments)
    let deadline = Date().addingTimeInterval(timeout)
    while running.process.isRunning, Date() < deadline { usleep(20_000) }
    if running.process.isRunning {
      Issue.record("\(arguments[0]) ran longer than \(Int(timeout)) s\n--- mutant:\n\(mutant)")
      running.process.terminate()
    }
    let result = running.wait()
    return Ended(result: result, bySignal: running.process.terminationReason == .uncaughtSignal)
  }

  /// A finished run and whether a signal ended it.
  struct Ended {
    var result: FunnelSimProcess.Result
    var bySignal: Bool
    var status: Int32 { result.status }
  }

  /// Status 0 (done), 1 (failed) or 2 (bad input), never a signal; every error line says
  /// where, as `file:line:column` or by the file's name.
  static func expectClean(_ ended: Ended, path: String, mutant: String) {
    let result = ended.result
    #expect(
      !ended.bySignal && [0, 1, 2].contains(result.status),
      "ended by \(ended.bySignal ? "signal" : "status") \(result.status)\n\(result.error)\n--- mutant:\n\(mutant)"
    )
    let name = URL(fileURLWithPath: path).lastPathComponent
    // Errors are printed one a line as `file:line:column: what`, then a count naming the file;
    // indented lines continue the one above.
    for line in result.error.split(separator: "\n")
    where result.status != 0 && !(line.first?.isWhitespace ?? true) {
      #expect(line.contains(name), "no place in: \(line)\n--- mutant:\n\(mutant)")
    }
  }
}
