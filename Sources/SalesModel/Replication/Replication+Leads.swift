// The model, section 5 "Leads" (docs/model.md): arrival, routing, stages, the market.

internal import Stochastic

extension Replication {
  /// Creates a lead of `channel` whose attributes come from the scratch stream seeded with
  /// `seed`; nil when the market has no prospect of the drawn segment left.
  mutating func newLead(_ channel: Channel, day: Int, seed: UInt64) -> Int? {
    let stream = scratch
    stream.reseed(seed)
    let mix: SalesModel.Mix
    switch channel {
    // Opening deals are made by `openingDeals`, never here.
    case .inbound, .opening: mix = model.inboundMix
    case .outbound: mix = model.outboundMix
    case .referral: mix = model.referralMix
    case .event: mix = model.eventMix
    }
    let segment = mix.segment(stream.uniform())
    var account = false
    if marketOn {
      let size = model.marketSize[segment]
      // Drawn in both modes, so that a lead's later draws do not depend on the mode.
      let u = stream.uniform()
      if size >= 0 {
        let refused =
          model.marketList
          ? marketAvailable[segment] == 0
          : u * Double(size) >= Double(marketAvailable[segment])
        if refused {
          team[TeamMetric.marketRejected.rawValue] += 1
          return nil
        }
        marketAvailable[segment] -= 1
        if model.marketList {
          // The next account not yet worked, while any is left; else a returned one.
          if marketFresh[segment] > 0 { marketFresh[segment] -= 1 }
          account = true
        }
      }
    }
    let dealSize = model.drawValue(segment: segment, stream)
    let patience = Int32(min(1e6, model.drawPatience(stream).rounded(.up)))
    let key = stream.nextUInt64()
    let i = allocateLead()
    leads[i] = Lead(
      key: key, dealSize: dealSize, arrivalDay: Int32(day), expiresDay: 0, patience: patience,
      segment: Int16(segment), channel: channel, alive: true, account: account)
    recorder?.created(i, leads[i])
    team[TeamMetric.leadsIn.rawValue] += 1
    add(channel.metric, -1, role: -1)
    return i
  }

  /// The opening deals of the seat keyed `key` at level `level` (docs/model.md, section 3.1):
  /// manager `m` carries them into day `day` (0 for an initial manager, the joining day for a
  /// transfer, 10.1). A seat a staffing mix removed (`m` < 0) leaves them unassigned in
  /// `unplaced`, in the order drawn, to join the waiting queue once every manager exists
  /// (section 3), so the company's pipeline does not depend on the mix.
  mutating func addOpeningPipeline(
    level: Int, key: UInt64, day: Int, to m: Int, unplaced: inout [Int]
  ) {
    let entries = model.openingPipeline[level]
    guard !entries.isEmpty else { return }
    // A seat with a role has deals only in the stages its role owns (5.6).
    let role = m >= 0 ? managers[m].role : -1
    let (weights, total) = bookWeights(model.levels[level])
    guard total > 0 else { return }
    let stream = scratch
    stream.reseed(keyedBits(key, .openingPipeline, 0))
    var drawn: [Int] = []
    for entry in entries where role < 0 || stageRole[entry.stage] == role || firstRoleGroup == 0 {
      let whole = entry.deals.rounded(.down)
      var n = Int(whole)
      if entry.deals > whole && stream.uniform() < entry.deals - whole { n += 1 }
      for _ in 0..<n {
        let segment = Self.pick(weights, stream.uniform() * total)
        let dealSize = model.drawValue(segment: segment, stream)
        let age = max(0, Int(min(entry.age.sample(stream), 1e7).rounded(.down)))
        let patience = Int32(
          min(1e6, model.drawPatience(stream).rounded(.up)))
        let key = stream.nextUInt64()
        let i = allocateLead()
        // An unassigned deal counts in a level when routing first assigns it (5.4).
        leads[i] = Lead(
          key: key, dealSize: dealSize, arrivalDay: Int32(day - age), expiresDay: 0,
          patience: patience, manager: Int32(m), segment: Int16(segment),
          stage: Int8(entry.stage), highest: Int8(entry.stage - 1), channel: .opening,
          counted: m >= 0, alive: true, sourcer: Int32(m))
        recorder?.created(i, leads[i])
        team[TeamMetric.leadsIn.rawValue] += 1
        if m >= 0 {
          add(.leadsOpening, level, role: role)
          managers[m].openLeads += 1
          drawn.append(i)
        } else {
          add(.leadsOpening, -1, role: -1)
          unplaced.append(i)
        }
      }
    }
    if m >= 0 { refreshRanks(m) }
    // Entering a `none` stage draws its duration from the same scratch stream, so the deals
    // enter their stages, in the order drawn, once every draw of the manager is made.
    for i in drawn { enterStage(i, Int(leads[i].highest) + 1, day: day) }
  }

