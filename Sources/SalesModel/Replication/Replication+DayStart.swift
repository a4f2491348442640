// The model, section 4 "Day start" (docs/model.md).

internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

extension Replication {
  mutating func dayStart(_ d: Int) {
    let month = model.calendar.month(ofDay: d)
    recorder?.day = d
    // By the day's number: `at:` would check that a whole number of days is one (a call to
    // the C library's `floor` each).
    sim.schedule(.dayWork(Int32(d)), onDay: d, priority: Priority.dayWork)
    if model.calendar.isLastDayOfMonth(d) {
      sim.schedule(.monthEnd(Int32(d)), onDay: d, priority: Priority.monthEnd)
    }
    if d + 1 < model.days {
      sim.schedule(.dayStart(Int32(d + 1)), onDay: d + 1, priority: Priority.dayStart)
    }
    if model.calendar.isFirstDayOfMonth(d) {
      plannedHires(month: month, day: d)
      let period = model.scenario.quota.period.months
      if month > 0 && month % period == 0 { releasePushed(d) }
      let batch = model.eventLeadsByMonth[month]
      for _ in 0..<batch { arrive(.event, day: d, seed: sEvents.nextUInt64()) }
    }
    if model.scenario.leads.market.enabled {
      while marketReturnsHead < marketReturns.count && marketReturns[marketReturnsHead].day <= d {
        marketAvailable[Int(marketReturns[marketReturnsHead].segment)] += 1
        marketReturnsHead += 1
      }
      if marketReturnsHead > 1024 && marketReturnsHead * 2 > marketReturns.count {
        marketReturns.removeFirst(marketReturnsHead)
        marketReturnsHead = 0
      }
    }
    if model.scenario.leads.inbound.enabled {
      let rate =
        model.calendar.isDated ? model.inboundPerDayByMonth[month] : model.inboundPerDay[month % 12]
      let n = sInbound.poisson(rate)
      for _ in 0..<n { arrive(.inbound, day: d, seed: sInbound.nextUInt64()) }
    }
    if referralsOn { referrals(day: d) }
  }

  /// Each client refers leads at the times of a Poisson process of rate
  /// `per_client_per_month / dpm` a working day, starting on the first day whose referrals are
  /// not yet drawn; the gaps are keyed by the client and their ordinal, and so is each
  /// referral lead, so a client common to two scenarios refers the same leads in both.
  mutating func referrals(day d: Int) {
    referralsDrawnThrough = d
    guard !referralsDue.isEmpty(d) else { return }
    var due: [Int32] = []
    swap(&due, &dayList)
    referralsDue.take(d, into: &due)
    // Clients in index order; a reused client slot may be listed twice.
    due.sort()
    let end = clock(d + 1)
    var previous: Int32 = -1
    for client in due where client != previous {
      previous = client
      let c = Int(client)
      guard clients[c].alive && clients[c].referralDay == Int32(d) else { continue }
      while clients[c].nextReferral < end {
        let ordinal = UInt64(clients[c].referralTimes - 1)
        arrive(.referral, day: d, seed: keyedBits(clients[c].key, .referralLead, ordinal))
        clients[c].nextReferral += referralGap(c)
      }
      fileReferral(c)
    }
    swap(&due, &dayList)
  }

  /// The next gap between referrals of client `c`: exponential with mean `dpm /
  /// per_client_per_month` working days, from `KU(client key, referrals, n)` for the `n`-th gap.
  @inline(__always) mutating func referralGap(_ c: Int) -> Double {
    let u = uniform(fromBits: keyedBits(clients[c].referralsKey, UInt64(clients[c].referralTimes)))
    clients[c].referralTimes += 1
    return -log1p(-u) / (model.calendar.isDated ? referralsPerMonth : referralMean)
  }

  /// Lists client `c` under the day of its next referral, if within the horizon.
  mutating func fileReferral(_ c: Int) {
    guard let day = day(atClock: clients[c].nextReferral) else {
      clients[c].referralDay = -1
      return
    }
    clients[c].referralDay = Int32(day)
    referralsDue.append(Int32(c), to: day)
  }
}
