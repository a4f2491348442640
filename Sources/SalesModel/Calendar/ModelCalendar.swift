// docs/model.md, section 1 (Time): which working day falls in which month.

/// The model's time axis: the months of the horizon and their working days.
///
/// Without a start date every month has `days_per_month` working days and the arithmetic is
/// the plain division it always was. With one, the working days are the real calendar's from
/// that date (weekends, dated holidays and the production calendar taken out) and each month
/// has its own count `n_m`, read from tables built once.
struct ModelCalendar: Sendable {
  /// Working days in every month without a start date; 0 with one.
  let daysPerMonth: Int
  /// Months in the horizon.
  let months: Int
  /// With a start date: the month of each working day of the horizon.
  private let monthOfDay: [Int32]
  /// With a start date: the first working day of month `m`, for `m` in `0...months` and on
  /// to whole years (so a year's length is known past the horizon).
  private let firstDayOfMonth: [Int]
  /// With a start date: `YYYY-MM` of each month.
  let monthLabels: [String]?
  /// With a start date: the calendar month of the year (0 = January) of run month 0.
  let firstMonthOfYear: Int
  /// With a start date: the working days of the start date's month before the start date
  /// (not simulated, but counted in that month's length `n_0`).
  let daysBeforeStart: Int

  /// Whether the time axis is the real calendar's.
  var isDated: Bool { daysPerMonth == 0 }

  /// Months of `daysPerMonth` working days.
  init(constant daysPerMonth: Int, months: Int) {
    self.daysPerMonth = daysPerMonth
    self.months = months
    monthOfDay = []
    firstDayOfMonth = []
    monthLabels = nil
    firstMonthOfYear = 0
    daysBeforeStart = 0
  }

  /// The working days of the real calendar from `start`: a day works unless its weekday is in
  /// `weekend` (and it is not a worked weekend day of the production calendar) or it is a
  /// holiday.
  init(
    start: CivilDate, months: Int, weekend: Set<Int>, dated: Set<Int>, yearly: [MonthDay],
    production: ProductionCalendarName?
  ) {
    daysPerMonth = 0
    self.months = months
    firstMonthOfYear = start.month - 1
    // Whole years of months, so that every year of the run has a length (vacations, 1).
    let tableMonths = (months + 11) / 12 * 12
    var firsts = [Int]()
    firsts.reserveCapacity(tableMonths + 1)
    var byDay = [Int32]()
    var labels = [String]()
    var yearTables: [Int: (daysOff: Set<Int>, worked: Set<Int>)] = [:]
    var workingDays = 0
    var before = 0
    for m in 0..<tableMonths {
      let first = start.firstOfMonth(adding: m)
      if m < months { labels.append(first.monthLabel) }
      firsts.append(workingDays)
      for day in 1...CivilDate.days(year: first.year, month: first.month) {
        let date = CivilDate(year: first.year, month: first.month, day: day)
        let serial = date.serial
        // The scenario's own holidays always hold; the production calendar may turn a weekend
        // day into a working day (a transferred day off) and adds its own days off.
        let own = dated.contains(serial) || yearly.contains(MonthDay(month: date.month, day: date.day))
        var off = own || weekend.contains(date.weekday)
        if let production {
          switch production {
          case .ru:
            if yearTables[date.year] == nil {
              yearTables[date.year] = RussianProductionCalendar.year(date.year, weekend: weekend)
            }
            let table = yearTables[date.year]!
            if table.worked.contains(serial) && !own { off = false }
            if table.daysOff.contains(serial) { off = true }
          }
        }
        if off { continue }
        if m == 0 && day < start.day {
          before += 1
          continue
        }
        if m < months { byDay.append(Int32(m)) }
        workingDays += 1
      }
    }
    firsts.append(workingDays)
    daysBeforeStart = before
    firstDayOfMonth = firsts
    monthOfDay = byDay
    monthLabels = labels
  }

  /// Working days in the horizon.
  var days: Int { isDated ? firstDayOfMonth[months] : months * daysPerMonth }

  /// The month (0-based) of working day `d`, `0 ≤ d < days`.
  @inline(__always) func month(ofDay d: Int) -> Int {
    isDated ? Int(monthOfDay[d]) : d / daysPerMonth
  }

  /// The first working day of month `m`.
  @inline(__always) func firstDay(ofMonth m: Int) -> Int {
    isDated ? firstDayOfMonth[m] : m * daysPerMonth
  }

  /// `a_m`: the simulated working days of month `m` (month 0 from the start date on).
  @inline(__always) func workingDays(inMonth m: Int) -> Int {
    isDated ? firstDayOfMonth[m + 1] - firstDayOfMonth[m] : daysPerMonth
  }

  /// `n_m`: the working days of month `m`'s whole calendar month, which rates and salaries
  /// per month are spread over (`a_m` but for a start mid-month, `a_0` + the days before it).
  @inline(__always) func monthLength(_ m: Int) -> Int {
    workingDays(inMonth: m) + (m == 0 ? daysBeforeStart : 0)
  }