  mutating func arrive(_ channel: Channel, day: Int, seed: UInt64) {
    guard let i = newLead(channel, day: day, seed: seed) else { return }
    enqueueWaiting(i, day: day)
  }

  /// The waiting queue of lead `i`: its segment's, for the role that owns its stage.
  @inline(__always) func queue(of i: Int) -> Int {
    Int(leads[i].segment) * roleCount + stageRole[Int(leads[i].stage)]
  }

  mutating func enqueueWaiting(_ i: Int, day: Int) {
    leads[i].manager = -1
    let expires = Int32(day) + leads[i].patience
    leads[i].expiresDay = expires
    waitOrders += 1
    leads[i].waitOrder = waitOrders
    let s = queue(of: i)
    leads[i].next = -1
    leads[i].prev = waiting[s].tail
    if waiting[s].tail >= 0 { leads[Int(waiting[s].tail)].next = Int32(i) } else {
      waiting[s].head = Int32(i)
    }
    waiting[s].tail = Int32(i)
    waiting[s].count += 1
    waitingCount += 1
    // The lead expires at the first routing after its last day of patience, if in the horizon.
    let due = max(Int(expires) + 1, expiredThrough + 1)
    if due < model.days { expiring.append((Int32(i), waitOrders), to: due) }
  }

  mutating func freeLead(_ i: Int) {
    leads[i].alive = false
    freeLeads.append(Int32(i))
  }

  /// A prospect of `segment` lost on `day` (a lead) or churned (a client, `churned`) comes
  /// back after the cooling-off (5.5). In list mode only an entity that holds an account
  /// (`account`) has one to give back; with `churned_return` off a churned one is out for good.
  mutating func returnToMarket(segment: Int, day: Int, account: Bool, churned: Bool = false) {
    // The switch first: reading the market's settings copies them (with their list of sizes).
    guard marketOn, model.marketSize[segment] >= 0 else { return }
    let market = model.scenario.leads.market
    if model.marketList && !account { return }
    if churned && !market.churnedReturn {
      if account { marketExcluded[segment] += 1 }
      return
    }
    marketReturns.append((day + market.coolingOffDays, Int16(segment)))
  }

  /// An account that leaves the market for good (list mode, 5.5): a client taken by a
  /// departing manager, or a deal won while the portfolio is off.
  mutating func excludeFromMarket(segment: Int, account: Bool) {
    if account { marketExcluded[segment] += 1 }
  }

  // Inlined, as are the other non-mutating helpers on the hot path: a call would copy the whole
  // replication to pass it.
  @inline(__always) func eligible(_ m: Int, segment: Int) -> Bool {
    let l = managers[m].level
    let cell = l * roleCount + managers[m].role
    return managers[m].active && levelSegments[l] & (1 << UInt64(segment)) != 0
      && managers[m].openLeads < cellMaxOpenLeads[cell]
      && managers[m].clients < cellMaxPortfolio[cell]
  }

  /// Files manager `m`'s ranks in the routing and reassignment trees after its activity,
  /// level, open leads or clients changed.
  mutating func refreshRanks(_ m: Int) {
    let l = managers[m].level
    let active = managers[m].active
    let open = managers[m].openLeads
    let load = managers[m].clients
    let segments = levelSegments[l]
    let role = managers[m].role
    let cell = l * roleCount + role
    let roomy = active && open < cellMaxOpenLeads[cell] && load < cellMaxPortfolio[cell]
    // The tree takes the lowest index among equal ranks, the tie-break of every policy.
    let rank: UInt64 =
      switch routingPolicy {
      case .roundRobin: 0
      case .leastLoaded: UInt64(open)
      case .mostSeniorFirst: UInt64(model.levels.count - 1 - l) << 40 | UInt64(open)
      }
    let clientRank = active && roleHoldsClients[role] ? UInt64(load) : ManagerTree.absent
    let routeRank = roomy ? rank : ManagerTree.absent
    // Most changes (an open lead more or less under round robin) leave level and ranks alone,
    // and most others change one of the two ranks: the trees of the other already hold it
    // (only this function files ranks), and at a large team each leaf is a cache miss.
    let levelChanged = managers[m].rankedLevel != l
    let routeChanged = levelChanged || routeRank != managers[m].routeRank
    let clientChanged = levelChanged || clientRank != managers[m].clientRank
    if !routeChanged && !clientChanged { return }
    managers[m].rankedLevel = l
    managers[m].routeRank = routeRank
    managers[m].clientRank = clientRank
    let segmentCount = reassignable.count - 1
    for s in 0..<segmentCount {
      let allowed = segments & (1 << UInt64(s)) != 0
      if routeChanged {
        routable[s * roleCount + role].set(m, allowed ? routeRank : ManagerTree.absent)
      }
      if clientChanged { reassignable[s].set(m, allowed ? clientRank : ManagerTree.absent) }
    }
    if clientChanged { reassignable[segmentCount].set(m, clientRank) }
  }

