// Careers from the owners file: who left, who was hired to replace them, how fast hires ramp
// up (docs/calibration.md, "Careers").
import Foundation

/// Staff turnover as fitted from the owners file's hire and exit dates.
public struct CareerFit: Sendable {
  /// One level's exits.
  public struct LevelExits: Sendable, Codable {
    /// The level's name, as in ``HistoryFit/levels``.
    public var level: String
    /// Months the level's owners were employed within the observed window.
    public var personMonths: Double
    /// Exits per person-month (a censored exponential): `n` the exits, Garwood interval.
    public var hazard: Estimate

    /// The chance to leave within a year, `1 − e^(−12 λ)`: the model's `attrition_annual_rate`
    /// (its monthly chance is `1 − e^(−λ)`).
    public var annualRate: Double { Self.annualRate(hazard: hazard.value) }

    /// `1 − e^(−12 λ)` for a monthly hazard `λ`.
    public static func annualRate(hazard: Double) -> Double { 1 - exp(-12 * max(0, hazard)) }

    /// The annual rate as the scenario carries it: at most 0.99, as the format needs it below 1.
    public var writtenAnnualRate: Double { Self.writtenAnnualRate(hazard: hazard.value) }

    /// `min(0.99, 1 − e^(−12 λ))`.
    public static func writtenAnnualRate(hazard: Double) -> Double {
      min(0.99, annualRate(hazard: hazard))
    }
  }

  /// One owner's employment on the tenure clock, for the survival of tenure: at risk from
  /// `entry` (months since hire at the later of the hire and ``observedFrom``) to `end` (months
  /// since hire at the exit, or at the as-of date while employed).
  public struct TenureSpell: Sendable, Hashable {
    public var entry: Double
    public var end: Double
    /// Whether `end` is an exit (false: still employed on the as-of date, censored).
    public var exited: Bool
  }

  /// The first day exits could be seen: the day leads are counted from (the first close).
  public var observedFrom: CalendarDay
  /// Per level, in the order of ``HistoryFit/levels``.
  public var levels: [LevelExits]
  /// All levels pooled.
  public var team: LevelExits
  /// Exits followed by a hire on or before the as-of date (the first hire after the exit not
  /// matched to an earlier exit).
  public var refilled: Int
  /// Exits without such a hire although a year has passed since.
  public var notRefilled: Int
  /// Exits not yet followed by a hire on the as-of date, less than a year before it: the
  /// leaver's level and the working days since the exit.
  public var awaitingRefill: [(level: String, daysSince: Double)] = []
  /// Working days from an exit to the hire that followed it; nil without a refill.
  public var timeToHireDays: Estimate?
  /// The standard deviation of those days; nil with fewer than two.
  public var timeToHireSD: Double?
  /// Conversion at the last stage (won / decided there) of the deals hires decided in their
  /// tenure months 0–2 and 3–5, and of every other deal decided there; nil without a hire in
  /// the window.
  public var rampWinRates: (early: Estimate, late: Estimate, ramped: Estimate)? {
    guard let early = earlyWinRate, let late = lateWinRate, let ramped = rampedWinRate else {
      return nil
    }
    return (early, late, ramped)
  }
  /// Each owner's whole months since hire on the as-of date, for owners with a hire date.
  public var tenureMonths: [String: Int] = [:]
  var earlyWinRate: Estimate?
  var lateWinRate: Estimate?
  var rampedWinRate: Estimate?
  /// The spells of the owners with a hire date on or before the as-of date (an owner without
  /// one has no tenure clock), for ``tenureSurvival(at:)``.
  public var tenureSpells: [TenureSpell] = []

  /// The share of owners still employed `months` after their hire, from ``tenureSpells``: the
  /// Kaplan–Meier product over the exits up to `months` of `1 − d / r`, `r` the owners at risk
  /// at that tenure, counting only those whose spell began before it (delayed entry: an owner
  /// hired before the export started is seen only from then). 1 before the first exit; nil
  /// when no spell reaches `months`, where the curve is unknown.
  ///
  /// Hand-written: ``KaplanMeier`` counts every duration at risk from 0, which would put the
  /// owners hired before the export in the risk set of tenures at which their exits could
  /// not have been seen.
  public func tenureSurvival(at months: Double) -> Double? {
    guard tenureSpells.contains(where: { $0.entry <= months && $0.end >= months }) || months == 0
    else { return nil }
    let exitTimes = Set(tenureSpells.filter { $0.exited && $0.end <= months }.map(\.end)).sorted()
    var s = 1.0
    for t in exitTimes {
      let atRisk = tenureSpells.filter { $0.entry < t && $0.end >= t }.count
      let exits = tenureSpells.filter { $0.exited && $0.end == t }.count
      guard atRisk > 0 else { continue }
      s *= 1 - Double(exits) / Double(atRisk)
    }
    return s
  }

  /// Whether exits are refilled: at least half of those that could have been were.
  public var refills: Bool { refilled > 0 && refilled >= notRefilled }

  /// The ramp curve of tenure months 0–5: the hires' win rate over the ramped one, the first
  /// three months at the early ratio, the next three at the late ratio (each at most 1); nil
  /// without closes in both periods or when the ramped rate is 0.
  public var rampCurve: [Double]? {
    guard let r = rampWinRates, r.ramped.value > 0, r.early.n > 0, r.late.n > 0 else { return nil }
    let early = min(1, r.early.value / r.ramped.value)
    let late = min(1, r.late.value / r.ramped.value)
    return [early, early, early, late, late, late]
  }

  /// The exit hazard of level `name`; the team's when the level is not listed.
  public func exits(ofLevel name: String) -> LevelExits {
    levels.first { $0.level == name } ?? team
  }
}