  /// The working days of month `m` before day `d` in month time: `d − f_m`, plus the days
  /// before the start date in month 0.
  @inline(__always) private func offset(_ d: Int, inMonth m: Int) -> Int {
    d - firstDayOfMonth[m] + (m == 0 ? daysBeforeStart : 0)
  }

  /// Whether working day `d` is the last of its month.
  @inline(__always) func isLastDayOfMonth(_ d: Int) -> Bool {
    isDated ? firstDayOfMonth[Int(monthOfDay[d]) + 1] == d + 1 : d % daysPerMonth == daysPerMonth - 1
  }

  /// Whether working day `d` is the first of its month.
  @inline(__always) func isFirstDayOfMonth(_ d: Int) -> Bool {
    isDated ? firstDayOfMonth[Int(monthOfDay[d])] == d : d % daysPerMonth == 0
  }

  /// The calendar month of the year (0 = January) of run month `m`; without a start date,
  /// `m mod 12` (the run starts in January).
  @inline(__always) func monthOfYear(_ m: Int) -> Int { (firstMonthOfYear + m) % 12 }

  /// Whole months from day `from` to day `to ≥ from`: `floor(τ(to) − τ(from))`, with month
  /// time `τ(d) = m + (d − first day of m) / n_m` (without a start date `(to − from) / dpm`).
  func monthsElapsed(from: Int, to: Int) -> Int {
    guard isDated else { return (to - from) / daysPerMonth }
    let (mf, mt) = (monthIndex(from), monthIndex(to))
    let (af, at) = (offset(from, inMonth: mf), offset(to, inMonth: mt))
    let (nf, nt) = (monthLength(mf), monthLength(mt))
    // floor(mt + at / nt − mf − af / nf), the fractions compared in integers; at = nt only
    // for the day just past the tables' last month.
    let x = at * nf - af * nt
    return mt - mf + (x >= nt * nf ? 1 : x >= 0 ? 0 : -1)
  }

  /// The month of any day of the tables (past the horizon too, up to the tables' end).
  private func monthIndex(_ d: Int) -> Int {
    if d < monthOfDay.count { return Int(monthOfDay[max(d, 0)]) }
    var m = months
    while m + 1 < firstDayOfMonth.count - 1 && firstDayOfMonth[m + 1] <= d { m += 1 }
    return min(m, firstDayOfMonth.count - 2)
  }

  /// Month time `τ(d) = m + (d − f_m + b) / n_m` of working day `d ≤ days`, `b` the days
  /// before the start date in month 0 (`τ(days)` is the number of months); with a start date
  /// only.
  func monthTime(ofDay d: Int) -> Double {
    if d >= days { return Double(months) }
    let m = Int(monthOfDay[d])
    return Double(m) + Double(offset(d, inMonth: m)) / Double(monthLength(m))
  }

  /// The working day holding month time `t` (`τ(d) ≤ t < τ(d + 1)`), `0 ≤ t < months`; with
  /// a start date only.
  func day(atMonthTime t: Double) -> Int {
    let m = min(max(Int(t), 0), months - 1)
    let a = workingDays(inMonth: m)
    let k = Int((t - Double(m)) * Double(monthLength(m))) - (m == 0 ? daysBeforeStart : 0)
    var d = firstDayOfMonth[m] + min(max(k, 0), a - 1)
    // The product may round across a day's edge: settle it with the same τ the caller uses.
    while d > 0 && monthTime(ofDay: d) > t { d -= 1 }
    while d + 1 < days && monthTime(ofDay: d + 1) <= t { d += 1 }
    return d
  }

  /// The working days of the year of the run holding day `d` (year `k` = run months
  /// `12k … 12k + 11`), and `d`'s day within it (0-based).
  @inline(__always) func year(ofDay d: Int) -> (length: Int, dayOfYear: Int) {
    guard isDated else {
      let y = 12 * daysPerMonth
      return (y, d % y)
    }
    let k = Int(monthOfDay[d]) / 12
    let first = firstDayOfMonth[12 * k]
    return (firstDayOfMonth[12 * k + 12] - first, d - first)
  }

  /// The working days of the first year of the run.
  var firstYearLength: Int { isDated ? firstDayOfMonth[12] : 12 * daysPerMonth }
}

extension ModelCalendar {
  /// The time axis a valid scenario's `calendar` section describes for `months` months.
  init(_ c: WorkingCalendar, months: Int) {
    guard let text = c.startDate, let start = CivilDate(iso: text) else {
      self.init(constant: c.daysPerMonth, months: months)
      return
    }
    self.init(
      start: start, months: months,
      weekend: Set(c.weekend.map { Weekday.allCases.firstIndex(of: $0)! }),
      dated: Set(c.holidaysDated.compactMap { CivilDate(iso: $0)?.serial }),
      yearly: c.yearlyHolidays.compactMap { MonthDay(text: $0) }, production: c.productionCalendar)
  }
}
