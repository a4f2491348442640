// The model, section 9 "Month end" (docs/model.md): salaries, quota, ramp.

extension Replication {
  mutating func monthEnd(_ d: Int) {
    let month = d / model.daysPerMonth
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
    let monthStart = month * model.daysPerMonth
    for index in activeList where managers[Int(index)].active {
      let m = Int(index)
      let days = d + 1 - max(managers[m].hireDay, monthStart)
      add(
        .salaryCost, managers[m].level, model.levels[managers[m].level].salaryPerDay * Double(days),
        role: managers[m].role)
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
        var p = model.attritionPerMonth
        if managers[m].hasAttainment && managers[m].lastAttainment < 1 {
          p *= careers.attrition.missedQuotaMultiplier
        }
        if keyedUniform(managers[m].key, .attrition, UInt64(month)) < min(p, 1) {
          depart(m, day: d)
        }
      }
    }
    if model.reviewMonth[month % 12] { promotionReview(month: month, day: d) }
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
    let layout = model.layout
    let firstLevelSeries = SeriesMetric.allCases.count
    // The levels', then the roles' as levels after them.
    for level in 0..<(monthByLevel.count / 2) {
      seriesByLevel[layout.offset(.won, level: level) - firstLevelSeries][month] =
        monthByLevel[2 * level]
      seriesByLevel[layout.offset(.bookings, level: level) - firstLevelSeries][month] =
        monthByLevel[2 * level + 1]
      monthByLevel[2 * level] = 0
      monthByLevel[2 * level + 1] = 0
    }
    monthRevenue = 0
    monthBookings = 0
    monthWon = 0
    let support = model.scenario.portfolio.escalation
    if escalationOn && support.costPerMonth > 0 {
      team[TeamMetric.supportCost.rawValue] += support.costPerMonth
    }
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
      var ramped = managers[m].hireDay <= first * model.daysPerMonth
      if ramped {
        for j in first...last where ramp(m, day: j * model.daysPerMonth) < 1 { ramped = false }
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
  func effectiveQuota(_ m: Int, first: Int, last: Int) -> Double {
    let man = managers[m]
    let level = model.levels[man.level]
    let dpm = model.daysPerMonth
    let monthly = level.quotaPerMonth
    var q = 0.0
    for j in first...last {
      let start = j * dpm
      if man.hireDay >= start + dpm { continue }
      let present = man.hireDay <= start ? 1.0 : Double(start + dpm - man.hireDay) / Double(dpm)
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
    let t = managers[m].tenureAtHire + (day - managers[m].hireDay) / model.daysPerMonth
    return t < curve.count ? curve[t] : 1
  }
}
