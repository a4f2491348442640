import ArgumentParser
import FunnelSim
import SalesModel

struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Combine partial results of a sharded run into one report.",
    discussion: """
      Takes the part files written by `run --shard I/N --output PART` and writes exactly the \
      report a single process would have written for the same scenario and seed (the JSON is \
      byte-identical). Refuses parts of different scenarios, seeds or versions, and names \
      overlapping, missing or unfinished shards.
      """)

  @Argument(help: ArgumentHelp("Partial result files.", valueName: "part"))
  var parts: [String]

  @OptionGroup var output: OutputOptions

  func run() throws {
    var loaded: [(path: String, part: PartialResult)] = []
    for path in parts {
      do { loaded.append((path, try PartialResult.read(path: path))) } catch {
        throw CommandFailure("\(error)")
      }
    }
    let combined: (header: PartialResult, outcomes: [ReplicationOutcome])
    do { combined = try PartialMerge.combine(loaded) } catch { throw CommandFailure("\(error)") }
    let h = combined.header
    let report = RunReport(
      scenarioName: h.scenarioName, scenarioFile: h.scenarioFile, seed: h.seed,
      horizonMonths: h.horizonMonths, schema: h.schema, outcomes: combined.outcomes)
    try output.emit(report.rendered(as: output.format))
  }
}
