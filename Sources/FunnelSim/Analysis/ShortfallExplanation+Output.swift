// docs/explain.md, "Output": the explanation as a table, JSON, CSV and an HTML page with a
// waterfall chart.
import SalesModel

extension ShortfallExplanation: WorkbookReport {
  /// Sheets `explain` (the CSV's rows) and `inputs`.
  public func workbook() -> Workbook {
    Workbook(sheets: [cellTable().sheet("explain"), .init(name: "inputs", lines: inputLines)])
  }
}

extension ShortfallExplanation: RenderableReport {
  /// Identifies the JSON layout of an explanation.
  public static let formatIdentifier = "funnelsim.explain/1"

  /// The applicable causes, in report order.
  var applicable: [CauseContribution] { causes.filter(\.applies) }

  /// Where the target came from, in words.
  var targetDescription: String {
    switch targetSource {
    case .given: "--target"
    case .planBookings: "plan_bookings"
    case .quotas: "the team plan: the sum of the effective quotas of every closed manager-period"
    }
  }

  /// How the values were computed, in one sentence.
  var methodDescription: String {
    let k = applicable.count
    let how: String
    switch method {
    case .exact:
      how = "exact Shapley values over \(k) applicable cause\(k == 1 ? "" : "s") (every coalition run)"
    case .sampled(let p):
      how =
        "Shapley values over \(k) applicable causes estimated from \(p) random orders "
        + "(sampling error stated per cause)"
    }
    return how + ": \(variantsRun) variants × \(Format.grouped(Double(replications))) "
      + "replications, seed \(seed), the same random numbers for every variant; in every "
      + "replication the contributions and the remaining gap add up to the gap"
  }

  /// The inputs and assumptions the explanation was run with, one per line.
  var inputLines: [String] {
    var lines = ["Scenario file: \(scenarioFile) (\(scenarioName))."]
    if !overrides.isEmpty { lines.append("Overrides: \(overrides.joined(separator: " ")).") }
    lines.append(
      "Metric: \(metric.key) (\(metric.unit.name)), group \(metric.group); target: "
        + "\(targetDescription).")
    lines.append(
      "Replications: \(replications) per variant; seed \(seed); intervals at "
        + "\(percentLabel).")
    if let leadFactor, causes.contains(where: { $0.cause == .leadVolume && $0.applies }) {
      lines.append(
        "Lead volume the plan needs: × \(Format.fixed(leadFactor, decimals: 3)) "
          + "(mean target / mean forecast).")
    }
    lines.append("Made by FunnelSim \(FunnelSimVersion.current).")
    return lines
  }

  /// The confidence level as a whole percentage, e.g. `95%`.
  var percentLabel: String { "\(Int((confidence * 100).rounded()))%" }

  func share(_ value: Double, of gap: Double) -> Double? {
    gap != 0 && gap.isFinite ? value / gap : nil
  }

  // MARK: Table

  /// The explanation as aligned text.
  public func table() -> String {
    let unit = metric.unit
    let t = estimate(target)
    let f = estimate(forecast)
    let g = estimate(gap)
    var out = [
      "\(scenarioName): \(metric.key) of \(metric.group) against its target",
      "  target    \(Format.value(t.mean, unit: unit))  (\(targetDescription))",
      "  forecast  \(Format.value(f.mean, unit: unit))  (\(interval(f.interval)))",
      "  gap       \(Format.value(g.mean, unit: unit))  (\(interval(g.interval)))",
      "",
    ]
    var table = TextTable(
      headers: [
        "cause", "contribution", "\(percentLabel) CI", "share of gap",
        "sampling error",
      ])
    for c in applicable {
      let e = estimate(c.perReplication)
      table.append([
        c.cause.label, Format.value(e.mean, unit: unit), interval(e.interval),
        share(e.mean, of: g.mean).map { Format.value($0, unit: .share) } ?? "–",
        c.samplingError.map { Format.value($0, unit: unit) } ?? "–",
      ])
    }
    let rest = estimate(remaining)
    table.append([
      "Remaining with every cause removed", Format.value(rest.mean, unit: unit),
      interval(rest.interval), share(rest.mean, of: g.mean).map { Format.value($0, unit: .share) }
        ?? "–", "–",
    ])
    table.append([
      "Gap", Format.value(g.mean, unit: unit), interval(g.interval),
      g.mean != 0 ? Format.value(1, unit: .share) : "–", "–",
    ])
    out.append(table.rendered())
    if !levels.isEmpty {
      out.append("")
      out.append("By level (mean contribution; the levels add up to the team's):")
      var byLevel = TextTable(headers: ["cause"] + levels)
      byLevel.append(["forecast"] + forecastByLevel.map { Format.value($0, unit: unit) })
      for c in applicable {
        byLevel.append([c.cause.label] + c.byLevel.map { Format.value($0, unit: unit) })
      }
      out.append(byLevel.rendered())
    }
    let absent = causes.filter { !$0.applies }
    if !absent.isEmpty {
      out.append("")
      out.append(
        "Not applicable (the switch changes nothing in this scenario; contribute 0): "
          + absent.map(\.cause.rawValue).joined(separator: ", "))
    }
    out.append("")
    out.append("Switches (a cause's contribution is what removing it adds, on average over orders):")
    for c in applicable { out.append("  \(c.cause.rawValue): \(c.cause.counterfactual)") }
    out.append("")
    out.append("Method: \(methodDescription).")
    out.append("")
    out.append("Inputs:")
    out += inputLines.map { "  " + $0 }
    return out.joined(separator: "\n") + "\n"
  }

