public import SalesModel

/// One replication's ``History`` as the CSV files of a CRM export (docs/output-format.md,
/// "CRM export"): `opportunities.csv`, `stage_history.csv`, `owners.csv`, `clients.csv` and
/// `requests.csv`, with calendar dates.
public struct HistoryExport: Sendable {
  /// A calendar date (proleptic Gregorian).
  public struct Day: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
      self.year = year
      self.month = month
      self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or a day the month does not have.
    public init?(iso text: String) {
      let parts = text.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
        let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
        (1...12).contains(m), d >= 1, d <= Self.days(year: y, month: m)
      else { return nil }
      self.init(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
      func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, n - s.count)) + s
      }
      return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The number of days of `month` (1-12) in `year`.
    public static func days(year: Int, month: Int) -> Int {
      switch month {
      case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
      case 4, 6, 9, 11: 30
      default: 31
      }
    }

    /// The first day of the calendar month `months` after this date's month.
    public func firstOfMonth(adding months: Int) -> Day {
      let index = year * 12 + (month - 1) + months
      let y = index >= 0 ? index / 12 : (index - 11) / 12
      return Day(year: y, month: index - y * 12 + 1, day: 1)
    }

    public static func < (a: Day, b: Day) -> Bool {
      (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
  }

  /// The first calendar month of the horizon (its first day is model day 0).
  public var start: Day
  public var daysPerMonth: Int

  public init(start: Day, daysPerMonth: Int) {
    self.start = start
    self.daysPerMonth = daysPerMonth
  }

  /// The date of model working day `d` (negative before the horizon): model month `m` is
  /// calendar month `start + m`, and its working day `k` is `floor(k * n / daysPerMonth)`
  /// days after the first of a month of `n` days.
  public func date(ofDay d: Int) -> Day {
    let m = d >= 0 ? d / daysPerMonth : -((-d + daysPerMonth - 1) / daysPerMonth)
    let k = d - m * daysPerMonth
    let first = start.firstOfMonth(adding: m)
    let n = Day.days(year: first.year, month: first.month)
    return Day(year: first.year, month: first.month, day: 1 + k * n / daysPerMonth)
  }

  /// The date `months` whole months before the first of the month of model day `day`.
  func date(monthsBefore months: Int, day: Int) -> Day {
    let m = day >= 0 ? day / daysPerMonth : -((-day + daysPerMonth - 1) / daysPerMonth)
    return start.firstOfMonth(adding: m - months)
  }

  /// The five files, named as in the export, with their contents.
  public func files(_ history: History, scenario: Scenario) -> [(name: String, contents: String)] {
    let stages = scenario.funnel.stages.map(\.name)
    let levels = scenario.levels.map(\.name)
    let segments = scenario.segments.map(\.name)
    func owner(_ m: Int?) -> String { m.map { "M\($0 + 1)" } ?? "" }
    func date(_ d: Int?) -> String { d.map { self.date(ofDay: $0).iso } ?? "" }
    func amount(_ v: Double) -> String {
      // Cents: a CRM stores money to the cent, and the fit reads what a CRM would give it.
      let cents = (v * 100).rounded()
      return cents.isFinite ? String(format2(cents / 100)) : ""
    }

    var opportunities = "id,owner,created,close_date,status,stage,amount,segment,channel,account\n"
    // A lead no manager ever took (it expired, or still waits, in the queue) never became
    // anyone's opportunity: a CRM has no row for it.
    for o in history.opportunities where o.owner != nil {
      opportunities += [
        "O\(o.id)", owner(o.owner), date(o.created), date(o.closed), o.status.rawValue,
        o.stage.map { csvField(stages[$0]) } ?? "", amount(o.amount),
        csvField(segments[o.segment]), o.channel, "A\(o.id)",
      ].joined(separator: ",") + "\n"
    }
    var stageHistory = "id,stage,date\n"
    for e in history.stageEntries {
      stageHistory += "O\(e.id),\(csvField(stages[e.stage])),\(date(e.day))\n"
    }
    var owners = "owner,level,hire_date,exit_date,team,city\n"
    for o in history.owners {
      let hired =
        o.hireDay == 0 && o.tenureMonths > 0
        ? self.date(monthsBefore: o.tenureMonths, day: 0).iso : date(o.hireDay)
      owners +=
        "\(owner(o.owner)),\(csvField(levels[o.level])),\(hired),\(date(o.exitDay)),"
        + "\(csvField(scenario.name)),\n"
    }
    var clients = "account,owner,start,end,monthly_value\n"
    for c in history.clients {
      clients +=
        "\(c.initial ? "C\(c.account)" : "A\(c.account)"),\(owner(c.owner)),\(date(c.start)),"
        + "\(date(c.end)),\(amount(c.monthlyValue))\n"
    }
    var requests = "account,created,first_response,resolved\n"
    for r in history.requests {
      // The model answers a request in one contact: first response and resolution coincide.
      requests += ",\(date(r.created)),\(date(r.answered)),\(date(r.answered))\n"
    }
    return [
      ("opportunities.csv", opportunities), ("stage_history.csv", stageHistory),
      ("owners.csv", owners), ("clients.csv", clients), ("requests.csv", requests),
    ]
  }
}

/// A value with two decimals, without Foundation's locale.
private func format2(_ v: Double) -> String {
  let cents = Int64(abs(v * 100).rounded())
  let whole = cents / 100
  let rest = cents % 100
  return (v < 0 && cents > 0 ? "-" : "") + "\(whole)." + (rest < 10 ? "0" : "") + "\(rest)"
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
private func csvField(_ s: String) -> String {
  guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
    return s
  }
  return "\"" + s.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
}
