import Testing
import SalesModel
import Stochastic
@testable import FunnelSim

/// A small real model: each replication draws a random walk from its own stream.
struct RandomWalk: ReplicationModel {
  var steps = 200
  var failAt: Set<Int> = []

  var schema: OutcomeSchema {
    OutcomeSchema(
      scalars: [MetricDescriptor(key: "end", group: "team", unit: .count, label: "End")],
      series: [], samples: [])
  }

  func simulate(replication: Int, seed: UInt64) throws -> ReplicationOutcome {
    if failAt.contains(replication) {
      throw InvariantViolation(replication: replication, law: "test", details: "forced")
    }
    let stream = RandomStream(seed: seed, replication: replication, name: "walk")
    var x = 0.0
    for _ in 0..<steps { x += stream.uniform() - 0.5 }
    return ReplicationOutcome(values: [x], series: [], samples: [], events: UInt64(steps))
  }
}

@Suite struct ReplicationRunnerTests {
  @Test(arguments: [1, 2, 3, 8])
  func outcomesDoNotDependOnTheThreadCount(threads: Int) throws {
    let serial = try ReplicationRunner(threads: 1).run(RandomWalk(), seed: 7, replications: 0..<300)
    let parallel = try ReplicationRunner(threads: threads)
      .run(RandomWalk(), seed: 7, replications: 0..<300)
    #expect(serial == parallel)
  }

  @Test func anySplitOfReplicationsGivesTheSameOutcomes() throws {
    let runner = ReplicationRunner(threads: 2)
    let whole = try runner.run(RandomWalk(), seed: 11, replications: 0..<100)
    let parts = try [0..<37, 37..<38, 38..<100].flatMap {
      try runner.run(RandomWalk(), seed: 11, replications: $0)
    }
    #expect(whole == parts)
  }

  @Test func theLowestFailingReplicationIsReported() {
    for threads in [1, 2, 4] {
      #expect {
        _ = try ReplicationRunner(threads: threads)
          .run(RandomWalk(failAt: [40, 90, 150]), seed: 1, replications: 0..<200)
      } throws: { error in
        (error as? InvariantViolation)?.replication == 40
      }
    }
  }

  @Test func progressCountsEveryReplication() throws {
    let seen = ProgressProbe()
    _ = try ReplicationRunner(threads: 2)
      .run(RandomWalk(), seed: 3, replications: 0..<50, progress: { seen.record($0) })
    #expect(seen.maximum == 50)
  }
}

import Synchronization

private final class ProgressProbe: Sendable {
  private let value = Mutex(0)
  func record(_ n: Int) { value.withLock { $0 = Swift.max($0, n) } }
  var maximum: Int { value.withLock { $0 } }
}

extension ReplicationRunnerTests {
  @Test func aStoppedRunReturnsACompletePrefix() throws {
    let started = ProgressProbe()
    let outcomes = try ReplicationRunner(threads: 2).run(
      RandomWalk(steps: 20_000), seed: 9, replications: 0..<400,
      shouldStop: { started.maximum >= 50 }, progress: { started.record($0) })
    #expect(outcomes.count >= 50 && outcomes.count < 400)
    let reference = try ReplicationRunner(threads: 1)
      .run(RandomWalk(steps: 20_000), seed: 9, replications: 0..<outcomes.count)
    #expect(outcomes == reference)
  }
}
