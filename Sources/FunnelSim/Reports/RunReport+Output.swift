public import SalesModel

extension RunReport: RenderableReport {
  /// Identifies the JSON layout; bumped when a field changes meaning.
  public static let formatIdentifier = "funnelsim.run/1"

  /// The report as a self-contained HTML page with charts.
  public func html() -> String { HTMLReport.render(run: self) }

  /// The report as an ordered JSON document (see docs/output-format.md).
  public func json() -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile))])),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("horizon_months", .int(horizonMonths)),
    ]
    // Only a run with dates names its months, so a run without keeps its document as it was.
    if let monthLabels { members.append(("months", .array(monthLabels.map { .string($0) }))) }
    members += [
      ("events", .string(String(events))),
      ("metrics", .array(metrics.map { $0.json() })),
      ("samples", .array(samples.map { $0.json(withHistogram: true) })),
      ("series", .array(series.map { $0.json() })),
      ("binding_resources", .array(bindingResourcesJSON())),
      ("parts_off", .array(partsOff.map { .string($0.rawValue) })),
    ]
    return .object(members)
  }

  /// One entry per level that has a capacity: the binding resource and its pooled utilisation.
  func bindingResourcesJSON() -> [JSONValue] {
    groups.filter { $0 != "team" }.compactMap { level in
      bindingResource(level).map { b in
        .object([
          ("group", .string(level)), ("resource", .string(b.resource.rawValue)),
          ("utilisation", .number(b.utilisation)),
        ])
      }
    }
  }

  /// One CSV row per metric (scalars, then pooled samples), with a header.
  public func csv() -> String { cellTable().csv() }

  /// The CSV's rows as cells, shared with the workbook.
  func cellTable() -> CellTable {
    var rows: [[Workbook.Cell]] = []
    for (kind, list) in [("metric", metrics), ("sample", samples)] {
      for m in list where m.descriptor.isShown {
        let s = m.statistics
        let d = m.descriptor
        rows.append(
          [kind, d.key, d.group, d.unit.name].map { .text($0) }
            + [.number(Double(s.count)), .number(Double(m.defined))]
            + [s.mean, s.standardDeviation, s.ciLow, s.ciHigh, s.min, s.p10, s.p50, s.p90, s.max]
            .map(Workbook.Cell.value))
      }
    }
    return CellTable(
      header: [
        "kind", "key", "group", "unit", "count", "defined", "mean", "sd", "ci95_low", "ci95_high",
        "min", "p10", "p50", "p90", "max",
      ], rows: rows)
  }

  /// A readable report: the team's headline figures with intervals, then a level-by-level view.
  public func table() -> String {
    var out: [String] = []
    out.append(
      "\(scenarioName): \(Format.grouped(Double(replications))) replications of "
        + "\(horizonMonths) months, seed \(seed)")
    out.append("")
    out.append("Team")
    var team = TextTable(headers: ["metric", "mean", "95% CI", "P10", "P50", "P90", "defined"])
    let teamMetrics = metrics.filter { $0.descriptor.group == "team" && $0.descriptor.isShown }
    let teamByKey = Dictionary(
      teamMetrics.map { ($0.descriptor.key, $0) }, uniquingKeysWith: { a, _ in a })
    for (key, isCount) in Self.rowsWithRatioCounts(teamMetrics.map(\.descriptor.key)) {
      team.append(teamByKey[key]!.tableRow(indented: isCount))
    }
    for m in samples where m.descriptor.group == "team" && m.descriptor.isShown {
      team.append(m.tableRow())
    }
    out.append(team.rendered())

    let levels = groups.filter { $0 != "team" }
    if !levels.isEmpty {
      out.append("")
      // Declared roles have their groups after the levels' (docs/model.md, 11).
      let byWhat = partsOff.contains(.roles) ? "By level" : "By level, then by role"
      out.append("\(byWhat) (mean per replication; ratios pooled over replications)")
      var byLevel = TextTable(headers: ["metric"] + levels)
      var keys: [(String, String, MetricUnit)] = []  // key, label, unit in first-seen order
      for m in metrics where m.descriptor.group != "team" && m.descriptor.isShown {
        if !keys.contains(where: { $0.0 == m.descriptor.key }) {
          keys.append((m.descriptor.key, m.descriptor.label, m.descriptor.unit))
        }
      }
      let unitsAndLabels = Dictionary(
        keys.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
      for (key, isCount) in Self.rowsWithRatioCounts(keys.map(\.0)) {
        let (label, unit) = unitsAndLabels[key]!
        let cells = levels.map { level in
          guard let m = metric(key, group: level) else { return Format.value(nil, unit: unit) }
          let value = Format.value(m.statistics.mean, unit: unit)
          // A ratio defined in only some replications says in how many.
          return m.defined < m.statistics.count
            ? "\(value) (\(m.defined)/\(m.statistics.count))" : value
        }
        byLevel.append(
          [MetricSummary.labelWithUnit(label, unit, indented: isCount)] + cells)
      }
      let binding = levels.map { bindingResource($0)?.resource.label ?? "" }
      if binding.contains(where: { !$0.isEmpty }) { byLevel.append(["Binding resource"] + binding) }
      out.append(byLevel.rendered())
      let levelSamples = samples.filter { $0.descriptor.group != "team" && $0.descriptor.isShown }
      if !levelSamples.isEmpty {
        out.append("")
        out.append("Pooled over manager-periods")
        var pooled = TextTable(headers: ["metric", "level", "n", "mean", "P10", "P50", "P90"])
        for m in levelSamples {
          let s = m.statistics
          let u = m.descriptor.unit
          pooled.append([
            MetricSummary.labelWithUnit(m.descriptor.label, u), m.descriptor.group,
            Format.grouped(Double(s.count)), Format.value(s.mean, unit: u),
            Format.value(s.p10, unit: u), Format.value(s.p50, unit: u),
            Format.value(s.p90, unit: u),
          ])
        }
        out.append(pooled.rendered())
      }
    }
    out += ["", "Inputs and assumptions:"] + inputLines.map { "  " + $0 }
    return out.joined(separator: "\n") + "\n"
  }

  /// The order of a table's rows for metric `keys` (in schema order): each ratio is followed,
  /// indented, by the counts it pools (its numerator and denominators), which leave their own
  /// place, so the reader sees what a rate is made of; a count pooled by several ratios goes
  /// under the first. Deals won and lost and bookings, outcomes in their own right, keep their
  /// place (won and lost are the rows just above the win rate).
  static func rowsWithRatioCounts(_ keys: [String]) -> [(key: String, isCount: Bool)] {
    let standalone: Set = [Metric.won.key, Metric.lost.key, Metric.bookings.key]
    let present = Set(keys)
    var attached: Set<String> = []
    var under: [String: [String]] = [:]
    for key in keys {
      for term in ratioTerms(key)
      where present.contains(term) && !standalone.contains(term) && !attached.contains(term) {
        attached.insert(term)
        under[key, default: []].append(term)
      }
    }
    var rows: [(key: String, isCount: Bool)] = []
    for key in keys where !attached.contains(key) {
      rows.append((key, false))
      for term in under[key] ?? [] { rows.append((term, true)) }
    }
    return rows
  }

  /// The keys of the numerator and denominators of the ratio `key` in the catalogue, empty for
  /// a metric that is not a ratio.
  static func ratioTerms(_ key: String) -> [String] {
    if let metric = Metric.allCases.first(where: { $0.key == key }) {
      guard case .ratio(let numerator, let over) = metric.derivation else { return [] }
      return [numerator.key] + over.map(\.key)
    }
    if let team = TeamMetric.allCases.first(where: { $0.key == key }) {
      guard let ratio = team.ratio else { return [] }
      return [ratio.numerator.key, ratio.denominator.key]
    }
    for kind in StageMetric.allCases {
      guard let ratio = kind.ratio, let stage = kind.stage(inKey: key) else { continue }
      return [ratio.numerator.key(stage), ratio.denominator.key(stage)]
    }
    if let desk = DeskMetric.allCases.first(where: { $0.key == key }) {
      guard let ratio = desk.ratio else { return [] }
      return [ratio.numerator.key, ratio.denominator.key]
    }
    for kind in DeskChannelMetric.allCases {
      guard let ratio = kind.ratio, let channel = kind.channel(inKey: key) else { continue }
      return [ratio.numerator.key(channel)] + ratio.over.map { $0.key(channel) }
    }
    return []
  }

  /// One CSV row per replication with every scalar metric the scenario produces as a column
  /// (`key.group`; a part switched off has none); a ratio whose denominator is 0 in a
  /// replication (or a median of no deals) is an empty cell.
  public static func perReplicationCSV(
    schema: OutcomeSchema, firstReplication: Int, outcomes: [ReplicationOutcome]
  ) -> String {
    let shown = schema.scalars.indices.filter { schema.scalars[$0].isShown }
    var lines = [
      (["replication"]
        + shown.map { CSV.field("\(schema.scalars[$0].key).\(schema.scalars[$0].group)") })
        .joined(separator: ",")
    ]
    let layout = RatioLayout(schema)
    for (i, o) in outcomes.enumerated() {
      let cells = shown.map { j in
        layout.isDefined(j, in: o.values) ? CSV.number(o.values[j]) : ""
      }
      lines.append(([String(firstReplication + i)] + cells).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension RunReport {
  /// The monthly series of every replication in long form, one row per replication, month
  /// (1-based, or `YYYY-MM` when the scenario gives a start date), series and group:
  /// `replication,month,metric,group,value`.
  public static func perReplicationSeriesCSV(
    schema: OutcomeSchema, firstReplication: Int, outcomes: [ReplicationOutcome]
  ) -> String {
    var out = "replication,month,metric,group,value\n"
    let names = schema.series.map { (CSV.field($0.key), CSV.field($0.group)) }
    let months = schema.monthLabels
    for (i, o) in outcomes.enumerated() {
      let replication = String(firstReplication + i)
      for (s, (key, group)) in names.enumerated() {
        for (m, v) in o.series[s].enumerated() {
          let month = months.flatMap { m < $0.count ? CSV.field($0[m]) : nil } ?? String(m + 1)
          out += "\(replication),\(month),\(key),\(group),\(CSV.number(v))\n"
        }
      }
    }
    return out
  }
}

extension MetricSummary {
  func json(withHistogram: Bool = false) -> JSONValue {
    let s = statistics
    let ci: JSONValue =
      if let lo = s.ciLow, let hi = s.ciHigh { .array([.number(lo), .number(hi)]) } else { .null }
    var members: [(String, JSONValue)] = [
      ("key", .string(descriptor.key)),
      ("group", .string(descriptor.group)),
      ("unit", .string(descriptor.unit.name)),
      ("label", .string(descriptor.label)),
      ("count", .int(s.count)),
      ("defined", .int(defined)),
      ("mean", .number(s.mean)),
      ("sd", .number(s.standardDeviation)),
      ("ci95", ci),
      ("min", .number(s.min)),
      ("p10", .number(s.p10)),
      ("p50", .number(s.p50)),
      ("p90", .number(s.p90)),
      ("max", .number(s.max)),
    ]
    if let off = descriptor.switchedOff { members.append(("off", .string(off.rawValue))) }
    if withHistogram { members.append(("histogram", histogram?.json() ?? .null)) }
    return .object(members)
  }

  /// The row of a table; `indented` for a count shown under the ratio that pools it.
  func tableRow(indented: Bool = false) -> [String] {
    let s = statistics
    let u = descriptor.unit
    return [
      Self.labelWithUnit(descriptor.label, u, indented: indented), Format.value(s.mean, unit: u),
      Format.interval(s.ciLow, s.ciHigh, unit: u), Format.value(s.p10, unit: u),
      Format.value(s.p50, unit: u), Format.value(s.p90, unit: u),
      defined < s.count ? "\(defined)/\(s.count)" : "",
    ]
  }

  static func labelWithUnit(_ label: String, _ unit: MetricUnit, indented: Bool = false)
    -> String
  {
    let indent = indented ? "  " : ""
    switch unit {
    case .share, .count: return indent + label
    case .days, .money, .minutes: return "\(indent)\(label) (\(unit.name))"
    }
  }
}

extension SampleHistogram {
  func json() -> JSONValue {
    .object([
      ("edges", .array(edges.map { .number($0) })),
      ("counts", .array(counts.map { .int($0) })),
      ("below", .int(below)),
      ("above", .int(above)),
    ])
  }
}

extension SeriesSummary {
  func json() -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("key", .string(descriptor.key)),
      ("group", .string(descriptor.group)),
      ("unit", .string(descriptor.unit.name)),
      ("label", .string(descriptor.label)),
      ("mean", .array(mean.map { .number($0) })),
      ("p10", .array(p10.map { .number($0) })),
      ("p50", .array(p50.map { .number($0) })),
      ("p90", .array(p90.map { .number($0) })),
    ]
    if let off = descriptor.switchedOff { members.append(("off", .string(off.rawValue))) }
    return .object(members)
  }
}

/// CSV cells (RFC 4180 quoting).
enum CSV {
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
    var quoted = "\""
    for c in s { quoted += c == "\"" ? "\"\"" : String(c) }
    return quoted + "\""
  }

  static func number(_ v: Double?) -> String {
    guard let v, v.isFinite else { return "" }
    return JSONValue.format(v)
  }
}

/// The version written into every report, checked when partial results are merged.
public enum FunnelSimVersion {
  public static let current = "0.1.0"
}
