import ArgumentParser
import FunnelSim
import SalesModel

struct Desk: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "desk",
    abstract: "Staff the service desk: response managers per channel, by Erlang C and by simulation.",
    discussion: """
      Runs the scenario as written to measure each channel's requests per working minute, \
      then gives per channel the Erlang C headcount for its target_share within sla_minutes \
      (Poisson arrivals, exponential handling with the channel's mean, nobody hangs up) and \
      the fewest dedicated response managers the simulation says meet the target, with the \
      simulated share and its 95% interval; then the fewest response managers of one shared \
      desk that meet every channel's target. Every headcount is simulated with the same seed \
      (common random numbers: the same requests). The scenario needs a service_desk section; \
      see docs/quota-and-staffing.md.

      Each headcount runs --replications times (default: the scenario's, at most 200).

      Example: funnelsim desk examples/service-desk.yaml --replications 20
      """)

  @OptionGroup var scenario: ScenarioOptions
  @OptionGroup var replication: ReplicationOptions

  @Option(name: .customLong("max-evaluations"), help: "Most headcounts to simulate per search.")
  var maxEvaluations = 60

  @OptionGroup var output: OutputOptions

  func validate() throws {
    try output.refuseWorkbook(in: "desk")
    try replication.requireReplications(atLeast: 2)
    if maxEvaluations < 1 { throw ValidationError("--max-evaluations must be at least 1") }
  }

  func run() throws {
    let loaded = try scenario.load()
    var options = DeskStaffingOptions(
      replications: replication.replications ?? Swift.min(200, loaded.scenario.replications),
      seed: replication.seed ?? loaded.scenario.seed, threads: replication.threads)
    options.maxEvaluations = maxEvaluations
    let started = Clock.seconds()
    let result: DeskStaffingResult
    do {
      result = try DeskStaffing.analyse(loaded, options: options)
    } catch let refusal as DeskStaffing.Refusal {
      throw CommandFailure(refusal.description)
    }
    try output.emit(report: result)
    let tried = result.channels.reduce(result.sharedEvaluated.count) { $0 + $1.evaluated.count }
    output.note(
      "\(tried) headcounts of \(options.replications) replications in "
        + seconds(Clock.seconds() - started))
  }
}
