// The model, section 6 "A day of work" (docs/model.md): requests, meetings, calls.

internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

extension Replication {
  mutating func dayWork(_ d: Int) {
    routeWaiting(d)
    // With a start date holidays are not on the time axis at all (section 1).
    let holiday = !model.calendar.isDated && model.holidayOfYear[d % model.daysPerYear]
    if serviceOn { drawRequests(day: d) }
    var k = 0
    while k < activeList.count {
      if prefetching { prefetchDayWork(k, day: d) }
      let m = Int(activeList[k])
      if managers[m].active { work(m, day: d, holiday: holiday) }
      k += 1
    }
    if desk != nil { deskDay(d, holiday: holiday) }
    if escalationOn && !holiday { supportDay(d) }
  }

  // Inlined: a call would copy the whole replication to pass it.
  @inline(__always) func onVacation(_ m: Int, day: Int) -> Bool {
    let v = vacationDays
    if v == 0 { return false }
    if !spreadVacations {
      // `(x - start) mod y` without a division: both are in `0..<y`.
      let y = model.daysPerYear
      let x = day % y - managers[m].vacationStart
      return (x < 0 ? x + y : x) < v
    }
    // Blocks j = 0..<b of v / b days (the first v mod b one day longer), block j starting
    // on day floor((u + j) / b · Y) of each year of Y working days.
    let (y, x) = model.calendar.year(ofDay: day)
    let b = vacationBlocks
    let u = managers[m].vacationShare
    for j in 0..<b {
      let length = v / b + (j < v % b ? 1 : 0)
      let start = Int((u + Double(j)) / Double(b) * Double(y))
      if ((x - start) % y + y) % y < length { return true }
    }
    return false
  }

  mutating func work(_ m: Int, day d: Int, holiday: Bool) {
    let levelIndex = managers[m].level
    let role = managers[m].role
    if serviceOn { serviceArrivals(m, day: d) }
    if holiday || onVacation(m, day: d) { return }
    // The capacity of the manager's level and role, from plain arrays.
    let cell = levelIndex * roleCount + role
    let meetings = cellMeetings[cell]
    let callsPerDay = cellCalls[cell]
    if serviceOn && roleAnswersRequests[role] {
      serve(m, day: d, hours: cellServiceHours[cell], level: levelIndex, role: role)
    }

    let alternate = alternateSchedule
    let meetingDay = d % 2 == 1
    // Meetings.
    let slots = alternate ? (meetingDay ? 2 * meetings : 0) : meetings
    add(.meetingSlotsAvailable, levelIndex, Double(slots), role: role)
    var used = 0
    // Counted here and added once (whole numbers: the same sums in any order).
    var held = 0
    var noShows = 0
    var budget = managers[m].meetings.count
    while used < slots && budget > 0 {
      budget -= 1
      used += 1
      let i = Self.pop(&managers[m].meetings, &leads)
      if noShow.enabled
        && keyedUniform(
          leads[i].key, .noShow,
          stageOccasion(i, Int(leads[i].stage)) | UInt64(leads[i].reschedules) << 16)
          < noShow.probability
      {
        noShows += 1
        if Int(leads[i].reschedules) >= noShow.maxReschedules {
          lose(i, manager: m, day: d)
        } else {
          leads[i].reschedules += 1
          Self.push(i, &managers[m].meetings, &leads)
        }
        continue
      }
      held += 1
      scheduleOutcome(i, stage: Int(leads[i].stage), day: d)
    }
    if noShows > 0 { add(.noShows, levelIndex, Double(noShows), role: role) }
    if held > 0 { add(.meetingsHeld, levelIndex, Double(held), role: role) }
    add(.meetingSlotsUsed, levelIndex, Double(used), role: role)

    // Calls: the pipeline's calls first, then cold calls with what is left.
    let calls = alternate ? (meetingDay ? 0 : 2 * callsPerDay) : callsPerDay
    add(.callsAvailable, levelIndex, Double(calls), role: role)
    var callsUsed = 0
    var contacts = 0
    budget = managers[m].calls.count
    while callsUsed < calls && budget > 0 {
      budget -= 1
      callsUsed += 1
      let i = Self.pop(&managers[m].calls, &leads)
      if leads[i].stage == 0 { contacts += 1 }
      scheduleOutcome(i, stage: Int(leads[i].stage), day: d)
    }
    if contacts > 0 { add(.contacts, levelIndex, Double(contacts), role: role) }
    add(.callsWorked, levelIndex, Double(callsUsed), role: role)
    if outboundOn && callsUsed < calls && roleProspects[role] {
      let cold = calls - callsUsed
      add(.callsCold, levelIndex, Double(cold), role: role)
      let connects =
        contactRate >= 1
        ? cold
        : contactRate <= 0 ? 0 : coldCallConnections(m, calls: cold, day: d)
      for j in 0..<connects {
        outboundLead(
          m, day: d, seed: keyedBits(managers[m].key, .outboundLead, UInt64(d) << 32 | UInt64(j)))
      }
    }
  }

