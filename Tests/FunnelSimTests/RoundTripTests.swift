import Backtest
import CRMFit
import Foundation
import SalesModel
import Statistics
import TestSupport
import Testing

@testable import FunnelSim

/// History the model made, exported, read back by the fit's reader, fitted and backtested:
/// on data the model can represent, the estimators and the forecast must be right.
@Suite(.serialized) struct RoundTripTests {
  /// Replication 0 of `b2b-consulting` over `months` months (seed fixed), exported from
  /// January 2025 and read back.
  static func export(months: Int) throws -> (LoadedScenario, CRMExport) {
    let loaded = try LoadedScenario.load(
      path: ScenarioFiles.path("b2b-consulting.yaml"), overrides: ["horizon_months=\(months)"])
    let history = try loaded.model.history(replication: 0, seed: 20_240_601)
    let writer = HistoryExport(start: .init(year: 2025, month: 1, day: 1), daysPerMonth: 21)
    let folder = try TemporaryDirectory()
    for (name, contents) in writer.files(history, scenario: loaded.scenario) {
      try folder.write(name, contents)
    }
    let export = try CRMReader.read(folder: folder.path)
    #expect(export.problems.isEmpty)
    return (loaded, export)
  }

  /// Parameters the export shows without the levels' multipliers: the probability of a stage
  /// that is neither the first (outbound leads skip it) nor the last (skill acts there), and
  /// the inbound lead rate (its seasonality averages 1 over whole years), each inside the
  /// fit's 95% interval.
  @Test func fittingAnExportRecoversTheScenariosParameters() throws {
    let (loaded, export) = try Self.export(months: 24)
    var options = FitOptions(asOf: CalendarDay(year: 2026, month: 12, day: 31)!)
    options.stages = loaded.scenario.funnel.stages.map(\.name)
    let fit = try HistoryFit.fit(export, options: options)
    let proposal = try #require(fit.stageFits.first { $0.name == "proposal" })
    let p = loaded.scenario.funnel.stages.first { $0.name == "proposal" }!.probability
    #expect(proposal.probability.lower <= p && p <= proposal.probability.upper)
    let inbound = try #require(fit.leadsPerChannel["inbound"])
    let rate = loaded.scenario.leads.inbound.perMonth
    // Known issue: the fit counts every channel's exposure from the first deal created, and
    // the opening deals were created up to 45 days before the first month, so the inbound
    // rate comes out low (about 24/25.5 of it) and its interval misses the scenario's.
    withKnownIssue("channel exposure starts at the oldest opening deal") {
      #expect(inbound.lower <= rate && rate <= inbound.upper)
    }
  }

  /// Twelve origins, six months each (72 forecast months per quantity): the model's 80%
  /// intervals of won deals cover 80% within a 99% Wilson interval of the 72 (about ±12
  /// points: the data cannot pin 75–85% down tighter with 72 months; the release
  /// measurement in docs/calibration.md uses more), and its mean CRPS on won deals is below
  /// both baselines'.
  @Test func backtestOnSimulatedHistoryIsCalibratedAndBeatsTheBaselines() throws {
    let (loaded, export) = try Self.export(months: 36)
    let stages = loaded.scenario.funnel.stages.map(\.name)
    let report = try BacktestReport.run(
      export, asOf: CalendarDay(year: 2027, month: 5, day: 31)!, months: 6, origins: 12,
      replications: 60, seed: 3
    ) { origin in
      var options = FitOptions(asOf: origin)
      options.stages = stages
      return options
    }
    let model = report.summary(.model, .won)
    #expect(model.count == 72)
    let coverage = try #require(model.coverage80)
    // Known issue: the fitted forecast's 80% intervals of won deals cover about 58% here (99%
    // Wilson interval 43–72%): too narrow. The fit engineer's estimators and scenario writer
    // decide the spread; the backtest is what shows it.
    withKnownIssue("fitted forecasts of won deals under-cover") {
      #expect(coverage.wilsonInterval(level: 0.99)!.contains(0.8))
    }
    for baseline in [BacktestReport.Method.runRate, .weightedPipeline] {
      #expect(model.crps! < report.summary(baseline, .won).crps!)
    }
  }
}
