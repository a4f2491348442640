// The model, sections 11 "Outputs" and 13 "Conservation laws" (docs/model.md).

internal import Stochastic

extension Replication {
  /// Adds `v` to `m` of the team, of `level` (none when < 0) and of `role` when the scenario
  /// declares roles (none when < 0).
  @inline(__always) mutating func add(_ m: Metric, _ level: Int, _ v: Double = 1, role: Int) {
    let i = m.rawValue
    let perGroup = perGroup
    let firstRoleGroup = firstRoleGroup
    // The offsets come from the layout, and debug builds check them.
    c[i] += v
    if level >= 0 { c[(level + 1) * perGroup + i] += v }
    if role >= 0 && firstRoleGroup > 0 { c[(firstRoleGroup + role) * perGroup + i] += v }
  }
  /// Adds `v` to `m` of `role`'s group alone, when the scenario declares roles.
  @inline(__always) mutating func addToRole(_ m: Metric, _ role: Int, _ v: Double = 1) {
    if firstRoleGroup > 0 { c[(firstRoleGroup + role) * perGroup + m.rawValue] += v }
  }
  /// The counter group of `role`, or -1 when the scenario declares no roles.
  @inline(__always) func roleGroup(_ role: Int) -> Int {
    firstRoleGroup > 0 && role >= 0 ? firstRoleGroup + role : -1
  }
  @inline(__always) func value(_ m: Metric, _ group: Int) -> Double {
    c[group * perGroup + m.rawValue]
  }

  /// Derives means and shares, checks the conservation laws, and lays the outcome out.
  mutating func finish() throws -> ReplicationOutcome {
    // End-of-run states.
    for m in managers.indices where managers[m].active {
      add(.headcountEnd, managers[m].level, role: managers[m].role)
    }
    if model.scenario.careers.promotion.enabled {
      for level in model.levels.indices {
        add(.openSeatsEnd, level, Double(openSeats(level)), role: -1)
      }
    }
    var clientsAtEnd = 0
    var billedAlive = 0.0
    for client in clients.indices where clients[client].alive {
      clientsAtEnd += 1
      billedAlive += clients[client].billed
      let m = Int(clients[client].manager)
      add(.clientsEnd, m >= 0 ? managers[m].level : -1, role: m >= 0 ? managers[m].role : -1)
    }
    let openLeads = leads.count - freeLeads.count
    team[TeamMetric.leadsOpenEnd.rawValue] = Double(openLeads)
    let served = team[TeamMetric.escalationsAnswered.rawValue]
    team[TeamMetric.escalationWait.rawValue] =
      served > 0 ? team[TeamMetric.escalationWaitTotal.rawValue] / served : 0

    let s = model.stages.count
    let layout = model.layout
    func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
    // The ratios the catalogue defines, read once rather than per group.
    let ratios = Metric.allCases.compactMap { metric -> (Metric, Metric, [Metric])? in
      guard case .ratio(let numerator, let denominator) = metric.derivation else { return nil }
      return (metric, numerator, denominator)
    }
    for g in 0..<groups {
      let base = g * perGroup
      for (metric, numerator, denominator) in ratios {
        var total = 0.0
        for t in denominator { total += c[base + t.rawValue] }
        c[base + metric.rawValue] = ratio(c[base + numerator.rawValue], total)
      }
      // The metrics the catalogue marks `.computed`.
      c[base + Metric.responseTimeP90.rawValue] =
        percentile90(group: g, total: c[base + Metric.requestsAnswered.rawValue])
      c[base + Metric.costOfSales.rawValue] =
        c[base + Metric.salaryCost.rawValue] + c[base + Metric.commissionCost.rawValue]
        + c[base + Metric.handOffCost.rawValue]
        + (g == 0 ? team[TeamMetric.supportCost.rawValue] : 0)
      c[base + Metric.dealValueMedian.rawValue] = median(&dealValues[g])
      for k in 0..<s {
        let outcomes = stageOutcomes[g * s + k]
        let successes = stageSuccesses[g * s + k]
        c[layout.offset(.outcomes, stage: k, group: g)] = outcomes
        c[layout.offset(.successes, stage: k, group: g)] = successes
        c[layout.offset(.conversion, stage: k, group: g)] = ratio(successes, outcomes)
      }
    }
    let plan = model.scenario.planBookings ?? planFromQuotas
    team[TeamMetric.teamPlan.rawValue] = plan
    team[TeamMetric.planReached.rawValue] = value(.bookings, 0) >= plan ? 1 : 0

    try checkInvariants(openLeads: openLeads, clientsAtEnd: clientsAtEnd, billedAlive: billedAlive)

    var values = c.array
    values.append(contentsOf: team)
    if desk != nil {
      let deskValues = desk!.finish(
        months: model.scenario.horizonMonths, workingDays: deskWorkingDays)
      if let law = desk!.brokenLaw(deskValues) {
        throw InvariantViolation(replication: replication, law: "service desk", details: law)
      }
      values.append(contentsOf: deskValues)
    }
    return ReplicationOutcome(
      values: values,
      series: [
        seriesRevenue, seriesBookings, seriesClients, seriesHeadcount, seriesWon,
        seriesCommission, seriesSalary, seriesCashIn, seriesCashOut, seriesCashCumulative,
      ]
        + seriesByLevel,
      samples: samples, events: sim.counters.fired)
  }

