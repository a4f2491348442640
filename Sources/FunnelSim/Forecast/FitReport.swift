// `funnelsim fit --report`: every estimate, and the history against the fitted model
// (docs/calibration.md, "The fit report").
public import CRMFit
import Foundation
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
  /// The written scenario's `horizon_months`: the planned hires shown are those it carries.
  public var horizonMonths = 12
  /// Whether an owners file was read: without one, careers cannot be fitted.
  public var ownersFile = true

  /// Simulates the fitted scenario over the months of the history, from an empty funnel as
  /// the export starts, so its won deals per month can be set beside the history's.
  ///
  /// - Parameters:
  ///   - horizonMonths: the written scenario's horizon (its planned hires stop there).
  ///   - ownersFile: whether an owners file was read (the report says why careers are missing).
  public static func make(
    _ fit: HistoryFit, horizonMonths: Int = 12, ownersFile: Bool, replications: Int = 200,
    seed: UInt64 = 1
  ) throws -> FitReport {
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
    return FitReport(
      fit: fit, simulatedWon: bands, replications: replications, seed: seed,
      horizonMonths: horizonMonths, ownersFile: ownersFile)
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
      return [Estimate.format(x.value), String(x.n), Self.interval(x)]
    }
    var rows: [[String]] = [
      ["Leads per month"] + e(fit.leadsPerMonth),
      ["Win rate (won / closed)"] + e(fit.winRate),
      [
        "Win rate of a lead (product of the stages' probabilities the scenario uses)",
        Estimate.format(fit.funnelWinRate), "–", "–",
      ],
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
      rows.append(["Stage \(s.name): probability, whole history"] + e(s.probability))
      // The scenario runs on the recent level (docs/calibration.md, "Recent stage
      // probabilities"); shown next to the whole history so the product above can be checked.
      if let recent = s.recent {
        let halfLife = Estimate.format(fit.stageHalfLifeMonths)
        rows.append(
          ["Stage \(s.name): probability, recent (half-life \(halfLife) months; the scenario's)"]
            + e(recent))
      }
      if let d = s.durationDays { rows.append(["Stage \(s.name): working days in the stage"] + e(d)) }
    }
    for l in fit.levels {
      rows.append(["Level \(l.name): win rate"] + e(l.winRate))
      rows.append(["Level \(l.name): win multiplier (last stage)", Estimate.format(l.winMultiplier), "–", "–"])
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
      careersSection(r),
      ownersSection(fit),
      Section(id: "bad-rows", title: "Bad rows", intro: nil, blocks: problemBlocks),
    ]
    footer = ["As of \(fit.asOf) · seed \(r.seed)"]
  }
}

extension HTMLReport {
  /// `lower – upper`, or `–` when an end is not a finite number (no NaN or infinity in a
  /// report: a shrunk owner's beta quantile can fail to converge).
  static func interval(_ x: Estimate) -> String {
    guard x.lower.isFinite, x.upper.isFinite else { return "–" }
    return "\(Estimate.format(x.lower)) – \(Estimate.format(x.upper))"
  }

  /// Tenures (months since hire) at which the survival of tenure is compared.
  static let tenureMonths = [3.0, 6, 12, 18, 24, 36, 48]

