import ArgumentParser
import CRMFit
import FunnelSim

/// The CRM export and how to read it, shared by `fit`, `forecast` (and `backtest`).
struct CRMInputOptions: ParsableArguments {
  @Argument(help: "The opportunity export (CSV, header row; docs/calibration.md).")
  var opportunities: String

  @Option(help: ArgumentHelp("Only data known on this day is used (YYYY-MM-DD).", valueName: "date"))
  var asOf: String

  @Option(help: ArgumentHelp("Owners file: owner, level, hire_date, exit_date, team, city.", valueName: "path"))
  var owners: String?

  @Option(help: ArgumentHelp("Stage history file: id, stage, date (one row per stage entered).", valueName: "path"))
  var stageHistory: String?

  @Option(help: ArgumentHelp("Clients file: account, owner, start, end, monthly_value.", valueName: "path"))
  var clients: String?

  @Option(help: ArgumentHelp("Service requests file: account, created, first_response, resolved.", valueName: "path"))
  var requests: String?

  @Option(
    name: .customLong("column"),
    help: ArgumentHelp(
      "Map a field to a header: field=HEADER (opportunities) or FILE:field=HEADER (repeatable).",
      valueName: "field=header"))
  var columns: [String] = []

  @Option(help: ArgumentHelp("A status value of won deals (repeatable; default won).", valueName: "value"))
  var won: [String] = []

  @Option(help: ArgumentHelp("A status value of lost deals (repeatable; default lost).", valueName: "value"))
  var lost: [String] = []

  @Option(help: ArgumentHelp("Date format: iso, day-first or month-first (default: detected).", valueName: "format"))
  var dateFormat: String?

  @Option(help: ArgumentHelp("Column names and status values of a CRM: salesforce or hubspot.", valueName: "crm"))
  var preset: String?

  @Option(help: ArgumentHelp("The funnel's stages in order, comma separated (default: from the data).", valueName: "a,b,c"))
  var stages: String?

  @Flag(help: "Refuse the files when any row is bad (default: leave bad rows out and count them).")
  var strict = false

  @Flag(help: "With --clients, fit each level's max_portfolio and the owners' opening books (initial_clients).")
  var portfolioCap = false

  func validate() throws {
    if CalendarDay.iso(asOf) == nil { throw ValidationError("--as-of '\(asOf)': expected a date YYYY-MM-DD") }
    if let dateFormat, DateFormat(rawValue: dateFormat) == nil {
      throw ValidationError("--date-format '\(dateFormat)': expected iso, day-first or month-first")
    }
    if let preset, CRMPreset(rawValue: preset) == nil {
      throw ValidationError("--preset '\(preset)': expected salesforce or hubspot")
    }
    _ = try readOptions()
  }

  func readOptions() throws -> CRMReadOptions {
    var o = preset.flatMap(CRMPreset.init(rawValue:)).map(CRMReadOptions.init(preset:)) ?? CRMReadOptions()
    do {
      for c in columns { try o.addColumn(c) }
    } catch { throw ValidationError("\(error)") }
    if !won.isEmpty { o.won = won }
    if !lost.isEmpty { o.lost = lost }
    o.dateFormat = dateFormat.flatMap(DateFormat.init(rawValue:))
    o.strict = strict
    return o
  }

  /// Reads and fits, or prints the problem and exits 2; bad rows are summarised on standard
  /// error unless `quiet`.
  func fit(quiet: Bool) throws -> HistoryFit {
    do {
      let export = try CRMReader.read(
        opportunities: opportunities, stageHistory: stageHistory, owners: owners, clients: clients,
        requests: requests, options: try readOptions())
      if !quiet, !export.problems.isEmpty {
        var text = "warning: \(export.problems.count) bad row(s) left out (--strict refuses them):\n"
        for p in export.problems.prefix(10) { text += "  \(p)\n" }
        if export.problems.count > 10 { text += "  ... and \(export.problems.count - 10) more\n" }
        StandardStream.error(text)
      }
      var options = FitOptions(asOf: CalendarDay.iso(asOf)!)
      options.stages = stages.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
      options.portfolioCap = portfolioCap
      return try HistoryFit.fit(export, options: options)
    } catch let error as CRMReadError {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(2)
    } catch let error as FitError {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(2)
    }
  }
}

