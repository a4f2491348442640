// docs/scenario-format.md, "calendar"; docs/model.md, section 1 (Time).

/// Working days: months of `daysPerMonth` working days, holidays, vacations; or, from a start
/// date, the working days of the real calendar.
public struct WorkingCalendar: Sendable, SectionDefaults {
  /// Working days in a month.
  public var daysPerMonth = 21
  /// Working-day numbers within each 12-month year (1-based) on which nobody works.
  public var holidays: [Int] = []
  /// Vacation working days per manager per year, taken as one block.
  public var vacationDaysPerYear = 0
  /// The first day of the run, `YYYY-MM-DD`: the time axis becomes the working days of the
  /// real calendar from that date. Nil keeps months of `daysPerMonth` working days.
  public var startDate: String?
  /// The days of the week nobody works (with a start date).
  public var weekend: [Weekday] = [.saturday, .sunday]
  /// One-off non-working dates, `YYYY-MM-DD` (with a start date).
  public var holidaysDated: [String] = []
  /// Non-working dates every year, `MM-DD` (with a start date).
  public var yearlyHolidays: [String] = []
  /// A shipped production calendar whose holidays and transferred days apply (with a start
  /// date).
  public var productionCalendar: ProductionCalendarName?
  /// The blocks a manager's yearly vacation is split into, spread evenly over the year.
  public var vacationBlocks = 1

  /// Working days in a month: `daysPerMonth`, or with a start date the weekdays of a mean
  /// month (365.25 / 12 days; holidays not taken out, so an upper bound of the mean).
  public var meanWorkingDaysPerMonth: Double {
    guard startDate != nil else { return Double(daysPerMonth) }
    return 365.25 / 12 * Double(7 - Set(weekend).count) / 7
  }

  /// 21 working days a month, no holidays, no vacation.
  public static let defaults = WorkingCalendar()
}

/// A day of the week, as a scenario names it.
public enum Weekday: String, Codable, CaseIterable, Sendable {
  case monday, tuesday, wednesday, thursday, friday, saturday, sunday
}

/// A production calendar FunnelSim ships (docs/model.md, section 1).
public enum ProductionCalendarName: String, Codable, CaseIterable, Sendable {
  /// Russia: Labour Code article 112 and the government's transfers of days off.
  case ru
}