  /// The careers fitted from the owners file, each with the scenario key that carries it, and
  /// the observed survival of tenure against the fitted exponential; or why there are none.
  func careersSection(_ r: FitReport) -> Section {
    let fit = r.fit
    let intro =
      "Exits, refills and the ramp of new hires from the owners file's hire and exit dates "
      + "(docs/calibration.md, \"Careers\"), each with the scenario key that carries it."
    guard let careers = fit.careers else {
      let why =
        r.ownersFile
        ? "Careers were not fitted: no owner in the owners file has a hire or exit date on or "
          + "before \(fit.asOf), so there is no exit to count and no hire to time. The scenario "
          + "has no careers section: every level keeps its headcount."
        : "Careers were not fitted: no owners file was given (--owners), so there are no hire "
          + "or exit dates. The scenario has no careers section: every level keeps its headcount."
      return Section(id: "careers", title: "Careers", intro: intro, blocks: [.paragraph(why)])
    }
    func f(_ x: Double) -> String { Estimate.format(x) }
    func interval(_ x: Estimate) -> String { Self.interval(x) }
    var rows: [[String]] = []
    func exits(_ x: CareerFit.LevelExits, name: String, key: String) {
      let h = x.hazard
      rows.append(["\(name): exits per person-month", f(h.value), String(h.n), interval(h), "–"])
      rows.append([
        "\(name): chance to leave within a year", f(x.writtenAnnualRate), String(h.n),
        "\(f(CareerFit.LevelExits.writtenAnnualRate(hazard: h.lower))) – "
          + f(CareerFit.LevelExits.writtenAnnualRate(hazard: h.upper)),
        key,
      ])
      rows.append(["\(name): person-months at risk", f(x.personMonths), "–", "–", "–"])
    }
    for l in careers.levels {
      exits(l, name: "Level \(l.level)", key: "levels.\(l.level).attrition_annual_rate")
    }
    exits(careers.team, name: "All levels", key: "careers.attrition.annual_rate")
    rows.append(["Exits followed by a hire", String(careers.refilled), "–", "–", "–"])
    rows.append(["Exits not refilled within a year", String(careers.notRefilled), "–", "–", "–"])
    rows.append(["Exits awaiting their hire", String(careers.awaitingRefill.count), "–", "–", "–"])
    let hiringKey =
      careers.refills ? "careers.hiring.time_to_hire_days" : "not written: exits are not refilled"
    if let d = careers.timeToHireDays {
      rows.append([
        "Time to hire, mean (working days)", f(d.value), String(d.n), interval(d), hiringKey,
      ])
      if let sd = careers.timeToHireSD {
        rows.append([
          "Time to hire, standard deviation (working days)", f(sd), String(d.n), "–", hiringKey,
        ])
      }
    } else {
      rows.append([
        "Time to hire (working days)", "–", "0", "–", "not written: no exit was refilled",
      ])
    }
    if let w = careers.rampWinRates {
      rows.append([
        "Hires' last-stage conversion, tenure months 0–2", f(w.early.value), String(w.early.n),
        interval(w.early), "–",
      ])
      rows.append([
        "Hires' last-stage conversion, tenure months 3–5", f(w.late.value), String(w.late.n),
        interval(w.late), "–",
      ])
      rows.append([
        "Last-stage conversion of every other deal", f(w.ramped.value), String(w.ramped.n),
        interval(w.ramped), "–",
      ])
    }
    if let curve = careers.rampCurve {
      rows.append([
        "Ramp, tenure months 0–5", curve.map(f).joined(separator: " "), "–", "–",
        "careers.ramp.curve",
      ])
    } else {
      rows.append([
        "Ramp", "none", "–", "–",
        "not written: no hire since the first close with deals decided in both periods",
      ])
    }
    var blocks: [Block] = [
      .table(
        Table(
          caption: nil, headers: ["Estimate", "Value", "n", "95% interval", "Scenario key"],
          rows: rows, numeric: [1, 2]))
    ]
    let planned = fit.plannedRefills(horizonMonths: r.horizonMonths)
    blocks.append(
      planned.isEmpty
        ? .paragraph(
          "No planned hire (careers.planned_hires): no exit awaits its hire within the horizon.")
        : .table(
          Table(
            caption: "Planned hires (careers.planned_hires): exits awaiting their hire",
            headers: ["Level", "Month", "Count"],
            rows: planned.map { [$0.level, String($0.month), String($0.count)] }, numeric: [1, 2])))

    // Observed survival of tenure against the fitted exponential.
    let hazard = careers.team.hazard.value
    let spells = careers.tenureSpells
    let exited = spells.filter(\.exited).count
    let observedRow =
      ["observed, Kaplan–Meier (\(spells.count) owners, \(exited) exits)"]
      + Self.tenureMonths.map { t in
        careers.tenureSurvival(at: t).map { Format.value($0, unit: .share) } ?? "–"
      }
    let fittedRow =
      ["fitted exponential, \(f(hazard)) exits per month"]
      + Self.tenureMonths.map { Format.value(exp(-hazard * $0), unit: .share) }
    let last = spells.map(\.end).max() ?? 0
    var chartBlocks: [Block] = []
    if last > 0 {
      let grid = stride(from: 0.0, through: last, by: max(0.5, last / 60)).map { $0 }
      let observed = grid.compactMap { t in careers.tenureSurvival(at: t).map { (x: t, y: $0) } }
      let chart = LineChart(
        title: "Still employed by months since hire", xTitle: "Months since hire", xUnit: .count,
        yUnit: .share,
        series: [
          LineChart.Series(name: "observed (Kaplan–Meier)", points: observed),
          LineChart.Series(
            name: "fitted exponential", points: grid.map { (x: $0, y: exp(-hazard * $0)) }),
        ])
      chartBlocks.append(.chart(title: "Survival of tenure", svg: chart.svg(), caption: nil))
    }
    blocks += chartBlocks
    blocks.append(
      .table(
        Table(
          caption: "Share still employed by months since hire",
          headers: [""] + Self.tenureMonths.map { "\(Int($0)) months" },
          rows: [observedRow, fittedRow],
          numeric: Set(1...Self.tenureMonths.count))))
    return Section(
      id: "careers", title: "Careers",
      intro: intro + " The survival of tenure counts the owners with a hire date, each at risk "
        + "from their hire or from the first close, whichever is later; the fitted exponential "
        + "is the pooled hazard of all levels, the constant hazard the model assumes: an "
        + "observed curve below it in the first months says hires leave sooner than the model "
        + "lets them. \"–\": no owner was seen at that tenure; when every owner was hired "
        + "before the first close, the observed curve starts at the earliest tenure seen, as the "
        + "share still employed of those employed then.",
      blocks: blocks)
  }

