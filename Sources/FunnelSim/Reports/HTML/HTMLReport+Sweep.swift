import SalesModel

extension HTMLReport {
  /// The HTML page for a sweep: the best point, a line chart (one parameter) or heat map (two)
  /// of each money metric and the objective, and the full table. Same report, same bytes.
  public static func render(sweep: SweepReport) -> String {
    HTMLReport(sweep: sweep).rendered()
  }

  init(sweep s: SweepReport) {
    self.init(
      title: "\(s.scenarioName): sweep over "
        + s.axes.map { SweepReport.shortKey($0.key) }.joined(separator: " × "),
      subtitle: "\(s.points.count) grid points × \(Format.grouped(Double(s.replications))) runs of "
        + "\(s.horizonMonths) months on common random numbers, seed \(s.seed)")
    var sections = [
      Section(
        id: "best", title: "Best point",
        intro: "Every grid point was run with the same seed and random streams, so the points "
          + "differ only by the parameters. The best point has the best mean objective; the "
          + "paired comparison with the runner-up says whether that lead is more than noise.",
        blocks: s.verdict.map { .paragraph($0) })
    ]
    var wanted: [Int] = []
    for (i, d) in s.descriptors.enumerated()
    where DisplayFormat.isMoney(d.unit)
      || (d.key == s.objective.key && d.group == s.objective.group)
    {
      wanted.append(i)
    }
    var charts: [HTMLReport.Block] = []
    let first = s.axes[0]
    let xs = first.values.compactMap(Double.init)
    for m in wanted {
      let d = s.descriptors[m]
      let title = RunView.humanise(d.key) + (d.group == "team" ? "" : " (\(d.group))")
      if s.axes.count == 1 && xs.count == first.values.count {
        let stats = s.points.map { $0.metrics[m] }
        var points: [(x: Double, y: Double)] = []
        var band: [(low: Double, high: Double)] = []
        for (x, st) in zip(xs, stats) {
          guard let mean = st?.mean else { continue }
          points.append((x, mean))
          band.append((st?.ciLow ?? mean, st?.ciHigh ?? mean))
        }
        let chart = LineChart(
          title: title, xTitle: first.key, xUnit: .count, yUnit: d.unit,
          series: [LineChart.Series(name: title, points: points, band: band)],
          // Differences between points are what matters; zero would flatten them.
          includeZero: false)
        charts.append(
          .chart(
            title: title, svg: chart.svg(),
            caption: "The line joins the means; the band is each point's 95% CI."))
      } else {
        let rowsAxis = s.axes.count == 2 ? s.axes[1] : SweepAxis(key: "", values: [""])
        let columns = first.values.count
        let values: [[Double?]] = rowsAxis.values.indices.map { r in
          (0..<columns).map { c in s.points[c * rowsAxis.values.count + r].metrics[m]?.mean }
        }
        let chart = HeatMap(
          title: title, xTitle: first.key, yTitle: rowsAxis.key, xLabels: first.values,
          yLabels: rowsAxis.values, values: values, unit: d.unit)
        charts.append(
          .chart(title: title, svg: chart.svg(), caption: "Mean per grid point; darker is higher."))
      }
    }
    if !charts.isEmpty {
      sections.append(Section(id: "charts", title: "By grid point", intro: nil, blocks: charts))
    }
    let table = HTMLReport.Table(
      caption: "Mean and 95% CI per grid point",
      headers: s.axes.map { SweepReport.shortKey($0.key) }
        + s.descriptors.map {
          RunView.humanise($0.key) + ($0.group == "team" ? "" : " (\($0.group))")
        },
      rows: s.points.enumerated().map { i, p in
        [p.settings[0] + (i == s.best ? " (best)" : "")]
          + (s.axes.count > 1 ? Array(p.settings.dropFirst()) : [])
          + zip(s.descriptors, p.metrics).map { d, st in
            guard let st, st.mean != nil else { return "–" }
            return
              "\(DisplayFormat.short(st.mean, unit: d.unit)) (\(DisplayFormat.short(st.ciLow, unit: d.unit)) – \(DisplayFormat.short(st.ciHigh, unit: d.unit)))"
          }
      },
      numeric: Set(s.axes.count..<(s.axes.count + s.descriptors.count)))
    sections.append(
      Section(
        id: "table", title: "All figures", intro: nil,
        blocks: [.table(table)] + s.notes.map { .paragraph($0) }))
    self.sections = sections
    footer = [
      "Scenario file: \(s.scenarioFile) · seed \(s.seed) · \(Format.grouped(Double(s.replications))) replications per point · objective \(s.objective)",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}