  /// Keyed by the manager and the day: the gaps between connections are the same whatever
  /// the number of free calls, so one more or one fewer call changes the count by at most one.
  @inline(__always) func coldCallConnections(_ m: Int, calls: Int, day d: Int) -> Int {
    scratch.reseed(keyedBits(managers[m].key, .outboundContacts, UInt64(d)))
    return coldCallContacts.sample(calls, scratch)
  }

  mutating func outboundLead(_ m: Int, day d: Int, seed: UInt64) {
    guard let i = newLead(.outbound, day: d, seed: seed) else { return }
    add(.contacts, managers[m].level, role: managers[m].role)
    let segment = Int(leads[i].segment)
    // The call that found the lead was its first contact.
    let start = model.stages.count > 1 ? 1 : 0
    if start == 1 {
      leads[i].highest = 0
      recorder?.entered(i, stage: 0, owner: m)
      stageReached(0, managers[m].level, role: managers[m].role)
    }
    leads[i].stage = Int8(start)
    if eligible(m, segment: segment) {
      assign(i, to: m, day: d)
    } else {
      enqueueWaiting(i, day: d)
    }
  }

  /// Each client asks at the times of a Poisson process of its segment's rate, starting on the
  /// first day whose requests are not yet drawn; the gaps are keyed by the client and their
  /// ordinal. A manager's requests of day `d` are those of its clients with a time in
  /// `[d, d + 1)`; an orphan's are lost. The count does not depend on the order of the clients.
  mutating func drawRequests(day d: Int) {
    requestsDrawnThrough = d
    guard !requestsDue.isEmpty(d) else { return }
    var due: [Int32] = []
    swap(&due, &dayList)
    requestsDue.take(d, into: &due)
    // Marked in a bitmap and visited in index order, so that a large book is read front to
    // back rather than at random, each slot once (a reused slot may be listed twice): linear
    // in the list and in the span of the marked clients over 64, where a sort is n log n.
    var low = Int.max
    var high = -1
    for client in due {
      let word = Int(client) >> 6
      dueClients[word] |= 1 << UInt64(client & 63)
      low = min(low, word)
      high = max(high, word)
    }
    let end = clock(d + 1)
    for word in low...high where dueClients[word] != 0 {
      if prefetching { prefetchDueRequests(word, next: word < high ? word + 1 : -1) }
      var bits = dueClients[word]
      dueClients[word] = 0
      while bits != 0 {
        let c = word << 6 | bits.trailingZeroBitCount
        bits &= bits - 1
        // A client who left, or was listed under an earlier day, is not due.
        guard clientRequests[c].day == Int32(d) else { continue }
        // The client's clock and ordinal in locals: the same sums as `requestGap`, without
        // a uniqueness check of the array per request.
        var n = 0
        var next = clientRequests[c].next
        if next < end {
          let key = clientRequests[c].key
          var times = clientRequests[c].times
          let rate = requestRate(segment: Int(clientRequests[c].segment))
          repeat {
            n += 1
            next += -log1p(-uniform(fromBits: keyedBits(key, UInt64(times)))) / rate
            times += 1
          } while next < end
          clientRequests[c].next = next
          clientRequests[c].times = times
        }
        let m = Int(clientRequests[c].manager)
        if m >= 0 { dayRequests[m] += n }
        fileRequest(c)
      }
    }
    // The list serves the next day: no allocation per day once it has grown.
    swap(&due, &dayList)
  }

  /// The next gap between requests of client `c`: exponential with mean `1 / λ` working days,
  /// `λ` its segment's daily rate, from `KU(client key, requests, n)` for the `n`-th gap.
  @inline(__always) mutating func requestGap(_ c: Int) -> Double {
    let u = uniform(fromBits: keyedBits(clientRequests[c].key, UInt64(clientRequests[c].times)))
    clientRequests[c].times += 1
    return -log1p(-u) / requestRate(segment: Int(clientRequests[c].segment))
  }

  /// The rate of one client's requests in segment `segment`, per unit of `clock`.
  @inline(__always) func requestRate(segment s: Int) -> Double {
    model.calendar.isDated ? requestsPerMonth[s] : requestMeans[s]
  }

  /// The clock of client referrals and requests at the start of working day `d`: the day
  /// itself, or with a start date the month time `τ(d)` (docs/model.md, section 1), in which
  /// a rate per month is constant whatever the month's working days.
  @inline(__always) func clock(_ d: Int) -> Double {
    model.calendar.isDated ? model.calendar.monthTime(ofDay: d) : Double(d)
  }

