import SalesModel

extension ComparisonReport: RenderableReport {
  /// Identifies the JSON layout; bumped when a field changes meaning.
  public static let formatIdentifier = "funnelsim.compare/1"

  /// The comparison as a self-contained HTML page with charts.
  public func html() -> String { HTMLReport.render(comparison: self) }

  /// The first metric with a difference for every alternative: the one the verdict is about.
  var headline: MetricComparison? {
    metrics.first { m in m.differences.dropFirst().allSatisfy { $0 != nil } }
  }

  /// One sentence per alternative on the headline metric: who is higher, by how much, how
  /// sure, and how much the pairing narrowed the interval.
  public var verdicts: [String] {
    guard let m = headline else { return [] }
    let u = m.descriptor.unit
    let what =
      m.descriptor.label.lowercased()
      + (m.descriptor.group == "team" ? "" : " (\(m.descriptor.group))")
    let base = scenarios[0].name
    return m.differences.enumerated().compactMap { i, d -> String? in
      guard let d else { return nil }
      let name = scenarios[i].name
      var s: String
      let amount = Self.difference(abs(d.mean), unit: u)
      let ci = Self.differenceInterval(d.ciLow, d.ciHigh, unit: u)
      let (hi, lo) = d.mean > 0 ? (name, base) : (base, name)
      if d.mean == 0 {
        s =
          "\(name) and \(base) have the same mean \(what) over \(horizonMonths) months "
          + "(95% CI of the difference \(ci), p \(Self.pText(d.pValue)))."
      } else if d.isDecided {
        s =
          "\(hi) has higher \(what) than \(lo) over \(horizonMonths) months: "
          + "by \(amount) on average (95% CI of \(name) − \(base): \(ci), p \(Self.pText(d.pValue)))."
      } else {
        s =
          "\(hi) has higher \(what) than \(lo) over \(horizonMonths) months by \(amount) on "
          + "average, but the 95% CI of \(name) − \(base), \(ci), includes 0 "
          + "(p \(Self.pText(d.pValue))): no clear difference."
      }
      s += " \(name) was higher in \(DisplayFormat.percent(d.probabilityHigher)) of replications."
      if let r = d.widthRatio, r > 0 {
        s +=
          " Pairing on common random numbers made the interval \(Self.ratioText(r)) than "
          + "independent runs would (Welch 95% CI \(Self.differenceInterval(d.unpairedCILow, d.unpairedCIHigh, unit: u)))."
      }
      return s
    }
  }

  /// The comparison as an ordered JSON document (see docs/output-format.md).
  public func json() -> JSONValue {
    let labels = labels
    return .object([
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      (
        "scenarios",
        .array(
          scenarios.enumerated().map { i, s in
            .object([
              ("label", .string(labels[i])), ("name", .string(s.name)), ("file", .string(s.file)),
            ])
          })
      ),
      ("baseline", .string(labels[0])),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("horizon_months", .int(horizonMonths)),
      ("level", .number(0.95)),
      ("shared_levels", .array(sharedLevels.map { .string($0) })),
      ("verdicts", .array(verdicts.map { .string($0) })),
      (
        "metrics",
        .array(
          metrics.map { m in
            .object([
              ("key", .string(m.descriptor.key)),
              ("group", .string(m.descriptor.group)),
              ("unit", .string(m.descriptor.unit.name)),
              ("label", .string(m.descriptor.label)),
              (
                "scenarios",
                .array(
                  m.scenarios.enumerated().map { i, s in
                    guard let s else { return .null }
                    return .object([
                      ("scenario", .string(labels[i])), ("count", .int(s.count)),
                      ("mean", .number(s.mean)), ("sd", .number(s.standardDeviation)),
                      ("ci95", Self.pair(s.ciLow, s.ciHigh)),
                    ])
                  })
              ),
              (
                "differences",
                .array(
                  m.differences.enumerated().dropFirst().map { i, d in
                    guard let d else { return .null }
                    return d.json(scenario: labels[i], against: labels[0])
                  })
              ),
            ])
          })
      ),
      ("notes", .array(notes.map { .string($0) })),
    ])
  }

