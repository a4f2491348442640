import SalesModel

extension HTMLReport {
  /// The HTML page for a quota proposal: proposed against current quota per level, attainment
  /// histograms at the proposed quotas (from the verification run) and the fairness view.
  public static func render(quota: QuotaProposal) -> String {
    HTMLReport(quota: quota).rendered()
  }

  /// The HTML page for a quota check (the reverse view): attainment at the given quotas and
  /// the fairness view.
  public static func render(quotaCheck: QuotaCheck) -> String {
    HTMLReport(quotaCheck: quotaCheck).rendered()
  }

  /// The sections of a quota proposal, for this page or a combined report.
  init(quota: QuotaProposal) {
    let pct = DisplayFormat.percent(quota.attain)
    self.init(
      title: "\(quota.scenarioName): quotas that \(pct) reach",
      subtitle: "Quota per \(quota.period) · \(Format.grouped(Double(quota.replications))) "
        + "simulated runs per step · seed \(quota.seed), verified with seed "
        + "\(quota.verification.seed)")
    let v = quota.verification
    var figures: [Figure] = []
    var rows: [[String]] = []
    for p in quota.levels {
      let share = v.levels.first { $0.level == p.level }?.share
      let ok = share.map { Swift.abs($0 - quota.attain) <= 0.05 }
      figures.append(
        Figure(
          label: RunView.humanise(p.level),
          value: p.proposedQuota.map { DisplayFormat.short($0, unit: .money) } ?? "–",
          notes: [
            "now \(DisplayFormat.short(p.currentQuota, unit: .money))",
            share.map { "re-run: \(DisplayFormat.percent($0)) reach it" } ?? (p.note ?? ""),
          ], tone: ok.map { $0 ? "good" : "bad" }))
      let change = p.proposedQuota.map { q in
        p.currentQuota > 0 ? DisplayFormat.percent(q / p.currentQuota - 1) : "–"
      }
      rows.append([
        RunView.humanise(p.level), DisplayFormat.short(p.currentQuota, unit: .money),
        p.proposedQuota.map { DisplayFormat.short($0, unit: .money) } ?? "–", change ?? "–",
        p.interval.map {
          "\(DisplayFormat.short($0.lowerBound, unit: .money)) – \(DisplayFormat.short($0.upperBound, unit: .money))"
        } ?? "–",
        share.map(DisplayFormat.percent) ?? "–",
      ])
    }
    var blocks: [Block] = [.figures(figures)]
    blocks.append(
      .table(
        Table(
          caption: "Proposed against current quota, per \(quota.period)",
          headers: ["Level", "Current", "Proposed", "Change", "95% CI", "Re-run share"],
          rows: rows, numeric: [1, 2, 3, 4, 5])))
    blocks.append(
      .paragraph(
        quota.converged
          ? "The proposal was re-simulated at the proposed quotas until every level's share was "
            + "within \(DisplayFormat.percent(quota.tolerance)) of \(pct) "
            + "(\(quota.iterations.count) runs)."
          : "The proposal did not settle within \(quota.iterations.count) runs; the re-run "
            + "below shows what the proposed quotas actually give."))
    sections = [
      Section(
        id: "proposal", title: "Proposed quotas",
        intro: "For each level, the quota per \(quota.period) that \(pct) of ramped "
          + "manager-periods (one manager, one period, after ramp-up) reach, with a 95% interval. "
          + "Green cards are within 5 points of \(pct) when simulated again with another seed.",
        blocks: blocks)
    ]
    sections += Self.attainmentSections(v, target: quota.attain)
    footer = Self.quotaFooter(file: quota.scenarioFile)
  }

  init(quotaCheck: QuotaCheck) {
    self.init(
      title: "\(quotaCheck.scenarioName): who reaches quota",
      subtitle: "Quota per \(quotaCheck.period) · "
        + "\(Format.grouped(Double(quotaCheck.replications))) simulated runs · seed \(quotaCheck.seed)"
    )
    sections = Self.attainmentSections(quotaCheck, target: nil)
    footer = Self.quotaFooter(file: quotaCheck.scenarioFile)
  }

  static func attainmentSections(_ check: QuotaCheck, target: Double?) -> [Section] {
    var charts: [Block] = []
    for a in check.levels {
      guard let h = a.histogram, let share = a.share else { continue }
      let chart = HistogramChart(
        title: "Attainment, \(a.level)", unit: .share, edges: h.edges, counts: h.counts,
        below: h.below, above: h.above,
        marker: (1.0, "quota \(DisplayFormat.short(a.quota, unit: .money))"))
      var caption =
        "\(Format.grouped(Double(a.reached?.trials ?? 0))) manager-periods; "
        + "\(DisplayFormat.percent(share)) at or above quota"
      if let target { caption += " (asked for \(DisplayFormat.percent(target)))" }
      charts.append(
        .chart(title: RunView.humanise(a.level), svg: chart.svg(), caption: caption + "."))
    }
    var out: [Section] = []
    if !charts.isEmpty {
      out.append(
        Section(
          id: "attainment", title: "Attainment at these quotas",
          intro: "Each bar is the share of ramped manager-periods whose bookings reached that "
            + "percentage of quota. Green bars, right of the dashed quota line, reached it.",
          blocks: [.grid(charts, columns: 2)]))
    }
    let rows = check.levels.compactMap { a -> ForestPlot.Row? in
      guard let s = a.share, let ci = a.clustered ?? a.wilson else { return nil }
      return ForestPlot.Row(
        label: RunView.humanise(a.level), estimate: s, low: ci.lowerBound, high: ci.upperBound)
    }
    var blocks: [Block] = []
    if !rows.isEmpty {
      let reference = target ?? check.team.share
      blocks.append(
        .chart(
          title: "Share reaching quota, by level",
          svg: ForestPlot(
            title: "Share reaching quota by level", unit: .share, rows: rows,
            reference: reference, axisTitle: "share of ramped manager-periods at or above quota"
          ).svg(),
          caption: "Dots are shares, bars their 95% intervals (replications as clusters). The line "
            + (target != nil ? "is the share asked for." : "is the whole team's share.")))
    }
    var text = ""
    if let spread = check.spread, let (lo, hi) = check.extremes {
      text =
        "Shares range over \(Format.fixed(spread * 100, decimals: 1)) points: lowest \(lo), "
        + "highest \(hi). "
        + (check.levelsDiffer
          ? "The intervals do not all overlap, so the quotas are measurably harder for some levels."
          : "The intervals overlap: no level is measurably worse off.")
    }
    if let b = check.teamBookings {
      text +=
        " Team bookings over the horizon: P10 \(DisplayFormat.short(b.p10, unit: .money)), "
        + "P50 \(DisplayFormat.short(b.p50, unit: .money)), P90 \(DisplayFormat.short(b.p90, unit: .money))."
    }
    if !text.isEmpty { blocks.append(.paragraph(text)) }
    if !blocks.isEmpty {
      out.append(
        Section(
          id: "fairness", title: "Fairness across levels",
          intro: "A fair set of quotas gives every level about the same chance of reaching quota.",
          blocks: blocks))
    }
    return out
  }

  static func quotaFooter(file: String) -> [String] {
    [
      "Scenario file: \(file). Only ramped manager-periods count: a manager hired during the "
        + "period or still ramping up is left out.",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}
