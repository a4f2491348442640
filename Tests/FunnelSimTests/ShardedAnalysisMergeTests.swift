import SalesModel
import Testing

@testable import FunnelSim

/// Sharded comparisons and sweeps merge into the report one process gives, byte for byte, and
/// parts that do not belong together are refused with the difference named.
@Suite struct ShardedAnalysisMergeTests {
  let comparison = PartFixture(
    kind: .compare, walks: [200, 220, 260], total: 40, metrics: ["end.team", "end.*"])
  let sweep = PartFixture(
    kind: .sweep, walks: [200, 220, 240], total: 30, metrics: ["end.team"],
    axes: [.init(key: "steps", values: ["200", "220", "240"])], objective: "min:end.team")

  @Test(arguments: [1, 2, 3, 7])
  func mergedComparisonPartsGiveTheSingleProcessReport(shards: Int) throws {
    let expected = try comparison.single()
    guard case .compare(let report) = expected else {
      Issue.record("not a comparison")
      return
    }
    #expect(report.scenarios.count == 3)
    #expect(report.replications == 40)
    let merged = try PartialMerge.combine(comparison.parts(shards: shards).reversed()).report()
    for format in [OutputFormat.json, .csv, .table] {
      #expect(merged.rendered(as: format) == expected.rendered(as: format))
    }
  }

  @Test(arguments: [1, 2, 4])
  func mergedSweepPartsGiveTheSingleProcessReport(shards: Int) throws {
    let expected = try sweep.single()
    guard case .sweep(let report) = expected else {
      Issue.record("not a sweep")
      return
    }
    #expect(report.points.count == 3)
    #expect(report.best != nil)
    let merged = try PartialMerge.combine(sweep.parts(shards: shards).shuffled()).report()
    #expect(merged.rendered(as: .json) == expected.rendered(as: .json))
    #expect(merged.rendered(as: .csv) == expected.rendered(as: .csv))
  }

  @Test func theMergedReportIsTheReportOfTheOutcomesInReplicationOrder() throws {
    // Independent of the part machinery: the comparison built directly from the runs.
    let runs = try comparison.runs(0..<40).map {
      ScenarioOutcomes(name: $0.name, file: $0.file, schema: $0.schema, outcomes: $0.outcomes)
    }
    let direct = try ComparisonReport(
      runs: runs, seed: 5, horizonMonths: 0,
      metrics: [MetricSelector(key: "end"), MetricSelector(key: "end", group: nil)])
    let merged = try PartialMerge.combine(comparison.parts(shards: 3)).report()
    #expect(merged.rendered(as: .json) == direct.rendered(as: .json))
  }

  @Test func aMissingComparisonShardIsNamed() throws {
    var p = try comparison.parts(shards: 4)
    p.remove(at: 1)
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: {
      "\($0)" == "replications 10..<20 are missing (no part holds them: shard 1/4)"
    }
  }

  @Test func aComparisonPartInterruptedInItsSecondScenarioIsRefused() throws {
    var p = try comparison.parts(shards: 2)
    p[0].part.runs[1].outcomes.removeLast(4)
    p[0].part.runs[2].outcomes = []
    p[0].part.interrupted = true
    #expect(p[0].part.replications == 0..<0)
    #expect(p[0].part.remaining == [20..<20, 16..<20, 0..<20])
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: { "\($0)".contains("part-0.json: shard 0/2 is incomplete (36 of 60") }
  }

  @Test func partsOfDifferentCommandsAreRefused() throws {
    let c = try comparison.parts(shards: 2)
    let s = try PartFixture(
      kind: .sweep, walks: comparison.walks, total: 40, metrics: ["end.team"],
      axes: [.init(key: "steps", values: ["200", "220", "260"])], objective: "min:end.team"
    ).parts(shards: 2)
    #expect {
      _ = try PartialMerge.combine([c[0], s[1]])
    } throws: { "\($0)".contains("different runs: kind: compare vs sweep") }
  }

  @Test func comparisonPartsOfDifferentScenariosOrMetricsAreRefused() throws {
    let a = try comparison.parts(shards: 2)
    var other = comparison
    other.walks[2] = 280
    let b = try other.parts(shards: 2)
    #expect {
      _ = try PartialMerge.combine([a[0], b[1]])
    } throws: { "\($0)".contains("scenario 3: walk-260 vs walk-280") }

    var renamed = b[1]
    renamed.part.runs[2].name = "walk-260"
    #expect {
      _ = try PartialMerge.combine([a[0], renamed])
    } throws: { "\($0)".contains("scenario 3 (walk-260): scenario text or --set values differ") }

    var fewer = comparison
    fewer.metrics = ["end.team"]
    #expect {
      _ = try PartialMerge.combine([a[0], try fewer.parts(shards: 2)[1]])
    } throws: { "\($0)".contains("metrics: [end.team, end.*] vs [end.team]") }
  }

  @Test func sweepPartsOfDifferentGridsOrObjectivesAreRefused() throws {
    let a = try sweep.parts(shards: 2)
    var maximised = sweep
    maximised.objective = "max:end.team"
    #expect {
      _ = try PartialMerge.combine([a[0], try maximised.parts(shards: 2)[1]])
    } throws: { "\($0)".contains("objective: min:end.team vs max:end.team") }

    var b = try sweep.parts(shards: 2)[1]
    b.part.axes = [.init(key: "steps", values: ["200", "220", "250"])]
    #expect {
      _ = try PartialMerge.combine([a[0], b])
    } throws: { "\($0)".contains("sweep grid: [steps=200,220,240] vs [steps=200,220,250]") }
  }

  @Test func partsOfDifferentSeedsOrVersionsAreRefused() throws {
    var otherSeed = comparison
    otherSeed.seed = 6
    let a = try comparison.parts(shards: 2)
    #expect {
      _ = try PartialMerge.combine([a[0], try otherSeed.parts(shards: 2)[1]])
    } throws: { "\($0)".contains("seed: 5 vs 6") }
    var old = a[1]
    old.part.version = "0.0.1"
    #expect {
      _ = try PartialMerge.combine([a[0], old])
    } throws: { "\($0)".contains("FunnelSim version: \(FunnelSimVersion.current) vs 0.0.1") }
  }

  @Test func anOverlappingComparisonPartIsNamed() throws {
    var p = try comparison.parts(shards: 3)
    p.append((path: "again.json", part: p[2].part))
    #expect {
      _ = try PartialMerge.combine(p)
    } throws: { "\($0)".contains("overlaps") && "\($0)".contains("replication 26") }
  }
}
