extension HTMLReport {
  /// The HTML page for a staffing search: the chosen mix against the scenario's, its re-check,
  /// and every mix evaluated.
  public static func render(staffing: StaffingResult) -> String {
    HTMLReport(staffing: staffing).rendered()
  }

  init(staffing s: StaffingResult) {
    self.init(
      title: "\(s.scenarioName): cheapest team for \(s.target)",
      subtitle: "Target met in at least \(DisplayFormat.percent(s.confidence)) of runs · "
        + "\(s.evaluated.count) mixes × \(Format.grouped(Double(s.replications))) runs · seed \(s.seed)"
    )
    func row(_ label: String, _ e: StaffingEvaluation) -> [String] {
      let w = e.met.wilsonInterval(level: 0.95)
      return [label] + e.headcount.map(String.init) + [
        DisplayFormat.percent(e.met.estimate),
        w.map {
          "\(DisplayFormat.percent($0.lowerBound)) – \(DisplayFormat.percent($0.upperBound))"
        } ?? "–",
        DisplayFormat.short(e.mean, unit: s.unit), DisplayFormat.short(e.cost, unit: .money),
      ]
    }
    let headers =
      ["Mix"] + s.levels.map(RunView.humanise) + ["P(target)", "95% CI", "Mean", "Cost"]
    let numeric = Set(1..<headers.count)
    var rows = [row("Scenario", s.current)]
    if let c = s.chosen {
      rows.append(row("Chosen", c))
    } else {
      rows.append(row("Closest", s.closest))
    }
    if let r = s.recheck { rows.append(row("Re-check, seed \(s.verifySeed)", r)) }
    var blocks: [Block] = [
      .table(Table(caption: nil, headers: headers, rows: rows, numeric: numeric)),
      .paragraph(
        s.found
          ? "Cost is the \(s.costDescription). Every mix was simulated on the same random "
            + "numbers, so differences between mixes come from the mix, not from luck."
          : "No mix found: \(s.reason ?? "unknown reason")."),
    ]
    blocks.append(
      .details(
        summary: "All \(s.evaluated.count) mixes evaluated",
        blocks: [
          .table(
            Table(
              caption: nil, headers: headers,
              rows: s.evaluated.enumerated().map { row("\($0.offset + 1)", $0.element) },
              numeric: numeric))
        ]))
    sections = [
      Section(
        id: "staffing", title: "Headcount by level",
        intro: "The search starts from the scenario's team, adds the hire that helps most per "
          + "rouble of salary until the target is met often enough, then removes or swaps "
          + "managers while a cheaper team still meets it.",
        blocks: blocks)
    ]
    footer = [
      "Scenario file: \(s.scenarioFile).", "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}
