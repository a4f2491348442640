// docs/model.md, section 1 (Time), "Production calendar `ru`".

/// The Russian production calendar: the non-working holidays of the Labour Code, article 112,
/// and the days off the government transfers each year by decree.
///
/// Sources:
/// - Labour Code of the Russian Federation, article 112 (non-working holidays: 1–6 and 8
///   January (New Year holidays), 7 January, 23 February, 8 March, 1 May, 9 May, 12 June,
///   4 November; a holiday falling on a day off moves the day off to the next working day,
///   except the January holidays, whose two days off the government transfers by decree).
/// - 2024: Government decree of 10 August 2023 No. 1314: 6 January (Saturday) moved to
///   10 May, 7 January (Sunday) to 31 December; Saturday 27 April worked, 29 April off;
///   Saturday 2 November worked, 30 April off; Saturday 28 December worked, 30 December off.
/// - 2026: Government decree signed 24 September 2025 (as reported by the national press on
///   that day): 3 January (Saturday) moved to 9 January, 4 January (Sunday) to 31 December;
///   8 March (Sunday) and 9 May (Saturday) move to 9 and 11 May by article 112.
///
/// For any other year no decree is shipped: article 112's rule alone applies (a holiday on a
/// weekend makes the next working day a day off, except in January).
enum RussianProductionCalendar {
  /// The holidays of article 112 (month, day).
  static let statutoryHolidays: [MonthDay] = [
    .init(month: 1, day: 1), .init(month: 1, day: 2), .init(month: 1, day: 3),
    .init(month: 1, day: 4), .init(month: 1, day: 5), .init(month: 1, day: 6),
    .init(month: 1, day: 7), .init(month: 1, day: 8), .init(month: 2, day: 23),
    .init(month: 3, day: 8), .init(month: 5, day: 1), .init(month: 5, day: 9),
    .init(month: 6, day: 12), .init(month: 11, day: 4),
  ]

  /// One year's decree: the extra days off and the weekend days worked.
  struct Decree {
    var daysOff: [MonthDay]
    var workedWeekendDays: [MonthDay]
  }

  /// The decrees shipped, by year. A decree replaces article 112's automatic moves for its
  /// year (it states every move itself).
  static let decrees: [Int: Decree] = [
    2024: Decree(
      daysOff: [
        .init(month: 4, day: 29), .init(month: 4, day: 30), .init(month: 5, day: 10),
        .init(month: 12, day: 30), .init(month: 12, day: 31),
      ],
      workedWeekendDays: [
        .init(month: 4, day: 27), .init(month: 11, day: 2), .init(month: 12, day: 28),
      ]),
    2026: Decree(
      daysOff: [
        .init(month: 1, day: 9), .init(month: 3, day: 9), .init(month: 5, day: 11),
        .init(month: 12, day: 31),
      ],
      workedWeekendDays: []),
  ]

  /// The non-working weekdays and the working weekend days of `year`, for a week whose
  /// days off are `weekend` (0 = Monday … 6 = Sunday).
  static func year(_ year: Int, weekend: Set<Int>) -> (daysOff: Set<Int>, worked: Set<Int>) {
    var off = Set<Int>()
    for h in statutoryHolidays where h.month != 2 || h.day <= CivilDate.days(year: year, month: 2) {
      off.insert(CivilDate(year: year, month: h.month, day: h.day).serial)
    }
    if let decree = decrees[year] {
      for d in decree.daysOff { off.insert(CivilDate(year: year, month: d.month, day: d.day).serial) }
      let worked = Set(
        decree.workedWeekendDays.map { CivilDate(year: year, month: $0.month, day: $0.day).serial })
      return (off, worked)
    }
    // Article 112: each holiday (outside January) on a day off moves that day off to the next
    // day that is neither a day off nor a holiday nor already taken by an earlier move.
    for h in statutoryHolidays where h.month != 1 {
      let date = CivilDate(year: year, month: h.month, day: h.day)
      guard weekend.contains(date.weekday) else { continue }
      var s = date.serial + 1
      while weekend.contains(CivilDate(serial: s).weekday) || off.contains(s) { s += 1 }
      off.insert(s)
    }
    return (off, [])
  }
}
