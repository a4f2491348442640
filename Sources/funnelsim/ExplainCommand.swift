import ArgumentParser
import FunnelSim
import SalesModel

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Split the gap between a target and the forecast into named causes.",
    discussion: """
      Each cause is a switch of the scenario that removes it: every manager fully ramped, \
      nobody leaves, vacancies filled at once, no no-shows, capacity unlimited, lead volume \
      at the level the plan needs, every level converting like the best, no sandbagging, no \
      churn from service breaches, no lead lost waiting, clients staying when their manager \
      leaves. A cause whose switch changes nothing in the scenario contributes 0. The \
      contributions are Shapley values over the applicable causes, computed replication by \
      replication on common random numbers, so they and the remaining gap add up to the gap \
      in every replication: exact up to 8 applicable causes (2^k variants), estimated from \
      --permutations random orders above, with the sampling error stated.

      The target is the plan by default (plan_bookings, else the sum of the quotas), which \
      exists for the team's bookings; other metrics and single levels need --target. Each \
      variant runs --replications times (default \(ExplainOptions.defaultReplications), not \
      the scenario's: the cost is variants × replications). See docs/explain.md.

      Example: funnelsim explain scenarios/b2b-consulting.yaml --by-level
      """)

  @OptionGroup var scenario: ScenarioOptions

  @Option(help: ArgumentHelp("The metric to explain: a count or an amount.", valueName: "key"))
  var metric = Metric.bookings.key

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The target (default: the plan, for the team's bookings).", valueName: "value"))
  var target: Double?

  @Option(help: ArgumentHelp("Explain one level's metric (needs --target).", valueName: "level"))
  var level: String?

  @Flag(name: .customLong("by-level"), help: "Also split every contribution by level.")
  var byLevel = false

  @Option(
    name: .customLong("cause"),
    help: ArgumentHelp(
      "Consider only these causes (repeatable): "
        + ShortfallCause.allCases.map(\.rawValue).joined(separator: ", ") + ".",
      valueName: "cause"))
  var causes: [String] = []

  @Option(
    help: "Random orders of the causes sampled when more than 8 apply (at least 2).")
  var permutations = ExplainOptions(seed: 0).permutations

  @OptionGroup var replication: ReplicationOptions

  @OptionGroup var output: OutputOptions

  func validate() throws {
    try replication.requireReplications(atLeast: 2)
    if level != nil && byLevel {
      throw ValidationError("give either --level LEVEL or --by-level, not both")
    }
    if let target, !target.isFinite { throw ValidationError("--target must be a number") }
    if permutations < 2 { throw ValidationError("--permutations must be at least 2") }
    for c in causes where ShortfallCause(named: c) == nil {
      throw ValidationError(
        "--cause: no cause named '\(c)'; the causes are "
          + ShortfallCause.allCases.map(\.rawValue).joined(separator: ", "))
    }
  }

  func run() throws {
    let loaded = try scenario.load()
    var options = ExplainOptions(
      replications: replication.replications ?? ExplainOptions.defaultReplications,
      seed: replication.seed ?? loaded.scenario.seed, threads: replication.threads)
    options.metric = metric
    options.group = level ?? "team"
    options.target = target
    options.byLevel = byLevel
    options.permutations = permutations
    if !causes.isEmpty { options.causes = causes.compactMap(ShortfallCause.init(named:)) }
    let bar = ProgressBar(
      total: ShortfallAnalysis.plannedReplications(for: loaded.scenario, options: options),
      label: "replications", enabled: !output.quiet)
    installInterruptHandler()
    let started = Clock.seconds()
    let explanation = try runAnalysis(under: bar) {
      try ShortfallAnalysis.explain(
        loaded, options: options, progress: { done, _ in bar.update(done) },
        shouldStop: { interruptRequested.load(ordering: .relaxed) })
    }
    output.note(
      "\(explanation.variantsRun) variants × \(options.replications) replications in "
        + seconds(Clock.seconds() - started))
    try output.emit(report: explanation)
  }
}
