import Foundation
import SalesModel
import TestSupport
import Testing

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
    try PartFixture(kind: .run, walks: [200], seed: seed, total: total).parts(shards: shards)
  }

  @Test func mergedShardsGiveTheSingleProcessReportByteForByte() throws {
    let model = RandomWalk()
    let single = try ReplicationRunner(threads: 1).run(model, seed: 5, replications: 0..<50)
    let expected = RunReport(
      scenarioName: "walk", scenarioFile: "walk.yaml", seed: 5, horizonMonths: 0,
      schema: model.schema, outcomes: single
    ).rendered(as: .json)
    for shards in [1, 2, 3, 7] {
      let merged = try PartialMerge.combine(parts(shards: shards).reversed()).report()
      #expect(merged.rendered(as: .json) == expected)
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
    p[1].part.runs[0].outcomes.removeLast(3)
    p[1].part.interrupted = true
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: { "\($0)".contains("incomplete") }
  }

  @Test func aPartInAnEarlierLayoutIsRefusedClearly() throws {
    let dir = try TemporaryDirectory()
    let part = try parts(shards: 2)[0].part
    // The layout before parts carried a digest.
    var object =
      try JSONSerialization.jsonObject(with: Data(part.encoded().utf8)) as! [String: Any]
    object["format"] = "funnelsim.partial/2"
    object.removeValue(forKey: "digest")
    let path = dir.path + "/old.json"
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    #expect {
      _ = try PartialResult.read(path: path)
    } throws: { "\($0)".contains("old.json: written by an earlier FunnelSim") }
  }
}

/// Parts of a run, comparison or sweep of random walks (a walk's length stands for a
/// scenario), each written to JSON and read back as on a cluster.
struct PartFixture {
  var kind: PartialResult.Kind
  var walks: [Int]
  var seed: UInt64 = 5
  var total: Int = 50
  var metrics: [String] = []
  var axes: [PartialResult.Axis] = []
  var objective: String? = nil

  func runs(_ range: Range<Int>) throws -> [PartialResult.Run] {
    try walks.map { steps in
      let model = RandomWalk(steps: steps)
      return PartialResult.Run(
        name: kind == .sweep ? "steps=\(steps)" : kind == .run ? "walk" : "walk-\(steps)",
        file: "walk.yaml",
        fingerprint: ScenarioFingerprint.of(text: "walk", overrides: ["steps=\(steps)"]),
        schema: model.schema,
        outcomes: try ReplicationRunner(threads: 2).run(model, seed: seed, replications: range))
    }
  }

  func part(_ shard: Shard) throws -> PartialResult {
    PartialResult(
      kind: kind, scenarioName: "walk", scenarioFile: "walk.yaml", seed: seed, horizonMonths: 0,
      totalReplications: total, shard: shard, metrics: metrics, axes: axes, objective: objective,
      runs: try runs(shard.replications(of: total)))
  }

  func parts(shards: Int) throws -> [(path: String, part: PartialResult)] {
    try (0..<shards).map { i in
      let part = try part(Shard(parsing: "\(i)/\(shards)"))
      return ("part-\(i).json", try JSONRoundTrip.decode(part.encoded()))
    }
  }

  /// The report of the whole run in one process.
  func single() throws -> PartialReport { try part(.whole).report() }
}

enum JSONRoundTrip {
  static func decode(_ text: String) throws -> PartialResult {
    try JSONDecoder().decode(PartialResult.self, from: Data(text.utf8))
  }
}