  private func interval(_ i: ClosedRange<Double>?) -> String {
    Format.interval(i?.lowerBound, i?.upperBound, unit: metric.unit)
  }

  // MARK: JSON

  private func estimateJSON(_ values: [Double]) -> JSONValue {
    let e = estimate(values)
    return .object([
      ("mean", .number(e.mean)),
      ("ci_low", .number(e.interval?.lowerBound)),
      ("ci_high", .number(e.interval?.upperBound)),
    ])
  }

  /// The explanation as an ordered JSON document.
  public func json() -> JSONValue {
    let gapMean = estimate(gap).mean
    var members: [(String, JSONValue)] = [
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      (
        "scenario",
        .object([
          ("name", .string(scenarioName)), ("file", .string(scenarioFile)),
          ("overrides", .array(overrides.map { .string($0) })),
        ])
      ),
      (
        "metric",
        .object([
          ("key", .string(metric.key)), ("group", .string(metric.group)),
          ("unit", .string(metric.unit.name)), ("label", .string(metric.label)),
        ])
      ),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("confidence", .number(confidence)),
      (
        "method",
        .object([
          ("kind", .string(method == .exact ? "exact" : "sampled")),
          (
            "permutations",
            {
              if case .sampled(let p) = method { return .int(p) }
              return .null
            }()
          ),
          ("variants", .int(variantsRun)),
        ])
      ),
      ("target_source", .string(targetSource.rawValue)),
      ("target", estimateJSON(target)),
      ("forecast", estimateJSON(forecast)),
      ("gap", estimateJSON(gap)),
      ("lead_factor", .number(leadFactor)),
      (
        "causes",
        .array(
          causes.map { c in
            var o: [(String, JSONValue)] = [
              ("cause", .string(c.cause.rawValue)), ("label", .string(c.cause.label)),
              ("switch", .string(c.cause.counterfactual)), ("applies", .bool(c.applies)),
            ]
            if case .object(let e) = estimateJSON(c.perReplication) { o += e }
            o.append(("share_of_gap", .number(share(estimate(c.perReplication).mean, of: gapMean))))
            o.append(("sampling_error", .number(c.samplingError)))
            if !levels.isEmpty {
              o.append(("by_level", .object(zip(levels, c.byLevel).map { ($0, .number($1)) })))
            }
            return .object(o)
          })
      ),
      ("remaining", estimateJSON(remaining)),
    ]
    if !levels.isEmpty {
      members.append(
        ("forecast_by_level", .object(zip(levels, forecastByLevel).map { ($0, .number($1)) })))
    }
    members.append(("inputs", .array(inputLines.map { .string($0) })))
    return .object(members)
  }

  // MARK: CSV

  /// Tidy long form: one row per quantity (and per level with the by-level split).
  public func csv() -> String { cellTable().csv() }

  /// The CSV's rows as cells, shared with the workbook.
  func cellTable() -> CellTable {
    var rows: [[Workbook.Cell]] = []
    func row(
      _ item: String, _ label: String, applies: Bool?, group: String, mean: Double,
      interval: ClosedRange<Double>?, samplingError: Double? = nil
    ) {
      rows.append(
        [.text(item), .text(label), applies.map { .text($0 ? "true" : "false") } ?? .empty,
         .text(group)]
          + [mean, interval?.lowerBound, interval?.upperBound, samplingError]
          .map(Workbook.Cell.value))
    }
    for (item, label, values) in [
      ("target", "Target", target), ("forecast", "Forecast", forecast), ("gap", "Gap", gap),
    ] {
      let e = estimate(values)
      row(item, label, applies: nil, group: metric.group, mean: e.mean, interval: e.interval)
    }
    for c in causes {
      let e = estimate(c.perReplication)
      row(
        c.cause.rawValue, c.cause.label, applies: c.applies, group: metric.group, mean: e.mean,
        interval: c.applies ? e.interval : nil, samplingError: c.samplingError)
    }
    let rest = estimate(remaining)
    row(
      "remaining", "Remaining with every cause removed", applies: nil, group: metric.group,
      mean: rest.mean, interval: rest.interval)
    for (l, level) in levels.enumerated() {
      row(
        "forecast", "Forecast", applies: nil, group: level, mean: forecastByLevel[l],
        interval: nil)
      for c in causes {
        row(
          c.cause.rawValue, c.cause.label, applies: c.applies, group: level, mean: c.byLevel[l],
          interval: nil)
      }
    }
    return CellTable(
      header: ["item", "label", "applies", "group", "mean", "ci_low", "ci_high", "sampling_error"],
      rows: rows)
  }

  // MARK: HTML

  /// The explanation as a self-contained HTML page with a waterfall chart.
  public func html() -> String { HTMLReport(explanation: self).rendered() }
}