  /// The manager a lead of waiting queue `queue` (a segment and a role) goes to under the
  /// routing policy, among the role's managers, or nil: round robin takes the first eligible
  /// manager after the last one of the role given a lead, cyclically; least loaded the eligible
  /// manager with the fewest open leads; most senior first the highest level, then the fewest
  /// open leads; ties go to the lowest index.
  mutating func route(queue: Int) -> Int? {
    switch routingPolicy {
    case .roundRobin:
      let role = queue % roleCount
      var m = routable[queue].first(atOrAfter: roundRobinCursor[role] + 1)
      if m < 0 { m = routable[queue].first(atOrAfter: 0) }
      guard m >= 0 else { return nil }
      roundRobinCursor[role] = m
      return m
    case .leastLoaded, .mostSeniorFirst:
      let m = routable[queue].first()
      return m >= 0 ? m : nil
    }
  }

  /// Takes lead `i` out of its waiting queue.
  mutating func unlinkWaiting(_ i: Int) {
    let s = queue(of: i)
    let prev = leads[i].prev
    let next = leads[i].next
    if prev >= 0 { leads[Int(prev)].next = next } else { waiting[s].head = next }
    if next >= 0 { leads[Int(next)].prev = prev } else { waiting[s].tail = prev }
    waiting[s].count -= 1
    waitingCount -= 1
  }

  /// Expires the leads whose patience ran out, then routes the waiting leads oldest first
  /// (in the order they began to wait, whatever their segment) until every segment with
  /// leads has none left or no eligible manager (docs/model.md, 6).
  mutating func routeWaiting(_ d: Int) {
    while expiredThrough < d {
      expiredThrough += 1
      // Taken out first: expiring a lead files nothing under a day (a returned prospect goes
      // back to the market), and the list keeps its capacity for the next day.
      var today: [(lead: Int32, order: UInt64)] = []
      swap(&today, &dayExpiries)
      expiring.take(expiredThrough, into: &today)
      for (lead, order) in today {
        let i = Int(lead)
        guard leads[i].alive && leads[i].manager < 0 && leads[i].waitOrder == order else {
          continue
        }
        unlinkWaiting(i)
        team[TeamMetric.leadsExpired.rawValue] += 1
        recorder?.closed(i, .lost)
        returnToMarket(segment: Int(leads[i].segment), day: d, account: leads[i].account)
        freeLead(i)
      }
      swap(&today, &dayExpiries)
    }
    guard waitingCount > 0 else { return }
    // A segment without an eligible manager stays without one for the rest of the routing:
    // routing only adds open leads.
    var full: UInt64 = 0
    while true {
      var best = -1
      var bestOrder = UInt64.max
      for s in waiting.indices where full & (1 << UInt64(s)) == 0 {
        let head = waiting[s].head
        if head >= 0 && leads[Int(head)].waitOrder < bestOrder {
          best = s
          bestOrder = leads[Int(head)].waitOrder
        }
      }
      guard best >= 0 else { return }
      if let m = route(queue: best) {
        let i = Int(waiting[best].head)
        unlinkWaiting(i)
        assign(i, to: m, day: d)
      } else {
        full |= 1 << UInt64(best)
      }
    }
  }

  mutating func assign(_ i: Int, to m: Int, day: Int) {
    leads[i].manager = Int32(m)
    if leads[i].sourcer < 0 { leads[i].sourcer = Int32(m) }
    managers[m].openLeads += 1
    refreshRanks(m)
    let level = managers[m].level
    if !leads[i].counted {
      leads[i].counted = true
      c[(level + 1) * perGroup + leads[i].channel.metric.rawValue] += 1
      addToRole(leads[i].channel.metric, managers[m].role)
    }
    enterStage(i, Int(leads[i].stage), day: day)
  }