extension CareerFit {
  /// The owners' level as the fit names it: empty is `sales`, `team` is `team_level`.
  static func levelName(_ o: Owner) -> String {
    o.level.isEmpty ? "sales" : o.level == "team" ? "team_level" : o.level
  }

  /// Careers as known on `asOf`; nil when no owner has a hire or exit date.
  ///
  /// - Parameters:
  ///   - levels: the fitted levels' names, in order.
  ///   - observedFrom: the first day of the export's full record, the day leads are counted
  ///     from (exits before it cannot be seen).
  ///   - closes: every deal decided at the last stage by `asOf`: its owner, close day and
  ///     whether it was won.
  static func fit(
    owners: [Owner], levels: [String], observedFrom: CalendarDay, asOf: CalendarDay,
    time: ModelTime, closes: [(owner: String, day: CalendarDay, won: Bool)]
  ) -> CareerFit? {
    let known = owners.filter { ($0.hired ?? asOf) <= asOf }
    guard known.contains(where: { $0.hired != nil || $0.exited != nil }) else { return nil }
    // Exposure: each owner's employed days within [observedFrom, asOf]; an exit counts when it
    // falls in that window. Before the export starts an exit could not be seen (left
    // truncation), so those years are not at risk.
    var months: [String: Double] = [:]
    var exits: [String: Int] = [:]
    for o in known {
      let start = max(o.hired ?? observedFrom, observedFrom)
      let left = o.exited.flatMap { $0 <= asOf ? $0 : nil }
      let end = left ?? asOf
      guard end >= start else { continue }
      let level = levelName(o)
      months[level, default: 0] += time.months(calendarDays: Double(end.daysSinceEpoch - start.daysSinceEpoch))
      if left != nil { exits[level, default: 0] += 1 }
    }
    func exitsOf(_ level: String, _ n: Int, _ m: Double) -> LevelExits {
      LevelExits(level: level, personMonths: m, hazard: Estimators.poissonRate(events: n, exposure: m))
    }
    let perLevel = levels.map { exitsOf($0, exits[$0] ?? 0, months[$0] ?? 0) }
    let team = exitsOf(
      "team", exits.values.reduce(0, +), months.values.reduce(0, +))

    // Refills: each exit, in date order, takes the first later hire (any level: a hire may have
    // been promoted since, and the owners file gives the last level) not taken by an earlier
    // exit. An exit without one counts as not refilled only once a year has passed.
    let leaving = known.compactMap { o in
      o.exited.flatMap { $0 >= observedFrom && $0 <= asOf ? (day: $0, level: levelName(o)) : nil }
    }.sorted { $0.day < $1.day }
    var hires = known.compactMap { o in o.hired.flatMap { $0 > observedFrom ? $0 : nil } }.sorted()
    var delays: [Double] = []
    var notRefilled = 0
    var awaiting: [(level: String, daysSince: Double)] = []
    for (day, level) in leaving {
      let since = asOf.daysSinceEpoch - day.daysSinceEpoch
      if let i = hires.firstIndex(where: { $0 >= day }) {
        delays.append(time.workingDays(calendarDays: Double(hires[i].daysSinceEpoch - day.daysSinceEpoch)))
        hires.remove(at: i)
      } else if since >= 365 {
        notRefilled += 1
      } else {
        awaiting.append((level, time.workingDays(calendarDays: Double(since))))
      }
    }
    let delay = delays.isEmpty ? nil : Estimators.mean(delays)
    var sd: Double?
    if delays.count >= 2, let m = delay?.value {
      sd = (delays.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(delays.count - 1)).squareRoot()
    }

    // Ramp: the last-stage decisions of owners hired within the window, in their tenure
    // months 0–2 and 3–5, against every other one.
    var hiredOn: [String: CalendarDay] = [:]
    for o in known { if let h = o.hired, h > observedFrom { hiredOn[o.owner] = h } }
    var counts = [(won: 0, closed: 0), (won: 0, closed: 0), (won: 0, closed: 0)]
    for c in closes {
      var bucket = 2
      if let h = hiredOn[c.owner] {
        let tenure = time.months(calendarDays: Double(c.day.daysSinceEpoch - h.daysSinceEpoch))
        if tenure < 3 { bucket = 0 } else if tenure < 6 { bucket = 1 }
      }
      counts[bucket].closed += 1
      if c.won { counts[bucket].won += 1 }
    }
    let rates = counts.map { Estimators.proportion(successes: $0.won, trials: $0.closed) }
    var spells: [TenureSpell] = []
    for o in known {
      guard let h = o.hired else { continue }
      let left = o.exited.flatMap { $0 <= asOf ? $0 : nil }
      let start = max(h, observedFrom)
      let end = left ?? asOf
      guard end >= start else { continue }
      func tenure(_ day: CalendarDay) -> Double {
        time.months(calendarDays: Double(day.daysSinceEpoch - h.daysSinceEpoch))
      }
      spells.append(TenureSpell(entry: tenure(start), end: tenure(end), exited: left != nil))
    }
    var tenure: [String: Int] = [:]
    for o in known {
      if let h = o.hired {
        tenure[o.owner] = Int(time.months(calendarDays: Double(asOf.daysSinceEpoch - h.daysSinceEpoch)))
      }
    }
    var fit = CareerFit(
      observedFrom: observedFrom, levels: perLevel, team: team, refilled: delays.count,
      notRefilled: notRefilled, timeToHireDays: delay, timeToHireSD: sd, tenureMonths: tenure,
      earlyWinRate: hiredOn.isEmpty ? nil : rates[0], lateWinRate: hiredOn.isEmpty ? nil : rates[1],
      rampedWinRate: hiredOn.isEmpty ? nil : rates[2])
    fit.awaitingRefill = awaiting
    fit.tenureSpells = spells
    return fit
  }
}
