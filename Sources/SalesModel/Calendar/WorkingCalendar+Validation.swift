// docs/scenario-format.md, "calendar": the checks of the real-calendar keys.

extension Scenario {
  /// Checks the dated calendar's keys (docs/model.md, section 1); `fail` records an issue.
  func validateDates(_ fail: (ScenarioPath, Any?, String) -> Void) {
    let c = calendar
    if c.vacationBlocks < 1 || c.vacationBlocks > 12 {
      fail(["calendar", "vacation_blocks"], c.vacationBlocks, "a whole number between 1 and 12")
    }
    guard let text = c.startDate else {
      // The keys of the real calendar mean nothing on months of days_per_month days.
      let dated: [(String, Bool)] = [
        ("weekend", c.weekend != WorkingCalendar.defaults.weekend),
        ("holidays_dated", !c.holidaysDated.isEmpty),
        ("yearly_holidays", !c.yearlyHolidays.isEmpty),
        ("production_calendar", c.productionCalendar != nil),
      ]
      for (key, given) in dated where given {
        fail(["calendar", .key(key)], nil, "calendar.start_date to be given with \(key)")
      }
      return
    }
    let start = CivilDate(iso: text)
    if start == nil || !(1900...9999).contains(start!.year) {
      fail(["calendar", "start_date"], text, "a date YYYY-MM-DD between 1900 and 9999, e.g. 2027-01-01")
    }
    if !c.holidays.isEmpty {
      fail(
        ["calendar", "holidays"], c.holidays.map(String.init).joined(separator: ", "),
        "no working-day numbers with a start date: dates in holidays_dated or yearly_holidays")
    }
    if Set(c.weekend).count == Weekday.allCases.count {
      fail(["calendar", "weekend"], nil, "at most 6 days of the week")
    }
    var datesValid = true
    for (i, h) in c.holidaysDated.enumerated() where CivilDate(iso: h) == nil {
      fail(["calendar", "holidays_dated", .index(i)], h, "a date YYYY-MM-DD, e.g. 2027-03-08")
      datesValid = false
    }
    for (i, h) in c.yearlyHolidays.enumerated() where MonthDay(text: h) == nil {
      fail(["calendar", "yearly_holidays", .index(i)], h, "a month and day MM-DD, e.g. 05-09")
      datesValid = false
    }
    guard let start, (1900...9999).contains(start.year), datesValid,
      Set(c.weekend).count < Weekday.allCases.count, (1...1200).contains(horizonMonths)
    else { return }
    let axis = ModelCalendar(c, months: horizonMonths)
    for m in 0..<horizonMonths where axis.workingDays(inMonth: m) == 0 {
      fail(
        ["calendar", "start_date"], text,
        "a calendar in which every month has a working day (\(axis.monthLabels?[m] ?? "") has none)")
      return
    }
    let shortestYear = stride(from: 0, to: horizonMonths, by: 12).map { axis.year(ofDay: axis.firstDay(ofMonth: $0)).length }.min() ?? 0
    if c.vacationDaysPerYear >= shortestYear {
      fail(
        ["calendar", "vacation_days_per_year"], c.vacationDaysPerYear,
        "fewer days than the working days of a year of the run (\(shortestYear))")
    }
  }
}
