// The model, section 8 "Clients" (docs/model.md): the books, month end of a client, support.

internal import Stochastic

extension Replication {
  /// Draws the book of the seat keyed `key` at level `l` (8.1) and gives it to manager `m`; a
  /// removed seat (`m` < 0) leaves each client unattached in `unplaced`, in the order drawn. A
  /// transfer who joins in month `transferMonth` (10.1) brings its book: term ends count from
  /// that month and the clients count as brought, not at the start.
  mutating func drawInitialClients(
    level l: Int, key: UInt64, transferMonth: Int? = nil, to m: Int, unplaced: inout [Int]
  ) {
    let level = model.levels[l]
    guard level.initialClients > 0 else { return }
    // Only a seat whose role holds clients has a book (5.6); a removed seat's book is kept.
    if m >= 0 && !roleHoldsClients[managers[m].role] { return }
    let (weights, total) = bookWeights(level)
    guard total > 0 else { return }
    let term = model.scenario.portfolio.contractMonths
    scratch.reseed(keyedBits(key, .initialClients, 0))
    for _ in 0..<level.initialClients {
      let s = Self.pick(weights, scratch.uniform() * total)
      let value = model.segments[s].dealSize.sample(scratch) * level.dealSize
      let remaining = min(term - 1, Int(scratch.uniform() * Double(term)))
      let client = newClient(
        segment: s, value: value, termEnd: (transferMonth ?? 0) + remaining,
        key: scratch.nextUInt64())
      if m < 0 {
        unplaced.append(client)
      } else {
        attach(client, to: m)
        add(transferMonth == nil ? .clientsStart : .clientsBrought, l, role: managers[m].role)
      }
    }
  }

  /// The segment `u` (in `0..<total`) falls in.
  static func pick(_ weights: [Double], _ u: Double) -> Int {
    var s = 0
    var acc = weights[0]
    while s < weights.count - 1 && u >= acc {
      s += 1
      acc += weights[s]
    }
    return s
  }

  /// The segment weights of a level's initial clients and opening deals (docs/model.md, 8.1):
  /// the inbound mix restricted to the level's segments, equal if that is empty.
  func bookWeights(_ level: SalesModel.CompiledLevel) -> (weights: [Double], total: Double) {
    var weights = [Double](repeating: 0, count: model.segments.count)
    var previous = 0.0
    for s in weights.indices {
      let cum = model.inboundMix.cumulative[s].isInfinite ? 1.0 : model.inboundMix.cumulative[s]
      if level.segmentMask & (1 << UInt64(s)) != 0 { weights[s] = cum - previous }
      previous = cum
    }
    var total = weights.reduce(0, +)
    if total <= 0 {
      for s in weights.indices where level.segmentMask & (1 << UInt64(s)) != 0 { weights[s] = 1 }
      total = weights.reduce(0, +)
    }
    return (weights, total)
  }

  mutating func newClient(segment: Int, value: Double, termEnd: Int, key: UInt64) -> Int {
    let i: Int
    if let free = freeClients.popLast() {
      i = Int(free)
    } else {
      clients.append(Client())
      i = clients.count - 1
    }
    let term = Double(model.scenario.portfolio.contractMonths)
    clients[i] = Client(
      key: key, requestsKey: keyedBits(key, Purpose.requests.rawValue),
      referralsKey: keyedBits(key, Purpose.referrals.rawValue), value: value,
      mrr: model.scenario.portfolio.revenue == .recurring ? value / term : 0,
      segment: Int16(segment), termEndMonth: Int32(termEnd), alive: true)
    activeClients += 1
    if serviceOn && requestMeans[segment] > 0 {
      clients[i].nextRequest = Double(requestsDrawnThrough + 1) + requestGap(i)
      fileRequest(i)
    }
    if referralsOn {
      clients[i].nextReferral = Double(referralsDrawnThrough + 1) + referralGap(i)
      fileReferral(i)
    }
    recorder?.clientStarted(i, monthlyValue: clients[i].mrr)
    return i
  }

  mutating func attach(_ client: Int, to m: Int) {
    clients[client].manager = Int32(m)
    clients[client].prev = -1
    clients[client].next = managers[m].clientHead
    if managers[m].clientHead >= 0 { clients[Int(managers[m].clientHead)].prev = Int32(client) }
    managers[m].clientHead = Int32(client)
    managers[m].clients += 1
    refreshRanks(m)
    recorder?.clientAttached(client, to: m)
  }

