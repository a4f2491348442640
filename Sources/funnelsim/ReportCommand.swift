import ArgumentParser
import FunnelSim

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Run a scenario and write a self-contained HTML report with charts.",
    discussion: """
      The same as `funnelsim run SCENARIO --format html --output PATH`: a fan chart of \
      monthly revenue, quota attainment by level, the funnel, and every metric by level. The \
      page needs no network to open. Other commands (compare, sweep, quota) write their own \
      reports with --format html.
      """)

  @OptionGroup var scenario: ScenarioOptions

  @OptionGroup var replication: ReplicationOptions

  @Option(
    help: ArgumentHelp("Where to write the page.", valueName: "path"),
    completion: .file(extensions: ["html"]))
  var output = "report.html"

  @Flag(help: "Print nothing on standard error.")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "Finish the interrupted report whose partial result is in this file.", valueName: "partial"))
  var resume: String?

  func run() throws {
    var shards = ShardOptions.whole
    shards.resume = resume
    try shards.check(OutputOptions(format: .html, output: output, quiet: quiet))
    try Run.simulate(
      try scenario.load(), replication: replication, shards: shards,
      perReplication: nil, output: OutputOptions(format: .html, output: output, quiet: quiet))
    if !quiet { StandardStream.error("report written to \(output)\n") }
  }
}

// `report` is `run` with its options set in code; every option a `run` reads is set here.
extension OutputOptions {
  fileprivate init(format: OutputFormat, output: String?, quiet: Bool) {
    self.init()
    self.format = format
    self.output = output
    self.quiet = quiet
  }
}

extension ShardOptions {
  /// The whole run: no shard, and nothing to resume unless `--resume` says so.
  fileprivate static var whole: ShardOptions {
    var options = ShardOptions()
    options.shard = nil
    options.resume = nil
    return options
  }
}