/// `--parameter-sets`, shared by `forecast` and `backtest` so that both read and check it the
/// same way.
struct ParameterSetOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Parameter sets the replications are split over, drawn from the fit's sampling "
        + "distributions (1: the fit itself)."))
  var parameterSets = Forecast.defaultParameterSets

  func validate() throws {
    try ReplicationOptions.check("--parameter-sets", parameterSets, atLeast: 1)
  }
}

struct Fit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit a scenario to a CRM export: estimates with intervals, a runnable scenario.",
    discussion: """
      Reads the opportunity export (and the optional owners, stage history, clients and \
      requests files), keeps what was known on --as-of, estimates lead rates, win rates, the \
      sales cycle (open deals censored), deal sizes, churn and service load with their sample \
      sizes and 95% intervals, and writes a scenario whose fitted values carry them as \
      comments. The deals open on --as-of become the scenario's opening pipeline. See \
      docs/calibration.md.
      """)

  @OptionGroup var input: CRMInputOptions

  @Option(help: ArgumentHelp("Write the scenario here (atomically).", valueName: "path"))
  var output: String

  @Option(help: ArgumentHelp("Also write an HTML report of the fit here.", valueName: "path"))
  var report: String?

  @Option(help: "The written scenario's horizon_months.")
  var horizonMonths = 12

  @Flag(help: "Print nothing on standard error.")
  var quiet = false

  func validate() throws {
    var outputs = [("--output", output)]
    if let report { outputs.append(("--report", report)) }
    try OutputPaths.check(outputs)
    if !(1...1200).contains(horizonMonths) {
      throw ValidationError("--horizon-months \(horizonMonths): expected 1…1200")
    }
  }

  func run() throws {
    let fit = try input.fit(quiet: quiet)
    var settings = HistoryFit.RunSettings()
    settings.horizonMonths = horizonMonths
    var files = [(path: output, contents: fit.scenarioYAML(settings))]
    if let report {
      files.append(
        (report, try FitReport.make(fit, horizonMonths: horizonMonths, ownersFile: input.owners != nil).html()))
    }
    do { try AtomicFile.write(files) } catch { throw CommandFailure("\(error)") }
    if !quiet {
      StandardStream.error(
        "fitted \(fit.opportunitiesUsed) opportunities as of \(fit.asOf): win rate \(fit.winRate), "
          + "\(Estimate.format(fit.leadsPerMonth.value)) leads a month, \(fit.openDeals.count) deals open; "
          + "wrote \(output)\n")
    }
  }
}

struct ForecastCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forecast",
    abstract: "Forecast won deals and bookings by month from a CRM export.",
    discussion: """
      Fits the export as known on --as-of (as `fit` does), starts the simulation from the deals \
      open that day in their stages with their ages, and reports won deals and bookings per \
      month and per level with P10/P50/P90, and the chance to reach --plan. See \
      docs/calibration.md; the JSON is in docs/output-format.md. Without --replications and \
      --seed: 1,000 replications, seed 1.
      """)

  @OptionGroup var input: CRMInputOptions

  @Option(help: "Months to forecast, from the month after --as-of.")
  var months: Int

  @Option(help: ArgumentHelp("A bookings plan for the forecast's months.", valueName: "amount"))
  var plan: Double?

  @Flag(help: "One level per owner (their shrunk win rate and open deals): report per owner.")
  var perOwner = false

  @OptionGroup var parameters: ParameterSetOptions

  /// `--replications` (default 1000), `--seed` (default 1) and `--threads`, as in `run`.
  @OptionGroup var replication: ReplicationOptions

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if !(1...120).contains(months) { throw ValidationError("--months \(months): expected 1…120") }
    if let plan, !(plan >= 0 && plan.isFinite) { throw ValidationError("--plan: expected an amount >= 0") }
  }

  func run() throws {
    let fit = try input.fit(quiet: output.quiet)
    let forecast = try Forecast.run(
      fit, months: months, replications: replication.replications ?? 1000,
      seed: replication.seed ?? 1, plan: plan, perOwner: perOwner,
      parameterSets: parameters.parameterSets,
      threads: replication.threads)
    try output.emit(forecast.rendered(as: output.format))
  }
}
