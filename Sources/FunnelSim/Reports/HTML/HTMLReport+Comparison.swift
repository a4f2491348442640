import SalesModel

extension HTMLReport {
  /// The HTML page for a comparison: the verdicts, a forest plot of the paired differences
  /// per unit, and the per-scenario and difference tables. The same report gives the same bytes.
  public static func render(comparison: ComparisonReport) -> String {
    HTMLReport(comparison: comparison).rendered()
  }

  init(comparison c: ComparisonReport) {
    let labels = c.labels
    let names = c.scenarios.map(\.name)
    self.init(
      title: names.joined(separator: " vs "),
      subtitle: "\(Format.grouped(Double(c.replications))) paired runs of \(c.horizonMonths) "
        + "months on common random numbers, seed \(c.seed)")
    var headline: [HTMLReport.Block] = c.verdicts.map { .paragraph($0) }
    if let m = c.headline {
      let u = m.descriptor.unit
      headline.insert(
        .figures(
          m.differences.enumerated().compactMap { i, d in
            guard let d else { return nil }
            return HTMLReport.Figure(
              label: "\(m.descriptor.label): \(names[i]) − \(names[0])",
              value: DisplayFormat.difference(d.mean, unit: u),
              notes: [
                "95% CI \(DisplayFormat.difference(d.ciLow, unit: u)) – \(DisplayFormat.difference(d.ciHigh, unit: u))",
                "\(names[i]) higher in \(DisplayFormat.percent(d.probabilityHigher)) of runs",
                d.widthRatio.map { "Interval \(ComparisonReport.ratioText($0)) than unpaired" }
                  ?? "",
              ].filter { !$0.isEmpty },
              tone: {
                guard d.isDecided, let lo = d.ciLow, let hi = d.ciHigh else { return nil }
                switch MetricDirection.of(m.descriptor.key).verdict(low: lo, high: hi) {
                case "better": return "good"
                case "worse": return "bad"
                default: return nil
                }
              }())
          }), at: 0)
    }
    var sections = [
      Section(
        id: "verdict", title: "Verdict",
        intro: "Every scenario was run with the same seed and random streams, so replication i of "
          + "each plan saw the same leads and the same client behaviour wherever the plans agree. "
          + "Differences are taken replication by replication (paired), which removes the noise "
          + "the plans share.",
        blocks: headline)
    ]

    // One forest plot per unit: differences in roubles and in counts do not share an axis.
    var units: [MetricUnit] = []
    for m in c.metrics where !units.contains(m.descriptor.unit) { units.append(m.descriptor.unit) }
    var charts: [HTMLReport.Block] = []
    for unit in units {
      var rows: [ForestPlot.Row] = []
      for m in c.metrics where m.descriptor.unit == unit {
        for (i, d) in m.differences.enumerated() {
          guard let d, let lo = d.ciLow, let hi = d.ciHigh else { continue }
          let who = c.scenarios.count > 2 ? "\(labels[i]) − \(labels[0]): " : ""
          rows.append(
            ForestPlot.Row(
              label: who + RunView.humanise(m.descriptor.key)
                + (m.descriptor.group == "team" ? "" : ", \(m.descriptor.group)"), estimate: d.mean,
              low: lo, high: hi, direction: MetricDirection.of(m.descriptor.key)))
        }
      }
      guard !rows.isEmpty else { continue }
      let title =
        "Paired differences"
        + (DisplayFormat.isMoney(unit)
          ? " (\(unit))" : unit == .share ? " (shares)" : " (\(unit))")
      charts.append(
        .chart(
          title: title,
          svg: ForestPlot(
            title: title, unit: unit, rows: rows,
            axisTitle: "\(names.dropFirst().joined(separator: ", ")) minus \(names[0])",
            isDifference: true
          ).svg(),
          caption: "Each dot is the mean difference, each bar its 95% paired interval. Green: "
            + "better than the baseline (more revenue, or less cost), red: worse, blue: higher "
            + "or lower for a metric that is neither good nor bad; a grey bar crosses zero and "
            + "is undecided. Differences of shares are in percentage points."))
    }
    if !charts.isEmpty {
      sections.append(Section(id: "differences", title: "Differences", intro: nil, blocks: charts))
    }

    let per = HTMLReport.Table(
      caption: "Mean and 95% confidence interval per scenario",
      headers: ["Metric"] + names.flatMap { [$0, "95% CI"] },
      rows: c.metrics.map { m in
        [ComparisonReport.rowLabel(m)]
          + m.scenarios.flatMap { s in
            [
              DisplayFormat.short(s?.mean, unit: m.descriptor.unit),
              "\(DisplayFormat.short(s?.ciLow, unit: m.descriptor.unit)) – \(DisplayFormat.short(s?.ciHigh, unit: m.descriptor.unit))",
            ]
          }
      },
      numeric: Set(1...(2 * names.count)))
    var tables: [HTMLReport.Block] = [.table(per)]
    for i in c.scenarios.indices.dropFirst() {
      tables.append(
        .table(
          HTMLReport.Table(
            caption: "\(names[i]) − \(names[0]), paired by replication",
            headers: [
              "Metric", "Difference", "95% CI", "p-value", "P(higher)", "Unpaired 95% CI",
              "Width vs unpaired",
            ],
            rows: c.metrics.map { m in
              let u = m.descriptor.unit
              guard let d = m.differences[i] else {
                return [ComparisonReport.rowLabel(m), "–", "–", "–", "–", "–", "–"]
              }
              return [
                ComparisonReport.rowLabel(m), DisplayFormat.difference(d.mean, unit: u),
                "\(DisplayFormat.difference(d.ciLow, unit: u)) – \(DisplayFormat.difference(d.ciHigh, unit: u))",
                ComparisonReport.pText(d.pValue, bare: true),
                ComparisonReport.higherText(d),
                "\(DisplayFormat.difference(d.unpairedCILow, unit: u)) – \(DisplayFormat.difference(d.unpairedCIHigh, unit: u))",
                d.widthRatio.map { ComparisonReport.ratioText($0) } ?? "–",
              ]
            },
            numeric: [1, 2, 3, 4, 5, 6])))
    }
    for n in c.notes { tables.append(.paragraph(n)) }
    sections.append(Section(id: "tables", title: "All figures", intro: nil, blocks: tables))
    self.sections = sections
    footer = [
      c.scenarios.enumerated().map { "\(labels[$0.offset]) = \($0.element.file)" }.joined(
        separator: " · ")
        + " · seed \(c.seed) · \(Format.grouped(Double(c.replications))) replications",
      "Paired interval: Student t on the per-replication differences. Unpaired: Welch's t on the "
        + "same runs treated as independent. P(higher): share of runs in which the scenario beat "
        + "the baseline (ties count as not higher).",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}
