// `funnelsim fit --report`: every estimate, and the history against the fitted model
// (docs/calibration.md, "The fit report").
public import CRMFit
import SalesModel
import ScenarioLoading

/// The fit's estimates and the observed history beside the fitted model's.
public struct FitReport: Sendable {
  /// The fit.
  public var fit: HistoryFit
  /// Won deals per month simulated from an empty funnel over the history's months.
  public var simulatedWon: [Forecast.Band]
  public var replications: Int
  public var seed: UInt64

  /// Simulates the fitted scenario over the months of the history, from an empty funnel as
  /// the export starts, so its won deals per month can be set beside the history's.
  public static func make(_ fit: HistoryFit, replications: Int = 200, seed: UInt64 = 1) throws
    -> FitReport
  {
    var bare = fit
    // The history starts empty: no opening pipeline.
    bare.openDeals = []
    for i in bare.levels.indices { bare.levels[i].openByStage = [:] }
    var settings = HistoryFit.RunSettings()
    settings.horizonMonths = max(1, min(1200, fit.wonPerMonth.count))
    settings.replications = replications
    settings.seed = seed
    var scenario = try ScenarioLoader.load(
      Scenario.self, text: bare.scenarioYAML(settings), file: "fitted scenario")
    // Deals worth 1: monthly bookings count the deals won.
    for i in scenario.segments.indices { scenario.segments[i].dealSize = .constant(1) }
    for i in scenario.levels.indices { scenario.levels[i].dealSizeMultiplier = 1 }
    // Without seasonality the simulation's months need not be calendar months; with it, the
    // run starts in the history's first month.
    if let season = fit.seasonality, scenario.leads.inbound.enabled {
      let start = fit.firstMonth.components.month - 1
      scenario.leads.inbound.seasonality = (0..<12).map { season[(start + $0) % 12] }
    }
    let model = try SalesModel(scenario: scenario)
    let outcomes = try ReplicationRunner().run(model, seed: seed, replications: 0..<replications)
    let s = model.schema.series.firstIndex { $0.key == SeriesMetric.bookings.key }!
    let bands = (0..<settings.horizonMonths).map { m in Forecast.Band(outcomes.map { $0.series[s][m] }) }
    return FitReport(fit: fit, simulatedWon: bands, replications: replications, seed: seed)
  }

  /// The page.
  public func html() -> String { HTMLReport(fitReport: self).rendered() }
}

