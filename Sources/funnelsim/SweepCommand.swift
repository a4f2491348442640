import ArgumentParser
import FunnelSim
import SalesModel

struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a scenario over a grid of one or two parameters and find the best point.",
    discussion: """
      Each --vary KEY=V1,V2,... names a scenario key as --set spells it and its values; \
      A..B (integers, inclusive) and A..B:STEP are ranges. Every grid point runs with the \
      same seed and replications (common random numbers), so differences between points are \
      the parameter's effect, not noise. Reports each metric's mean and 95% CI per point and \
      the best point for --objective, compared pair by pair with the runner-up.

      Example: funnelsim sweep scenarios/b2b-consulting.yaml \
      --vary levels.junior.headcount=0..6 --vary careers.hiring.time_to_hire_days.mean=21,42,84
      """)

  @Argument(help: "The scenario file (YAML).", completion: .scenarioFile)
  var scenario: String

  @Option(
    name: .customLong("vary"),
    help: ArgumentHelp(
      "A key and its values, KEY=V1,V2,... or KEY=A..B[:STEP] (once or twice).",
      valueName: "key=values"))
  var vary: [String] = []

  @Option(
    help: ArgumentHelp(
      "What the best point maximises or minimises: [max:|min:]KEY[.GROUP] (default max:margin).",
      valueName: "objective"))
  var objective: String = "max:margin"

  @OptionGroup var common: PairedRunOptions
  @OptionGroup var shards: ShardOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    try shards.check(output)
    if vary.isEmpty { throw ValidationError("give at least one --vary KEY=V1,V2,...") }
    if vary.count > 2 { throw ValidationError("\(SweepError.tooManyAxes(vary.count))") }
    let axes: [SweepAxis]
    do { axes = try vary.map { try SweepAxis(parsing: $0) } } catch {
      throw ValidationError("\(error)")
    }
    if axes.count == 2, axes[0].key == axes[1].key {
      throw ValidationError("\(SweepError.repeatedKey(axes[0].key))")
    }
    do { _ = try SweepObjective(parsing: objective) } catch { throw ValidationError("\(error)") }
  }

  func run() throws {
    let axes = try vary.map { try SweepAxis(parsing: $0) }
    let goal = try SweepObjective(parsing: objective)
    var grid: [[String]] = [[]]
    for axis in axes {
      grid = grid.flatMap { prefix in axis.values.map { prefix + ["\(axis.key)=\($0)"] } }
    }
    // Load every point first: a bad key or value stops the sweep before anything runs.
    let loaded = try grid.map { sets in
      try common.load(scenario, extra: sets, context: "--vary " + sets.joined(separator: " "))
    }
    let seed = common.replication.seed ?? loaded[0].scenario.seed
    let replications = common.replication.replications ?? loaded[0].scenario.replications
    var selectors = common.selectors ?? SweepReport.defaultMetrics
    selectors.append(MetricSelector(key: goal.key, group: goal.group))
    do {
      try ComparisonReport.checkMetrics(selectors, schemas: loaded.map(\.model.schema))
    } catch {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(.badInput)
    }
    selectors.removeLast()
    // The part keeps the points' fingerprints (scenario text plus every --set, the axis
    // values included), the grid and the objective, so a merge rebuilds this very report.
    let fresh = PartialResult(
      kind: .sweep, scenarioName: loaded[0].scenario.name, scenarioFile: scenario, seed: seed,
      horizonMonths: loaded[0].model.horizonMonths, totalReplications: replications,
      shard: shards.value, metrics: selectors.map(\.description),
      axes: axes.map { .init(key: $0.key, values: $0.values) }, objective: goal.description,
      runs: zip(grid, loaded).map { sets, point in
        .init(
          name: sets.joined(separator: ", "), file: point.file, fingerprint: point.fingerprint,
          schema: point.model.schema)
      })
    let part = try common.execute(
      fresh, models: loaded.map(\.model), shards: shards, output: output, unit: "points",
      defaultPartialPath: "\(loaded[0].scenario.name).sweep.partial.json")
    if !shards.isSharded { try emitReport(of: part, output) }
  }
}
