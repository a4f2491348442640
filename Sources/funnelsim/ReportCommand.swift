import ArgumentParser
import FunnelSim

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a scenario and write a self-contained HTML report with charts.",
    discussion: """
      The same as `funnelsim run SCENARIO --format html --output PATH`: a fan chart of \
      monthly revenue, quota attainment by level, the funnel, and every metric by level. The \
      page needs no network to open. Other commands (compare, sweep, quota) write their own \
      reports with --format html.
      """)

  @OptionGroup var scenario: ScenarioOptions

  @Option(help: "Number of replications (default: the scenario's).")
  var replications: Int?

  @Option(help: "Random seed (default: the scenario's).")
  var seed: UInt64?

  @Option(help: "Worker threads (default: all cores).")
  var threads: Int?

  @Option(help: ArgumentHelp("Where to write the page.", valueName: "path"))
  var output = "report.html"

  @Flag(help: "Print nothing on standard error.")
  var quiet = false

  func run() throws {
    var arguments = [scenario.scenario] + scenario.overrides.flatMap { ["--set", $0] }
    if let replications { arguments += ["--replications", String(replications)] }
    if let seed { arguments += ["--seed", String(seed)] }
    if let threads { arguments += ["--threads", String(threads)] }
    arguments += ["--format", "html", "--output", output]
    if quiet { arguments.append("--quiet") }
    let run = try Run.parse(arguments)
    try run.run()
    if !quiet { StandardStream.error("report written to \(output)\n") }
  }
}
