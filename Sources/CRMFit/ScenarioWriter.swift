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
    /// One level per owner (named after the owner, one manager, the owner's shrunk win rate
    /// and open deals), so that reports per level are reports per owner.
    public var perOwner = false
    /// Defaults: 12 months, 1000 replications, seed 1.
    public init() {}
  }

  /// The calendar month (1…12) of the run's first month: the month of the day after as-of.
  public var firstRunMonth: Int {
    CalendarDay(daysSinceEpoch: asOf.daysSinceEpoch + 1).components.month
  }

  /// Each stage's duration (working days): gamma with the won cycle's scale, the shapes
  /// splitting the cycle's shape in proportion to the stages' mean durations from the stage
  /// history (evenly without one), so the stages of a won deal add up to the fitted cycle;
  /// the mean is lowered by half a day a stage for the model's rounding up to whole days.
  public var stageDurations: [(shape: Double, scale: Double)]? {
    guard let c = wonCycle else { return nil }
    let k = Double(stages.count)
    let shape = c.parameters[0]
    let mean = max(0.5 * k, shape * c.parameters[1] - 0.5 * k)
    let means = stageFits.map { $0.durationDays?.value ?? 0 }
    let total = means.reduce(0, +)
    let weights =
      means.allSatisfy({ $0 > 0 }) && total > 0
      ? means.map { $0 / total } : Array(repeating: 1 / k, count: stages.count)
    return weights.map { (max(0.001, shape * $0), mean / shape) }
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
    let ownerMix = settings.perOwner ? ownerSegmentMix() : nil
    for (s, written) in writtenSegments(ownerMix) {
      y.append("  - name: \(Self.quoted(written))")
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
    for seat in seats(perOwner: settings.perOwner) {
      y.append("  - name: \(Self.quoted(seat.name))")
      y.append("    headcount: \(seat.headcount)  # \(seat.headcountNote)")
      y.append("    # win rate \(seat.winRate)\(seat.shrunk ? ", shrunk toward the level's" : ""); the team's \(f(winRate.value))")
      y.append("    win_multiplier: \(f(seat.winMultiplier))  # its last-stage conversion over the team's")
      y += careerLines(seat: seat)
      y += portfolioLines(seat: seat)
      if let mix = ownerMix, let owner = seat.owner {
        let own = mix.filter { $0.owner == owner }.map { Self.quoted($0.segment) }
        y.append("    segments: [\(own.joined(separator: ", "))]  # the owner's own share of the leads")
      }
      let entries = stages.filter { seat.openByStage[$0] != nil }
      if !entries.isEmpty, seat.headcount > 0 {
        y.append("    opening_pipeline:  # deals open on \(asOf), per manager, with their ages")
        for stage in entries {
          let ages = seat.openByStage[stage]!
          y.append("      - stage: \(Self.quoted(stage))")
          y.append(
            "        deals: \(f(Double(ages.count) / Double(seat.headcount)))  # \(ages.count) deals over \(seat.headcount) manager(s)"
          )
          y.append("        age_days: \(Self.ageDistribution(ages))")
          if let left = remainingDays(seat, stage: stage) {
            y.append("        remaining_days: \(left)  # days left in the stage, given the days spent in it")
          }
        }
      }
    }

    y.append("funnel:")
    y.append("  stages:")
    let durations = stageDurations
    let fromHistory = stageFits.allSatisfy { $0.durationDays != nil }
    if let c = wonCycle {
      y.append(
        "    # won sales cycle, working days: gamma shape \(f(c.parameters[0])), scale \(f(c.parameters[1])), mean \(c.mean); split over \(stages.count) stage(s) \(fromHistory ? "by their mean durations in the stage history" : "evenly")"
      )
    }
    for (k, s) in stageFits.enumerated() {
      y.append("    - name: \(Self.quoted(s.name))")
      let note =
        k == stages.count - 1
        ? "; the product of the stages, \(f(funnelWinRate)), is the win rate counting what open deals passed (closed deals alone: \(winRate))"
        : ""
      let halfLife = stageHalfLifeMonths.isInfinite ? "whole history" : "half-life \(f(stageHalfLifeMonths)) months"
      let level = s.recent.map { "recent (\(halfLife)) \($0), whole history \(s.probability)" } ?? "\(s.probability)"
      y.append("      probability: \(f(s.level.value))  # \(level)\(note)")
      if let d = durations?[k] {
        let observed = s.durationDays.map { "  # in the stage history: mean \($0)" } ?? ""
        y.append("      duration_days: {distribution: gamma, shape: \(f(d.shape)), scale: \(f(d.scale))}\(observed)")
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
    // The model has one inbound stream: a channel's own seasonality is shown, the stream's is
    // the team's (their mix).
    for channel in seasonalityPerChannel.keys.sorted() {
      let start = firstRunMonth - 1
      let rotated = (0..<12).map { seasonalityPerChannel[channel]![(start + $0) % 12] }
      y.append("    # seasonality of \(channel), from calendar month \(firstRunMonth): [\(rotated.map { f($0) }.joined(separator: ", "))]")
    }
    if let season = seasonality {
      let start = firstRunMonth - 1
      let rotated = (0..<12).map { season[(start + $0) % 12] }
      y.append("    # seasonal multipliers of calendar months, the first entry being calendar month \(firstRunMonth)")
      y.append("    seasonality: [\(rotated.map { f($0) }.joined(separator: ", "))]")
    }
    if let mix = ownerMix {
      y += ownerMixLines(mix)
    } else if segments.count > 1 {
      y.append("    segment_mix:")
      let total = segments.reduce(0.0) { $0 + $1.share.value }
      for s in segments {
        y.append("      - {segment: \(Self.quoted(s.name)), share: \(s.share.value / total)}  # \(s.share)")
      }
    }
    y += careersSection(perOwner: settings.perOwner, horizonMonths: settings.horizonMonths)
    if churnHazard != nil {
      y.append("portfolio:")
      y.append("  churn_enabled: true")
      // The fitted hazard counts every end of a contract, renewals declined included; written
      // with the opening books, which would otherwise meet both.
      if !openingBooks.isEmpty {
        y.append("  renewal_probability: 1  # the churn hazard counts every client's end")
      }
    }
    return y.joined(separator: "\n") + "\n"
  }

  /// A seat's `max_portfolio` and `initial_clients` (nothing without a clients file).
  func portfolioLines(seat: Seat) -> [String] {
    guard !openingBooks.isEmpty || !portfolioCaps.isEmpty else { return [] }
    var y: [String] = []
    if let c = portfolioCaps[seat.level] {
      let f = Estimate.format
      let changed =
        c.ownersChanged == 0 ? "" : ", \(c.ownersChanged) owner(s) from the change of their cap"
      if let cap = c.cap {
        y.append(
          "    max_portfolio: \(cap)  # level \(seat.level), last \(PortfolioCap.window) days\(changed) (n \(c.leads) leads): \(f(c.rateAtCap)) leads per owner-day at \(cap) clients or more (\(c.daysAtCap) owner-days), \(f(c.rateAll)) at any book of 1 or more"
        )
      } else {
        y.append(
          "    # no max_portfolio: level \(seat.level)'s lead rate fell at no book size (n \(c.leads) leads of the last \(PortfolioCap.window) days; largest book \(c.largestBook))"
        )
      }
    }
    guard seat.headcount > 0 else { return y }
    if let owner = seat.owner {
      let book = openingBooks[owner] ?? 0
      if book > 0 { y.append("    initial_clients: \(book)  # the owner's active clients on \(asOf)") }
    } else if let level = levels.first(where: { $0.name == seat.level }) {
      let held = level.owners.filter { !(ownerLeads[$0]?.left ?? false) }.map { openingBooks[$0] ?? 0 }
      let total = held.reduce(0, +)
      if let cap = portfolioCaps[seat.level]?.cap {
        // Every manager of the level starts with the same book, so the book that leaves the
        // level the room its owners have: an owner above the cap has none, and a mean book
        // under the cap would let every manager take leads where some cannot.
        let empty = max(0, seat.headcount - held.count)
        let room = held.reduce(empty * cap) { $0 + max(0, cap - $1) }
        let book = cap - Int((Double(room) / Double(seat.headcount)).rounded())
        if book > 0 {
          y.append(
            "    initial_clients: \(book)  # \(total) active clients on \(asOf), \(room) short of the cap over \(seat.headcount) manager(s): the cap less their mean room, rounded"
          )
        }
      } else if total > 0 {
        let mean = (Double(total) / Double(seat.headcount)).rounded()
        y.append(
          "    initial_clients: \(Int(mean))  # \(total) active clients on \(asOf) over \(seat.headcount) manager(s), rounded"
        )
      }
    }
    return y
  }

  /// A level of the written scenario: a fitted level, or one owner's seat.
  public struct Seat: Sendable {
    /// The level's name in the scenario (the owner's name per owner).
    public var name: String
    /// The owner whose seat it is (per owner), nil for a fitted level.
    public var owner: String?
    public var headcount: Int
    var headcountNote: String
    /// The level's (or owner's) win rate, won / closed.
    public var winRate: Estimate
    /// The level's `win_multiplier`.
    public var winMultiplier: Double
    var shrunk: Bool
    /// Deals open on the as-of date by stage name, with their ages in working days.
    public var openByStage: [String: [Double]]
    /// The fitted level the seat belongs to (its own name for a fitted level).
    public var level = ""
  }

  /// The levels to write: the fitted levels, or each level's owners as levels of their own.
  public func seats(perOwner: Bool) -> [Seat] {
    guard perOwner else {
      return levels.map {
        Seat(
          name: $0.name, owner: nil, headcount: $0.headcount, headcountNote: "managers employed on \(asOf)",
          winRate: $0.winRate, winMultiplier: $0.winMultiplier, shrunk: false,
          openByStage: $0.openByStage, level: $0.name)
      }
    }
    var seats: [Seat] = []
    for l in levels {
      for owner in l.owners {
        var open: [String: [Double]] = [:]
        for d in openDeals where d.owner == owner { open[stages[d.stage], default: []].append(d.ageDays) }
        let fitted = owners.first { $0.owner == owner }
        // The level's name is reserved for the whole team in reports.
        let name = owner == "team" ? "team_owner" : owner
        let rate = fitted?.winRate ?? l.winRate
        // The owner's shrunk rate against the level's scales the level's multiplier.
        let relative = l.winRate.value > 0 ? rate.value / l.winRate.value : 1
        // An owner who has left wins nothing more under their name: their seat is empty (its
        // open deals are not entered).
        let left = ownerLeads[owner]?.left ?? false
        seats.append(
          Seat(
            name: name, owner: owner, headcount: left ? 0 : 1,
            headcountNote: left ? "\(owner), level \(l.name), left by \(asOf)" : "\(owner), level \(l.name)",
            winRate: rate, winMultiplier: l.winMultiplier * relative, shrunk: fitted != nil,
            openByStage: open, level: l.name))
      }
    }
    return seats
  }

  /// An `age_days` distribution: the ages themselves as an empirical distribution (at most 21
  /// quantiles), or a constant for one deal.
  static func ageDistribution(_ ages: [Double]) -> String {
    // The format bounds the mean age at 2500 working days (ten years): older deals enter as
    // ten years old, which changes nothing within any horizon of a forecast.
    let sorted = ages.map { min($0, 2500) }.sorted()
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
