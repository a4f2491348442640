// The model, section 10 "Careers" (docs/model.md): hires, departures, seats and promotion
// reviews.

internal import Stochastic

extension Replication {
  /// A hire who joins as new (10.1): tenure 0, the level's minimum experience (or its hire
  /// experience drawn), an empty book.
  mutating func hire(level: Int, day: Int, key: UInt64, role: Int) {
    var experience = model.levels[level].minExperience
    if let given = model.levels[level].hireExperience {
      scratch.reseed(keyedBits(key, .hireExperience, 0))
      experience = max(experience, Int(min(given.sample(scratch), 1e7).rounded(.down)))
    }
    addManager(level: level, day: day, tenure: 0, experience: experience, key: key, role: role)
    add(.hires, level, role: role)
  }

  /// A planned hire who joins as a transfer (10.1): ramped, with the book and the opening
  /// pipeline of its level.
  mutating func hireTransfer(level: Int, day: Int, key: UInt64, role: Int) {
    let m = addSeasonedManager(level: level, day: day, key: key, role: role)
    add(.hires, level, role: role)
    // A manager's draws never leave anything unplaced; the lists are only the functions'
    // shape for removed seats.
    var unplaced: [Int] = []
    if model.scenario.portfolio.enabled {
      drawInitialClients(
        level: level, key: key, transferMonth: model.calendar.month(ofDay: day), to: m,
        unplaced: &unplaced)
    }
    addOpeningPipeline(level: level, key: key, day: day, to: m, unplaced: &unplaced)
  }

  /// A manager with a past: tenure and experience drawn as for the team at the start
  /// (section 3); experience follows tenure unless the level states its own distribution.
  @discardableResult
  mutating func addSeasonedManager(level l: Int, day: Int, key: UInt64, role: Int) -> Int {
    let level = model.levels[l]
    scratch.reseed(keyedBits(key, .initialStaff, 0))
    let tenure = max(0, Int(level.tenureMonths.sample(scratch).rounded(.down)))
    var experience = tenure
    if let given = level.experienceMonths {
      experience = max(0, Int(given.sample(scratch).rounded(.down)))
    }
    return addManager(
      level: l, day: day, tenure: tenure, experience: max(level.minExperience, experience),
      key: key, role: role)
  }

  /// The planned hires of month `month` on its first working day `d`: the file's, in file
  /// order, then a staffing mix's new hires by level (10.1), each keyed by its ordinal (5.2).
  mutating func plannedHires(month: Int, day d: Int) {
    for (level, count, kind, role) in model.plannedHiresByMonth[month] {
      for _ in 0..<count {
        let key = nextPlannedKey()
        if kind == .transfer {
          hireTransfer(level: level, day: d, key: key, role: role)
        } else {
          hire(level: level, day: d, key: key, role: role)
        }
      }
    }
    let staffing = model.staffing
    if month == staffing.hireMonth - 1 {
      for level in model.levels.indices {
        // A staffing mix is refused for a scenario with roles: the one role here is the only.
        for _ in 0..<staffing.hires(level) {
          hire(level: level, day: d, key: nextPlannedKey(), role: 0)
        }
      }
    }
  }

  /// Keyed by the seat, not the level: the n-th planned hire of two plans shares its luck
  /// (vacation, attrition, the prospects its cold calls reach) whatever its level.
  mutating func nextPlannedKey() -> UInt64 {
    let key = keyedBits(plannedSalt, plannedOrdinal)
    plannedOrdinal += 1
    return key
  }

  /// The hire that refills the seat `predecessor` left at `level`, joining as new; its key
  /// follows from the predecessor's and the cause (5.2).
  mutating func refill(level: Int, predecessor: Int, cause: HireCause, day: Int) {
    let key = managers[predecessor].key
    let hireKey =
      switch cause {
      case .departure: keyedBits(key, Purpose.replacementKey.rawValue)
      case .promotion: keyedBits(key, .promotionRefillKey, UInt64(level))
      }
    hiresInFlight[level] -= 1
    // The seat keeps its role (2).
    hire(level: level, day: day, key: hireKey, role: managers[predecessor].role)
  }

  /// Schedules the refill of the seat manager `m` left at `level` after a time to hire drawn
  /// from `stream`; the seat counts as being filled even when the hire would join after the
  /// horizon.
  mutating func scheduleRefill(level: Int, predecessor m: Int, cause: HireCause, day d: Int) {
    let t = max(
      1, Int(min(model.scenario.careers.hiring.timeToHireDays.sample(scratch), 1e7).rounded(.up)))
    hiresInFlight[level] += 1
    if d + t < model.days {
      sim.schedule(
        .hire(level: Int32(level), predecessor: Int32(m), cause: cause), at: Double(d + t),
        priority: Priority.hire)
    }
  }

