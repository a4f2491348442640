// docs/model.md, section 1 (Time): the dates of the real calendar.

/// A date of the proleptic Gregorian calendar, as a scenario writes it (`YYYY-MM-DD`).
///
/// Hand-written rather than Foundation's `Calendar`: the model needs only whole days, and
/// integer arithmetic keeps it free of time zones and of Foundation on the hot path.
///
/// `package`: the CRM fit reads export dates with the same arithmetic.
package struct CivilDate: Hashable, Comparable, Sendable {
  package var year: Int
  package var month: Int
  package var day: Int

  /// Parses `YYYY-MM-DD`; nil for anything else or a day the month does not have.
  init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), d >= 1, d <= Self.days(year: y, month: m)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  package init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date `serial` days after 1970-01-01 (Howard Hinnant's civil-from-days).
  package init(serial: Int) {
    let z = serial + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
  }

  /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
  package var serial: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The day of the week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
  var weekday: Int {
    let s = serial + 3
    return ((s % 7) + 7) % 7
  }

  /// `YYYY-MM`.
  var monthLabel: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) }

  /// `YYYY-MM-DD`.
  package var iso: String { monthLabel + "-" + Self.pad(day, 2) }

  /// The number of days of `month` (1-12) in `year`.
  package static func days(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// The first day of the calendar month `months` after this date's month.
  func firstOfMonth(adding months: Int) -> CivilDate {
    let index = year * 12 + (month - 1) + months
    let y = index >= 0 ? index / 12 : (index - 11) / 12
    return CivilDate(year: y, month: index - y * 12 + 1, day: 1)
  }

  package static func < (a: CivilDate, b: CivilDate) -> Bool { a.serial < b.serial }

  private static func pad(_ v: Int, _ n: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, n - s.count)) + s
  }
}

/// A yearly date as a scenario writes it (`MM-DD`).
struct MonthDay: Hashable, Sendable {
  var month: Int
  var day: Int

  /// Parses `MM-DD`; nil for anything else or a day no year's month has (`02-29` is allowed
  /// and applies in leap years only).
  init?(text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let m = Int(parts[0]), let d = Int(parts[1]),
      (1...12).contains(m), d >= 1, d <= CivilDate.days(year: 2000, month: m)
    else { return nil }
    month = m
    day = d
  }

  init(month: Int, day: Int) {
    self.month = month
    self.day = day
  }
}