  mutating func attachOrphan(_ client: Int) {
    clients[client].manager = -1
    clients[client].prev = -1
    clients[client].next = orphanHead
    if orphanHead >= 0 { clients[Int(orphanHead)].prev = Int32(client) }
    orphanHead = Int32(client)
  }

  mutating func detach(_ client: Int) {
    let m = Int(clients[client].manager)
    let prev = clients[client].prev
    let next = clients[client].next
    if prev >= 0 {
      clients[Int(prev)].next = next
    } else if m >= 0 {
      managers[m].clientHead = next
    } else {
      orphanHead = next
    }
    if next >= 0 { clients[Int(next)].prev = prev }
    if m >= 0 {
      managers[m].clients -= 1
      refreshRanks(m)
    }
    clients[client].manager = -1
  }

  /// Removes a detached client from the books.
  mutating func removeClient(_ client: Int) {
    closedBilled += clients[client].billed
    clients[client].alive = false
    freeClients.append(Int32(client))
    recorder?.clientEnded(client)
    activeClients -= 1
  }

  @inline(__always) mutating func bill(_ client: Int, _ amount: Double, level: Int, role: Int) {
    clients[client].billed += amount
    add(.revenue, level, amount, role: role)
    monthRevenue += amount
  }

  mutating func portfolioMonth(_ month: Int, day d: Int) {
    let p = model.scenario.portfolio
    let breachFactor = p.service.enabled ? p.service.breachChurnFactor : 0
    let occasion = UInt64(month)
    for client in clients.indices where clients[client].alive {
      let key = clients[client].key
      let m = Int(clients[client].manager)
      let level = m >= 0 ? managers[m].level : -1
      let role = m >= 0 ? managers[m].role : -1
      switch p.revenue {
      case .recurring: bill(client, clients[client].mrr, level: level, role: role)
      case .oneOff:
        if p.repeatOrderProbabilityPerMonth > 0
          && keyedUniform(key, .repeatOrder, occasion) < p.repeatOrderProbabilityPerMonth
        {
          bill(client, p.repeatOrderShare * clients[client].value, level: level, role: role)
        }
      }
      add(.clientMonths, level, role: role)
      let segment = Int(clients[client].segment)
      if Int(clients[client].termEndMonth) == month {
        if keyedUniform(key, .renewal, occasion) < p.renewalProbability {
          clients[client].termEndMonth += Int32(p.contractMonths)
        } else {
          add(.clientsChurned, level, role: role)
          detach(client)
          returnToMarket(segment: segment, day: d)
          removeClient(client)
          continue
        }
      }
      if p.churnEnabled {
        let retention = level >= 0 ? model.levels[level].retention : 1
        let breach = m >= 0 ? managers[m].breachShare : (p.service.enabled ? 1 : 0)
        let hazard = min(1, model.segments[segment].churn * retention * (1 + breachFactor * breach))
        if keyedUniform(key, .churn, occasion) < hazard {
          add(.clientsChurned, level, role: role)
          detach(client)
          returnToMarket(segment: segment, day: d)
          removeClient(client)
          continue
        }
      }
      if p.upsellProbabilityPerMonth > 0
        && keyedUniform(key, .upsell, occasion) < p.upsellProbabilityPerMonth
      {
        clients[client].mrr *= 1 + p.upsellUplift
        clients[client].value *= 1 + p.upsellUplift
      }
    }
  }

  mutating func supportDay(_ d: Int) {
    var capacity = model.scenario.portfolio.escalation.capacityPerDay
    var day = supportOldest
    while capacity > 0 && supportWaiting > 0 && day <= d {
      let n = min(supportRing[day], capacity)
      if n > 0 {
        supportRing[day] -= n
        supportWaiting -= n
        capacity -= n
        team[TeamMetric.escalationWaitTotal.rawValue] += Double(n * (d - day))
        team[TeamMetric.escalationsAnswered.rawValue] += Double(n)
      }
      if supportRing[day] == 0 { day += 1 }
    }
    supportOldest = supportWaiting == 0 ? d : day
  }
}
