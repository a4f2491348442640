public import SalesModel

/// What a sales director checks in a scenario before running it, and the inputs that look like
/// a unit mistake; printed by `validate` under the scenario's summary.
public enum DirectorSummary {
  /// The share of its ramp curve from which a manager counts as ramped in this summary.
  static let rampedShare = 0.9

  /// One line per figure: effective win rate from first contact per level (with the level's
  /// skill spread beside it when above 0), months until the ramp reaches 90%, time to hire and
  /// annual attrition.
  public static func lines(_ s: Scenario) -> [String] {
    var lines: [String] = []
    let stages = s.funnel.stages
    if let last = stages.last {
      // Skill acts once, on the last stage's probability (docs/model.md, 7.1).
      let before = stages.dropLast().reduce(1.0) { $0 * $1.probability }
      // A level whose managers differ in skill shows its spread beside the rate, which is then
      // the rate of a manager of average skill (factor 1).
      let rates = s.levels.map { l in
        "\(l.name) \(percent(before * Swift.min(1, last.probability * l.winMultiplier)))"
          + (l.skillSpread > 0 ? " (skill spread \(rounded(l.skillSpread)))" : "")
      }
      lines.append("effective win rate from first contact: " + rates.joined(separator: ", "))
    }
    let careers = s.careers
    if careers.ramp.enabled {
      let curve = careers.ramp.curve
      let month = curve.firstIndex { $0 >= rampedShare } ?? curve.count
      lines.append("ramp reaches 90% in tenure month \(month + 1) (\(month) months of ramp-up)")
    }
    if careers.hiring.enabled {
      lines.append(
        "time to hire: \(rounded(careers.hiring.timeToHireDays.mean)) days on average")
    }
    if careers.attrition.enabled {
      lines.append("annual attrition: \(percent(careers.attrition.annualRate)) of managers a year")
    }
    lines += leadsAgainstCapacity(s)
    return lines
  }

  /// Per level: the leads one manager can expect a month beside the month's capacity of the
  /// resource the first stage uses, so a director sees at once whether the team is short of
  /// leads or of time.
  ///
  /// A rough figure from the file alone, as of the start of the run: inbound (`per_month`, the
  /// seasonality's average taken as 1), events (all batches within the horizon, spread over it)
  /// and referrals (from the opening clients, portfolio on) are shared equally by all managers
  /// at the start, segment restrictions and routing limits ignored; to these a level adds the
  /// outbound contacts its calls would make if every call of the month were a cold call
  /// (`calls_per_day × days_per_month × contact_rate`), an upper bound, since worked calls
  /// come first (docs/model.md, section 6, cold calls). Capacity is `calls_per_day` or `meetings_per_day` times
  /// `days_per_month`; a first stage that uses neither has no capacity and gets no line.
  static func leadsAgainstCapacity(_ s: Scenario) -> [String] {
    guard let first = s.funnel.stages.first, first.uses != .none else { return [] }
    let days = s.calendar.meanWorkingDaysPerMonth
    let managers = s.levels.reduce(0) { $0 + $1.headcount }
    let leads = s.leads
    var shared = 0.0
    if leads.inbound.enabled { shared += leads.inbound.perMonth }
    if leads.events.enabled {
      let inHorizon = leads.events.batches.filter { $0.month <= s.horizonMonths }
      shared += Double(inHorizon.reduce(0) { $0 + $1.leads }) / Double(s.horizonMonths)
    }
    if leads.referrals.enabled, s.portfolio.enabled {
      let clients = s.levels.reduce(0) { $0 + $1.headcount * $1.initialClients }
      shared += leads.referrals.perClientPerMonth * Double(clients)
    }
    let perManager = managers > 0 ? shared / Double(managers) : 0
    return s.levels.map { l in
      let calls = Double(l.callsPerDay) * days
      let outbound = leads.outbound.enabled ? calls * leads.outbound.contactRate : 0
      let expected = perManager + outbound
      let (capacity, unit) =
        first.uses == .call ? (calls, "calls") : (Double(l.meetingsPerDay) * days, "meeting slots")
      let larger =
        expected > capacity
        ? "leads exceed capacity" : expected < capacity ? "capacity exceeds leads" : "equal"
      return "leads per manager per month against capacity, \(l.name): "
        + "\(rounded(expected)) leads, \(rounded(capacity)) \(unit) (\(larger))"
    }
  }

  /// Inputs that are valid but look like a unit mistake: a share written as a percentage, days
  /// where months are meant (or the reverse).
  public static func warnings(_ s: Scenario) -> [String] {
    var out: [String] = []
    let careers = s.careers
    if careers.ramp.enabled, careers.ramp.curve.count > 36 {
      out.append(
        "careers.ramp.curve has \(careers.ramp.curve.count) entries, one per month of tenure: "
          + "more than 3 years of ramp-up; were weeks or days meant?")
    }
    if careers.hiring.enabled, careers.hiring.timeToHireDays.mean < 12 {
      out.append(
        "careers.hiring.time_to_hire_days has a mean of \(rounded(careers.hiring.timeToHireDays.mean)) "
          + "days; if months were meant, write days (e.g. 2 months = 42 working days)")
    }
    for l in s.levels {
      if l.commissionRate > 0.5 {
        out.append(
          "levels.\(l.name).commission_rate is \(l.commissionRate): a share of bookings, "
            + "0.05 = 5%; was a percentage meant?")
      }
      if l.winMultiplier > 5 {
        out.append(
          "levels.\(l.name).win_multiplier is \(l.winMultiplier): a factor, 1.2 = 20% more wins; "
            + "was a percentage meant?")
      }
      if l.tenureMonths.mean > 240 {
        out.append(
          "levels.\(l.name).tenure_months has a mean of \(rounded(l.tenureMonths.mean)) months "
            + "(over 20 years); were days meant?")
      }
      if let last = s.funnel.stages.last, last.probability * l.winMultiplier > 1 {
        out.append(
          "levels.\(l.name): the last stage's probability × win_multiplier is "
            + "\(rounded(last.probability * l.winMultiplier)), capped at 1: the multiplier "
            + "no longer means what it says")
      }
    }
    return out
  }

  static func percent(_ x: Double) -> String { "\((x * 1000).rounded() / 10)%" }
  static func rounded(_ x: Double) -> String { "\((x * 100).rounded() / 100)" }
}