  /// Each owner's share of the leads and shrunk win rate, with `n` and intervals.
  func ownersSection(_ fit: HistoryFit) -> Section {
    let shares = Dictionary(
      fit.ownerLeadShares().map { ($0.owner, $0.share) }, uniquingKeysWith: { a, _ in a })
    func f(_ x: Double) -> String { Estimate.format(x) }
    let rows = fit.owners.map { o -> [String] in
      let share = shares[o.owner]
      return [
        o.owner, o.level,
        share.map { f($0.value) } ?? "–", share.map { String($0.n) } ?? "–",
        fit.ownerLeads[o.owner]?.left == true
          ? "has left" : share.map(Self.interval) ?? "no seat",
        f(o.winRate.value), String(o.winRate.n), Self.interval(o.winRate),
        f(o.closedPerMonth.value),
      ]
    }
    return Section(
      id: "owners", title: "Owners",
      intro: "Each owner's share of the team's leads as the per-owner forecast gives it (leads of "
        + "the last \(OwnerLeads.window) days per day employed, n those leads; an owner who has "
        + "left takes none; \"no seat\": not in the per-owner forecast), "
        + "and the win rate shrunk toward the level's (n the closed deals). The fitted "
        + "scenario's levels route leads evenly; these are used by forecast --per-owner.",
      blocks: fit.owners.isEmpty
        ? [.paragraph("No owner.")]
        : [
          .table(
            Table(
              caption: nil,
              headers: [
                "Owner", "Level", "Lead share", "n (leads)", "95% interval", "Win rate (shrunk)",
                "n (closed)", "95% interval", "Closed per month",
              ],
              rows: rows, numeric: [2, 3, 5, 6, 8]))
        ])
  }
}
