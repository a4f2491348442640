import Foundation
import ScenarioLoading
import Statistics
import TestSupport
import Testing

@testable import SalesModel

/// The real calendar (docs/model.md, section 1) against counts made independently with
/// Foundation's Gregorian calendar.
@Suite struct CalendarTests {
  /// Foundation's view of a date: its weekday (1 = Sunday … 7 = Saturday).
  static func weekday(_ y: Int, _ m: Int, _ d: Int) -> Int {
    var gregorian = Foundation.Calendar(identifier: .gregorian)
    gregorian.timeZone = TimeZone(identifier: "UTC")!
    let date = gregorian.date(from: DateComponents(year: y, month: m, day: d))!
    return gregorian.component(.weekday, from: date)
  }

  static func isWeekend(_ y: Int, _ m: Int, _ d: Int) -> Bool {
    let w = weekday(y, m, d)
    return w == 1 || w == 7
  }

  /// The Monday-to-Friday days of a month from day `from` on, less `off` (days of the month).
  static func weekdays(_ y: Int, _ m: Int, from: Int = 1, off: Set<Int> = []) -> Int {
    var gregorian = Foundation.Calendar(identifier: .gregorian)
    gregorian.timeZone = TimeZone(identifier: "UTC")!
    let first = gregorian.date(from: DateComponents(year: y, month: m, day: 1))!
    let count = gregorian.range(of: .day, in: .month, for: first)!.count
    return (from...count).filter { !isWeekend(y, m, $0) && !off.contains($0) }.count
  }

  static func calendar(_ extra: String, months: Int = 12) throws -> ModelCalendar {
    let s = try ScenarioFiles.decode(minimalScenario(extra: "calendar:\n  " + extra))
    return ModelCalendar(s.calendar, months: months)
  }

  @Test func russianJanuary2027HasItsWeekdaysLessTheNewYearHolidays() throws {
    let c = try Self.calendar("start_date: 2027-01-01\n  production_calendar: ru")
    // Article 112: 1–8 January are holidays; 2027 has no shipped decree.
    #expect(c.workingDays(inMonth: 0) == Self.weekdays(2027, 1, off: Set(1...8)))
    #expect(c.monthLabels?.prefix(3) == ["2027-01", "2027-02", "2027-03"])
    // Without the production calendar January has all its weekdays.
    let plain = try Self.calendar("start_date: 2027-01-01")
    #expect(plain.workingDays(inMonth: 0) == Self.weekdays(2027, 1))
  }

  @Test func aHolidayOnAWeekendMovesToTheNextWorkingDay() {
    let weekend: Set<Int> = [5, 6]
    let year = RussianProductionCalendar.year(2027, weekend: weekend)
    func serial(_ m: Int, _ d: Int) -> Int { CivilDate(year: 2027, month: m, day: d).serial }
    // 1 May 2027 is a Saturday and 9 May a Sunday: Monday 3 and Monday 10 May are off.
    #expect(Self.isWeekend(2027, 5, 1) && Self.isWeekend(2027, 5, 9))
    #expect(year.daysOff.contains(serial(5, 3)) && year.daysOff.contains(serial(5, 10)))
    #expect(!year.daysOff.contains(serial(5, 4)))
    // 12 June 2027 is a Saturday: Monday 14 June is off.
    #expect(Self.isWeekend(2027, 6, 12) && year.daysOff.contains(serial(6, 14)))
    // January's holidays on a weekend move nowhere (article 112 leaves them to a decree).
    #expect(!year.daysOff.contains(serial(1, 11)))
    // So May 2027 has its weekdays less the two moved days.
    let c = ModelCalendar(
      start: CivilDate(year: 2027, month: 5, day: 1), months: 1, weekend: weekend, dated: [],
      yearly: [], production: .ru)
    #expect(c.workingDays(inMonth: 0) == Self.weekdays(2027, 5, off: [3, 10]))
  }

  @Test func aDecreeYearTakesItsTransfers() throws {
    let c = try Self.calendar("start_date: 2024-04-01\n  production_calendar: ru", months: 1)
    // Decree No. 1314: Saturday 27 April worked, 29 and 30 April off.
    #expect(c.workingDays(inMonth: 0) == Self.weekdays(2024, 4, off: [29, 30]) + 1)
  }