  /// One row per metric and scenario; the difference columns are empty on the baseline's rows.
  public func csv() -> String { cellTable().csv() }

  /// The CSV's rows as cells, shared with the workbook.
  func cellTable() -> CellTable {
    var rows: [[Workbook.Cell]] = []
    let labels = labels
    for m in metrics {
      for (i, s) in m.scenarios.enumerated() {
        let d = m.differences[i]
        var cells: [Workbook.Cell] = [
          m.descriptor.key, m.descriptor.group, m.descriptor.unit.name, labels[i],
          scenarios[i].name,
        ].map { .text($0) }
        cells.append(s.map { .number(Double($0.count)) } ?? .empty)
        cells += [s?.mean, s?.standardDeviation, s?.ciLow, s?.ciHigh].map(Workbook.Cell.value)
        cells += [
          d?.mean, d?.ciLow, d?.ciHigh, d?.pValue, d?.probabilityHigher, d?.probabilityHigherLow,
          d?.probabilityHigherHigh,
        ].map(Workbook.Cell.value)
        cells.append(d.map { .number(Double($0.ties)) } ?? .empty)
        cells += [d?.unpairedCILow, d?.unpairedCIHigh, d?.unpairedPValue, d?.widthRatio].map(
          Workbook.Cell.value)
        rows.append(cells)
      }
    }
    return CellTable(
      header: [
        "key", "group", "unit", "scenario", "name", "count", "mean", "sd", "ci95_low",
        "ci95_high", "diff_mean", "diff_ci95_low", "diff_ci95_high", "p_value", "prob_higher",
        "prob_higher_low", "prob_higher_high", "ties", "welch_ci95_low", "welch_ci95_high",
        "welch_p_value", "width_ratio",
      ], rows: rows)
  }

  /// A readable report: the scenarios, each metric per scenario, then the paired differences.
  public func table() -> String {
    let labels = labels
    var out: [String] = []
    out.append(
      "Comparison on common random numbers: \(Format.grouped(Double(replications))) replications "
        + "of \(horizonMonths) months, seed \(seed)")
    for (i, s) in scenarios.enumerated() {
      out.append("  \(labels[i]) = \(s.name) (\(s.file))\(i == 0 ? ", the baseline" : "")")
    }
    out.append("")
    out.append("Per scenario (mean and 95% CI)")
    var per = TextTable(headers: ["metric"] + labels.flatMap { [$0, "\($0) 95% CI"] })
    for m in metrics {
      let u = m.descriptor.unit
      per.append(
        [Self.rowLabel(m)]
          + m.scenarios.flatMap { s in
            [Format.value(s?.mean, unit: u), Format.interval(s?.ciLow, s?.ciHigh, unit: u)]
          })
    }
    out.append(per.rendered())
    for i in scenarios.indices.dropFirst() {
      out.append("")
      out.append("\(labels[i]) − \(labels[0]), paired by replication")
      var diff = TextTable(headers: [
        "metric", "difference", "95% CI", "p-value", "P(\(labels[i]) > \(labels[0]))",
        "unpaired 95% CI", "CI width vs unpaired",
      ])
      for m in metrics {
        let u = m.descriptor.unit
        guard let d = m.differences[i] else {
          diff.append([Self.rowLabel(m), "–", "–", "–", "–", "–", "–"])
          continue
        }
        diff.append([
          Self.rowLabel(m), Self.signed(d.mean, unit: u),
          Self.differenceInterval(d.ciLow, d.ciHigh, unit: u),
          Self.pText(d.pValue, bare: true), Self.higherText(d),
          Self.differenceInterval(d.unpairedCILow, d.unpairedCIHigh, unit: u),
          d.widthRatio.map { Self.ratioText($0) } ?? "–",
        ])
      }
      out.append(diff.rendered())
    }
    let verdicts = verdicts
    if !verdicts.isEmpty {
      out.append("")
      for v in verdicts { out.append(v) }
    }
    if !notes.isEmpty {
      out.append("")
      out.append("Notes")
      for n in notes { out.append("  - \(n)") }
    }
    out += ["", "Inputs and assumptions:"] + inputLines.map { "  " + $0 }
    return out.joined(separator: "\n") + "\n"
  }

