// The fitted careers and the owners' lead shares as scenario keys (docs/calibration.md,
// "Careers" and "Per owner").
import Foundation

extension HistoryFit {
  /// One owner's part of one segment's leads in a per-owner scenario.
  struct OwnerSegment {
    var owner: String
    /// The segment's name in the scenario: the fitted segment's, then `/`, then the seat's.
    var segment: String
    /// The fitted segment it copies.
    var fitted: SegmentFit
    /// Share of the team's leads.
    var share: Double
    /// The owner's leads of the window in the segment, and in all segments.
    var leads: Int
    var ownerLeads: Int
  }

  /// Per owner, each fitted segment split into one segment per owner, with the owner's share of
  /// the leads: the owner's lead rate of the last ``OwnerLeads/window`` days over the sum of
  /// the seated owners' rates, split over segments as `(n_s + w_s) / (n + 1)`, `n_s` the
  /// owner's leads of segment `s` in the window, `n` all of them and `w_s` the segment's share
  /// of the team's leads (one lead's worth of the team's mix, so that few leads do not make a
  /// segment the owner's only one).
  func ownerSegmentMix() -> [OwnerSegment] {
    let seats = seats(perOwner: true).filter { $0.owner != nil }
    let rates = seats.map { ownerLeads[$0.owner!]?.rate ?? 0.5 / Double(OwnerLeads.window) }
    let total = rates.reduce(0, +)
    let segmentTotal = segments.reduce(0.0) { $0 + $1.share.value }
    var mix: [OwnerSegment] = []
    for (seat, rate) in zip(seats, rates) {
      let leads = ownerLeads[seat.owner!]
      let n = leads?.count ?? 0
      for s in segments {
        let w = segmentTotal > 0 ? s.share.value / segmentTotal : 1 / Double(segments.count)
        let k = leads?.bySegment[s.name] ?? 0
        let within = (Double(k) + w) / (Double(n) + 1)
        mix.append(
          OwnerSegment(
            owner: seat.owner!, segment: "\(s.name)/\(seat.name)", fitted: s,
            share: total > 0 ? rate / total * within : 0, leads: k, ownerLeads: n))
      }
    }
    return mix
  }

  /// The segments to write with their names: the fitted ones, or per owner one per owner.
  func writtenSegments(_ mix: [OwnerSegment]?) -> [(SegmentFit, String)] {
    guard let mix else { return segments.map { ($0, $0.name) } }
    return mix.map { ($0.fitted, $0.segment) }
  }

  /// `leads.inbound.segment_mix` of a per-owner scenario.
  func ownerMixLines(_ mix: [OwnerSegment]) -> [String] {
    let total = mix.reduce(0.0) { $0 + $1.share }
    var y = ["    # per owner: leads split by each owner's leads of the \(OwnerLeads.window) days to \(asOf)"]
    y.append("    segment_mix:")
    for m in mix {
      y.append(
        "      - {segment: \(Self.quoted(m.segment)), share: \(total > 0 ? m.share / total : 1 / Double(mix.count))}  # \(m.leads) of the owner's \(m.ownerLeads) leads"
      )
    }
    return y
  }

  /// The chance to leave within a year written for `hazard`, below 1 as the format needs.
  static func annualRate(_ hazard: Double) -> Double {
    CareerFit.LevelExits.writtenAnnualRate(hazard: hazard)
  }

  /// A seat's own attrition and, per owner with a fitted ramp, its tenure.
  func careerLines(seat: Seat) -> [String] {
    guard let careers else { return [] }
    var y: [String] = []
    let exits = careers.exits(ofLevel: seat.level)
    y.append(
      "    attrition_annual_rate: \(Estimate.format(Self.annualRate(exits.hazard.value)))  # exits per person-month of level \(seat.level) \(exits.hazard) over \(Estimate.format(exits.personMonths)) person-months"
    )
    guard let curve = careers.rampCurve else { return y }
    if let owner = seat.owner {
      if let t = careers.tenureMonths[owner] {
        y.append("    tenure_months: \(t)  # whole months since the owner's hire date")
      }
    } else if let level = levels.first(where: { $0.name == seat.level }) {
      // The level's managers draw their tenures from those of its owners employed on as-of, so
      // that the share still ramping up is the history's (only when someone is).
      let tenures = level.owners.filter { !(ownerLeads[$0]?.left ?? false) }
        .compactMap { careers.tenureMonths[$0] }.sorted()
      if tenures.contains(where: { $0 < curve.count }) {
        let values = tenures.map(String.init).joined(separator: ", ")
        let weights = tenures.map { _ in "1" }.joined(separator: ", ")
        y.append(
          "    tenure_months: {distribution: discrete, values: [\(values)], weights: [\(weights)]}  # months since hire of the owners employed on \(asOf)"
        )
      }
    }
    return y
  }

