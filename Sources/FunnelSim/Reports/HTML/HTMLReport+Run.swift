import SalesModel

extension HTMLReport {
  /// The HTML page for a run: headline figures, monthly fan charts, quota attainment by
  /// level, the funnel and a per-level table (see docs/report.md).
  ///
  /// Charts whose metrics the report lacks are left out, so any model's report renders.
  /// The same report gives the same bytes.
  public static func render(run: RunReport) -> String {
    HTMLReport(run: run).rendered()
  }

  /// The page for `run`, as sections that other reports can reuse or extend.
  init(run: RunReport) {
    self.init(
      title: run.scenarioName,
      subtitle: "\(Format.grouped(Double(run.replications))) simulated "
        + (run.replications == 1 ? "run" : "runs")
        + " of \(run.horizonMonths) months, seed \(run.seed)")
    let view = RunView(run)
    sections = [
      view.headline(), view.monthly(), view.attainment(), view.funnel(), view.byLevel(),
    ].compactMap { $0 }
    footer = [
      "Scenario file: \(run.scenarioFile) · seed \(run.seed) · "
        + "\(Format.grouped(Double(run.replications))) replications · horizon \(run.horizonMonths) months · "
        + "\(Format.grouped(Double(run.events))) simulated events",
      "P10, P50 and P90: one run in ten fell below P10, half below P50 (the median), nine in ten "
        + "below P90. A 95% CI is the interval for the mean over all runs.",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}

/// Reads a run's metrics by key for the report's sections; every lookup may come back empty.
struct RunView {
  let run: RunReport
  let levels: [String]

  init(_ run: RunReport) {
    self.run = run
    levels = run.groups.filter { $0 != "team" }
  }

  func metric(_ key: String, _ group: String = "team") -> SampleStatistics? {
    guard let m = run.metric(key, group: group), m.descriptor.isShown, m.statistics.count > 0,
      m.statistics.mean != nil
    else { return nil }
    return m.statistics
  }

  func metric(_ m: Metric, _ group: String = "team") -> SampleStatistics? { metric(m.key, group) }

  func metric(_ m: TeamMetric) -> SampleStatistics? { metric(m.key) }

  func metric(_ kind: StageMetric, of stage: String, _ group: String = "team") -> SampleStatistics?
  {
    metric(kind.key(stage), group)
  }

  func sample(_ s: SampleMetric, _ group: String) -> MetricSummary? {
    run.samples.first {
      $0.descriptor.key == s.key && $0.descriptor.group == group && $0.descriptor.isShown
    }
  }

  func series(_ s: SeriesMetric, _ group: String = "team") -> SeriesSummary? {
    run.series.first {
      $0.descriptor.key == s.key && $0.descriptor.group == group && !$0.p50.isEmpty
        && $0.descriptor.isShown
    }
  }

  /// `first_contact` -> `First contact`; level names keep their spelling but get a capital.
  static func humanise(_ name: String) -> String {
    let spaced = name.split(separator: "_", omittingEmptySubsequences: false).joined(separator: " ")
    return spaced.prefix(1).uppercased() + spaced.dropFirst()
  }

  // MARK: Sections

  func headline() -> HTMLReport.Section? {
    var figures: [HTMLReport.Figure] = []
    if let b = metric(Metric.bookings) {
      figures.append(moneyFigure("Expected bookings", b, unit: Metric.bookings.unit))
    }
    if let p = metric(TeamMetric.planReached), let chance = p.mean {
      var notes: [String] = []
      if let plan = metric(TeamMetric.teamPlan)?.mean, plan > 0 {
        notes.append("Plan: \(DisplayFormat.short(plan, unit: TeamMetric.teamPlan.unit))")
      }
      if let lo = p.ciLow, let hi = p.ciHigh {
        notes.append(
          "95% CI \(DisplayFormat.percent(Swift.max(0, lo))) – \(DisplayFormat.percent(Swift.min(1, hi)))"
        )
      }
      figures.append(
        HTMLReport.Figure(
          label: "Chance of reaching the team plan", value: DisplayFormat.percent(chance),
          notes: notes, tone: chance >= 0.8 ? "good" : chance < 0.5 ? "bad" : "warn"))
    }
    if let r = metric(Metric.revenue) {
      figures.append(moneyFigure("Expected revenue", r, unit: Metric.revenue.unit))
    }
    if let c = metric(Metric.clientsEnd) {
      var notes = [quantiles(c, unit: .count)]
      if let new = metric(Metric.clientsNew)?.mean,
        let churned = metric(Metric.clientsChurned)?.mean
      {
        notes.append(
          "+\(DisplayFormat.short(new, unit: .count)) won, −\(DisplayFormat.short(churned, unit: .count)) churned"
        )
      }
      figures.append(
        HTMLReport.Figure(
          label: "Clients at the end", value: DisplayFormat.short(c.mean, unit: .count),
          notes: notes))
    }
    var blocks: [HTMLReport.Block] = []
    if !figures.isEmpty { blocks.append(.figures(figures)) }
    if let table = attainmentTable() { blocks.append(.table(table)) }
    guard !blocks.isEmpty else { return nil }
    return HTMLReport.Section(
      id: "headline", title: "At a glance",
      intro: "Each figure is taken over all simulated runs of the scenario. The large number is "
        + "the average; P10–P90 is the range that eight runs in ten fell into.",
      blocks: blocks)
  }

  func monthly() -> HTMLReport.Section? {
    var blocks: [HTMLReport.Block] = []
    if let revenue = series(.revenue) {
      blocks.append(
        .chart(
          title: "Monthly revenue", svg: fan(revenue).svg(),
          caption: "The shaded band holds eight runs in ten; the solid line is the median month, "
            + "the dashed line the average. Hover a month for its figures."))
    }
    var small: [HTMLReport.Block] = []
    for (key, title): (SeriesMetric, String) in [
      (.bookings, "Monthly bookings"), (.clients, "Clients at month end"),
      (.headcount, "Managers at month end"),
    ] {
      if let s = series(key) {
        var chart = fan(s)
        chart.width = 340
        chart.height = 240
        small.append(.chart(title: title, svg: chart.svg(), caption: nil))
      }
    }
    if !small.isEmpty { blocks.append(.grid(small, columns: 3)) }
    if let cash = series(.cashCumulative) {
      blocks.append(
        .chart(
          title: "Cumulative cash", svg: fan(cash).svg(),
          caption: "Cash in (bills collected after the collection delay, net of payment fees) "
            + "minus cash out (salaries, commission paid, support and overhead), summed from the "
            + "first month: the model knows no opening balance."))
    }
    var cash: [HTMLReport.Block] = []
    for (key, title): (SeriesMetric, String) in [
      (.cashIn, "Cash in by month"), (.cashOut, "Cash out by month"),
    ] {
      if let s = series(key) {
        var chart = fan(s)
        chart.width = 520
        chart.height = 240
        cash.append(.chart(title: title, svg: chart.svg(), caption: nil))
      }
    }
    if !cash.isEmpty { blocks.append(.grid(cash, columns: 2)) }
    if let perLevel = monthlyByLevel() { blocks.append(perLevel) }
    guard !blocks.isEmpty else { return nil }
    return HTMLReport.Section(
      id: "monthly", title: "Month by month",
      intro: "How the year unfolds, and how far apart good and bad runs drift. A wide band means "
        + "the outcome depends a lot on luck: a few deals more or fewer. The charts by level "
        + "show each level's average month.",
      blocks: blocks)
  }

  /// One chart per series recorded by level (``SeriesMetric/perLevel``), a line per level: the
  /// average month over the runs.
  func monthlyByLevel() -> HTMLReport.Block? {
    guard !levels.isEmpty else { return nil }
    var charts: [HTMLReport.Block] = []
    for key in SeriesMetric.perLevel {
      let lines = levels.compactMap { level -> LineChart.Series? in
        guard let s = series(key, level) else { return nil }
        return LineChart.Series(
          name: Self.humanise(level),
          points: s.mean.enumerated().map { (x: Double($0.offset + 1), y: $0.element) })
      }
      guard !lines.isEmpty else { continue }
      let chart = LineChart(
        title: key.label + " by level", xTitle: "Month", xUnit: .count, yUnit: key.unit,
        series: lines, width: 520, height: 260)
      charts.append(.chart(title: key.label + ", by level", svg: chart.svg(), caption: nil))
    }
    return charts.isEmpty ? nil : .grid(charts, columns: 2)
  }

  func attainment() -> HTMLReport.Section? {
    let groups = levels.isEmpty ? ["team"] : levels
    var charts: [HTMLReport.Block] = []
    for level in groups {
      guard let s = sample(.quotaAttainment, level), let h = s.histogram, s.statistics.count > 0
      else {
        continue
      }
      let chart = HistogramChart(
        title: "Quota attainment, \(level)", unit: s.descriptor.unit, edges: h.edges,
        counts: h.counts,
        below: h.below, above: h.above,
        marker: s.descriptor.unit == .share ? (1.0, "quota") : nil)
      var caption =
        "\(Format.grouped(Double(s.statistics.count))) manager-periods; median "
        + DisplayFormat.short(s.statistics.p50, unit: s.descriptor.unit)
      if let at = atOrAbove(level) { caption += "; \(DisplayFormat.percent(at)) at or above quota" }
      charts.append(.chart(title: Self.humanise(level), svg: chart.svg(), caption: caption + "."))
    }
    guard !charts.isEmpty else { return nil }
    return HTMLReport.Section(
      id: "attainment", title: "Quota attainment by level",
      intro:
        "Each bar is the share of manager-periods (one manager, one quota period, after ramp-up) "
        + "whose bookings reached that percentage of quota. Green bars are at or above quota; the "
        + "dashed line marks 100%. The last bar on the right gathers everything above 200%.",
      blocks: [.grid(charts, columns: 2)])
  }

  func funnel() -> HTMLReport.Section? {
    let stageKeys = run.metrics
      .filter { $0.descriptor.group == "team" }
      .compactMap { StageMetric.reached.stage(inKey: $0.descriptor.key) }
    guard !stageKeys.isEmpty else { return nil }
    var stages: [FunnelChart.Stage] = []
    if let leads = metric(TeamMetric.leadsIn)?.mean {
      stages.append(FunnelChart.Stage(label: "Leads in", value: leads, conversion: nil))
    }
    for stage in stageKeys {
      guard let reached = metric(.reached, of: stage)?.mean else { continue }
      stages.append(
        FunnelChart.Stage(
          label: Self.humanise(stage), value: reached,
          conversion: metric(.conversion, of: stage)?.mean))
    }
    if let won = metric(Metric.won)?.mean {
      stages.append(FunnelChart.Stage(label: "Won", value: won, conversion: nil))
    }
    var blocks: [HTMLReport.Block] = [
      .chart(
        title: "Leads through the funnel (team)",
        svg: FunnelChart(title: "Sales funnel", stages: stages).svg(),
        caption: "Bar length: leads reaching each stage in an average run. On the right: the share "
          + "of the stage's leads that passed it.")
    ]
    if !levels.isEmpty {
      var rows: [[String]] = []
      for stage in stageKeys {
        let cells = (["team"] + levels).map {
          DisplayFormat.short(metric(.conversion, of: stage, $0)?.mean, unit: .share)
        }
        if cells.contains(where: { $0 != "–" }) { rows.append([Self.humanise(stage)] + cells) }
      }
      if metric(Metric.winRate) != nil {
        rows.append(
          [Metric.winRate.label]
            + (["team"] + levels).map {
              DisplayFormat.short(metric(Metric.winRate, $0)?.mean, unit: Metric.winRate.unit)
            })
      }
      if !rows.isEmpty {
        blocks.append(
          .table(
            HTMLReport.Table(
              caption: "Stage conversion by level",
              headers: ["Stage", "Team"] + levels.map(Self.humanise),
              rows: rows, numeric: Set(1...(levels.count + 1)))))
      }
    }
    return HTMLReport.Section(
      id: "funnel", title: "The sales funnel",
      intro: "Where leads go: how many reach each stage of the sale and how many of them move on.",
      blocks: blocks)
  }

  func byLevel() -> HTMLReport.Section? {
    // Short headers: the catalogue's labels are written for lists, not table columns.
    let candidates: [(metric: Metric, header: String)] = [
      (.headcountEnd, "Managers at end"), (.won, "Deals won"), (.winRate, "Win rate"),
      (.salesCycleDays, "Sales cycle"), (.bookings, "Bookings"), (.revenue, "Revenue"),
      (.clientsEnd, "Clients at end"), (.churnRate, "Churn / client-month"),
      (.quotaAttainmentMean, "Quota attainment"),
      (.quotaAtOrAbove, "At or above quota"), (.salaryCost, "Salaries"),
      (.commissionCost, "Commissions"),
    ]
    let groups = ["team"] + levels
    var columns: [(metric: Metric, header: String)] = []
    for c in candidates where groups.contains(where: { metric(c.metric, $0) != nil }) {
      // The unit goes into the header so the cells stay short: "Bookings, RUB".
      let suffix = DisplayFormat.unitSuffix(c.metric.unit)
      columns.append((c.metric, suffix.isEmpty ? c.header : c.header + "," + suffix))
    }
    var blocks: [HTMLReport.Block] = []
    if !columns.isEmpty {
      let rows = (levels + ["team"]).map { group in
        [group == "team" ? "Whole team" : Self.humanise(group)]
          + columns.map {
            DisplayFormat.short(
              metric($0.metric, group)?.mean, unit: $0.metric.unit, withUnit: false)
          }
      }
      blocks.append(
        .table(
          HTMLReport.Table(
            caption: "Average per run", headers: ["Level"] + columns.map(\.header), rows: rows,
            numeric: Set(1...columns.count))))
    }
    let binding = levels.compactMap { level in
      run.bindingResource(level).map { b in
        [
          Self.humanise(level), b.resource.label,
          DisplayFormat.short(b.utilisation, unit: .share),
        ]
      }
    }
    if !binding.isEmpty {
      blocks.append(
        .table(
          HTMLReport.Table(
            caption: "Binding resource: the capacity used at least 85%, else leads",
            headers: ["Level", "Binding resource", "Its highest utilisation"], rows: binding,
            numeric: [2])))
    }
    let team = run.metrics.filter {
      $0.descriptor.group == "team" && $0.descriptor.isShown && $0.statistics.count > 0
    }
    if !team.isEmpty {
      let rows = team.map { m -> [String] in
        let s = m.statistics
        let u = m.descriptor.unit
        return [
          m.descriptor.label, DisplayFormat.short(s.mean, unit: u),
          s.ciLow.flatMap { lo in
            s.ciHigh.map { hi in
              "\(DisplayFormat.short(lo, unit: u)) – \(DisplayFormat.short(hi, unit: u))"
            }
          } ?? "–",
          DisplayFormat.short(s.p10, unit: u), DisplayFormat.short(s.p50, unit: u),
          DisplayFormat.short(s.p90, unit: u),
        ]
      }
      blocks.append(
        .details(
          summary: "Every team metric with its interval and quantiles",
          blocks: [
            .table(
              HTMLReport.Table(
                caption: nil, headers: ["Metric", "Mean", "95% CI", "P10", "P50", "P90"],
                rows: rows,
                numeric: [1, 2, 3, 4, 5]))
          ]))
    }
    guard !blocks.isEmpty else { return nil }
    // Declared roles have their groups after the levels' (docs/model.md, 11). A run with roles
    // reports `hand_offs` switched on; a report without it (an older file) has no role groups.
    let roles = run.metrics.contains {
      $0.descriptor.key == Metric.handOffs.key && $0.descriptor.switchedOff == nil
    }
    return HTMLReport.Section(
      id: "levels", title: roles ? "By level, then by role" : "By level",
      intro: (roles
        ? "What each seniority level, then each role, contributes and costs"
        : "What each seniority level contributes and costs")
        + ", averaged over all runs; rates and shares pooled over all runs.",
      blocks: blocks)
  }

  // MARK: Pieces

  func quantiles(_ s: SampleStatistics, unit: MetricUnit) -> String {
    "P10 \(DisplayFormat.short(s.p10, unit: unit, withUnit: false)) · "
      + "P50 \(DisplayFormat.short(s.p50, unit: unit, withUnit: false)) · "
      + "P90 \(DisplayFormat.short(s.p90, unit: unit, withUnit: false))"
  }

  func moneyFigure(_ label: String, _ s: SampleStatistics, unit: MetricUnit) -> HTMLReport.Figure {
    var notes = [quantiles(s, unit: unit)]
    if let lo = s.ciLow, let hi = s.ciHigh {
      notes.append(
        "95% CI of the mean \(DisplayFormat.short(lo, unit: unit, withUnit: false)) – \(DisplayFormat.short(hi, unit: unit, withUnit: false))"
      )
    }
    return HTMLReport.Figure(
      label: label, value: DisplayFormat.short(s.mean, unit: unit), notes: notes)
  }

  func fan(_ s: SeriesSummary) -> FanChart {
    var chart = FanChart(
      title: s.descriptor.label, unit: s.descriptor.unit, p10: s.p10, p50: s.p50, p90: s.p90,
      mean: s.mean)
    chart.monthLabels = run.monthLabels
    return chart
  }

  /// The share of a level's manager-periods at or above quota: the model's metric when
  /// reported, else counted from the histogram (1.0 is one of the share edges).
  func atOrAbove(_ level: String) -> Double? {
    if let m = metric(Metric.quotaAtOrAbove, level)?.mean { return m }
    guard let s = sample(.quotaAttainment, level), s.descriptor.unit == .share,
      let h = s.histogram
    else {
      return nil
    }
    let total = h.counts.reduce(0, +) + h.below + h.above
    guard total > 0, let first = h.edges.firstIndex(where: { $0 >= 1.0 }), h.edges[first] == 1.0
    else { return nil }
    return Double(h.counts[first...].reduce(0, +) + h.above) / Double(total)
  }

  func attainmentTable() -> HTMLReport.Table? {
    var rows: [[String]] = []
    for level in levels {
      let s = sample(.quotaAttainment, level)?.statistics
      let mean = metric(Metric.quotaAttainmentMean, level)?.mean ?? s?.mean
      guard mean != nil || (s?.count ?? 0) > 0 else { continue }
      rows.append([
        Self.humanise(level),
        DisplayFormat.short(metric(Metric.headcountEnd, level)?.mean, unit: .count),
        DisplayFormat.short(s?.p50, unit: .share),
        s?.p10.flatMap { lo in
          s?.p90.map { hi in "\(DisplayFormat.percent(lo)) – \(DisplayFormat.percent(hi))" }
        } ?? "–",
        DisplayFormat.short(atOrAbove(level), unit: .share),
        s.map { Format.grouped(Double($0.count)) } ?? "–",
      ])
    }
    guard !rows.isEmpty else { return nil }
    return HTMLReport.Table(
      caption: "Quota attainment by level",
      headers: [
        "Level", "Managers at end", "Median attainment", "P10 – P90", "At or above quota",
        "Manager-periods",
      ],
      rows: rows, numeric: [1, 2, 3, 4, 5])
  }
}
