extension HTMLReport {
  /// The page of `explain`: the gap in figures, the waterfall from the forecast to the target,
  /// the contributions with their intervals, the switches, and the inputs.
  init(explanation x: ShortfallExplanation) {
    let unit = x.metric.unit
    let target = x.estimate(x.target)
    let forecast = x.estimate(x.forecast)
    let gap = x.estimate(x.gap)
    let rest = x.estimate(x.remaining)
    func ci(_ i: ClosedRange<Double>?) -> String {
      i.map {
        "\(x.percentLabel) CI \(DisplayFormat.short($0.lowerBound, unit: unit)) – "
          + DisplayFormat.short($0.upperBound, unit: unit)
      } ?? "no interval"
    }
    self.init(
      title: "\(x.scenarioName): why \(x.metric.label.lowercased()) miss the target",
      subtitle: "\(x.metric.group) · \(x.variantsRun) variants × "
        + "\(Format.grouped(Double(x.replications))) runs · seed \(x.seed)")
    let figures: [Figure] = [
      Figure(label: "Target", value: DisplayFormat.short(target.mean, unit: unit), notes: [
        x.targetDescription
      ]),
      Figure(
        label: "Forecast", value: DisplayFormat.short(forecast.mean, unit: unit),
        notes: [ci(forecast.interval)]),
      Figure(
        label: "Gap", value: DisplayFormat.short(gap.mean, unit: unit), notes: [ci(gap.interval)],
        tone: gap.mean > 0 ? "bad" : "good"),
    ]
    var steps = [WaterfallChart.Step(label: "Forecast", value: forecast.mean, isTotal: true)]
    for c in x.applicable {
      steps.append(.init(label: c.cause.label, value: x.estimate(c.perReplication).mean))
    }
    steps.append(.init(label: "Remaining", value: rest.mean))
    steps.append(.init(label: "Target", value: target.mean, isTotal: true))
    let chart = WaterfallChart(
      title: "From the forecast to the target, cause by cause", unit: unit, steps: steps)

    var rows: [[String]] = x.applicable.map { c in
      let e = x.estimate(c.perReplication)
      return [
        c.cause.label, DisplayFormat.short(e.mean, unit: unit),
        e.interval.map {
          "\(DisplayFormat.short($0.lowerBound, unit: unit)) – "
            + DisplayFormat.short($0.upperBound, unit: unit)
        } ?? "–",
        x.share(e.mean, of: gap.mean).map(DisplayFormat.percent) ?? "–",
        c.samplingError.map { DisplayFormat.short($0, unit: unit) } ?? "–",
        c.cause.counterfactual,
      ]
    }
    rows.append([
      "Remaining with every cause removed", DisplayFormat.short(rest.mean, unit: unit),
      rest.interval.map {
        "\(DisplayFormat.short($0.lowerBound, unit: unit)) – "
          + DisplayFormat.short($0.upperBound, unit: unit)
      } ?? "–", x.share(rest.mean, of: gap.mean).map(DisplayFormat.percent) ?? "–", "–", "",
    ])
    var blocks: [Block] = [
      .figures(figures),
      .chart(
        title: chart.title, svg: chart.svg(),
        caption: "Red bars are causes that lower the \(x.metric.label.lowercased()); green "
          + "bars causes whose removal would lower it. Each bar is the cause's mean Shapley "
          + "value; the bars and the remaining gap add up to the gap in every replication."),
      .table(
        Table(
          caption: nil,
          headers: ["Cause", "Contribution", "\(x.percentLabel) CI", "Share of gap", "Sampling error", "Switch"],
          rows: rows, numeric: [1, 2, 3, 4])),
    ]
    if !x.levels.isEmpty {
      blocks.append(
        .table(
          Table(
            caption: "By level: mean contribution (the levels add up to the team's)",
            headers: ["Cause"] + x.levels.map(RunView.humanise),
            rows: [["Forecast"] + x.forecastByLevel.map { DisplayFormat.short($0, unit: unit) }]
              + x.applicable.map { c in
                [c.cause.label] + c.byLevel.map { DisplayFormat.short($0, unit: unit) }
              },
            numeric: Set(1...x.levels.count))))
    }
    let absent = x.causes.filter { !$0.applies }
    if !absent.isEmpty {
      blocks.append(
        .paragraph(
          "Not applicable here (the switch changes nothing; each contributes 0): "
            + absent.map(\.cause.label).joined(separator: "; ") + "."))
    }
    blocks.append(.paragraph("Method: \(x.methodDescription)."))
    sections = [
      Section(
        id: "explain", title: "Why the gap",
        intro: "Each cause is a switch of the scenario that removes it (every manager ramped, "
          + "nobody leaving, …). A cause's contribution is its Shapley value: what removing it "
          + "adds, averaged over every order in which the causes could be removed, so that "
          + "shared effects are split fairly and the parts add up to the whole.",
        blocks: blocks),
      Section(
        id: "inputs", title: "Inputs and assumptions", intro: nil,
        blocks: x.inputLines.map { .paragraph($0) }),
    ]
    footer = ["Scenario file: \(x.scenarioFile).", "Made by FunnelSim \(FunnelSimVersion.current)."]
  }
}
