public import ArgumentParser
import FunnelSim
import SalesModel

struct Staff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "staff",
    abstract: "Find the cheapest headcount mix by level that meets a target with a probability.",
    discussion: """
      Every candidate mix is simulated with the same seed (common random numbers: the same \
      leads, deal sizes and market in replication i of every mix), so mixes are compared on \
      the same luck. A local search: from the scenario's mix it adds the manager with the best \
      gain per unit of salary until the target is met, then removes or swaps managers while a \
      cheaper mix still meets it. The chosen mix is simulated again with another seed. It \
      finds a good mix, not always the cheapest of all; see docs/quota-and-staffing.md.

      The search runs each mix --replications times (default: the scenario's, at most 500), \
      the re-check --verify-replications times (default: the scenario's); both need at \
      least 2.

      Example: funnelsim staff scenarios/b2b-consulting.yaml --target bookings=60000000 \
      --confidence 0.8
      """)

  @OptionGroup var scenario: ScenarioOptions

  @Option(
    help: ArgumentHelp(
      "What to reach: METRIC=VALUE or METRIC>=VALUE (at least), METRIC<=VALUE (at most); "
        + "METRIC is a team metric key, or key.level.", valueName: "metric=value"))
  var target: String

  @Option(help: "Probability of meeting the target, e.g. 0.8.")
  var confidence: Double

  @Option(
    help: "Most a mix may cost over the horizon, in the --cost measure (\(MetricUnit.currency)).")
  var budget: Double?

  @Option(
    help:
      "How a mix is priced: cost-of-sales (simulated salaries + commissions) or salaries (planned)."
  )
  var cost: StaffingCost = .costOfSales

  @Option(
    help:
      "How added managers join: new (planned hires ramping from an empty book, as in compare) or transfer (ramped managers with their books on day 0)."
  )
  var hires: StaffingHires = .new

  @Option(name: .customLong("hire-month"), help: "The month (1-based) new hires join.")
  var hireMonth = 1

  @Option(
    name: .customLong("bounds"),
    help: ArgumentHelp(
      "Headcount range of a level (repeatable); default 0 to max(2 x current, current + 2).",
      valueName: "level=MIN..MAX"))
  var bounds: [String] = []

  @OptionGroup var replication: ReplicationOptions

  @Option(
    name: .customLong("verify-replications"), parsing: .unconditional,
    help: "Replications of the final re-check (default: the scenario's).")
  var verifyReplications: Int?

  @Option(
    name: .customLong("verify-seed"), parsing: .unconditional,
    help: "Seed of the re-check (default: derived from --seed, never equal to it).",
    transform: ReplicationOptions.seed)
  var verifySeed: UInt64?

  @Option(name: .customLong("max-evaluations"), help: "Most mixes to simulate.")
  var maxEvaluations = 60

  @OptionGroup var output: OutputOptions

  func validate() throws {
    try output.refuseWorkbook(in: "staff")
    if !(confidence > 0 && confidence < 1) {
      throw ValidationError(
        "--confidence must be strictly between 0 and 1, e.g. 0.8 (got \(confidence))")
    }
    try replication.requireReplications(atLeast: 2)
    try ReplicationOptions.check("--verify-replications", verifyReplications, atLeast: 2)
    if maxEvaluations < 1 { throw ValidationError("--max-evaluations must be at least 1") }
    _ = try parsedBounds()
    do { _ = try StaffingTarget(parsing: target) } catch {
      throw ValidationError(error.description)
    }
  }

  func parsedBounds() throws -> [String: ClosedRange<Int>] {
    var result: [String: ClosedRange<Int>] = [:]
    for b in bounds {
      let parts = b.split(separator: "=", maxSplits: 1).map(String.init)
      let range = parts.count == 2 ? parts[1].components(separatedBy: "..") : []
      guard range.count == 2, let lo = Int(range[0]), let hi = Int(range[1]), lo >= 0, lo <= hi
      else {
        throw ValidationError(
          "--bounds must be level=MIN..MAX with 0 <= MIN <= MAX, e.g. junior=0..6 (got '\(b)')")
      }
      result[parts[0]] = lo...hi
    }
    return result
  }

  func run() throws {
    let loaded = try scenario.load()
    let goal = try StaffingTarget(parsing: target)
    var options = StaffingOptions(
      confidence: confidence,
      replications: replication.replications ?? Swift.min(500, loaded.scenario.replications),
      seed: replication.seed ?? loaded.scenario.seed,
      verifyReplications: verifyReplications ?? loaded.scenario.replications,
      verifySeed: verifySeed, threads: replication.threads)
    options.cost = cost
    options.hires = hires
    options.hireMonth = hireMonth
    options.budget = budget
    options.bounds = try parsedBounds()
    options.maxEvaluations = maxEvaluations
    let bar = ProgressBar(
      total: options.replications * (maxEvaluations + 1) + options.verifyReplications,
      label: "replications (upper bound)", enabled: !output.quiet)
    installInterruptHandler()
    let started = Clock.seconds()
    let result = try runAnalysis(under: bar) {
      try StaffingSearch.search(
        loaded, target: goal, options: options, progress: { done, _ in bar.update(done) },
        shouldStop: { interruptRequested.load(ordering: .relaxed) })
    }
    try output.emit(result.rendered(as: output.format))
    output.note(
      "\(result.evaluated.count) mixes of \(options.replications) replications"
        + (result.recheck == nil ? "" : " + a re-check of \(options.verifyReplications)")
        + " in \(seconds(Clock.seconds() - started))")
    if !result.found { throw ExitCode(.targetNotMet) }
  }
}

extension StaffingCost: ExpressibleByArgument {}
extension StaffingHires: ExpressibleByArgument {}