extension HTMLReport {
  init(fitReport r: FitReport) {
    let fit = r.fit
    self.init(
      title: "Fit of \(fit.opportunitiesUsed) opportunities as of \(fit.asOf)",
      subtitle: "\(fit.problems.count) bad rows left out · \(fit.openDeals.count) deals open on \(fit.asOf) · "
        + "simulated \(r.replications) runs, seed \(r.seed)")
    func e(_ x: Estimate?) -> [String] {
      guard let x else { return ["–", "–", "–"] }
      return [Estimate.format(x.value), String(x.n), "\(Estimate.format(x.lower)) – \(Estimate.format(x.upper))"]
    }
    var rows: [[String]] = [
      ["Leads per month"] + e(fit.leadsPerMonth),
      ["Win rate (won / closed)"] + e(fit.winRate),
      ["Win rate of a lead (product of the stages)", Estimate.format(fit.funnelWinRate), "–", "–"],
      ["Time to close, median (working days, Kaplan–Meier)"] + e(fit.timeToClose),
      ["Won sales cycle, mean (working days, gamma)"] + e(fit.wonCycle?.mean),
    ]
    for c in fit.leadsPerChannel.keys.sorted() { rows.append(["Leads per month, \(c)"] + e(fit.leadsPerChannel[c])) }
    func factors(_ f: [Double]) -> String { f.map { Estimate.format($0) }.joined(separator: " ") }
    if let season = fit.seasonality {
      rows.append(["Seasonal multipliers, January to December", factors(season), "–", "–"])
    }
    for c in fit.seasonalityPerChannel.keys.sorted() {
      rows.append(
        ["Seasonal multipliers of \(c), January to December", factors(fit.seasonalityPerChannel[c]!), "–", "–"])
    }
    for s in fit.stageFits {
      rows.append(["Stage \(s.name): probability"] + e(s.probability))
      if let d = s.durationDays { rows.append(["Stage \(s.name): working days in the stage"] + e(d)) }
    }
    for l in fit.levels {
      rows.append(["Level \(l.name): win rate"] + e(l.winRate))
      rows.append(["Level \(l.name): win multiplier (last stage)", Estimate.format(l.winMultiplier), "–", "–"])
    }
    for o in fit.owners {
      rows.append(["Owner \(o.owner): win rate (shrunk)"] + e(o.winRate))
      rows.append(["Owner \(o.owner): closed per month"] + e(o.closedPerMonth))
    }
    for s in fit.segments {
      rows.append(["Segment \(s.name): share of leads"] + e(s.share))
      rows.append(["Segment \(s.name): deal size mean (\(s.dealSize?.family.rawValue ?? "–"))"] + e(s.dealSize?.mean))
    }
    rows.append(["Churn hazard per client-month"] + e(fit.churnHazard))
    rows.append(["Requests per client-month"] + e(fit.requestsPerClientMonth))
    rows.append(["First response (working days)"] + e(fit.responseDays))
    let estimates = Table(
      caption: nil, headers: ["Estimate", "Value", "n", "95% interval"], rows: rows, numeric: [1, 2])

    let quantiles = [0.1, 0.25, 0.5, 0.75, 0.9]
    func observed(_ values: [Double], _ p: Double) -> Double {
      let s = values.sorted()
      guard !s.isEmpty else { return 0 }
      return s[min(s.count - 1, max(0, Int((p * Double(s.count)).rounded(.up)) - 1))]
    }
    var sizeRows: [[String]] = []
    for s in fit.segments {
      guard let d = s.dealSize, !s.amounts.isEmpty else { continue }
      sizeRows.append(["\(s.name), observed (n \(s.amounts.count))"] + quantiles.map { DisplayFormat.short(observed(s.amounts, $0), unit: .money) })
      sizeRows.append(["\(s.name), fitted \(d.family.rawValue)"] + quantiles.map { DisplayFormat.short(d.quantile($0), unit: .money) })
    }
    var cycleRows: [[String]] = []
    if let c = fit.wonCycle, !fit.wonCycles.isEmpty {
      cycleRows.append(["observed won deals (n \(fit.wonCycles.count))"] + quantiles.map { Format.value(observed(fit.wonCycles, $0), unit: .days) })
      cycleRows.append(["fitted gamma, open deals censored"] + quantiles.map { Format.value(c.quantile($0), unit: .days) })
    }
    let qHeaders = [""] + quantiles.map { "P\(Int($0 * 100))" }
    let months = zip(fit.wonPerMonth.indices, fit.wonPerMonth).map { i, w -> [String] in
      let b = i < r.simulatedWon.count ? r.simulatedWon[i] : Forecast.Band([])
      let label = String(CalendarDay.firstDay(ofMonthIndex: fit.firstMonth.monthIndex + i).description.prefix(7))
      let inside = Double(w) >= b.p10 && Double(w) <= b.p90
      return [label, String(w), Forecast.deals(b.p10), Forecast.deals(b.p50),
              Forecast.deals(b.p90), inside ? "yes" : "no"]
    }
    let fan = FanChart(
      title: "Won per month, simulated", unit: .count, p10: r.simulatedWon.map(\.p10),
      p50: r.simulatedWon.map(\.p50), p90: r.simulatedWon.map(\.p90), mean: r.simulatedWon.map(\.mean))
    var problemBlocks: [Block] = [.paragraph("\(fit.problems.count) rows were left out.")]
    if !fit.problems.isEmpty {
      problemBlocks.append(
        .table(
          Table(
            caption: fit.problems.count > 200 ? "The first 200" : nil,
            headers: ["File", "Row", "Column", "Problem"],
            rows: fit.problems.prefix(200).map { [$0.file, String($0.row), $0.column, $0.message] },
            numeric: [1])))
    }
    sections = [
      Section(
        id: "estimates", title: "Estimates",
        intro: "Each estimate with the observations it rests on and its 95% interval "
          + "(docs/calibration.md gives every formula).",
        blocks: [.table(estimates)]),
      Section(
        id: "deal-size", title: "Deal size",
        intro: "Quantiles of the won deals' amounts against the family chosen by AIC.",
        blocks: sizeRows.isEmpty
          ? [.paragraph("No won deal has an amount.")]
          : [.table(Table(caption: nil, headers: qHeaders, rows: sizeRows, numeric: Set(1..<6)))]),
      Section(
        id: "time-to-close", title: "Time to close",
        intro: "Working days from created to won. The observed quantiles leave out the deals "
          + "still open, which the fit counts as censored: the fitted cycle is longer when many "
          + "deals are open.",
        blocks: cycleRows.isEmpty
          ? [.paragraph("No won deal.")]
          : [.table(Table(caption: nil, headers: qHeaders, rows: cycleRows, numeric: Set(1..<6)))]),
      Section(
        id: "won-per-month", title: "Won per month",
        intro: "Deals won in each month of the history against the fitted model simulated from "
          + "an empty funnel at the first month of data: about eight months in ten should fall "
          + "inside the P10–P90 band (the last month is partial when as-of is not its end).",
        blocks: [
          .chart(title: "Won per month, simulated", svg: fan.svg(), caption: nil),
          .table(
            Table(
              caption: nil, headers: ["Month", "Observed", "P10", "P50", "P90", "Inside"],
              rows: months, numeric: Set(1..<5))),
        ]),
      Section(id: "bad-rows", title: "Bad rows", intro: nil, blocks: problemBlocks),
    ]
    footer = ["As of \(fit.asOf) · seed \(r.seed)"]
  }
}