  /// One planned hire of the written scenario (`careers.planned_hires`).
  public struct PlannedRefill: Sendable, Hashable {
    public var level: String
    public var month: Int
    public var count: Int
  }

  /// Exits before as-of still awaiting their hire, as planned hires of the leaver's level in
  /// the month the mean time to hire ends: month `1 + floor(max(0, t̄ − s) / days_per_month)`,
  /// `s` the working days since the exit; none past the horizon, none without refills (the
  /// scenario then has no `hiring`). In the levels' order, then by month.
  public func plannedRefills(horizonMonths: Int) -> [PlannedRefill] {
    guard let careers, careers.refills, let delay = careers.timeToHireDays else { return [] }
    var months: [String: [Int: Int]] = [:]
    for pending in careers.awaitingRefill {
      let month = 1 + Int(max(0, delay.value - pending.daysSince) / Double(daysPerMonth))
      guard month <= horizonMonths, levels.contains(where: { $0.name == pending.level }) else { continue }
      months[pending.level, default: [:]][month, default: 0] += 1
    }
    return levels.map(\.name).flatMap { level in
      (months[level] ?? [:]).sorted { $0.key < $1.key }.map {
        PlannedRefill(level: level, month: $0.key, count: $0.value)
      }
    }
  }

  /// The `planned_hires` lines of ``plannedRefills(horizonMonths:)``.
  func pendingRefills(horizonMonths: Int) -> [String] {
    let hires = plannedRefills(horizonMonths: horizonMonths)
    guard !hires.isEmpty else { return [] }
    var y = ["  planned_hires:  # exits before \(asOf) not yet refilled, hired when the mean time to hire ends"]
    for h in hires {
      y.append("    - {level: \(Self.quoted(h.level)), month: \(h.month), count: \(h.count)}")
    }
    return y
  }

  /// The `careers` section: attrition at the team's hazard (the levels carry their own),
  /// refills after the fitted time to hire (not per owner: a refill would count as the owner
  /// who left), and the fitted ramp.
  func careersSection(perOwner: Bool, horizonMonths: Int) -> [String] {
    guard let careers else { return [] }
    func f(_ x: Double) -> String { Estimate.format(x) }
    var y = ["careers:"]
    y.append(
      "  # exits per person-month, all levels: \(careers.team.hazard) over \(f(careers.team.personMonths)) person-months from \(careers.observedFrom)"
    )
    y.append("  attrition: {annual_rate: \(f(Self.annualRate(careers.team.hazard.value)))}")
    if let delay = careers.timeToHireDays {
      let mean = min(1000, max(1, delay.value))
      let distribution =
        if let sd = careers.timeToHireSD, sd > 0 {
          "{distribution: lognormal, mean: \(f(mean)), sd: \(f(sd))}"
        } else {
          f(mean)
        }
      y.append(
        "  # \(careers.refilled) exit(s) followed by a hire, \(careers.notRefilled) not within a year; working days to the hire \(delay)"
      )
      if careers.refills && !perOwner {
        y.append("  hiring: {time_to_hire_days: \(distribution)}")
        y += pendingRefills(horizonMonths: horizonMonths)
      } else if perOwner {
        y.append("  # per owner no seat is refilled: a refill's deals would count as the owner's who left")
      }
    }
    if let curve = careers.rampCurve, let r = careers.rampWinRates {
      y.append(
        "  # last-stage conversion of hires' deals decided in tenure months 0-2: \(r.early), 3-5: \(r.late); of the others \(r.ramped)"
      )
      y.append("  ramp: {curve: [\(curve.map { f($0) }.joined(separator: ", "))]}")
    }
    return y
  }
}
