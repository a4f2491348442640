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
    if model.scenario.leads.market.enabled {
      let size = model.marketSize[segment]
      let u = stream.uniform()
      if size >= 0 {
        if u * Double(size) >= Double(marketAvailable[segment]) {
          team[TeamMetric.marketRejected.rawValue] += 1
          return nil
        }
        marketAvailable[segment] -= 1
      }
    }
    let dealSize = model.segments[segment].dealSize.sample(stream)
    let patience = Int32(min(1e6, model.scenario.leads.patienceDays.sample(stream).rounded(.up)))
    let key = stream.nextUInt64()
    let i = allocateLead()
    leads[i] = Lead(
      key: key, dealSize: dealSize, arrivalDay: Int32(day), expiresDay: 0, patience: patience,
      segment: Int16(segment), channel: channel, alive: true)
    recorder?.created(i, leads[i])
    team[TeamMetric.leadsIn.rawValue] += 1
    add(channel.metric, -1)
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
    let (weights, total) = bookWeights(model.levels[level])
    guard total > 0 else { return }
    let stream = scratch
    stream.reseed(keyedBits(key, .openingPipeline, 0))
    var drawn: [Int] = []
    for entry in entries {
      let whole = entry.deals.rounded(.down)
      var n = Int(whole)
      if entry.deals > whole && stream.uniform() < entry.deals - whole { n += 1 }
      for _ in 0..<n {
        let segment = Self.pick(weights, stream.uniform() * total)
        let dealSize = model.segments[segment].dealSize.sample(stream)
        let age = max(0, Int(min(entry.age.sample(stream), 1e7).rounded(.down)))
        let patience = Int32(
          min(1e6, model.scenario.leads.patienceDays.sample(stream).rounded(.up)))
        let key = stream.nextUInt64()
        let i = allocateLead()
        // An unassigned deal counts in a level when routing first assigns it (5.4).
        leads[i] = Lead(
          key: key, dealSize: dealSize, arrivalDay: Int32(day - age), expiresDay: 0,
          patience: patience, manager: Int32(m), segment: Int16(segment),
          stage: Int8(entry.stage), highest: Int8(entry.stage - 1), channel: .opening,
          counted: m >= 0, alive: true)
        recorder?.created(i, leads[i])
        team[TeamMetric.leadsIn.rawValue] += 1
        if m >= 0 {
          add(.leadsOpening, level)
          managers[m].openLeads += 1
          drawn.append(i)
        } else {
          add(.leadsOpening, -1)
          unplaced.append(i)
        }
      }
    }
    // Entering a `none` stage draws its duration from the same scratch stream, so the deals
    // enter their stages, in the order drawn, once every draw of the manager is made.
    for i in drawn { enterStage(i, Int(leads[i].highest) + 1, day: day) }
  }

  mutating func arrive(_ channel: Channel, day: Int, seed: UInt64) {
    guard let i = newLead(channel, day: day, seed: seed) else { return }
    enqueueWaiting(i, day: day)
  }

  mutating func enqueueWaiting(_ i: Int, day: Int) {
    leads[i].manager = -1
    leads[i].expiresDay = Int32(day) + leads[i].patience
    Self.push(i, &waiting, &leads)
  }

  mutating func freeLead(_ i: Int) {
    leads[i].alive = false
    freeLeads.append(Int32(i))
  }

  mutating func returnToMarket(segment: Int, day: Int) {
    guard model.scenario.leads.market.enabled, model.marketSize[segment] >= 0 else { return }
    marketReturns.append((day + model.scenario.leads.market.coolingOffDays, Int16(segment)))
  }

  @inline(__always) func eligible(_ m: Int, segment: Int) -> Bool {
    let man = managers[m]
    let level = model.levels[man.level]
    return man.active && level.segmentMask & (1 << UInt64(segment)) != 0
      && man.openLeads < level.maxOpenLeads && man.clients < level.maxPortfolio
  }

  /// The manager a lead of `segment` goes to under the routing policy, or nil.
  mutating func route(segment: Int) -> Int? {
    let n = managers.count
    guard n > 0 else { return nil }
    switch model.scenario.routing.policy {
    case .roundRobin:
      var k = 1
      while k <= n {
        let m = (roundRobinCursor + k) % n
        if m >= 0, eligible(m, segment: segment) {
          roundRobinCursor = m
          return m
        }
        k += 1
      }
      return nil
    case .leastLoaded:
      var best = -1
      for m in 0..<n where eligible(m, segment: segment) {
        if best < 0 || managers[m].openLeads < managers[best].openLeads { best = m }
      }
      return best >= 0 ? best : nil
    case .mostSeniorFirst:
      var best = -1
      for m in 0..<n where eligible(m, segment: segment) {
        if best < 0 || managers[m].level > managers[best].level
          || (managers[m].level == managers[best].level
            && managers[m].openLeads < managers[best].openLeads)
        {
          best = m
        }
      }
      return best >= 0 ? best : nil
    }
  }

  mutating func routeWaiting(_ d: Int) {
    var full: UInt64 = 0
    var previous: Int32 = -1
    var cursor = waiting.head
    while cursor >= 0 {
      let i = Int(cursor)
      let next = leads[i].next
      let segment = Int(leads[i].segment)
      var taken = false
      if d > Int(leads[i].expiresDay) {
        taken = true
        team[TeamMetric.leadsExpired.rawValue] += 1
        recorder?.closed(i, .lost)
        returnToMarket(segment: segment, day: d)
        freeLead(i)
      } else if full & (1 << UInt64(segment)) == 0 {
        if let m = route(segment: segment) {
          taken = true
          assign(i, to: m, day: d)
        } else {
          full |= 1 << UInt64(segment)
        }
      }
      if taken {
        if previous >= 0 { leads[Int(previous)].next = next } else { waiting.head = next }
        if next < 0 { waiting.tail = previous }
        waiting.count -= 1
      } else {
        previous = cursor
      }
      cursor = next
    }
  }

  mutating func assign(_ i: Int, to m: Int, day: Int) {
    leads[i].manager = Int32(m)
    managers[m].openLeads += 1
    let level = managers[m].level
    if !leads[i].counted {
      leads[i].counted = true
      c[(level + 1) * perGroup + leads[i].channel.metric.rawValue] += 1
    }
    enterStage(i, Int(leads[i].stage), day: day)
  }

  mutating func enterStage(_ i: Int, _ k: Int, day: Int) {
    // An opening deal entering the stage it was found in (3.1): only the rest of it is left.
    let midStage =
      leads[i].channel == .opening && Int(leads[i].stage) == k && k > Int(leads[i].highest)
    leads[i].stage = Int8(k)
    let m = Int(leads[i].manager)
    let level = managers[m].level
    recorder?.entered(i, stage: k, owner: m)
    if k > Int(leads[i].highest) {
      leads[i].highest = Int8(k)
      leads[i].entries = 0
      let s = model.stages.count
      stageReached(k, level, s)
    } else {
      leads[i].entries &+= 1
    }
    switch model.stages[k].uses {
    case .call: Self.push(i, &managers[m].calls, &leads)
    case .meeting: Self.push(i, &managers[m].meetings, &leads)
    case .none: scheduleOutcome(i, stage: k, day: day, midStage: midStage)
    }
  }

  @inline(__always) mutating func stageReached(_ k: Int, _ level: Int, _ s: Int) {
    let base = reachedBase + k
    c[base] += 1
    c[(level + 1) * perGroup + base] += 1
    _ = s
  }

  mutating func scheduleOutcome(_ i: Int, stage k: Int, day: Int, midStage: Bool = false) {
    let duration = model.stages[k].duration
    if case .constant = duration, !midStage {
    } else {
      scratch.reseed(keyedBits(leads[i].key, .stageDuration, stageOccasion(i, k)))
    }
    var x = duration.sample(scratch)
    // A deal met in mid-stage has a uniform share of its drawn duration left (3.1); the share
    // is the next draw of the same keyed stream, so paired scenarios still agree on it.
    if midStage { x *= scratch.uniform() }
    let days = max(1, Int(min(x, 1e7).rounded(.up)))
    sim.schedule(.stageDone(lead: Int32(i)), at: Double(day + days), priority: Priority.stageDone)
  }

  /// The occasion of lead `i`'s keyed draws in stage `k`: the stage and its re-entries.
  @inline(__always) func stageOccasion(_ i: Int, _ k: Int) -> UInt64 {
    UInt64(k) | UInt64(leads[i].entries) << 8
  }

  /// A free lead slot, reusing a finished lead's (section 2: memory follows active leads).
  @inline(__always) mutating func allocateLead() -> Int {
    if let free = freeLeads.popLast() { return Int(free) }
    leads.append(Lead())
    return leads.count - 1
  }
}
