// The model, section 9 "Month end" (docs/model.md): salaries, quota, ramp, cash.

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

extension Replication {
  mutating func monthEnd(_ d: Int) {
    let month = model.calendar.month(ofDay: d)
    let portfolio = model.scenario.portfolio
    if portfolio.enabled { portfolioMonth(month, day: d) }
    // Managers who left in an earlier month have no clients and no requests: only the active
    // need their breach share.
    for index in activeList {
      let m = Int(index)
      let closed = managers[m].monthRequestsClosed
      managers[m].breachShare = closed > 0 ? Double(managers[m].monthBreaches) / Double(closed) : 0
      managers[m].monthRequestsClosed = 0
      managers[m].monthBreaches = 0
    }
    // Salaries for the days of this month each manager was employed (before anyone leaves).
    let monthStart = model.calendar.firstDay(ofMonth: month)
    // With a start date a month's salary is spread over its own n_m working days.
    let monthDays = Double(model.calendar.monthLength(month))
    for index in activeList where managers[Int(index)].active {
      let m = Int(index)
      let level = managers[m].level
      let amount = salary(
        m, from: max(managers[m].hireDay, monthStart), through: d, monthDays: monthDays)
      add(.salaryCost, level, amount, role: managers[m].role)
      monthSalary += amount
      addMonthly(.salary, level: level, role: managers[m].role, amount)
    }
    let quota = model.scenario.quota
    if quota.enabled {
      let (_, last) = periodBounds(month: month)
      if month == last { closeQuotaPeriod(month: month) }
    }
    let careers = model.scenario.careers
    if careers.attrition.enabled {
      for index in activeList where managers[Int(index)].active {
        let m = Int(index)
        let exit = managers[m].exitMonth
        if exit >= 0 {
          if exit <= month { depart(m, day: d) }
          continue
        }
        var p = model.roles.attritionPerMonth[managers[m].level * roleCount + managers[m].role]
        if managers[m].hasAttainment && managers[m].lastAttainment < 1 {
          p *= careers.attrition.missedQuotaMultiplier
        }
        if keyedUniform(managers[m].key, .attrition, UInt64(month)) < min(p, 1) {
          depart(m, day: d)
        }
      }
    }
    if !model.plannedExitsByMonth[month].isEmpty { plannedExits(month: month, day: d) }
    if model.reviewMonth[model.calendar.monthOfYear(month)] { promotionReview(month: month, day: d) }
    if activeListHasLeavers {
      activeList.removeAll { !managers[Int($0)].active }
      activeListHasLeavers = false
    }
    // Orphans wait for a manager who may hold them: with roles, active managers may all be of
    // roles that hold no clients (without roles, the last tree holds every active manager).
    if orphanHead >= 0 && activeManagers > 0 && reassignable[reassignable.count - 1].first() >= 0 {
      while orphanHead >= 0 {
        let client = Int(orphanHead)
        detach(client)
        reassign(client)
      }
    }
    seriesRevenue[month] = monthRevenue
    seriesBookings[month] = monthBookings
    seriesClients[month] = Double(activeClients)
    seriesHeadcount[month] = Double(activeManagers)
    seriesWon[month] = monthWon
    seriesCommission[month] = monthCommission
    seriesSalary[month] = monthSalary
    for index in activeList {
      let man = managers[Int(index)]
      addMonthly(.headcount, level: man.level, role: man.role, 1)
    }
    // The current month's values are the groups' series (levels, then roles), slot for slot.
    for slot in monthByLevel.indices {
      seriesByLevel[slot][month] = monthByLevel[slot]
      monthByLevel[slot] = 0
    }
    monthRevenue = 0
    monthBookings = 0
    monthWon = 0
    let support = model.scenario.portfolio.escalation
    let supportCost = escalationOn && support.costPerMonth > 0 ? support.costPerMonth : 0
    if supportCost > 0 { team[TeamMetric.supportCost.rawValue] += supportCost }
    if moneyOn { cashMonth(month, supportCost: supportCost) }
    monthCommission = 0
    monthSalary = 0
    monthHandOffCost = 0
  }

  /// The cash of month `month` (docs/model.md, 9.6): in, the bills of `delay` months earlier net
  /// of their fees; out, salaries, commission paid, support and overhead.
  mutating func cashMonth(_ month: Int, supportCost: Double) {
    let money = model.scenario.money
    let delay = money.collectionDelayMonths
    let cashIn = month >= delay ? billedNet[month - delay] : 0
    team[TeamMetric.overheadCost.rawValue] += money.overheadPerMonth
    let cashOut =
      monthSalary + monthCommission + monthHandOffCost + supportCost + money.overheadPerMonth
    team[TeamMetric.cashIn.rawValue] += cashIn
    team[TeamMetric.cashOut.rawValue] += cashOut
    seriesCashIn[month] = cashIn
    seriesCashOut[month] = cashOut
    seriesCashCumulative[month] =
      (month > 0 ? seriesCashCumulative[month - 1] : 0) + cashIn - cashOut
  }