  /// `max(0, S_L − a_L − H_L)`: seats of `level` neither taken nor being filled (10.3).
  func openSeats(_ level: Int) -> Int {
    var active = 0
    for m in activeList where managers[Int(m)].active && managers[Int(m)].level == level {
      active += 1
    }
    return max(0, model.levels[level].headcountPlan - active - hiresInFlight[level])
  }

  /// A promotion review at the end of month `month`, day `d` (10.3): open seats are filled
  /// top down from the level below, by review attainment, then experience, then index.
  mutating func promotionReview(month: Int, day d: Int) {
    let quotaOn = model.scenario.quota.enabled
    let threshold = model.scenario.careers.promotion.attainmentThreshold
    let criterion = quotaOn && threshold > 0
    let hiring = model.scenario.careers.hiring.enabled
    var candidates: [(m: Int, attainment: Double, experience: Int)] = []
    for target in stride(from: model.levels.count - 1, through: 1, by: -1) {
      let open = openSeats(target)
      guard open > 0 else { continue }
      let below = target - 1
      candidates.removeAll(keepingCapacity: true)
      for index in activeList where managers[Int(index)].active {
        let m = Int(index)
        guard managers[m].level == below else { continue }
        let man = managers[m]
        let experience =
          man.experienceAtHire + model.calendar.monthsElapsed(from: man.hireDay, to: d + 1)
        guard experience >= model.levels[target].minExperience else { continue }
        let defined = man.reviewQuota > 0
        let attainment = defined ? man.reviewBookings / man.reviewQuota : 0
        if criterion && !(defined && attainment >= threshold) { continue }
        candidates.append((m, attainment, experience))
      }
      candidates.sort {
        if $0.attainment != $1.attainment { return $0.attainment > $1.attainment }
        if $0.experience != $1.experience { return $0.experience > $1.experience }
        return $0.m < $1.m
      }
      for candidate in candidates.prefix(open) {
        let m = candidate.m
        managers[m].level = target
        refreshRanks(m)
        if model.scenario.careers.attrition.enabled { refreshAttrition(m, day: d) }
        add(.promotionsOut, below, role: managers[m].role)
        add(.promotionsIn, target, role: managers[m].role)
        if hiring {
          scratch.reseed(keyedBits(managers[m].key, .promotionTimeToHire, UInt64(below)))
          scheduleRefill(level: below, predecessor: m, cause: .promotion, day: d)
        }
      }
    }
    for index in activeList where managers[Int(index)].active {
      managers[Int(index)].reviewBookings = 0
      managers[Int(index)].reviewQuota = 0
    }
  }

  /// The month at whose end a manager leaves by its time in the company `T` (10.4), drawn
  /// from `KS(key, time_to_exit, occasion)`: unconditioned when `conditioned` is false, else
  /// conditioned on `T > tenure`. The manager's tenure at the end of month `m` is
  /// `tenure + ((m + 1) dpm - day) / dpm`; it leaves at the first month end, from month
  /// `day / dpm` on, at which that reaches `T`. A draw that cannot exceed the tenure leaves
  /// at the first of these month ends.
  mutating func exitMonth(
    _ stay: Distribution, key: UInt64, occasion: UInt64, day: Int, tenure: Double,
    conditioned: Bool
  ) -> Int32 {
    scratch.reseed(keyedBits(key, .timeToExit, occasion))
    let drawn = conditioned ? stay.sample(exceeding: tenure, scratch) : stay.sample(scratch)
    let calendar = model.calendar
    let first = calendar.month(ofDay: min(day, calendar.days - 1))
    guard let time = drawn else { return Int32(first) }
    // With a start date the tenure at the end of month m is `tenure + (m + 1) − τ(day)` in
    // month time (section 1); constant months keep the day arithmetic.
    let month: Double
    if calendar.isDated {
      month = (calendar.monthTime(ofDay: day) + time - tenure).rounded(.up) - 1
    } else {
      let dpm = Double(model.daysPerMonth)
      month = ((Double(day) + (time - tenure) * dpm) / dpm).rounded(.up) - 1
    }
    guard month < Double(model.scenario.horizonMonths) else { return .max }
    return Int32(max(Double(first), month))
  }

