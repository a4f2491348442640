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
      let value = model.drawValue(segment: s, scratch) * level.dealSize
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

  mutating func newClient(
    segment: Int, value: Double, termEnd: Int, key: UInt64,
    startMonth: Int = Int(Client.rampedLongAgo)
  ) -> Int {
    let i: Int
    if let free = freeClients.popLast() {
      i = Int(free)
    } else {
      // Large books on 2 MiB pages, as the lead and manager arrays: the day's request draws
      // and the month end read clients all over arrays of tens of megabytes.
      if clients.count == clients.capacity { clients.growOnHugePages() }
      clients.append(Client())
      if clientRequests.count == clientRequests.capacity { clientRequests.growOnHugePages() }
      clientRequests.append(ClientRequests())
      if clients.count > dueClients.count * 64 { dueClients.append(0) }
      i = clients.count - 1
    }
    let term = Double(contractMonths)
    clients[i] = Client(
      key: key, referralsKey: keyedBits(key, Purpose.referrals.rawValue), value: value,
      mrr: oneOffRevenue ? 0 : value / term,
      segment: Int16(segment), termEndMonth: Int32(termEnd), alive: true,
      startMonth: Int32(startMonth))
    clientRequests[i] = ClientRequests(
      key: keyedBits(key, Purpose.requests.rawValue), segment: Int16(segment))
    activeClients += 1
    if serviceOn && requestMeans[segment] > 0 {
      clientRequests[i].next = clock(requestsDrawnThrough + 1) + requestGap(i)
      fileRequest(i)
    }
    if referralsOn {
      clients[i].nextReferral = clock(referralsDrawnThrough + 1) + referralGap(i)
      fileReferral(i)
    }
    recorder?.clientStarted(i, monthlyValue: clients[i].mrr)
    return i
  }

  mutating func attach(_ client: Int, to m: Int) {
    clients[client].manager = Int32(m)
    clientRequests[client].manager = Int32(m)
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
    clientRequests[client].manager = -1
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
    clientRequests[client].manager = -1
  }

  /// Removes a detached client from the books.
  mutating func removeClient(_ client: Int) {
    closedBilled += clients[client].billed
    clients[client].alive = false
    // Its slot may still be listed under the day of its next request.
    clientRequests[client].day = -1
    freeClients.append(Int32(client))
    recorder?.clientEnded(client)
    activeClients -= 1
  }

  /// Bills `amount` to `client` in month `month`; `level` and `role` are its manager's, -1 for
  /// an orphan.
  @inline(__always) mutating func bill(
    _ client: Int, _ amount: Double, level: Int, role: Int, month: Int
  ) {
    clients[client].billed += amount
    add(.revenue, level, amount, role: role)
    monthRevenue += amount
    addMonthly(.revenue, level: level, role: role, amount)
    if moneyOn { collect(client, amount, month: month) }
  }

  /// The money of a bill (docs/model.md, 7.2 and 9.6): its payment fee, the cash it brings in,
  /// and commission on it when commission is paid on bills.
  mutating func collect(_ client: Int, _ amount: Double, month: Int) {
    let fee = amount * paymentFeeShare
    team[TeamMetric.paymentFees.rawValue] += fee
    billedNet[month] += amount - fee
    if commissionOnBills && month - Int(clients[client].startMonth) < commissionMonths {
      payCommission(
        amount * clients[client].commissionRate, closer: Int(clients[client].closer),
        sourcer: Int(clients[client].sourcer))
    }
  }

  /// Pays `amount` of commission on a deal closed by `closer` and first assigned to `sourcer`
  /// (docs/model.md, 7.2): the sourcer's share when they are not the closer, the rest to the
  /// closer; a share whose earner has left is forfeited when `forfeit_on_exit`.
  mutating func payCommission(_ amount: Double, closer: Int, sourcer: Int) {
    guard closer >= 0 else { return }
    var closerPart = amount
    if sourcerShare > 0 && sourcer >= 0 && sourcer != closer {
      let share = amount * sourcerShare
      closerPart -= share
      payCommission(share, to: sourcer)
    }
    payCommission(closerPart, to: closer)
  }

  private mutating func payCommission(_ amount: Double, to m: Int) {
    let level = managers[m].level
    let role = managers[m].role
    if forfeitOnExit && !managers[m].active {
      add(.commissionForfeited, level, amount, role: role)
      return
    }
    add(.commissionCost, level, amount, role: role)
    monthCommission += amount
    addMonthly(.commission, level: level, role: role, amount)
  }

  /// The place of level `level`'s current-month value of `series` in `monthByLevel`.
  @inline(__always) func perLevelSlot(_ series: SeriesMetric, level: Int) -> Int {
    level * SeriesMetric.perLevel.count + perLevelIndex[series.rawValue]
  }

  /// Adds `v` to this month's `series` of `level` (none when < 0) and, when the scenario
  /// declares roles, of `role` (none when < 0), whose groups follow the levels'.
  @inline(__always) mutating func addMonthly(
    _ series: SeriesMetric, level: Int, role: Int, _ v: Double
  ) {
    if level >= 0 { monthByLevel[perLevelSlot(series, level: level)] += v }
    if role >= 0 && firstRoleGroup > 0 {
      monthByLevel[perLevelSlot(series, level: model.levels.count + role)] += v
    }
  }

  mutating func portfolioMonth(_ month: Int, day d: Int) {
    let p = model.scenario.portfolio
    let breachFactor = p.service.enabled ? p.service.breachChurnFactor : 0
    let occasion = UInt64(month)
    // What a client reads of its manager, copied out in index order first: the clients come in
    // index order, their managers at random, and a manager's level and breach share sit in two
    // cache lines of a record far larger than this; at a large team each was a miss per client.
    // Nothing below changes a level, a role or a breach share.
    var byManager: [ClientsManager] = []
    byManager.reserveCapacity(managers.count)
    for m in managers.indices {
      byManager.append(
        ClientsManager(
          level: Int32(managers[m].level), role: Int32(managers[m].role),
          breachShare: managers[m].breachShare))
    }
    for client in clients.indices where clients[client].alive {
      let key = clients[client].key
      let m = Int(clients[client].manager)
      let level = m >= 0 ? Int(byManager[m].level) : -1
      let role = m >= 0 ? Int(byManager[m].role) : -1
      // Billing month j of the client: 0 in the month of the win (8.2).
      let j = month - Int(clients[client].startMonth)
      if clients[client].onboardingDue > 0 {
        let fee = clients[client].onboardingDue
        clients[client].onboardingDue = 0
        bill(client, fee, level: level, role: role, month: month)
        add(.onboardingRevenue, level, fee, role: role)
      }
      switch p.revenue {
      case .recurring:
        var amount = clients[client].mrr
        if j < rampMonths {
          amount *= firstBillShare + (1 - firstBillShare) * Double(j) / Double(rampMonths)
        }
        bill(client, amount, level: level, role: role, month: month)
      case .oneOff:
        if p.repeatOrderProbabilityPerMonth > 0
          && keyedUniform(key, .repeatOrder, occasion) < p.repeatOrderProbabilityPerMonth
        {
          bill(client, p.repeatOrderShare * clients[client].value, level: level, role: role, month: month)
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
          returnToMarket(
            segment: segment, day: d, account: clients[client].account, churned: true)
          removeClient(client)
          continue
        }
      }
      if p.churnEnabled {
        let retention = level >= 0 ? model.levels[level].retention : 1
        let breach = m >= 0 ? byManager[m].breachShare : (p.service.enabled ? 1 : 0)
        let hazard = min(1, model.segments[segment].churn * retention * (1 + breachFactor * breach))
        if keyedUniform(key, .churn, occasion) < hazard {
          add(.clientsChurned, level, role: role)
          detach(client)
          returnToMarket(
            segment: segment, day: d, account: clients[client].account, churned: true)
          removeClient(client)
          continue
        }
      }
      // A ramping client is not upsold: upsell draws start once its bill is the full mrr.
      if p.upsellProbabilityPerMonth > 0 && j >= rampMonths
        && keyedUniform(key, .upsell, occasion) < p.upsellProbabilityPerMonth
      {
        clients[client].mrr *= 1 + p.upsellUplift
        clients[client].value *= 1 + p.upsellUplift
      }
    }
  }

  /// What a client's month end reads of its manager (`portfolioMonth`), 16 bytes.
  struct ClientsManager {
    var level: Int32
    var role: Int32
    var breachShare: Double
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
