import ArgumentParser
import FunnelSim
import SalesModel

struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
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

  @Argument(help: "The scenario file (YAML).")
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
  @OptionGroup var output: OutputOptions

  func validate() throws {
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
    let seed = common.seed ?? loaded[0].scenario.seed
    let replications = common.replications ?? loaded[0].scenario.replications
    var selectors = common.selectors ?? SweepReport.defaultMetrics
    selectors.append(MetricSelector(key: goal.key, group: goal.group))
    do {
      try ComparisonReport.checkMetrics(selectors, schemas: loaded.map(\.model.schema))
    } catch {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(2)
    }
    selectors.removeLast()
    let runs = try common.runAll(
      zip(grid, loaded).map { ($0.0.joined(separator: ", "), $0.1.file, $0.1.model) }, seed: seed,
      replications: replications, output: output, unit: "points")
    let report: SweepReport
    do {
      report = try SweepReport(
        scenarioName: loaded[0].scenario.name, scenarioFile: scenario, seed: seed,
        horizonMonths: loaded[0].model.horizonMonths, axes: axes, runs: runs, metrics: selectors,
        objective: goal)
    } catch {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(2)
    }
    try output.emit(report.rendered(as: output.format))
  }
}
