import SalesModel
import Statistics

extension QuotaProposal: RenderableReport {
  /// Identifies the JSON layout of a quota proposal.
  public static let formatIdentifier = "funnelsim.quota/1"

  /// The proposal as a self-contained HTML page with charts.
  public func html() -> String { HTMLReport.render(quota: self) }

  /// The proposal as an ordered JSON document (docs/output-format.md).
  public func json() -> JSONValue {
    .object([
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile))])),
      ("attain", .number(attain)),
      ("quota_period", .string(period)),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("converged", .bool(converged)),
      ("tolerance", .number(tolerance)),
      (
        "levels",
        .array(
          levels.map { p in
            .object([
              ("level", .string(p.level)),
              ("current_quota", .number(p.currentQuota)),
              ("proposed_quota", .number(p.proposedQuota)),
              ("proposed_annual_quota", .number(p.proposedAnnualQuota)),
              ("ci", interval(p.interval)),
              ("observations", .int(p.observations)),
              ("median_deal", .number(p.medianDeal)),
              ("below_one_deal", .bool(p.belowOneDeal)),
              ("suggested_period", p.suggestedPeriod.map { .string($0) } ?? .null),
              ("zero_booking_share", .number(p.zeroBookingShare)),
              ("zero_booking_warning", p.zeroBookingWarning.map { .string($0) } ?? .null),
              ("note", p.note.map { .string($0) } ?? .null),
            ])
          })
      ),
      (
        "iterations",
        .array(
          iterations.map { it in
            .object(
              levels.map { p in
                (
                  p.level,
                  .object([
                    ("quota", .number(it.quotas[p.level])),
                    ("share_reached", .number(it.shares[p.level])),
                  ])
                )
              })
          })
      ),
      ("verification", verification.jsonFields()),
    ])
  }

  /// One row per level: current and proposed quota with interval, and the verification.
  public func csv() -> String {
    var lines = [
      "level,current_quota,proposed_quota,ci_low,ci_high,observations,verify_share,"
        + "verify_wilson_low,verify_wilson_high,verify_clustered_low,verify_clustered_high,"
        + "proposed_annual_quota,median_deal,below_one_deal,suggested_period,zero_booking_share"
    ]
    for p in levels {
      let v = verification.levels.first { $0.level == p.level }
      lines.append(
        ([CSV.field(p.level)]
          + [p.currentQuota, p.proposedQuota, p.interval?.lowerBound, p.interval?.upperBound]
          .map(CSV.number) + [String(p.observations)]
          + [
            v?.share, v?.wilson?.lowerBound, v?.wilson?.upperBound, v?.clustered?.lowerBound,
            v?.clustered?.upperBound, p.proposedAnnualQuota, p.medianDeal,
          ].map(CSV.number) + [p.belowOneDeal ? "1" : "0", CSV.field(p.suggestedPeriod ?? "")]
          + [CSV.number(p.zeroBookingShare)]).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A readable answer: the proposal, then what the re-run with another seed showed.
  public func table() -> String {
    let pct = Format.fixed(attain * 100, decimals: 0)
    var out = [
      "\(scenarioName): quotas per \(period) that \(pct)% of ramped manager-periods reach",
      "\(Format.grouped(Double(replications))) replications per run, seed \(seed); "
        + "\(iterations.count) proposal run\(iterations.count == 1 ? "" : "s"), "
        + (converged
          ? "converged (share within \(Format.fixed(tolerance * 100, decimals: 1)) points of \(pct)%)"
          : "not converged: check the verification below"),
      "",
    ]
    var t = TextTable(headers: [
      "level", "current quota", "proposed quota", "per year", "median deal", "95% CI",
      "periods used", "verified share", "95% CI (clustered)",
    ])
    for p in levels {
      let v = verification.levels.first { $0.level == p.level }
      t.append([
        p.level, Format.value(p.currentQuota, unit: .money),
        p.proposedQuota.map { Format.value($0, unit: .money) + (p.belowOneDeal ? " (!)" : "") }
          ?? "– (see below)",
        Format.value(p.proposedAnnualQuota, unit: .money),
        Format.value(p.medianDeal, unit: .money),
        Format.interval(p.interval?.lowerBound, p.interval?.upperBound, unit: .money),
        Format.grouped(Double(p.observations)), Format.value(v?.share, unit: .share),
        Format.interval(v?.clustered?.lowerBound, v?.clustered?.upperBound, unit: .share),
      ])
    }
    out.append(t.rendered())
    for p in levels where p.proposedQuota == nil {
      out.append("  \(p.level): no proposal, \(p.note ?? ""); its current quota is kept below.")
    }
    for p in levels where p.belowOneDeal {
      out.append(
        "  (!) \(p.level): the proposal is below one median deal "
          + "(\(Format.value(p.medianDeal, unit: .money))) per \(period); "
          + (p.suggestedPeriod.map { "a quota per \($0) holds at least one deal" }
            ?? "even a year holds less than one deal"))
    }
    for p in levels { if let w = p.zeroBookingWarning { out.append("  warning: \(w)") } }
    out.append("")
    out.append(
      "Verification: the proposed quotas simulated again with seed \(verification.seed) "
        + "(\(Format.grouped(Double(verification.replications))) replications).")
    var check = verification.table(header: false)
    while check.last == "\n" { check.removeLast() }
    out.append(check)
    out += ["", "Inputs and assumptions:"] + inputLines.map { "  " + $0 }
    return out.joined(separator: "\n") + "\n"
  }

  /// The inputs and assumptions the proposal was made with, one per line.
  var inputLines: [String] {
    [
      "Scenario file: \(scenarioFile) (\(scenarioName)).",
      "Target: \(Format.fixed(attain * 100, decimals: 0))% of ramped manager-periods reach "
        + "quota per \(period); proposals re-simulated until within "
        + "\(Format.fixed(tolerance * 100, decimals: 1)) points.",
      "Replications: \(replications) per proposal run, seed \(seed); verification "
        + "\(verification.replications) replications, seed \(verification.seed).",
      "Proposal: the (1 − P)-quantile of pooled ramped manager-period bookings; intervals 95%, "
        + "clustered by replication (docs/statistics.md). Money in \(MetricUnit.currency).",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}

extension QuotaCheck: RenderableReport {
  /// Identifies the JSON layout of a quota check.
  public static let formatIdentifier = "funnelsim.quota-check/1"

  /// The check as an ordered JSON document (docs/output-format.md): its format header,
  /// then ``jsonFields()``.
  public func json() -> JSONValue {
    guard case .object(let members) = jsonFields() else { return jsonFields() }
    return .object(
      [
        ("format", .string(Self.formatIdentifier)),
        ("version", .string(FunnelSimVersion.current)),
      ] + members)
  }

  /// The check as a terminal table, with its heading, ending with its inputs and assumptions.
  public func table() -> String {
    table(header: true) + (["", "Inputs and assumptions:"] + inputLines.map { "  " + $0 })
      .joined(separator: "\n") + "\n"
  }

  /// The inputs and assumptions the check was made with, one per line.
  var inputLines: [String] {
    [
      "Scenario file: \(scenarioFile) (\(scenarioName)).",
      "Quotas per \(period); share of ramped manager-periods at or above quota.",
      "Replications: \(replications); seed \(seed).",
      "Intervals: \(Format.fixed(level * 100, decimals: 0))% Wilson, and clustered by "
        + "replication (docs/statistics.md). Money in \(MetricUnit.currency).",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }

  /// The check as a self-contained HTML page with charts.
  public func html() -> String { HTMLReport.render(quotaCheck: self) }

  /// The check's fields without a format header: also a proposal's `verification`.
  public func jsonFields() -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile))])),
      ("quota_period", .string(period)),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("confidence_level", .number(level)),
      ("levels", .array(levels.map { $0.json() })),
      ("team", team.json()),
      ("spread", .number(spread)),
      ("levels_differ", .bool(levelsDiffer)),
    ]
    if let b = teamBookings { members.append(("team_bookings", b.json())) }
    if let p = teamPlanReached {
      members.append(
        (
          "team_plan_reached",
          .object([
            ("share", .number(p.estimate)), ("wilson", interval(p.wilsonInterval(level: level))),
          ])
        ))
    }
    return .object(members)
  }

  /// One row per level and one for the team.
  public func csv() -> String {
    var lines = [
      "level,quota,periods,reached,share,wilson_low,wilson_high,clustered_low,clustered_high,"
        + "attainment_mean,attainment_p10,attainment_p50,attainment_p90"
    ]
    for a in levels + [team] {
      lines.append(
        ([CSV.field(a.level), CSV.number(a.level == "team" ? nil : a.quota)]
          + [String(a.reached?.trials ?? 0), String(a.reached?.successes ?? 0)]
          + [
            a.share, a.wilson?.lowerBound, a.wilson?.upperBound, a.clustered?.lowerBound,
            a.clustered?.upperBound, a.attainment?.mean, a.attainment?.p10, a.attainment?.p50,
            a.attainment?.p90,
          ].map(CSV.number)).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Shares per level with both intervals, the spread, and the team forecast.
  func table(header: Bool) -> String {
    var out: [String] = []
    if header {
      out.append(
        "\(scenarioName): share of ramped manager-periods reaching quota (per \(period)), "
          + "\(Format.grouped(Double(replications))) replications, seed \(seed)")
      out.append("")
    }
    var t = TextTable(headers: [
      "level", "quota", "periods", "share reached", "95% Wilson", "95% clustered",
      "attainment P10", "P50", "P90",
    ])
    for a in levels + [team] {
      t.append([
        a.level, a.level == "team" ? "" : Format.value(a.quota, unit: .money),
        Format.grouped(Double(a.reached?.trials ?? 0)), Format.value(a.share, unit: .share),
        Format.interval(a.wilson?.lowerBound, a.wilson?.upperBound, unit: .share),
        Format.interval(a.clustered?.lowerBound, a.clustered?.upperBound, unit: .share),
        Format.value(a.attainment?.p10, unit: .share),
        Format.value(a.attainment?.p50, unit: .share),
        Format.value(a.attainment?.p90, unit: .share),
      ])
    }
    out.append(t.rendered())
    out.append("")
    if let spread, let (lo, hi) = extremes {
      out.append(
        "Fairness: shares range over \(Format.fixed(spread * 100, decimals: 1)) points, "
          + "lowest \(lo), highest \(hi); "
          + (levelsDiffer
            ? "the clustered intervals do not all overlap: quotas are harder for some levels."
            : "the clustered intervals overlap: no level is measurably worse off."))
    }
    if let b = teamBookings {
      out.append(
        "Team bookings over the horizon: P10 \(Format.value(b.p10, unit: .money)), "
          + "P50 \(Format.value(b.p50, unit: .money)), P90 \(Format.value(b.p90, unit: .money)) \(MetricUnit.currency)"
      )
    }
    if let p = teamPlanReached, let ci = p.wilsonInterval(level: level) {
      out.append(
        "Team reaches its plan (sum of quotas) in \(Format.value(p.estimate, unit: .share)) "
          + "of runs (95% CI \(Format.interval(ci.lowerBound, ci.upperBound, unit: .share)))")
    }
    return out.joined(separator: "\n") + "\n"
  }
}

extension LevelAttainment {
  func json() -> JSONValue {
    .object([
      ("level", .string(level)),
      ("quota", level == "team" ? .null : .number(quota)),
      ("periods", .int(reached?.trials ?? 0)),
      ("reached", .int(reached?.successes ?? 0)),
      ("share", .number(share)),
      ("wilson", interval(wilson)),
      ("clustered", interval(clustered)),
      ("attainment", attainment?.json() ?? .null),
      ("histogram", histogram?.json() ?? .null),
    ])
  }
}

extension ForecastQuantiles {
  func json() -> JSONValue {
    .object([
      ("mean", .number(mean)), ("p10", .number(p10)), ("p50", .number(p50)), ("p90", .number(p90)),
    ])
  }
}

/// `[low, high]`, or null.
func interval(_ r: ClosedRange<Double>?) -> JSONValue {
  r.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null
}
