import SalesModel
import Statistics

extension DeskStaffingResult: RenderableReport {
  /// Identifies the JSON layout of a desk staffing analysis.
  public static let formatIdentifier = "funnelsim.desk/1"

  func evaluationJSON(_ e: DeskStaffingEvaluation, names: [String]) -> JSONValue {
    .object([
      ("headcount", .int(e.headcount)),
      ("meets_targets", .bool(e.meets)),
      (
        "within_sla_share",
        .object(
          zip(names, e.shares).map { name, s in
            (
              name,
              .object([
                ("estimate", .number(s.estimate)),
                ("low", .number(s.confidenceInterval?.lowerBound)),
                ("high", .number(s.confidenceInterval?.upperBound)),
              ])
            )
          })
      ),
    ])
  }

  /// The result as an ordered JSON document (docs/output-format.md, "funnelsim desk").
  public func json() -> JSONValue {
    let all = channels.map(\.name)
    return .object([
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile))])),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("current_headcount", .int(currentHeadcount)),
      ("working_minutes", .number(workingMinutes)),
      (
        "channels",
        .array(
          channels.map { c in
            .object([
              ("name", .string(c.name)),
              ("arrivals_per_minute", .number(c.arrivalsPerMinute)),
              ("handling_minutes", .number(c.handlingMinutes)),
              ("sla_minutes", .number(c.slaMinutes)),
              ("target_share", .number(c.targetShare)),
              ("offered_load", .number(c.arrivalsPerMinute * c.handlingMinutes)),
              ("erlang_c_headcount", c.erlangC.map { .int($0) } ?? .null),
              ("erlang_c_share", .number(c.erlangCShare)),
              ("simulated_headcount", c.simulated.map { .int($0) } ?? .null),
              ("evaluated", .array(c.evaluated.map { evaluationJSON($0, names: [c.name]) })),
            ])
          })
      ),
      ("shared_headcount", shared.map { .int($0) } ?? .null),
      ("shared_evaluated", .array(sharedEvaluated.map { evaluationJSON($0, names: all) })),
    ])
  }

  /// One row per channel and headcount simulated: `desk` is the channel alone or `shared`.
  public func csv() -> String {
    var lines = [
      [
        "desk", "channel", "headcount", "within_sla_share", "low", "high", "target_share",
        "meets_targets", "erlang_c_headcount", "chosen",
      ].map(CSV.field).joined(separator: ",")
    ]
    func rows(_ desk: String, _ names: [String], _ e: DeskStaffingEvaluation, chosen: Int?) {
      for (name, s) in zip(names, e.shares) {
        let ch = channels.first { $0.name == name }!
        lines.append(
          ([CSV.field(desk), CSV.field(name), String(e.headcount)]
            + [s.estimate, s.confidenceInterval?.lowerBound, s.confidenceInterval?.upperBound]
            .map(CSV.number)
            + [
              CSV.number(ch.targetShare), e.meets ? "true" : "false",
              ch.erlangC.map(String.init) ?? "", e.headcount == chosen ? "true" : "false",
            ])
            .joined(separator: ","))
      }
    }
    for c in channels {
      for e in c.evaluated { rows("alone", [c.name], e, chosen: c.simulated) }
    }
    for e in sharedEvaluated { rows("shared", channels.map(\.name), e, chosen: shared) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The answer per channel, then the shared desk.
  public func table() -> String {
    var out = [
      "\(scenarioName): response managers per channel for its share within the SLA",
      "\(Format.grouped(Double(replications))) replications per headcount, seed \(seed) "
        + "(common random numbers); the scenario has \(currentHeadcount)",
      "",
    ]
    var t = TextTable(headers: [
      "channel", "requests/hour", "handling min", "SLA min", "target", "Erlang C", "share (EC)",
      "simulated", "share (sim)", "95% CI",
    ])
    for c in channels {
      let s = c.chosen?.shares.first
      t.append([
        c.name, Format.value(c.arrivalsPerMinute * 60, unit: .count),
        Format.value(c.handlingMinutes, unit: .count), Format.value(c.slaMinutes, unit: .count),
        Format.value(c.targetShare, unit: .share), c.erlangC.map(String.init) ?? "–",
        Format.value(c.erlangCShare, unit: .share),
        c.simulated.map(String.init) ?? "none ≤ \(c.evaluated.map(\.headcount).max() ?? 0)",
        Format.value(s?.estimate, unit: .share),
        Format.interval(
          s?.confidenceInterval?.lowerBound, s?.confidenceInterval?.upperBound, unit: .share),
      ])
    }
    out.append(t.rendered())
    out.append("")
    let sum = channels.compactMap(\.simulated).reduce(0, +)
    if let shared, let e = sharedEvaluated.first(where: { $0.headcount == shared }) {
      out.append(
        "Shared desk: \(shared) response managers meet every channel's target "
          + "(dedicated desks: \(sum) in all).")
      for (c, s) in zip(channels, e.shares) {
        out.append(
          "  \(c.name): \(Format.value(s.estimate, unit: .share)) within \(Format.value(c.slaMinutes, unit: .count)) min, 95% CI "
            + Format.interval(
              s.confidenceInterval?.lowerBound, s.confidenceInterval?.upperBound, unit: .share))
      }
    } else {
      out.append(
        "Shared desk: no headcount up to \(sharedEvaluated.map(\.headcount).max() ?? 0) meets every channel's target.")
    }
    out.append(
      "Erlang C assumes Poisson arrivals, exponential handling and no abandonment; the "
        + "simulation uses the scenario's handling, patience and priorities.")
    return out.joined(separator: "\n") + "\n"
  }

  /// The result as a self-contained HTML page.
  public func html() -> String {
    var report = HTMLReport(
      title: "\(scenarioName): service desk staffing",
      subtitle: "\(Format.grouped(Double(replications))) runs per headcount · seed \(seed)")
    let headers = [
      "Channel", "Requests/hour", "Handling, min", "SLA, min", "Target", "Erlang C",
      "Simulated", "Share (sim)",
    ]
    let rows = channels.map { c in
      [
        c.name, Format.value(c.arrivalsPerMinute * 60, unit: .count),
        Format.value(c.handlingMinutes, unit: .count), Format.value(c.slaMinutes, unit: .count),
        DisplayFormat.percent(c.targetShare), c.erlangC.map(String.init) ?? "–",
        c.simulated.map(String.init) ?? "–",
        c.chosen?.shares.first?.estimate.map(DisplayFormat.percent) ?? "–",
      ]
    }
    report.sections = [
      HTMLReport.Section(
        id: "desk", title: "Response managers per channel",
        intro: "Erlang C is the textbook answer for Poisson arrivals and exponential handling; "
          + "the simulated headcount is the fewest dedicated response managers whose pooled "
          + "share within the SLA reaches the target.",
        blocks: [
          .table(HTMLReport.Table(caption: nil, headers: headers, rows: rows, numeric: Set(1..<8))),
          .paragraph(
            shared.map { "One shared desk needs \($0) response managers." }
              ?? "No shared headcount tried meets every target."),
        ])
    ]
    report.footer = [
      "Scenario file: \(scenarioFile).", "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
    return report.rendered()
  }
}
