import Foundation
import SalesModel
import ScenarioLoading
import TestSupport
import Testing

/// A fixed-seed batch of mutants of the bundled scenarios, each loaded and validated in
/// process: none may trap (a trap ends the test run), hang, or be refused without a place.
@Suite struct ScenarioFuzzTests {
  static let mutantsPerScenario = 500

  // About 20 s of processor time in a debug build; the files run in parallel.
  @Test(.timeLimit(.minutes(2)))
  func noMutantTrapsAndEveryRefusalHasALocation() async throws {
    let files = try ScenarioMutator.bundledScenarios()
    #expect(files.count >= 4)
    let results = await withTaskGroup(of: Batch.self) { group in
      for (index, file) in files.enumerated() {
        group.addTask { Self.batch(file, seed: 0x5EED + UInt64(index)) }
      }
      return await group.reduce(into: [Batch]()) { $0.append($1) }
    }
    for problem in results.flatMap(\.problems) { Issue.record(Comment(rawValue: problem)) }
    // The batch must exercise both paths, or it tests nothing.
    #expect(results.reduce(0) { $0 + $1.refused } > Self.mutantsPerScenario)
    #expect(results.reduce(0) { $0 + $1.accepted } > 10)
  }

  struct Batch: Sendable {
    var accepted = 0
    var refused = 0
    var problems: [String] = []
  }

  static func batch(_ file: ScenarioMutator.File, seed: UInt64) -> Batch {
    var mutator = ScenarioMutator(seed: seed)
    var batch = Batch()
    for _ in 0..<mutantsPerScenario {
      let mutant = mutator.mutate(file.text)
      do {
        let scenario = try ScenarioLoader.load(Scenario.self, text: mutant, file: "mutant.yaml")
        // Compiling the model runs the arithmetic of setup on the accepted values.
        _ = try? SalesModel(scenario: scenario)
        batch.accepted += 1
      } catch {
        batch.refused += 1
        for issue in error.issues where issue.line == nil || issue.column == nil {
          batch.problems.append(
            "no location: \(issue.description)\n--- mutant of \(file.name):\n\(mutant)")
        }
        if error.description.contains("Error(") {
          batch.problems.append("a Swift type in: \(error.description)")
        }
      }
    }
    return batch
  }

  @Test func invalidUTF8IsRefusedWithItsByteOffset() throws {
    let directory = FileManager.default.temporaryDirectory.path + "/fuzz-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/bad.yaml"
    try Data("name: x\nseed: \u{e9}1".utf8.dropLast(3) + [0xFF, 0x31]).write(
      to: URL(fileURLWithPath: path))
    #expect(throws: ScenarioLoadError.self) {
      try ScenarioLoader.load(Scenario.self, contentsOf: path)
    }
    do {
      _ = try ScenarioLoader.load(Scenario.self, contentsOf: path)
    } catch {
      #expect(error.description.contains("invalid byte at offset 14"), "\(error.description)")
      #expect(error.issues.first?.line == 2)
    }
  }

  @Test func aControlCharacterIsRefusedWithItsLineAndColumn() {
    do {
      _ = try ScenarioLoader.load(Scenario.self, text: "name: x\nseed: 1\u{7}2\n", file: "c.yaml")
      Issue.record("accepted a control character")
    } catch {
      #expect(error.issues.first?.line == 2)
      #expect(error.issues.first?.column == 8)
      #expect(error.description.contains("U+0007"))
    }
  }
}
