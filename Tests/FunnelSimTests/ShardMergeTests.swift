import Testing
import SalesModel
@testable import FunnelSim

@Suite struct ShardMergeTests {
  @Test(arguments: [(1000, 1), (1000, 3), (10, 4), (3, 5), (7, 7)])
  func shardsCoverEveryReplicationExactlyOnce(total: Int, count: Int) throws {
    var next = 0
    for i in 0..<count {
      let r = try Shard(parsing: "\(i)/\(count)").replications(of: total)
      #expect(r.lowerBound == next)
      next = r.upperBound
    }
    #expect(next == total)
  }

  @Test(arguments: ["", "1", "2/2", "-1/3", "a/b", "1/0", "1/2/3"])
  func malformedShardsAreRefused(text: String) {
    #expect(throws: ShardError.self) { try Shard(parsing: text) }
  }

  private func parts(shards: Int, total: Int = 50, seed: UInt64 = 5) throws -> [(
    path: String, part: PartialResult
  )] {
    let model = RandomWalk()
    return try (0..<shards).map { i in
      let shard = try Shard(parsing: "\(i)/\(shards)")
      let range = shard.replications(of: total)
      let outcomes = try ReplicationRunner(threads: 2).run(model, seed: seed, replications: range)
      let part = PartialResult(
        scenarioName: "walk", scenarioFile: "walk.yaml",
        scenarioFingerprint: ScenarioFingerprint.of(text: "walk", overrides: []), seed: seed,
        horizonMonths: 0, totalReplications: total, shard: shard,
        firstReplication: range.lowerBound, schema: model.schema, outcomes: outcomes)
      // Through the file format and back, as on a cluster.
      let decoded = try JSONRoundTrip.decode(part.encoded())
      return ("part-\(i).json", decoded)
    }
  }

  @Test func mergedShardsGiveTheSingleProcessReportByteForByte() throws {
    let model = RandomWalk()
    let single = try ReplicationRunner(threads: 1).run(model, seed: 5, replications: 0..<50)
    let expected = RunReport(
      scenarioName: "walk", scenarioFile: "walk.yaml", seed: 5, horizonMonths: 0,
      schema: model.schema, outcomes: single
    ).rendered(as: .json)
    for shards in [1, 2, 3, 7] {
      let (header, outcomes) = try PartialMerge.combine(parts(shards: shards).reversed())
      let merged = RunReport(
        scenarioName: header.scenarioName, scenarioFile: header.scenarioFile, seed: header.seed,
        horizonMonths: header.horizonMonths, schema: header.schema, outcomes: outcomes
      ).rendered(as: .json)
      #expect(merged == expected)
    }
  }

  @Test func aMissingShardIsNamed() throws {
    var p = try parts(shards: 4)
    p.remove(at: 2)
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: { "\($0)".contains("replications 25..<37 are missing") }
  }

  @Test func anOverlappingShardIsNamed() throws {
    var p = try parts(shards: 3)
    p.append((path: "copy.json", part: p[1].part))
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: { "\($0)".contains("overlaps") }
  }

  @Test func partsOfDifferentSeedsAreRefused() throws {
    let a = try parts(shards: 2, seed: 1)
    let b = try parts(shards: 2, seed: 2)
    #expect {
      _ = try PartialMerge.combine([a[0], b[1]])
    } throws: { "\($0)".contains("seed") }
  }

  @Test func anInterruptedPartIsRefusedUntilResumed() throws {
    var p = try parts(shards: 2)
    p[1].part.outcomes.removeLast(3)
    p[1].part.interrupted = true
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: { "\($0)".contains("incomplete") }
  }
}

import Foundation

enum JSONRoundTrip {
  static func decode(_ text: String) throws -> PartialResult {
    try JSONDecoder().decode(PartialResult.self, from: Data(text.utf8))
  }
}
