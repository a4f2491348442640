// The fitted scenario as YAML, each fitted value with a comment giving n and its interval
// (docs/calibration.md, "From estimates to scenario keys").
import Foundation

extension HistoryFit {
  /// How the written scenario runs.
  public struct RunSettings: Sendable {
    /// `horizon_months`.
    public var horizonMonths = 12
    /// `replications`.
    public var replications = 1000
    /// `seed`.
    public var seed: UInt64 = 1
    /// `plan_bookings`; nil leaves it out.
    public var planBookings: Double?
    /// Defaults: 12 months, 1000 replications, seed 1.
    public init() {}
  }

  /// The calendar month (1…12) of the run's first month: the month of the day after as-of.
  public var firstRunMonth: Int {
    CalendarDay(daysSinceEpoch: asOf.daysSinceEpoch + 1).components.month
  }

  /// Each stage's duration (working days): the won cycle's gamma split evenly over the
  /// stages, less half a day each for the model's rounding up to whole days.
  public var stageDuration: (shape: Double, scale: Double)? {
    guard let c = wonCycle else { return nil }
    let k = Double(stages.count)
    let shape = c.parameters[0]
    let mean = max(0.5 * k, shape * c.parameters[1] - 0.5 * k)
    return (max(0.001, shape / k), mean / shape)
  }

  /// A runnable scenario in the format of docs/scenario-format.md.
  public func scenarioYAML(_ settings: RunSettings = .init()) -> String {
    var y: [String] = []
    func f(_ x: Double) -> String { Estimate.format(x) }
    y.append("# Fitted by `funnelsim fit` from \(opportunitiesUsed) opportunities known on \(asOf).")
    y.append("# Rows left out as bad: \(problems.count). Each fitted value: n, then its 95% interval.")
    y.append("# Month 1 of the run is the month after the as-of date (calendar month \(firstRunMonth)).")
    y.append("name: \(Self.quoted(name))")
    y.append("seed: \(settings.seed)")
    y.append("replications: \(settings.replications)")
    y.append("horizon_months: \(settings.horizonMonths)")
    if let plan = settings.planBookings { y.append("plan_bookings: \(f(plan))") }
    y.append("calendar:")
    y.append("  days_per_month: \(daysPerMonth)")

    y.append("segments:")
    for s in segments {
      y.append("  - name: \(Self.quoted(s.name))")
      if let d = s.dealSize {
        let others = s.candidates.filter { $0.family != d.family }
          .map { "\($0.family.rawValue) \(f($0.aic))" }.joined(separator: ", ")
        y.append(
          "    # deal size: \(d.family.rawValue) by AIC \(f(d.aic))\(others.isEmpty ? "" : " (others: \(others))"); mean \(d.mean)\(s.amounts.count < 10 ? "; pooled over segments, too few won amounts here" : "")"
        )
        y.append("    deal_size: \(Self.yaml(d))")
      } else {
        y.append("    # deal size: no won deal has an amount; 1 per deal, so bookings count deals")
        y.append("    deal_size: 1")
      }
      if let c = churnHazard {
        y.append("    # churn hazard per client-month \(c), all segments alike")
        y.append("    churn_per_month: \(f(min(1, 1 - exp(-c.value))))")
      }
      if let r = requestsPerClientMonth {
        y.append("    requests_per_month: \(f(r.value))  # per client-month \(r)")
      }
    }

    y.append("levels:")
    for l in levels {
      y.append("  - name: \(Self.quoted(l.name))")
      y.append("    headcount: \(l.headcount)  # managers employed on \(asOf)")
      y.append("    # win rate \(l.winRate) over the team's \(f(winRate.value))")
      y.append("    win_multiplier: \(f(l.winMultiplier))")
      let entries = stages.filter { l.openByStage[$0] != nil }
      if !entries.isEmpty, l.headcount > 0 {
        y.append("    opening_pipeline:  # deals open on \(asOf), per manager, with their ages")
        for stage in entries {
          let ages = l.openByStage[stage]!
          y.append("      - stage: \(Self.quoted(stage))")
          y.append(
            "        deals: \(f(Double(ages.count) / Double(l.headcount)))  # \(ages.count) deals over \(l.headcount) managers"
          )
          y.append("        age_days: \(Self.ageDistribution(ages))")
        }
      }
    }

    y.append("funnel:")
    y.append("  stages:")
    let duration = stageDuration
    if let c = wonCycle {
      y.append(
        "    # won sales cycle, working days: gamma shape \(f(c.parameters[0])), scale \(f(c.parameters[1])), mean \(c.mean); split evenly over \(stages.count) stage(s)"
      )
    }
    for (k, s) in stageFits.enumerated() {
      y.append("    - name: \(Self.quoted(s.name))")
      let note = k == stages.count - 1 ? "; the team's win rate \(winRate) is the product of the stages" : ""
      y.append("      probability: \(f(s.probability.value))  # \(s.probability)\(note)")
      if let d = duration {
        y.append("      duration_days: {distribution: gamma, shape: \(f(d.shape)), scale: \(f(d.scale))}")
      } else {
        y.append("      duration_days: 1  # no won deal: no cycle to fit")
      }
    }

    y.append("leads:")
    y.append("  inbound:")
    y.append("    per_month: \(f(leadsPerMonth.value))  # opportunities created per month \(leadsPerMonth)")
    if !leadsPerChannel.isEmpty {
      let channels = leadsPerChannel.keys.sorted().map { "\($0) \(leadsPerChannel[$0]!)" }
      y.append("    # by channel: \(channels.joined(separator: "; "))")
    }
    if let season = seasonality {
      let start = firstRunMonth - 1
      let rotated = (0..<12).map { season[(start + $0) % 12] }
      y.append("    # seasonal multipliers of calendar months, the first entry being calendar month \(firstRunMonth)")
      y.append("    seasonality: [\(rotated.map { f($0) }.joined(separator: ", "))]")
    }
    if segments.count > 1 {
      y.append("    segment_mix:")
      let total = segments.reduce(0.0) { $0 + $1.share.value }
      for s in segments {
        y.append("      - {segment: \(Self.quoted(s.name)), share: \(s.share.value / total)}  # \(s.share)")
      }
    }
    if churnHazard != nil {
      y.append("portfolio:")
      y.append("  churn_enabled: true")
    }
    return y.joined(separator: "\n") + "\n"
  }

