import SalesModel

extension SweepReport: RenderableReport {
  /// Identifies the JSON layout; bumped when a field changes meaning.
  public static let formatIdentifier = "funnelsim.sweep/1"

  /// The sweep as a self-contained HTML page with charts.
  public func html() -> String { HTMLReport.render(sweep: self) }

  var objectiveDescriptor: MetricDescriptor? {
    descriptors.first { $0.key == objective.key && $0.group == objective.group }
  }

  /// What the best point is and how sure the choice is, in sentences.
  public var verdict: [String] {
    guard let b = best, let d = objectiveDescriptor, let s = value(d.key, group: d.group, at: b)
    else { return ["No grid point reports the objective \(objective)."] }
    let u = d.unit
    var lines = [
      "Best point for \(objective.maximise ? "the highest" : "the lowest") "
        + "\(d.label.lowercased())\(d.group == "team" ? "" : " (\(d.group))"): \(settingsText(b)), "
        + "\(Format.value(s.mean, unit: u)) (95% CI \(Format.interval(s.ciLow, s.ciHigh, unit: u)))."
    ]
    if let r = runnerUp, let diff = bestAgainstRunnerUp {
      let clear = diff.isDecided
      lines.append(
        "Runner-up: \(settingsText(r)). Best − runner-up, paired by replication: "
          + "\(ComparisonReport.signed(diff.mean, unit: u)) (95% CI "
          + "\(ComparisonReport.differenceInterval(diff.ciLow, diff.ciHigh, unit: u)), p \(ComparisonReport.pText(diff.pValue))); "
          + "the best point was \(objective.maximise ? "higher" : "lower") in "
          + "\(DisplayFormat.percent(objective.maximise ? diff.probabilityHigher : 1 - diff.probabilityHigher - Double(diff.ties) / Double(Swift.max(1, diff.count)))) "
          + "of replications."
          + (clear
            ? ""
            : " The interval includes 0: the two points are not clearly apart; "
              + "run more replications or weigh other metrics."))
    }
    return lines
  }

  /// The sweep as an ordered JSON document (see docs/output-format.md).
  public func json() -> JSONValue {
    var bestJSON: JSONValue = .null
    if let b = best {
      var members: [(String, JSONValue)] = [
        ("index", .int(b)), ("settings", settingsJSON(b)),
      ]
      if let r = runnerUp {
        members.append(("runner_up", .object([("index", .int(r)), ("settings", settingsJSON(r))])))
      }
      members.append(
        (
          "against_runner_up",
          bestAgainstRunnerUp?.json(scenario: "best", against: "runner_up") ?? .null
        ))
      bestJSON = .object(members)
    }
    return .object([
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile))])),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("horizon_months", .int(horizonMonths)),
      (
        "axes",
        .array(
          axes.map { a in
            .object([("key", .string(a.key)), ("values", .array(a.values.map { .string($0) }))])
          })
      ),
      (
        "objective",
        .object([
          ("key", .string(objective.key)), ("group", .string(objective.group)),
          ("direction", .string(objective.maximise ? "max" : "min")),
        ])
      ),
      (
        "metrics",
        .array(
          descriptors.map { d in
            .object([
              ("key", .string(d.key)), ("group", .string(d.group)), ("unit", .string(d.unit.name)),
              ("label", .string(d.label)),
            ])
          })
      ),
      (
        "points",
        .array(
          points.indices.map { i in
            .object([
              ("settings", settingsJSON(i)),
              (
                "metrics",
                .array(
                  points[i].metrics.map { s in
                    guard let s else { return .null }
                    return .object([
                      ("count", .int(s.count)), ("mean", .number(s.mean)),
                      ("sd", .number(s.standardDeviation)),
                      ("ci95", ComparisonReport.pair(s.ciLow, s.ciHigh)),
                    ])
                  })
              ),
            ])
          })
      ),
      ("best", bestJSON),
      ("verdict", .array(verdict.map { .string($0) })),
      ("notes", .array(notes.map { .string($0) })),
    ])
  }

  private func settingsJSON(_ i: Int) -> JSONValue {
    .object(zip(axes, points[i].settings).map { ($0.key, .string($1)) })
  }

  /// One row per grid point: the axis values, then mean and 95% CI of every metric, then
  /// `best` (1 on the best point).
  public func csv() -> String { cellTable().csv() }

  /// Tidy long form: one row per grid point and metric, so a plotting tool reads the axis
  /// values as numbers and facets by metric without reshaping. Shared with the workbook.
  func cellTable() -> CellTable {
    var rows: [[Workbook.Cell]] = []
    for (i, p) in points.enumerated() {
      let settings = p.settings.map { v in Double(v).map { Workbook.Cell.number($0) } ?? .text(v) }
      for (d, s) in zip(descriptors, p.metrics) {
        rows.append(
          [.number(Double(i + 1))] + settings + [d.key, d.group, d.unit.name].map { .text($0) }
            + [s?.mean, s?.ciLow, s?.ciHigh].map(Workbook.Cell.value)
            + [.number(i == best ? 1 : 0)])
      }
    }
    return CellTable(
      header: ["point"] + axes.map(\.key)
        + ["metric", "group", "unit", "mean", "ci95_low", "ci95_high", "best"],
      rows: rows)
  }

  /// A readable report: one row per grid point with each metric's mean ± half-width.
  public func table() -> String {
    var out: [String] = []
    out.append(
      "\(scenarioName): sweep of \(points.count) points on common random numbers, "
        + "\(Format.grouped(Double(replications))) replications of \(horizonMonths) months each, seed \(seed)"
    )
    for (i, a) in axes.enumerated() {
      out.append("  axis \(i + 1): \(a.key) = \(a.values.joined(separator: ", "))")
    }
    out.append("  objective: \(objective)")
    out.append("")
    out.append("Mean ± half-width of the 95% CI per grid point (* = best)")
    var t = TextTable(
      headers: [""] + axes.map { Self.shortKey($0.key) }
        + descriptors.map { d in
          let name = RunView.humanise(d.key)
          return d.group == "team" ? name : "\(name) (\(d.group))"
        })
    for (i, p) in points.enumerated() {
      var row = [i == best ? "*" : ""] + p.settings
      for (d, s) in zip(descriptors, p.metrics) {
        guard let s, let mean = s.mean else {
          row.append("–")
          continue
        }
        let half = s.ciHigh.map { ($0 - (s.ciLow ?? $0)) / 2 }
        row.append(
          DisplayFormat.short(mean, unit: d.unit, withUnit: false)
            + (half.map { " ± " + DisplayFormat.short($0, unit: d.unit, withUnit: false) } ?? ""))
      }
      t.append(row)
    }
    out.append(t.rendered())
    out.append("")
    out += verdict
    let units = Set(descriptors.map(\.unit).filter { DisplayFormat.isMoney($0) }.map(\.name))
      .sorted()
    if !units.isEmpty { out.append("Money in \(units.joined(separator: ", ")).") }
    if !notes.isEmpty {
      out.append("")
      out.append("Notes")
      for n in notes { out.append("  - \(n)") }
    }
    out += ["", "Inputs and assumptions:"] + inputLines.map { "  " + $0 }
    return out.joined(separator: "\n") + "\n"
  }

  /// The last two components of a key, enough to tell axes apart: `junior.headcount`.
  static func shortKey(_ key: String) -> String {
    key.split(separator: ".").suffix(2).joined(separator: ".")
  }
}