  /// After manager `m` moved up at the month end `d` (10.3): the attrition of its new level
  /// (and its role) applies; a time in the company is drawn anew, conditioned on the tenure
  /// reached.
  mutating func refreshAttrition(_ m: Int, day d: Int) {
    let level = managers[m].level
    guard let stay = model.roles.timeToExit[level * roleCount + managers[m].role] else {
      managers[m].exitMonth = -1
      return
    }
    let man = managers[m]
    let calendar = model.calendar
    let tenure =
      calendar.isDated
      ? Double(man.tenureAtHire) + calendar.monthTime(ofDay: d + 1)
        - calendar.monthTime(ofDay: man.hireDay)
      : Double(man.tenureAtHire) + Double(d + 1 - man.hireDay) / Double(model.daysPerMonth)
    managers[m].exitMonth = exitMonth(
      stay, key: man.key, occasion: UInt64(level), day: d + 1, tenure: tenure, conditioned: true)
  }

  /// The planned exits of month `month` at its end, day `d` (10.4): for each entry in file
  /// order, the longest-tenured active managers of its level leave, ties to the lowest index.
  mutating func plannedExits(month: Int, day d: Int) {
    let dpm = model.daysPerMonth
    let calendar = model.calendar
    for (level, count) in model.plannedExitsByMonth[month] where count > 0 {
      var chosen: [(m: Int, tenureDays: Double)] = []
      for index in activeList where managers[Int(index)].active {
        let man = managers[Int(index)]
        guard man.level == level else { continue }
        // Tenure in months (month time with a start date, section 1), ranked exactly.
        let tenure =
          calendar.isDated
          ? Double(man.tenureAtHire) - calendar.monthTime(ofDay: man.hireDay)
          : Double(man.tenureAtHire * dpm - man.hireDay)
        chosen.append((Int(index), tenure))
      }
      chosen.sort { $0.tenureDays != $1.tenureDays ? $0.tenureDays > $1.tenureDays : $0.m < $1.m }
      for leaver in chosen.prefix(count) { depart(leaver.m, day: d) }
    }
  }

  mutating func depart(_ m: Int, day d: Int) {
    let level = managers[m].level
    managers[m].active = false
    activeManagers -= 1
    activeListHasLeavers = true
    refreshRanks(m)
    let role = managers[m].role
    add(.exits, level, role: role)
    recorder?.left(m)
    // Clients: some leave with the manager, the rest are reassigned with a churn shock.
    let takes = model.levels[level].takesClients
    let shock = model.scenario.portfolio.reassignmentChurnShock
    let managerKey = managers[m].key
    var cursor = managers[m].clientHead
    while cursor >= 0 {
      let client = Int(cursor)
      cursor = clients[client].next
      detach(client)
      let clientKey = clients[client].key
      if takes > 0 && keyedUniform(clientKey, .departureTakes, managerKey) < takes {
        add(.clientsTaken, level, role: role)
        excludeFromMarket(segment: Int(clients[client].segment), account: clients[client].account)
        removeClient(client)
      } else if shock > 0 && keyedUniform(clientKey, .departureShock, managerKey) < shock {
        add(.clientsChurned, level, role: role)
        returnToMarket(
          segment: Int(clients[client].segment), day: d, account: clients[client].account,
          churned: true)
        removeClient(client)
      } else {
        reassign(client)
      }
    }
    // Open leads in the manager's queues go back to routing; leads between stages follow
    // when their stage ends.
    while managers[m].calls.count > 0 {
      enqueueWaiting(Self.pop(&managers[m].calls, &leads), day: d)
    }
    while managers[m].meetings.count > 0 {
      enqueueWaiting(Self.pop(&managers[m].meetings, &leads), day: d)
    }
    managers[m].openLeads = 0
    refreshRanks(m)
    // Unanswered requests of the departing manager are abandoned.
    if managers[m].waitingRequests > 0 {
      abandon(managers[m].waitingRequests, manager: m)
      managers[m].waitingRequests = 0
      for k in 0..<ringSize { requestRing[m * ringSize + k] = 0 }
    }
    if model.scenario.careers.hiring.enabled {
      scratch.reseed(keyedBits(managerKey, .timeToHire, 0))
      scheduleRefill(level: level, predecessor: m, cause: .departure, day: d)
    }
  }

  /// Gives a client to the active manager of a role that holds clients with the fewest clients
  /// among those allowed its segment (any such manager if none is), the lowest index on ties;
  /// an orphan when there is none.
  mutating func reassign(_ client: Int) {
    var best = reassignable[Int(clients[client].segment)].first()
    if best < 0 { best = reassignable[reassignable.count - 1].first() }
    if best >= 0 { attach(client, to: best) } else { attachOrphan(client) }
  }
}