  /// `47.5%`, or `5.0% (90.0% tied)` when some replications tie (typical of 0/1 metrics).
  static func higherText(_ d: PairedDifference) -> String {
    let higher = DisplayFormat.percent(d.probabilityHigher)
    guard d.ties > 0, d.count > 0 else { return higher }
    return higher + " (\(DisplayFormat.percent(Double(d.ties) / Double(d.count))) tied)"
  }

  static func rowLabel(_ m: MetricComparison) -> String {
    let label = MetricSummary.labelWithUnit(m.descriptor.label, m.descriptor.unit)
    return m.descriptor.group == "team" ? label : "\(label), \(m.descriptor.group)"
  }

  /// A difference with its sign: `+1,234` for money, `+3.2 pp` for shares, whose difference is
  /// in percentage points (`+3.2%` would read as a relative change).
  static func signed(_ v: Double, unit: MetricUnit) -> String {
    (v > 0 ? "+" : "") + difference(v, unit: unit)
  }

  /// A difference in its unit, unsigned when positive: shares in percentage points.
  static func difference(_ v: Double?, unit: MetricUnit) -> String {
    guard unit == .share else { return Format.value(v, unit: unit) }
    guard let v, v.isFinite else { return "–" }
    return Format.fixed(v * 100, decimals: 1) + " pp"
  }

  /// The interval of a difference: shares in percentage points.
  static func differenceInterval(_ low: Double?, _ high: Double?, unit: MetricUnit) -> String {
    guard let low, let high else { return "–" }
    return difference(low, unit: unit) + " … " + difference(high, unit: unit)
  }

  /// `= 0.034`, `< 0.001`; `bare` drops the `=`.
  static func pText(_ p: Double?, bare: Bool = false) -> String {
    guard let p else { return bare ? "–" : "undefined" }
    if p < 0.001 { return "< 0.001" }
    let text = p >= 0.1 ? Format.fixed(p, decimals: 2) : Format.fixed(p, decimals: 3)
    return bare ? text : "= " + text
  }

  /// A width ratio in words: `4.2× narrower`, `1.3× wider`, `as wide`.
  static func ratioText(_ r: Double) -> String {
    guard r.isFinite else { return "–" }
    if r <= 0 { return "zero width" }
    if r < 0.995 { return DisplayFormat.trimZeros(Format.fixed(1 / r, decimals: 1)) + "× narrower" }
    if r > 1.005 { return DisplayFormat.trimZeros(Format.fixed(r, decimals: 1)) + "× wider" }
    return "as wide"
  }

  static func pair(_ a: Double?, _ b: Double?) -> JSONValue {
    if let a, let b, a.isFinite, b.isFinite { return .array([.number(a), .number(b)]) }
    return .null
  }
}

extension PairedDifference {
  func json(scenario: String, against: String) -> JSONValue {
    .object([
      ("scenario", .string(scenario)),
      ("against", .string(against)),
      ("count", .int(count)),
      ("mean", .number(mean)),
      ("sd", .number(standardDeviation)),
      ("ci95", ComparisonReport.pair(ciLow, ciHigh)),
      ("p_value", .number(pValue)),
      ("probability_higher", .number(probabilityHigher)),
      (
        "probability_higher_ci95",
        ComparisonReport.pair(probabilityHigherLow, probabilityHigherHigh)
      ),
      ("ties", .int(ties)),
      (
        "unpaired",
        .object([
          ("method", .string("welch")),
          ("ci95", ComparisonReport.pair(unpairedCILow, unpairedCIHigh)),
          ("p_value", .number(unpairedPValue)),
        ])
      ),
      ("width_ratio", .number(widthRatio)),
    ])
  }
}