  /// The working day on which clock time `t` falls, or nil past the horizon.
  @inline(__always) func day(atClock t: Double) -> Int? {
    if model.calendar.isDated {
      return t < Double(model.calendar.months) ? model.calendar.day(atMonthTime: t) : nil
    }
    return t < Double(model.days) ? Int(t) : nil
  }

  /// Lists client `c` under the day of its next request, if within the horizon.
  @inline(__always) mutating func fileRequest(_ c: Int) {
    guard let day = day(atClock: clientRequests[c].next) else {
      clientRequests[c].day = -1
      return
    }
    clientRequests[c].day = Int32(day)
    requestsDue.append(Int32(c), to: day)
  }

  mutating func serviceArrivals(_ m: Int, day d: Int) {
    let base = m * ringSize
    let slot = d % ringSize
    // Requests still waiting from `ringSize` days ago have waited past the abandonment limit.
    let expired = Int(requestRing[base + slot])
    if expired > 0 {
      requestRing[base + slot] = 0
      managers[m].waitingRequests -= expired
      abandon(expired, manager: m)
    }
    let n = dayRequests[m]
    dayRequests[m] = 0
    if n > 0 {
      if managers[m].waitingRequests == 0 { managers[m].oldestRequestDay = d }
      requestRing[base + slot] = Int32(n)
      managers[m].waitingRequests += n
      add(.requests, managers[m].level, Double(n), role: managers[m].role)
      recorder?.requestsArrived(m, n)
    }
  }

  mutating func abandon(_ n: Int, manager m: Int) {
    add(.abandonedRequests, managers[m].level, Double(n), role: managers[m].role)
    recorder?.requestsDone(m, n, answered: false)
    requestsAbandoned += Double(n)
    managers[m].monthRequestsClosed += n
    managers[m].monthBreaches += n
  }

  mutating func serve(_ m: Int, day d: Int, hours: Double, level: Int, role: Int) {
    add(.serviceHoursAvailable, level, hours, role: role)
    guard managers[m].waitingRequests > 0 else { return }
    var capacity = cellServiceCapacity[level * roleCount + role]
    let base = m * ringSize
    var age = min(ringSize - 1, d - managers[m].oldestRequestDay)
    var served = 0
    // Whole numbers, summed here and counted once: exact in any order, so the counters are the
    // same as with an addition per slot.
    var withinSLA = 0
    var responseDays = 0
    var escalated = 0
    var escalationSeeded = false
    // The ring position of day `d - age`, moved on with `age` rather than divided each time.
    var position = (d - age) % ringSize
    while age >= 0 && capacity > 0 {
      let slot = base + position
      position = position + 1 == ringSize ? 0 : position + 1
      let waitingThere = Int(requestRing[slot])
      if waitingThere > 0 {
        let n = min(waitingThere, capacity)
        requestRing[slot] -= Int32(n)
        capacity -= n
        served += n
        let x = Double(n)
        recorder?.requestsDone(m, n, answered: true)
        responseDays += n * age
        responseHistogram[age] += x
        responseHistogram[(level + 1) * ringSize + age] += x
        if firstRoleGroup > 0 { responseHistogram[(firstRoleGroup + role) * ringSize + age] += x }
        if age <= slaDays { withinSLA += n }
        if escalationOn {
          let share = escalationShare
          if !escalationSeeded && share > 0 && share < 1 {
            scratch.reseed(keyedBits(managers[m].key, .escalation, UInt64(d)))
            escalationSeeded = true
          }
          let e =
            share >= 1 ? n : share <= 0 ? 0 : escalations.sample(n, scratch)
          if e > 0 {
            escalated += e
            supportRing[d] += e
            supportWaiting += e
          }
        }
      }
      if requestRing[slot] > 0 { break }
      age -= 1
    }
    if served > 0 {
      let x = Double(served)
      add(.requestsAnswered, level, x, role: role)
      add(.responseDaysTotal, level, Double(responseDays), role: role)
      if withinSLA > 0 { add(.requestsWithinSLA, level, Double(withinSLA), role: role) }
      if escalated > 0 { add(.escalations, level, Double(escalated), role: role) }
      managers[m].monthBreaches += served - withinSLA
      managers[m].monthRequestsClosed += served
      requestsAnswered += x
    }
    managers[m].waitingRequests -= served
    // Unanswered requests now start at the day of the slot the scan stopped at.
    managers[m].oldestRequestDay = d - max(age, 0)
    add(.serviceHoursUsed, level, Double(served) * hoursPerRequest, role: role)
  }
}