  mutating func enterStage(_ i: Int, _ k: Int, day: Int) {
    // An opening deal entering the stage it was found in (3.1): only the rest of it is left.
    let midStage =
      leads[i].channel == .opening && Int(leads[i].stage) == k && k > Int(leads[i].highest)
    leads[i].stage = Int8(k)
    let m = Int(leads[i].manager)
    if firstRoleGroup > 0 && stageRole[k] != managers[m].role {
      handOff(i, from: m, day: day)
      return
    }
    let level = managers[m].level
    recorder?.entered(i, stage: k, owner: m)
    if k > Int(leads[i].highest) {
      leads[i].highest = Int8(k)
      leads[i].entries = 0
      stageReached(k, level, role: managers[m].role)
    } else {
      leads[i].entries &+= 1
    }
    switch model.stageUses[k] {
    case .call: Self.push(i, &managers[m].calls, &leads)
    case .meeting: Self.push(i, &managers[m].meetings, &leads)
    case .none: scheduleOutcome(i, stage: k, day: day, midStage: midStage)
    }
  }

  @inline(__always) mutating func stageReached(_ k: Int, _ level: Int, role: Int) {
    let base = reachedBase + k
    c[base] += 1
    c[(level + 1) * perGroup + base] += 1
    if firstRoleGroup > 0 { c[(firstRoleGroup + role) * perGroup + base] += 1 }
  }

  /// Lead `i` entered a stage another role owns (5.6): it leaves manager `m`, who pays the
  /// fee, and joins the waiting queue of the stage's role after the hand-off delay.
  mutating func handOff(_ i: Int, from m: Int, day: Int) {
    managers[m].openLeads -= 1
    refreshRanks(m)
    add(.handOffs, managers[m].level, role: managers[m].role)
    add(.handOffCost, managers[m].level, handOffFee, role: managers[m].role)
    monthHandOffCost += handOffFee
    leads[i].manager = -1
    // An expiry filed for an earlier wait must not find the lead while it is handed over.
    leads[i].waitOrder = 0
    if handOffDelay == 0 {
      enqueueWaiting(i, day: day)
    } else {
      sim.schedule(
        .handOff(lead: Int32(i)), at: Double(day + handOffDelay), priority: Priority.stageDone)
    }
  }

  mutating func scheduleOutcome(_ i: Int, stage k: Int, day: Int, midStage: Bool = false) {
    // A deal met in mid-stage whose level's entry gives the days left (3.1): those, drawn on
    // the stream the stage's duration would have used.
    if midStage,
      let left = model.openingRemaining[managers[Int(leads[i].manager)].level][k]
    {
      scratch.reseed(keyedBits(leads[i].key, .stageDuration, stageOccasion(i, k)))
      let days = max(1, Int(min(left.sample(scratch), 1e7).rounded(.up)))
      sim.schedule(
        .stageDone(lead: Int32(i), manager: leads[i].manager), at: Double(day + days),
        priority: Priority.stageDone)
      return
    }
    if model.durationDraws[k].isConstant && !midStage {
    } else {
      scratch.reseed(keyedBits(leads[i].key, .stageDuration, stageOccasion(i, k)))
    }
    var x = model.drawDuration(stage: k, scratch)
    // A deal met in mid-stage has a uniform share of its drawn duration left (3.1); the share
    // is the next draw of the same keyed stream, so paired scenarios still agree on it.
    if midStage { x *= scratch.uniform() }
    let days = max(1, Self.wholeDaysUp(min(x, 1e7)))
    sim.schedule(
      .stageDone(lead: Int32(i), manager: leads[i].manager), onDay: day + days,
      priority: Priority.stageDone)
  }

  /// `Int(x.rounded(.up))`, the same value and the same trap on NaN or out of range, without
  /// the C library's `ceil` that x86-64 calls for it (its baseline has no rounding
  /// instruction): one call per stage outcome otherwise.
  @inline(__always) static func wholeDaysUp(_ x: Double) -> Int {
    let t = Int(x)
    return Double(t) < x ? t + 1 : t
  }

  /// The occasion of lead `i`'s keyed draws in stage `k`: the stage and its re-entries.
  @inline(__always) func stageOccasion(_ i: Int, _ k: Int) -> UInt64 {
    UInt64(k) | UInt64(leads[i].entries) << 8
  }

  /// A free lead slot, reusing a finished lead's (section 2: memory follows active leads).
  @inline(__always) mutating func allocateLead() -> Int {
    if let free = freeLeads.popLast() {
      // The slot the next new lead takes, at random in a large array: start fetching it.
      if prefetching, let next = freeLeads.last { leads.prefetch(Int(next)) }
      return Int(free)
    }
    if leads.count == leads.capacity { leads.growOnHugePages() }
    leads.append(Lead())
    return leads.count - 1
  }
}