  /// The median of `values` (sorted in place), 0 when there are none.
  func median(_ values: inout [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    values.sort()
    let n = values.count
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
  }

  func percentile90(group g: Int, total: Double) -> Double {
    guard total > 0 else { return 0 }
    let target = 0.9 * total
    var acc = 0.0
    for age in 0..<ringSize {
      acc += responseHistogram[g * ringSize + age]
      if acc >= target - 1e-9 { return Double(age) }
    }
    return Double(ringSize - 1)
  }

  func checkInvariants(openLeads: Int, clientsAtEnd: Int, billedAlive: Double) throws {
    func fail(_ law: String, _ details: String) -> InvariantViolation {
      InvariantViolation(replication: replication, law: law, details: details)
    }
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
    let leadsIn = team[TeamMetric.leadsIn.rawValue]
    let won = value(.won, 0)
    let lost = value(.lost, 0)
    let expired = team[TeamMetric.leadsExpired.rawValue]
    if leadsIn != Double(openLeads) + won + lost + expired {
      throw fail(
        "leads in (opening deals included) = open + won + lost + expired",
        "\(leadsIn) != \(openLeads) + \(won) + \(lost) + \(expired)")
    }
    var open = waitingCount + pushed.count
    for m in managers.indices { open += managers[m].calls.count + managers[m].meetings.count }
    let inFlight = openLeads - open
    if inFlight < 0 || inFlight > sim.pendingCount {
      throw fail(
        "open leads = waiting + queued + pushed + between stages",
        "\(openLeads) open, \(open) queued, \(sim.pendingCount) pending events")
    }
    let start = value(.clientsStart, 0)
    let new = value(.clientsNew, 0)
    let churned = value(.clientsChurned, 0)
    let taken = value(.clientsTaken, 0)
    let brought = value(.clientsBrought, 0)
    if Double(clientsAtEnd) != start + new + brought - churned - taken
      || clientsAtEnd != activeClients
    {
      throw fail(
        "clients at end = start + new + brought - churned - taken",
        "\(clientsAtEnd) != \(start) + \(new) + \(brought) - \(churned) - \(taken)")
    }
    let revenue = value(.revenue, 0)
    if !close(revenue, closedBilled + billedAlive) || !close(revenue, seriesRevenue.reduce(0, +)) {
      throw fail(
        "revenue = sum billed to clients = sum of monthly revenue",
        "\(revenue), \(closedBilled + billedAlive), \(seriesRevenue.reduce(0, +))")
    }
    let bookings = value(.bookings, 0)
    if !close(bookings, seriesBookings.reduce(0, +)) {
      throw fail(
        "bookings = sum of monthly bookings", "\(bookings) != \(seriesBookings.reduce(0, +))")
    }
    if value(.won, 0) != seriesWon.reduce(0, +) {
      throw fail("won = sum of monthly won", "\(value(.won, 0)) != \(seriesWon.reduce(0, +))")
    }
    // Per level (and per role): its monthly series add up to its totals; over levels (over
    // roles), month by month, to the team's series (revenue: at most, as an orphan's bills are
    // the team's alone).
    let firstLevelSeries = SeriesMetric.allCases.count
    let levelCount = model.levels.count
    let partitions =
      [(1, levelCount, "levels")] + (firstRoleGroup > 0 ? [(firstRoleGroup, roleCount, "roles")] : [])
    let perLevel: [(SeriesMetric, [Double], Metric?)] = [
      (.won, seriesWon, .won), (.bookings, seriesBookings, .bookings),
      (.revenue, seriesRevenue, .revenue), (.commission, seriesCommission, .commissionCost),
      (.salary, seriesSalary, .salaryCost), (.headcount, seriesHeadcount, nil),
    ]
    for (metric, teamSeries, totalMetric) in perLevel {
      for (first, count, over) in partitions {
        var overGroups = [Double](repeating: 0, count: teamSeries.count)
        for g in first..<(first + count) {
          let series = seriesByLevel[model.layout.offset(metric, level: g - 1) - firstLevelSeries]
          if let totalMetric, !close(series.reduce(0, +), value(totalMetric, g)) {
            throw fail(
              "group \(totalMetric.key) = sum of the group's monthly \(metric.key)",
              "\(model.layout.groups[g]): \(value(totalMetric, g)) != \(series.reduce(0, +))")
          }
          for m in series.indices { overGroups[m] += series[m] }
        }
        for m in teamSeries.indices {
          let holds =
            metric == .revenue
            ? overGroups[m] <= teamSeries[m] + 1e-9 * max(1, abs(teamSeries[m]))
            : close(overGroups[m], teamSeries[m])
          if !holds {
            throw fail(
              "team monthly \(metric.key) \(metric == .revenue ? ">=" : "=") sum over \(over)",
              "month \(m + 1): \(teamSeries[m]) vs \(overGroups[m])")
          }
        }
      }
    }
    if !close(value(.commissionCost, 0), seriesCommission.reduce(0, +))
      || !close(value(.salaryCost, 0), seriesSalary.reduce(0, +))
    {
      throw fail(
        "commission and salaries = sums of their monthly series",
        "\(value(.commissionCost, 0)), \(value(.salaryCost, 0))")
    }
    if moneyOn { try checkCash() }
    for (first, count, over) in partitions {
      for metric in [
        Metric.won, .lost, .bookings, .commissionCost, .salaryCost, .hires, .exits, .clientsNew,
        .requests, .callsAvailable, .callsWorked, .callsCold, .handOffs, .handOffCost,
      ] {
        var sum = 0.0
        for g in first..<(first + count) { sum += value(metric, g) }
        if !close(sum, value(metric, 0)) {
          throw fail(
            "team \(metric.key) = sum over \(over)", "\(value(metric, 0)) != \(sum)")
        }
      }
      // A removed seat's opening deal counts in a level only once routing assigns it (3): one
      // that expires waiting is the team's alone.
      var openingInGroups = 0.0
      for g in first..<(first + count) { openingInGroups += value(.leadsOpening, g) }
      if openingInGroups > value(.leadsOpening, 0) + 0.5 {
        throw fail(
          "team leads_opening >= sum over \(over)",
          "\(value(.leadsOpening, 0)) < \(openingInGroups)")
      }
    }
    let cost = value(.costOfSales, 0)
    let parts =
      value(.salaryCost, 0) + value(.commissionCost, 0) + value(.handOffCost, 0)
      + team[TeamMetric.supportCost.rawValue]
    if !close(cost, parts) {
      throw fail(
        "cost of sales = salaries + commissions + hand-off fees + support", "\(cost) != \(parts)")
    }
    if !close(value(.handOffCost, 0), value(.handOffs, 0) * handOffFee) {
      throw fail(
        "hand-off cost = hand-offs x fee", "\(value(.handOffCost, 0)) != \(value(.handOffs, 0)) x \(handOffFee)")
    }
    var waitingRequests = 0
    for m in managers.indices { waitingRequests += managers[m].waitingRequests }
    if value(.requests, 0) != requestsAnswered + requestsAbandoned + Double(waitingRequests) {
      throw fail(
        "requests = answered + abandoned + waiting",
        "\(value(.requests, 0)) != \(requestsAnswered) + \(requestsAbandoned) + \(waitingRequests)")
    }
    let outboundOn = model.scenario.leads.outbound.enabled
    let layout = model.layout
    for g in 0..<groups {
      let available = value(.callsAvailable, g)
      let spent = value(.callsWorked, g) + value(.callsCold, g)
      // With a role that does not prospect, its spare calls stay unused (6).
      let allSpent = outboundOn && !model.roles.someDoNotProspect
      if spent > available || (allSpent && spent != available) {
        throw fail(
          "calls worked + cold \(allSpent ? "=" : "<=") available (\(layout.groups[g]))",
          "\(value(.callsWorked, g)) + \(value(.callsCold, g)) vs \(available)")
      }
      let ramped = value(.rampedPeriods, g)
      if ramped < value(.rampedPeriodsAtQuota, g)
        || ramped < value(.rampedPeriodsWithoutBookings, g)
      {
        throw fail(
          "ramped periods >= at quota and >= without bookings (\(layout.groups[g]))",
          "\(ramped), \(value(.rampedPeriodsAtQuota, g)), \(value(.rampedPeriodsWithoutBookings, g))"
        )
      }
    }
    for k in 0..<model.stages.count {
      let reached = c[layout.offset(.reached, stage: k, group: 0)]
      let outcomes = c[layout.offset(.outcomes, stage: k, group: 0)]
      let successes = c[layout.offset(.successes, stage: k, group: 0)]
      if !(successes <= outcomes && outcomes <= reached) {
        throw fail(
          "successes <= outcomes <= reached (\(layout.stages[k]))",
          "\(successes), \(outcomes), \(reached)")
      }
    }
    try checkCareers()
    if model.marketList { try checkMarketList() }
  }

  /// The cash laws of section 13: cash in of month m = the bills of month m - delay net of
  /// fees; the bills net of fees add up to revenue minus fees; cumulative = running sum.
  func checkCash() throws {
    func fail(_ law: String, _ details: String) -> InvariantViolation {
      InvariantViolation(replication: replication, law: law, details: details)
    }
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
    let fees = team[TeamMetric.paymentFees.rawValue]
    let net = billedNet.reduce(0, +)
    if !close(net, value(.revenue, 0) - fees) {
      throw fail(
        "bills net of fees = revenue - payment fees", "\(net) != \(value(.revenue, 0)) - \(fees)")
    }
    let delay = model.scenario.money.collectionDelayMonths
    var running = 0.0
    for m in seriesCashIn.indices {
      let expected = m >= delay ? billedNet[m - delay] : 0
      running += seriesCashIn[m] - seriesCashOut[m]
      if seriesCashIn[m] != expected || !close(running, seriesCashCumulative[m]) {
        throw fail(
          "cash in of month m = bills of month m - delay net of fees; cumulative = running sum",
          "month \(m + 1): in \(seriesCashIn[m]) vs \(expected), "
            + "cumulative \(seriesCashCumulative[m]) vs \(running)")
      }
    }
  }

  /// Laws 8 and 9 of section 13: headcount and promotions balance, for the team and by level.
  /// Law 12 (docs/model.md, section 13): every account of a segment's list is available, in
  /// play (held by an open lead or a client), cooling off, or out for good.
  func checkMarketList() throws {
    var inPlay = [Int](repeating: 0, count: model.marketSize.count)
    for i in leads.indices where leads[i].alive && leads[i].account {
      inPlay[Int(leads[i].segment)] += 1
    }
    for c in clients.indices where clients[c].alive && clients[c].account {
      inPlay[Int(clients[c].segment)] += 1
    }
    var cooling = [Int](repeating: 0, count: model.marketSize.count)
    for r in marketReturns[marketReturnsHead...] { cooling[Int(r.segment)] += 1 }
    for (s, size) in model.marketSize.enumerated() where size >= 0 {
      let total = marketAvailable[s] + inPlay[s] + cooling[s] + marketExcluded[s]
      if total != size || marketFresh[s] > marketAvailable[s] {
        throw InvariantViolation(
          replication: replication,
          law: "accounts available + in play + cooling off + out for good = list size",
          details:
            "segment \(model.scenario.segments[s].name): \(marketAvailable[s]) + \(inPlay[s]) + \(cooling[s]) + \(marketExcluded[s]) != \(size) (not yet worked \(marketFresh[s]))"
        )
      }
    }
  }

  func checkCareers() throws {
    func fail(_ law: String, _ details: String) -> InvariantViolation {
      InvariantViolation(replication: replication, law: law, details: details)
    }
    let headcount = value(.headcountStart, 0) + value(.hires, 0) - value(.exits, 0)
    if headcount != Double(activeManagers) || headcount != value(.headcountEnd, 0) {
      throw fail(
        "headcount at end = start + hires - exits", "\(value(.headcountEnd, 0)) != \(headcount)")
    }
    var promotionsIn = 0.0
    var promotionsOut = 0.0
    // A role's managers keep their role through promotions: its headcount balances likewise.
    if firstRoleGroup > 0 {
      for g in firstRoleGroup..<groups {
        let expected =
          value(.headcountStart, g) + value(.hires, g) - value(.exits, g)
          + value(.promotionsIn, g) - value(.promotionsOut, g)
        if value(.headcountEnd, g) != expected {
          throw fail(
            "headcount at end = start + hires - exits + promotions in - promotions out, by role",
            "role \(model.layout.groups[g]): \(value(.headcountEnd, g)) != \(expected)")
        }
      }
    }
    for g in 1...model.levels.count {
      let (moveIn, moveOut) = (value(.promotionsIn, g), value(.promotionsOut, g))
      promotionsIn += moveIn
      promotionsOut += moveOut
      let expected =
        value(.headcountStart, g) + value(.hires, g) - value(.exits, g) + moveIn - moveOut
      if value(.headcountEnd, g) != expected {
        throw fail(
          "headcount at end = start + hires - exits + promotions in - promotions out, by level",
          "level \(model.scenario.levels[g - 1].name): \(value(.headcountEnd, g)) != \(expected)")
      }
    }
    let all = (value(.promotionsIn, 0), value(.promotionsOut, 0))
    if all.0 != all.1 || all.0 != promotionsIn || all.1 != promotionsOut {
      throw fail(
        "team promotions in = out = sum over levels",
        "in \(all.0), out \(all.1), levels in \(promotionsIn), out \(promotionsOut)")
    }
  }
}