  @Test func theRunsWorkingDaysAreTheCalendarsAndEveryDayHasOneMonth() throws {
    let c = try Self.calendar("start_date: 2027-01-01\n  production_calendar: ru")
    // Article 112's holidays outside January that fall on a weekday, and one moved day for each
    // that falls on a weekend (2027 has no two of them on one weekend).
    let rest = [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]
    let onWeekdays = rest.filter { !Self.isWeekend(2027, $0.0, $0.1) }.count
    let moved = rest.count - onWeekdays
    let weekdays = (1...12).reduce(0) { $0 + Self.weekdays(2027, $1) }
    let january = Self.weekdays(2027, 1) - Self.weekdays(2027, 1, off: Set(1...8))
    #expect(c.days == weekdays - january - onWeekdays - moved)
    var total = 0
    for m in 0..<12 {
      #expect(c.firstDay(ofMonth: m) == total)
      for d in total..<(total + c.workingDays(inMonth: m)) { #expect(c.month(ofDay: d) == m) }
      total += c.workingDays(inMonth: m)
    }
    #expect(total == c.days)
    // From the first day to the end of the horizon: all twelve months, whole.
    #expect(c.monthsElapsed(from: 0, to: c.days) == 12)
    #expect(c.monthsElapsed(from: 0, to: c.days - 1) == 11)
  }

  @Test func monthTimeAndItsDayAgree() throws {
    let c = try Self.calendar("start_date: 2027-01-13\n  production_calendar: ru", months: 14)
    for d in 0..<c.days {
      let t = c.monthTime(ofDay: d)
      #expect(c.day(atMonthTime: t) == d)
      let later = (t + c.monthTime(ofDay: d + 1)) / 2
      #expect(c.day(atMonthTime: later) == d)
    }
    // Whole months from a day mid-January to the same share of a later month.
    #expect(c.monthsElapsed(from: 0, to: c.firstDay(ofMonth: 1)) == 0)
    #expect(c.monthsElapsed(from: c.firstDay(ofMonth: 1), to: c.firstDay(ofMonth: 4)) == 3)
  }

  @Test func leadsPerMonthDoNotDependOnTheMonthsWorkingDays() throws {
    // January 2027 on the Russian calendar has far fewer working days than March: a rate per
    // month still gives n_m × rate / n_m = rate leads in each.
    for start in ["2027-01-01", "2027-03-01"] {
      let runner = try Runner(
        yaml: minimalScenario(
          extra: """
            calendar: {start_date: \(start), production_calendar: ru}
            leads:
              inbound: {per_month: 60}
            """
        ).replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 1"))
      let leads = runner.accumulate(try runner.outcomes(300), "leads_inbound")
      let ci = try #require(leads.confidenceInterval(level: 0.999))
      #expect(ci.contains(60), "\(start): leads in the month CI \(ci)")
    }
  }

  @Test func aMonthsSalaryIsTheMonthlySalaryWhateverItsWorkingDays() throws {
    func salaries(_ calendar: String) throws -> Double {
      let runner = try Runner(
        yaml: minimalScenario(
          levels: "- {name: rep, headcount: 1, tenure_months: 24, salary_per_month: 90000}",
          extra: "calendar: {\(calendar)}"
        ).replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 3"))
      return runner.values(try runner.outcomes(1), "salary_cost")[0]
    }
    #expect(abs(try salaries("start_date: 2027-01-01, production_calendar: ru") - 270_000) < 1e-6)
    // A start mid-month pays month 0's share of its working days.
    let share =
      Double(Self.weekdays(2027, 1, from: 15, off: Set(1...8)))
      / Double(Self.weekdays(2027, 1, off: Set(1...8)))
    let mid = try salaries("start_date: 2027-01-15, production_calendar: ru")
    #expect(abs(mid - 90000 * (2 + share)) < 1e-6, "\(mid)")
  }

  @Test(arguments: [1, 2, 3, 5])
  func vacationBlocksTakeTheYearsVacationDaysOnce(_ blocks: Int) throws {
    for calendar in ["days_per_month: 21", "start_date: 2027-01-01, production_calendar: ru"] {
      let runner = try Runner(
        yaml: minimalScenario(
          levels: "- {name: rep, headcount: 3, tenure_months: 24, meetings_per_day: 1}",
          extra: "calendar: {\(calendar), vacation_days_per_year: 20, vacation_blocks: \(blocks)}"
        ))
      let slots = runner.values(try runner.outcomes(2), "meeting_slots_available")
      let days = Double(runner.model.simulatedDays)
      #expect(slots.allSatisfy { $0 == 3 * (days - 20) }, "\(calendar): \(slots), \(days) days")
    }
  }

  @Test func withoutAStartDateMonthsHaveDaysPerMonthAndNoLabels() throws {
    let model = try SalesModel(scenario: ScenarioFiles.decode(minimalScenario()))
    #expect(!model.calendar.isDated)
    #expect(model.schema.monthLabels == nil)
    #expect(model.simulatedDays == 12 * 21)
    #expect((0..<model.simulatedDays).allSatisfy { model.calendar.month(ofDay: $0) == $0 / 21 })
  }

  @Test(arguments: [
    ("start_date: 2027-02-30", "calendar.start_date", "YYYY-MM-DD"),
    ("start_date: 27-01-01", "calendar.start_date", "YYYY-MM-DD"),
    ("start_date: 2027-01-01\n  yearly_holidays: [13-01]", "calendar.yearly_holidays.0", "MM-DD"),
    ("start_date: 2027-01-01\n  holidays_dated: [2027-3-8]", "calendar.holidays_dated.0", "YYYY-MM-DD"),
    ("start_date: 2027-01-01\n  holidays: [5]", "calendar.holidays", "holidays_dated"),
    ("production_calendar: ru", "calendar.production_calendar", "start_date"),
    ("vacation_blocks: 0", "calendar.vacation_blocks", "between 1 and 12"),
  ])
  func badCalendarKeysAreReportedAtTheirLine(_ key: String, _ path: String, _ expected: String) {
    let text = minimalScenario(extra: "calendar:\n  " + key)
    // The first key of the calendar section is on the line after `calendar:`.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let line = lines.firstIndex { $0.hasPrefix("calendar:") }! + 2
    #expect {
      _ = try ScenarioLoader.load(Scenario.self, text: text, file: "cal.yaml")
    } throws: { error in
      let message = "\(error)"
      return message.contains("cal.yaml:") && message.contains(path)
        && message.contains(expected) && (message.contains("cal.yaml:\(line):") || key.contains("\n"))
    }
  }
}