  /// An `age_days` distribution: the ages themselves as an empirical distribution (at most 21
  /// quantiles), or a constant for one deal.
  static func ageDistribution(_ ages: [Double]) -> String {
    let sorted = ages.sorted()
    guard let first = sorted.first, let last = sorted.last, last > first else {
      return Estimate.format((sorted.first ?? 0).rounded(.down))
    }
    let points = min(21, sorted.count)
    var values: [Double] = []
    var cumulative: [Double] = []
    for i in 0..<points {
      let q = Double(i) / Double(points - 1)
      let v = sorted[Int((q * Double(sorted.count - 1)).rounded())]
      values.append((v * 100).rounded() / 100)
      cumulative.append(q)
    }
    let vs = values.map { Estimate.format($0) }.joined(separator: ", ")
    let cs = cumulative.map { Estimate.format($0) }.joined(separator: ", ")
    return "{distribution: empirical, values: [\(vs)], cumulative: [\(cs)]}"
  }

  static func yaml(_ d: FamilyFit) -> String {
    let p = d.parameters
    func f(_ x: Double) -> String { Estimate.format(x) }
    switch d.family {
    case .exponential: return "{distribution: exponential, mean: \(f(p[0]))}"
    case .gamma: return "{distribution: gamma, shape: \(f(max(0.001, p[0]))), scale: \(f(p[1]))}"
    case .lognormal:
      let mean = exp(p[0] + p[1] * p[1] / 2)
      let sd = mean * (exp(p[1] * p[1]) - 1).squareRoot()
      return "{distribution: lognormal, mean: \(f(mean)), sd: \(f(min(sd, 1000 * mean)))}"
    case .weibull:
      return "{distribution: weibull, shape: \(f(max(0.1, p[0]))), scale: \(f(p[1]))}"
    }
  }

  /// A YAML scalar that stays a string (names such as `yes` or `1` would not).
  static func quoted(_ s: String) -> String {
    let plain = s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
      && s.first.map { $0.isLetter } == true
      && !["yes", "no", "true", "false", "on", "off", "null", "y", "n"].contains(s.lowercased())
    if plain { return s }
    return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