  /// The salary of manager `m` for the days `first...last` of one month (9, step 3): the daily
  /// salary, raised by `annual_raise` for each whole year since the hire day (day 0 for the
  /// managers present at the start, 9.6).
  /// With a start date (section 1) the daily salary is the month's salary over its `n_m`
  /// (`monthDays`) working days, and the anniversaries fall every 12 months of month time.
  ///
  /// Inlined: a call copied the whole replication (and retained every array in it) once per
  /// manager and month.
  @inline(__always) func salary(
    _ m: Int, from first: Int, through last: Int, monthDays: Double
  ) -> Double {
    let calendar = model.calendar
    let perDay =
      calendar.isDated
      ? model.levels[managers[m].level].salaryPerMonth / monthDays
      : model.levels[managers[m].level].salaryPerDay
    guard annualRaise > 0 else { return perDay * Double(last + 1 - first) }
    let hire = managers[m].hireDay
    // A month is shorter than a year: at most one anniversary falls in it.
    let years: Int
    let anniversary: Int
    if calendar.isDated {
      years = calendar.monthsElapsed(from: hire, to: first) / 12
      // The first day whose month time reaches the next anniversary.
      let target = calendar.monthTime(ofDay: hire) + Double(12 * (years + 1))
      if target >= calendar.monthTime(ofDay: last + 1) {
        anniversary = last + 1
      } else {
        var day = calendar.day(atMonthTime: target)
        if calendar.monthTime(ofDay: day) < target { day += 1 }
        anniversary = min(last + 1, max(first, day))
      }
    } else {
      let year = model.daysPerYear
      years = (first - hire) / year
      anniversary = min(last + 1, hire + (years + 1) * year)
    }
    let before = Double(anniversary - first)
    let after = Double(last + 1 - anniversary)
    let rate = perDay * pow(1 + annualRaise, Double(years))
    return rate * before + rate * (1 + annualRaise) * after
  }

  mutating func closeQuotaPeriod(month: Int) {
    let (first, last) = periodBounds(month: month)
    for index in activeList where managers[Int(index)].active {
      let m = Int(index)
      let level = managers[m].level
      let role = managers[m].role
      let q = effectiveQuota(m, first: first, last: last)
      guard q > 0 else {
        managers[m].periodBookings = 0
        continue
      }
      planFromQuotas += q
      let attainment = managers[m].periodBookings / q
      managers[m].lastAttainment = attainment
      managers[m].hasAttainment = true
      managers[m].reviewBookings += managers[m].periodBookings
      managers[m].reviewQuota += q
      managers[m].periodBookings = 0
      var ramped = managers[m].hireDay <= model.calendar.firstDay(ofMonth: first)
      if ramped {
        for j in first...last where ramp(m, day: model.calendar.firstDay(ofMonth: j)) < 1 {
          ramped = false
        }
      }
      if ramped {
        samples[0].append(attainment)
        samples[level + 1].append(attainment)
        if firstRoleGroup > 0 { samples[firstRoleGroup + role].append(attainment) }
        add(.rampedPeriods, level, role: role)
        add(.quotaAttainmentTotal, level, attainment, role: role)
        if attainment >= 1 { add(.rampedPeriodsAtQuota, level, role: role) }
        if attainment == 0 { add(.rampedPeriodsWithoutBookings, level, role: role) }
      }
    }
  }

  /// The quota of manager `m` for the months `first...last`, prorated by presence and ramp.
  // Inlined for the same reason as `salary`.
  @inline(__always) func effectiveQuota(_ m: Int, first: Int, last: Int) -> Double {
    let man = managers[m]
    let level = model.levels[man.level]
    let monthly = level.quotaPerMonth
    var q = 0.0
    for j in first...last {
      let start = model.calendar.firstDay(ofMonth: j)
      let a = model.calendar.workingDays(inMonth: j)
      let n = model.calendar.monthLength(j)
      if man.hireDay >= start + a { continue }
      // A month entered mid-way (a hire, or month 0 from a start date mid-month) counts its
      // share of the whole month's n working days.
      let present =
        man.hireDay <= start && a == n
        ? 1.0 : Double(start + a - max(man.hireDay, start)) / Double(n)
      q += monthly * present * ramp(m, day: max(start, man.hireDay))
    }
    return q
  }

  @inline(__always) func periodBounds(month: Int) -> (Int, Int) {
    let p = model.scenario.quota.period.months
    let first = (month / p) * p
    return (first, min(first + p - 1, model.scenario.horizonMonths - 1))
  }

  @inline(__always) func ramp(_ m: Int, day: Int) -> Double {
    let curve = model.rampCurve
    if curve.isEmpty { return 1 }
    let t =
      managers[m].tenureAtHire + model.calendar.monthsElapsed(from: managers[m].hireDay, to: day)
    return t < curve.count ? curve[t] : 1
  }
}
