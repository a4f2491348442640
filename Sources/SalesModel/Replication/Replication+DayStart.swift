// The model, section 4 "Day start" (docs/model.md).

internal import Stochastic

extension Replication {
  mutating func dayStart(_ d: Int) {
    let dpm = model.daysPerMonth
    let month = d / dpm
    sim.schedule(.dayWork(Int32(d)), at: Double(d), priority: Priority.dayWork)
    if d % dpm == dpm - 1 {
      sim.schedule(.monthEnd(Int32(d)), at: Double(d), priority: Priority.monthEnd)
    }
    if d + 1 < model.days {
      sim.schedule(.dayStart(Int32(d + 1)), at: Double(d + 1), priority: Priority.dayStart)
    }
    if d % dpm == 0 {
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
      let n = sInbound.poisson(model.inboundPerDay[month % 12])
      for _ in 0..<n { arrive(.inbound, day: d, seed: sInbound.nextUInt64()) }
    }
    if model.scenario.leads.referrals.enabled && referralMean > 0 { referrals(day: d) }
  }

  /// Each client refers `Poisson(per_client_per_month / dpm)` leads a day, keyed by the
  /// client and the day, so a client common to two scenarios refers the same leads in both.
  mutating func referrals(day d: Int) {
    var client = 0
    while client < clients.count {
      if clients[client].alive {
        let n = keyedPoisson(
          keyedBits(clients[client].referralsKey, UInt64(d)), mean: referralMean,
          zeroChance: noReferralChance, scratch: scratch)
        let key = clients[client].key
        var j = 0
        while j < n {
          arrive(
            .referral, day: d, seed: keyedBits(key, .referralLead, UInt64(d) << 32 | UInt64(j)))
          j += 1
        }
      }
      client += 1
    }
  }
}
