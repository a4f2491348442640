import SalesModel
import Statistics

extension StaffingResult: RenderableReport {
  /// Identifies the JSON layout of a staffing search.
  public static let formatIdentifier = "funnelsim.staff/1"

  /// The result as a self-contained HTML page with charts.
  public func html() -> String { HTMLReport.render(staffing: self) }

  func mixJSON(_ e: StaffingEvaluation, level: Double) -> JSONValue {
    .object([
      ("headcount", .object(zip(levels, e.headcount).map { ($0, .int($1)) })),
      ("probability", .number(e.met.estimate)),
      ("wilson", interval(e.met.wilsonInterval(level: level))),
      ("replications", .int(e.met.trials)),
      ("guide", .number(e.guide)),
      ("mean", .number(e.mean)),
      ("cost", .number(e.cost)),
      ("cost_of_sales", .number(e.costOfSales)),
      ("planned_salaries", .number(e.plannedSalaries)),
    ])
  }

  /// The result as an ordered JSON document (docs/output-format.md).
  public func json() -> JSONValue {
    .object([
      ("format", .string(Self.formatIdentifier)),
      ("version", .string(FunnelSimVersion.current)),
      ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile))])),
      (
        "target",
        .object([
          ("key", .string(target.key)), ("group", .string(target.group)),
          ("direction", .string(target.atLeast ? "at_least" : "at_most")),
          ("value", .number(target.value)), ("unit", .string(unit.name)),
        ])
      ),
      ("confidence", .number(confidence)),
      ("hires", .string(hires.rawValue)),
      ("hire_month", hires == .new ? .int(hireMonth) : .null),
      ("cost_measure", .string(cost.rawValue)),
      ("budget", .number(budget)),
      (
        "bounds",
        .object(
          zip(levels, bounds).map {
            ($0, .array([.int($1.lowerBound), .int($1.upperBound)]))
          })
      ),
      ("seed", .string(String(seed))),
      ("replications", .int(replications)),
      ("found", .bool(found)),
      ("reason", reason.map { .string($0) } ?? .null),
      ("chosen", chosen.map { mixJSON($0, level: 0.95) } ?? .null),
      (
        "recheck",
        recheck.map { r in
          var o = mixJSON(r, level: 0.95)
          if case .object(let m) = o { o = .object([("seed", .string(String(verifySeed)))] + m) }
          return o
        } ?? .null
      ),
      ("failed_rechecks", .array(failedRechecks.map { mixJSON($0, level: 0.95) })),
      ("current", mixJSON(current, level: 0.95)),
      ("closest", mixJSON(closest, level: 0.95)),
      ("evaluations", .int(evaluated.count)),
      ("hit_evaluation_limit", .bool(hitEvaluationLimit)),
      ("evaluated", .array(evaluated.map { mixJSON($0, level: 0.95) })),
    ])
  }

  /// One row per evaluated mix, then the re-check; `role` says which is which.
  public func csv() -> String {
    var lines = [
      (["role"] + levels.map { "headcount.\($0)" }
        + [
          "probability", "wilson_low", "wilson_high", "replications", "guide", "mean", "cost",
          "cost_of_sales", "planned_salaries",
        ]).map(CSV.field).joined(separator: ",")
    ]
    func row(_ role: String, _ e: StaffingEvaluation) -> String {
      let w = e.met.wilsonInterval(level: 0.95)
      return
        ([role] + e.headcount.map(String.init)
        + [e.met.estimate, w?.lowerBound, w?.upperBound].map(CSV.number) + [String(e.met.trials)]
        + [e.guide, e.mean, e.cost, e.costOfSales, e.plannedSalaries].map(CSV.number))
        .joined(separator: ",")
    }
    for e in evaluated {
      var role = "evaluated"
      if e.headcount == current.headcount { role = "current" }
      if let c = chosen, e.headcount == c.headcount { role = "chosen" }
      lines.append(row(role, e))
    }
    for f in failedRechecks { lines.append(row("failed_recheck", f)) }
    if let recheck { lines.append(row("recheck", recheck)) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A readable answer: the chosen mix against the scenario's, and its re-check.
  public func table() -> String {
    var out = [
      "\(scenarioName): cheapest mix with \(target) in at least "
        + "\(Format.value(confidence, unit: .share)) of runs"
        + (budget.map { ", \(cost.rawValue) at most \(Format.value($0, unit: .money))" } ?? ""),
      "\(evaluated.count) mixes simulated, \(Format.grouped(Double(replications))) replications each, "
        + "seed \(seed) (common random numbers); cost = \(costDescription)",
      "Added managers: \(hires.label)"
        + (hires == .new ? ", joining in month \(hireMonth)" : ", on day 0")
        + " (--hires \(hires.rawValue))",
      "",
    ]
    var t = TextTable(
      headers: ["mix"] + levels + ["P(target)", "95% CI", "mean \(target.key)", "cost"])
    func add(_ label: String, _ e: StaffingEvaluation) {
      let w = e.met.wilsonInterval(level: 0.95)
      t.append(
        [label] + e.headcount.map(String.init) + [
          Format.value(e.met.estimate, unit: .share),
          Format.interval(w?.lowerBound, w?.upperBound, unit: .share),
          Format.value(e.mean, unit: unit), Format.value(e.cost, unit: .money),
        ])
    }
    add("scenario", current)
    if let chosen { add("chosen", chosen) } else { add("closest", closest) }
    if let recheck { add("re-check (seed \(verifySeed))", recheck) }
    out.append(t.rendered())
    out.append("")
    if let chosen {
      let saving = current.cost - chosen.cost
      out.append(
        saving > 0 && current.met.estimate >= confidence
          ? "Saves \(Format.value(saving, unit: .money)) \(MetricUnit.currency) against the scenario's mix, which also meets the target."
          : current.met.estimate >= confidence
            ? "The scenario's own mix is the cheapest found."
            : "The scenario's mix meets the target in only \(Format.value(current.met.estimate, unit: .share)) of runs."
      )
    } else {
      out.append("No mix found: \(reason ?? "unknown reason").")
    }
    for f in failedRechecks {
      out.append(
        "Rejected \(f.headcount.map(String.init).joined(separator: "/")): met the target in the "
          + "search but only in \(Format.value(f.met.estimate, unit: .share)) of re-check runs.")
    }
    if hitEvaluationLimit {
      out.append("The search stopped at its limit of evaluated mixes (--max-evaluations).")
    }
    out.append(
      "Bounds: "
        + zip(levels, bounds).map { "\($0) \($1.lowerBound)..\($1.upperBound)" }
        .joined(separator: ", "))
    out += ["", "Inputs and assumptions:"] + inputLines.map { "  " + $0 }
    return out.joined(separator: "\n") + "\n"
  }

  /// The inputs and assumptions the search was made with, one per line.
  var inputLines: [String] {
    [
      "Scenario file: \(scenarioFile) (\(scenarioName)).",
      "Target: \(target) in at least \(Format.value(confidence, unit: .share)) of runs; "
        + "cost = \(costDescription).",
      "Added managers: \(hires.label)"
        + (hires == .new ? ", joining in month \(hireMonth)." : ", on day 0."),
      "Replications: \(replications) per mix, seed \(seed), common random numbers; the chosen "
        + "mix re-checked with \(verifyReplications) replications, seed \(verifySeed).",
      "Intervals: 95% Wilson (docs/statistics.md). Money in \(MetricUnit.currency).",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }

  var costDescription: String {
    switch cost {
    case .costOfSales: "simulated cost of sales (salaries + commissions), mean"
    case .salaries: "planned salaries (headcount x salary x horizon)"
    }
  }
}
