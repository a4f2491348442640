import Foundation
import Synchronization
import TestSupport
import Testing

@testable import FunnelSim

@Suite struct PartExecutionTests {
  /// A comparison-like part of two walks with no outcomes yet.
  private func freshPart(total: Int = 40) -> PartialResult {
    var fixture = PartFixture(kind: .compare, walks: [100, 300], total: total)
    fixture.metrics = ["end"]
    var part = try! fixture.part(.whole)
    for i in part.runs.indices { part.runs[i].outcomes = [] }
    return part
  }

  private let models = [RandomWalk(steps: 100), RandomWalk(steps: 300)]

  @Test func aStoppedPartResumesToTheUninterruptedResult() throws {
    let straight = try PartExecution(threads: 2).execute(freshPart(), models: models)
    #expect(straight.part.isComplete && !straight.part.interrupted)
    #expect(straight.replications == 80)

    // Stop after 30 finished replications: the first walk done, the second begun.
    let finished = Atomic<Int>(0)
    let stopped = try PartExecution(threads: 2).execute(
      freshPart(), models: models, shouldStop: { finished.load(ordering: .relaxed) >= 30 },
      progress: { done in finished.store(done, ordering: .relaxed) })
    #expect(stopped.part.interrupted)
    #expect(stopped.replications >= 30 && stopped.replications < 80)
    #expect(PartExecution.remainingReplications(of: stopped.part) == 80 - stopped.replications)

    let resumed = try PartExecution(threads: 1).execute(stopped.part, models: models)
    #expect(!resumed.part.interrupted)
    #expect(resumed.replications == 80 - stopped.replications)
    #expect(resumed.part.runs == straight.part.runs)
  }

  @Test func resumeRefusesAPartOfAnotherRun() throws {
    let path = FileManager.default.temporaryDirectory.path + "/part-\(UUID().uuidString).json"
    defer { try? FileManager.default.removeItem(atPath: path) }
    // A saved part is an interrupted one: a complete part has nothing to resume.
    var saved = freshPart(total: 40)
    saved.interrupted = true
    try AtomicFile.write(try saved.encoded(), to: path)
    #expect(try PartExecution.resume(freshPart(total: 40), from: path).totalReplications == 40)
    #expect {
      _ = try PartExecution.resume(freshPart(total: 41), from: path)
    } throws: { "\($0)".contains("was written for a different run") }
  }

  @Test func aFailingRunIsNamedWhenThePartHasSeveral() {
    let failing = [RandomWalk(steps: 100), RandomWalk(steps: 300, failAt: [3])]
    #expect {
      _ = try PartExecution(threads: 1).execute(freshPart(), models: failing)
    } throws: { ($0 as? PartExecution.RunFailure)?.run == "walk-300" }
  }
}
