// The model, section 7 "Stage outcomes and closing" (docs/model.md).

extension Replication {
  /// The stage of lead `i`, worked by manager `m` (its `manager`), ends on day `d`.
  mutating func stageDone(_ i: Int, manager m: Int, _ d: Int) {
    assert(Int(leads[i].manager) == m, "a lead changed manager during its stage")
    if !managers[m].active {
      enqueueWaiting(i, day: d)
      return
    }
    let k = Int(leads[i].stage)
    let level = managers[m].level
    let s = model.stages.count
    // Skill and ramp act once, on the last stage only (docs/model.md, section 7.1), so that a
    // multiplier `w` wins `w` times the deals of the same lead flow.
    let base = model.stageProbability[k]
    let p =
      k == s - 1
      ? min(1, base * model.levels[level].win * managers[m].skill * ramp(m, day: d)) : base
    let roleGroup = roleGroup(managers[m].role)
    stageOutcomes[k] += 1
    stageOutcomes[(level + 1) * s + k] += 1
    if roleGroup > 0 { stageOutcomes[roleGroup * s + k] += 1 }
    if keyedUniform(leads[i].key, k) < p {
      stageSuccesses[k] += 1
      stageSuccesses[(level + 1) * s + k] += 1
      if roleGroup > 0 { stageSuccesses[roleGroup * s + k] += 1 }
      if k == s - 1 { close(i, manager: m, day: d) } else { enterStage(i, k + 1, day: d) }
    } else {
      lose(i, manager: m, day: d)
    }
  }

  mutating func lose(_ i: Int, manager m: Int, day: Int) {
    add(.lost, managers[m].level, role: managers[m].role)
    recorder?.closed(i, .lost)
    managers[m].openLeads -= 1
    refreshRanks(m)
    returnToMarket(segment: Int(leads[i].segment), day: day, account: leads[i].account)
    freeLead(i)
  }

  mutating func close(_ i: Int, manager m: Int, day d: Int) {
    if sandbaggingOn {
      let quota = model.scenario.quota
      let (first, last) = periodBounds(month: model.calendar.month(ofDay: d))
      let q = effectiveQuota(m, first: first, last: last)
      if q > 0 && managers[m].periodBookings >= quota.sandbagging.afterShare * q {
        managers[m].openLeads -= 1
        refreshRanks(m)
        add(.pushedDeals, managers[m].level, role: managers[m].role)
        Self.push(i, &pushed, &leads)
        return
      }
    }
    managers[m].openLeads -= 1
    refreshRanks(m)
    win(i, manager: m, day: d)
  }

  mutating func releasePushed(_ d: Int) {
    while pushed.count > 0 {
      let i = Self.pop(&pushed, &leads)
      let m = Int(leads[i].manager)
      if managers[m].active {
        win(i, manager: m, day: d)
      } else {
        add(.lost, managers[m].level, role: managers[m].role)
        recorder?.closed(i, .lost)
        returnToMarket(segment: Int(leads[i].segment), day: d, account: leads[i].account)
        freeLead(i)
      }
    }
  }

  mutating func win(_ i: Int, manager m: Int, day d: Int) {
    let level = managers[m].level
    let role = managers[m].role
    let value = leads[i].dealSize * model.levels[level].dealSize
    add(.won, level, role: role)
    recorder?.closed(i, .won, value: value)
    add(.bookings, level, value, role: role)
    let rate = model.levels[level].commission
    if !commissionOnBills {
      payCommission(value * rate, closer: m, sourcer: Int(leads[i].sourcer))
    }
    add(.salesCycleDaysTotal, level, Double(d - Int(leads[i].arrivalDay)), role: role)
    dealValues[0].append(value)
    dealValues[level + 1].append(value)
    managers[m].periodBookings += value
    monthBookings += value
    monthWon += 1
    addMonthly(.won, level: level, role: role, 1)
    addMonthly(.bookings, level: level, role: role, value)
    let roleGroup = roleGroup(role)
    if roleGroup > 0 { dealValues[roleGroup].append(value) }
    if portfolioOn {
      let month = model.calendar.month(ofDay: d)
      let client = newClient(
        segment: Int(leads[i].segment), value: value, termEnd: month + contractMonths - 1,
        key: keyedBits(leads[i].key, Purpose.clientKey.rawValue), startMonth: month)
      clients[client].onboardingDue = model.segments[Int(leads[i].segment)].onboardingFee
      clients[client].closer = Int32(m)
      clients[client].sourcer = leads[i].sourcer
      clients[client].account = leads[i].account
      clients[client].commissionRate = rate
      // A closer whose role does not hold clients passes the client on as a reassignment does
      // (5.6): to the active manager of a holding role with the fewest clients.
      if roleHoldsClients[role] { attach(client, to: m) } else { reassign(client) }
      add(.clientsNew, level, role: role)
      if oneOffRevenue {
        bill(client, value, level: level, role: role, month: month)
      }
    } else {
      excludeFromMarket(segment: Int(leads[i].segment), account: leads[i].account)
    }
    freeLead(i)
  }
}
