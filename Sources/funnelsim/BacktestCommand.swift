import ArgumentParser
import CRMFit
import Foundation
import FunnelSim

struct BacktestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backtest",
    abstract: "Score the forecasts the model would have made against what happened.",
    discussion: """
      For each origin (--as-of, then the same day of each earlier month, --origins in all) \
      fits the export on what was known that day (a deal closed later is open at the origin), \
      forecasts --months months from the deals open then, and scores the team's won deals and \
      bookings per month, and each owner's (from the per-owner forecast), against the export's \
      actuals: CRPS, coverage of the central 50% and 80% intervals, a PIT histogram; the same \
      for the run rate of the last three months and for the weighted pipeline. See docs/calibration.md; the JSON is in docs/output-format.md.
      Without --replications and --seed: 500 replications per origin, seed 1.
      """)

  @OptionGroup var input: CRMInputOptions

  @Option(help: "Months to forecast from each origin.")
  var months: Int

  @Option(help: "Origins: --as-of and the months before it.")
  var origins = 12

  @OptionGroup var parameters: ParameterSetOptions

  /// `--replications` (default 500 per origin), `--seed` (default 1) and `--threads`, as in `run`.
  @OptionGroup var replication: ReplicationOptions

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if !(1...120).contains(months) { throw ValidationError("--months \(months): expected 1…120") }
    if !(1...240).contains(origins) {
      throw ValidationError("--origins \(origins): expected 1…240")
    }
    try replication.requireReplications(atLeast: 10)
  }

  func run() throws {
    let export: CRMExport
    do {
      export = try CRMReader.read(
        opportunities: input.opportunities, stageHistory: input.stageHistory,
        owners: input.owners, clients: input.clients, requests: input.requests,
        options: try input.readOptions())
    } catch let error as CRMReadError {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(2)
    }
    if !output.quiet, !export.problems.isEmpty {
      StandardStream.error(
        "warning: \(export.problems.count) bad row(s) left out (--strict refuses them); "
          + "`funnelsim fit` lists them\n")
    }
    let stages = input.stages.map {
      $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    }
    let report: BacktestReport
    do {
      report = try BacktestReport.run(
        export, asOf: CalendarDay.iso(input.asOf)!, months: months, origins: origins,
        replications: replication.replications ?? 500, seed: replication.seed ?? 1,
        parameterSets: parameters.parameterSets, threads: replication.threads
      ) { origin in
        var options = FitOptions(asOf: origin)
        options.stages = stages
        options.portfolioCap = input.portfolioCap
        return options
      }
    } catch let error as FitError {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(2)
    }
    try output.emit(report.rendered(as: output.format))
  }
}
