// docs/scenario-format.md, "calendar"; docs/model.md, section 1 (Time).

/// Working days: months of `daysPerMonth` working days, holidays, vacations.
public struct WorkingCalendar: Sendable, SectionDefaults {
  /// Working days in a month.
  public var daysPerMonth = 21
  /// Working-day numbers within each 12-month year (1-based) on which nobody works.
  public var holidays: [Int] = []
  /// Vacation working days per manager per year, taken as one block.
  public var vacationDaysPerYear = 0

  /// 21 working days a month, no holidays, no vacation.
  public static let defaults = WorkingCalendar()
}
