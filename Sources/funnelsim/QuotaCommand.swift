import ArgumentParser
import FunnelSim
import SalesModel

struct Quota: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quota",
    abstract: "Propose quotas that a share of managers reaches, or check given quotas.",
    discussion: """
      With --attain P: for each level, the quota per quota period that a share P of ramped \
      manager-periods reaches, with a 95% interval, found by simulating and re-simulating at \
      the proposed quotas (quotas change behaviour) until the share settles; then the proposal \
      is simulated again with another seed (--verify-seed) and the share reached is shown.

      With --check: the share of ramped manager-periods reaching the scenario's quotas (or \
      those given with --quota level=VALUE) per level, with intervals, the spread across \
      levels (a fairness view) and the team's bookings forecast.

      Method and limits: docs/quota-and-staffing.md.
      """)

  @OptionGroup var scenario: ScenarioOptions

  @Option(help: "Share of ramped manager-periods that should reach the quota, e.g. 0.6.")
  var attain: Double?

  @Flag(help: "Check quotas instead of proposing them: the share reaching them per level.")
  var check = false

  @Option(
    help: ArgumentHelp(
      "With --check: the quota of a level per quota period (repeatable).",
      valueName: "level=\(MetricUnit.currency)"))
  var quota: [String] = []

  @OptionGroup var replication: ReplicationOptions

  @Option(
    name: .customLong("verify-seed"), parsing: .unconditional,
    help: "Seed of the verification run (default: derived from --seed, never equal to it).",
    transform: ReplicationOptions.seed)
  var verifySeed: UInt64?

  @Option(
    name: .customLong("max-iterations"),
    help: "Most proposal runs of the fixed-point iteration (at least 2).")
  var maxIterations = 6

  @OptionGroup var output: OutputOptions

  func validate() throws {
    try output.refuseWorkbook(in: "quota")
    if check == (attain != nil) {
      throw ValidationError("give either --attain P (propose quotas) or --check (check quotas)")
    }
    if let attain, !(attain > 0 && attain < 1) {
      throw ValidationError(
        "--attain must be a share strictly between 0 and 1, e.g. 0.6 (got \(attain))")
    }
    if !quota.isEmpty && !check { throw ValidationError("--quota goes with --check") }
    try replication.requireReplications(atLeast: 2)
    if maxIterations < 2 { throw ValidationError("--max-iterations must be at least 2") }
    _ = try parsedQuotas()
  }

  func parsedQuotas() throws -> [String: Double] {
    var result: [String: Double] = [:]
    for q in quota {
      let parts = q.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let v = Double(parts[1].replacingOccurrences(of: "_", with: "")),
        v.isFinite, v > 0
      else {
        throw ValidationError(
          "--quota must be level=AMOUNT with a positive amount, e.g. junior=350000 (got '\(q)')")
      }
      result[parts[0]] = v
    }
    return result
  }

  func run() throws {
    let loaded = try scenario.load()
    var options = QuotaOptions(
      replications: replication.replications ?? loaded.scenario.replications,
      seed: replication.seed ?? loaded.scenario.seed, verifySeed: verifySeed,
      threads: replication.threads)
    options.maxIterations = maxIterations
    let bar = ProgressBar(
      total: options.replications * (check ? 1 : maxIterations + 1), label: "replications",
      enabled: !output.quiet)
    installInterruptHandler()
    let started = Clock.seconds()
    let text: String
    if let attain {
      let proposal = try runAnalysis(under: bar) {
        try QuotaAnalysis.propose(
          loaded, attain: attain, options: options, progress: { done, _ in bar.update(done) },
          shouldStop: { interruptRequested.load(ordering: .relaxed) })
      }
      text = proposal.rendered(as: output.format)
      output.note(
        "\(proposal.iterations.count + 1) runs of \(options.replications) replications in "
          + seconds(Clock.seconds() - started))
    } else {
      let quotas = try parsedQuotas()
      let result = try runAnalysis(under: bar) {
        try QuotaAnalysis.check(
          loaded, quotas: quotas, options: options, progress: { done, _ in bar.update(done) },
          shouldStop: { interruptRequested.load(ordering: .relaxed) })
      }
      text = result.rendered(as: output.format)
      output.note("\(options.replications) replications in \(seconds(Clock.seconds() - started))")
    }
    try output.emit(text)
  }
}
