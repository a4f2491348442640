import ArgumentParser
import FunnelSim
import SalesModel

struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine partial results of a sharded run, comparison or sweep into one report.",
    discussion: """
      Takes the part files written by `run`, `compare` or `sweep` with `--shard I/N --output \
      PART` and writes exactly the report a single process would have written for the same \
      scenarios and seed (the JSON is byte-identical). Refuses parts of different commands, \
      scenarios, seeds, replication counts, metrics, grids or versions, and names \
      overlapping, missing or unfinished shards.
      """)

  @Argument(
    help: ArgumentHelp("Partial result files.", valueName: "part"),
    completion: .file(extensions: ["json"]))
  var parts: [String]

  @OptionGroup var output: OutputOptions

  func run() throws {
    var loaded: [(path: String, part: PartialResult)] = []
    for path in parts {
      do { loaded.append((path, try PartialResult.read(path: path))) } catch {
        throw CommandFailure("\(error)", status: .badInput)
      }
    }
    let whole: PartialResult
    do { whole = try PartialMerge.combine(loaded) } catch {
      throw CommandFailure("\(error)", status: .badInput)
    }
    let report: PartialReport
    do { report = try whole.report() } catch { throw CommandFailure("\(error)") }
    try output.emit(report: report)
  }
}
