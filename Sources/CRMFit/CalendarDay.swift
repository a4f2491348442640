// Calendar dates of a CRM export and the mapping to model time (docs/calibration.md, "Dates").

internal import SalesModel

/// A calendar date, counted in days since 1970-01-01 (proleptic Gregorian).
///
/// Hand-written rather than Foundation's `Calendar`: the fit converts tens of thousands of
/// dates; the model's civil-date arithmetic (`CivilDate`) is exact, allocation-free and
/// time-zone-free.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int

  /// The day with this many days since 1970-01-01.
  public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

  /// The date `year-month-day`, or nil when it does not exist (e.g. 2025-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), (1...9999).contains(year),
      day >= 1, day <= Self.daysIn(year: year, month: month)
    else { return nil }
    daysSinceEpoch = CivilDate(year: year, month: month, day: day).serial
  }

  /// Year, month (1…12) and day of the month.
  public var components: (year: Int, month: Int, day: Int) {
    let c = CivilDate(serial: daysSinceEpoch)
    return (c.year, c.month, c.day)
  }

  /// Months since January 1970: consecutive calendar months are consecutive numbers.
  public var monthIndex: Int {
    let c = components
    return (c.year - 1970) * 12 + (c.month - 1)
  }

  /// The first day of the calendar month `monthIndex` (months since January 1970).
  public static func firstDay(ofMonthIndex index: Int) -> CalendarDay {
    let year = 1970 + Int((Double(index) / 12).rounded(.down))
    let month = index - (year - 1970) * 12 + 1
    return CalendarDay(year: year, month: month, day: 1)!
  }

  /// Days in a calendar month.
  public static func daysIn(year: Int, month: Int) -> Int {
    CivilDate.days(year: year, month: month)
  }

  /// `YYYY-MM-DD`.
  public var description: String { CivilDate(serial: daysSinceEpoch).iso }

  public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
    a.daysSinceEpoch < b.daysSinceEpoch
  }

  /// Parses `YYYY-MM-DD` (the export format and `--as-of`), nil otherwise.
  public static func iso(_ text: String) -> CalendarDay? {
    DateFormat.iso.parse(text)
  }
}

/// How the dates of an export are written.
public enum DateFormat: String, CaseIterable, Sendable {
  /// `2025-03-04` (also `2025/03/04`).
  case iso = "iso"
  /// `04.03.2025`, `04/03/2025`: day first.
  case dayFirst = "day-first"
  /// `03/04/2025`: month first (US).
  case monthFirst = "month-first"

  /// The date in `text` (a time after the date, as in `2025-03-04 10:00`, is ignored).
  public func parse(_ text: String) -> CalendarDay? {
    let fields = Self.numbers(text)
    guard fields.count == 3 else { return nil }
    switch self {
    case .iso:
      guard fields[0].digits == 4 else { return nil }
      return CalendarDay(year: fields[0].value, month: fields[1].value, day: fields[2].value)
    case .dayFirst:
      guard fields[2].digits == 4 else { return nil }
      return CalendarDay(year: fields[2].value, month: fields[1].value, day: fields[0].value)
    case .monthFirst:
      guard fields[2].digits == 4 else { return nil }
      return CalendarDay(year: fields[2].value, month: fields[0].value, day: fields[1].value)
    }
  }

  /// The leading three numbers of a date, split on `-`, `/` or `.`, stopping at a space or `T`.
  private static func numbers(_ text: String) -> [(value: Int, digits: Int)] {
    var out: [(value: Int, digits: Int)] = []
    var value = 0
    var digits = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        guard digits < 4 else { return [] }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
        digits += 1
      case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."):
        guard digits > 0, out.count < 2 else { return [] }
        out.append((value, digits))
        value = 0
        digits = 0
      case UInt8(ascii: " "), UInt8(ascii: "T"):
        guard digits > 0, out.count == 2 else { return [] }
        out.append((value, digits))
        return out
      default:
        return []
      }
    }
    if digits > 0 { out.append((value, digits)) }
    return out
  }

  /// The one format that reads every non-empty value of `samples`; nil when none does.
  ///
  /// - Throws: ``CRMReadError/ambiguousDates`` when both day-first and month-first read them
  ///   all (every day of the month is at most 12), so the user must say which.
  static func detect(_ samples: [String], file: String, column: String) throws(CRMReadError)
    -> DateFormat?
  {
    let values = samples.filter { !$0.isEmpty }
    guard !values.isEmpty else { return .iso }
    let fitting = DateFormat.allCases.filter { f in values.allSatisfy { f.parse($0) != nil } }
    if fitting.contains(.iso) { return .iso }
    if fitting.count > 1 {
      throw .ambiguousDates(file: file, column: column, example: values[0])
    }
    return fitting.first
  }
}

/// The mapping between calendar dates and model time (working days, `daysPerMonth` a month).
public struct ModelTime: Sendable {
  /// Working days in a model month (`calendar.days_per_month`).
  public var daysPerMonth: Int

  /// The mapping with `daysPerMonth` working days a month.
  public init(daysPerMonth: Int = 21) { self.daysPerMonth = daysPerMonth }

  /// Converts a duration in calendar days into model working days: `days × dpm × 12 / 365.25`.
  public func workingDays(calendarDays: Double) -> Double {
    calendarDays * Double(daysPerMonth) * 12 / 365.25
  }

  /// Converts a duration in calendar days into model months: `days × 12 / 365.25`.
  public func months(calendarDays: Double) -> Double { calendarDays * 12 / 365.25 }
}
