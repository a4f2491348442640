import Foundation
import TestSupport
import Testing

/// `compare` and `sweep` in shards: the merged report equals the single-process one byte for
/// byte, a missing shard is named, and Ctrl-C saves a part that `--resume` finishes.
@Suite struct ShardedAnalysisTests {
  let pair = [
    FunnelSimProcess.scenario("staffing-two-juniors.yaml"),
    FunnelSimProcess.scenario("staffing-one-senior.yaml"),
  ]

  /// Runs `arguments` once per shard of `count`, each writing its part into `dir`.
  private func shards(_ arguments: [String], count: Int, in dir: TemporaryDirectory) throws
    -> [String]
  {
    try (0..<count).map { i in
      let part = dir.file("part-\(i).json")
      let r = try FunnelSimProcess.run(
        arguments + ["--shard", "\(i)/\(count)", "--output", part, "--quiet"])
      #expect(r.status == 0, "\(r.error)")
      return part
    }
  }

  @Test func comparisonShardsMergeToTheSingleProcessReport() throws {
    let dir = try TemporaryDirectory()
    let compare = ["compare"] + pair + ["--replications", "6"]
    let single = try FunnelSimProcess.run(compare + ["--format", "json", "--quiet"])
    #expect(single.status == 0, "\(single.error)")
    #expect(single.output.contains("\"format\": \"funnelsim.compare/1\""))
    let parts = try shards(compare, count: 3, in: dir)
    #expect(try dir.read("part-1.json").contains("\"kind\":\"compare\""))

    let merged = try FunnelSimProcess.run(["merge"] + parts.reversed() + ["--format", "json"])
    #expect(merged.status == 0, "\(merged.error)")
    #expect(merged.output == single.output)

    let missing = try FunnelSimProcess.run(["merge", parts[0], parts[2]])
    #expect(missing.status != 0)
    #expect(
      missing.error.contains("replications 2..<4 are missing (no part holds them: shard 1/3)"))
  }

  @Test func sweepShardsMergeToTheSingleProcessReport() throws {
    let dir = try TemporaryDirectory()
    let sweep = [
      "sweep", FunnelSimProcess.scenario("b2b-consulting.yaml"),
      "--vary", "levels.junior.headcount=1,2", "--replications", "4",
    ]
    let single = try FunnelSimProcess.run(sweep + ["--format", "json", "--quiet"])
    #expect(single.status == 0, "\(single.error)")
    let parts = try shards(sweep, count: 2, in: dir)
    let merged = try FunnelSimProcess.run(["merge"] + parts + ["--format", "json"])
    #expect(merged.status == 0, "\(merged.error)")
    #expect(merged.output == single.output)
    let table = try FunnelSimProcess.run(["merge"] + parts)
    let singleTable = try FunnelSimProcess.run(sweep + ["--quiet"])
    #expect(table.output == singleTable.output)

    // A part of another grid is refused, naming the difference.
    let other = dir.file("other.json")
    let r = try FunnelSimProcess.run(
      Array(sweep.dropLast(4)) + [
        "--vary", "levels.junior.headcount=1,3", "--replications", "4", "--shard", "1/2",
        "--output", other, "--quiet",
      ])
    #expect(r.status == 0, "\(r.error)")
    let mixed = try FunnelSimProcess.run(["merge", parts[0], other])
    #expect(mixed.status != 0)
    #expect(mixed.error.contains("come from different runs: grid point 2"), "\(mixed.error)")
  }

  @Test func ctrlCOnACompareSavesAPartThatResumeFinishes() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("comparison.json")
    let command = { (count: Int) in
      ["compare"] + pair + ["--replications", "\(count)", "--threads", "2", "--format", "json"]
    }
    let (count, stopped) = try FunnelSimProcess.interruptedAtFirstProgress(
      { command($0) + ["--output", out] },
      cleanUp: { try? FileManager.default.removeItem(atPath: out) })
    let compare = command(count)
    #expect(stopped.status == 130, "\(stopped.error)")
    #expect(stopped.error.contains("resume with: "))
    #expect(!dir.exists("comparison.json"))
    let partial = try dir.read("comparison.json.partial.json")
    #expect(partial.contains("\"interrupted\":true"))
    #expect(partial.contains("\"kind\":\"compare\""))

    // Resuming with another replication count is refused; the same command finishes it.
    let wrong = try FunnelSimProcess.run(
      ["compare"] + pair + [
        "--replications", "\(count + 1)", "--resume", dir.file("comparison.json.partial.json"),
      ])
    #expect(wrong.status != 0)
    #expect(wrong.error.contains("replications: \(count + 1) vs \(count)"), "\(wrong.error)")
    let resumed = try FunnelSimProcess.run(
      compare + ["--output", out, "--resume", dir.file("comparison.json.partial.json"), "--quiet"])
    #expect(resumed.status == 0, "\(resumed.error)")
    let straight = try FunnelSimProcess.run(compare + ["--quiet"])
    #expect(try dir.read("comparison.json") == straight.output)
  }
}
