// The model, sections 11 "Outputs" and 13 "Conservation laws" (docs/model.md).

internal import Stochastic

extension Replication {
  @inline(__always) mutating func add(_ m: Metric, _ level: Int, _ v: Double = 1) {
    c[m.rawValue] += v
    if level >= 0 { c[(level + 1) * perGroup + m.rawValue] += v }
  }
  @inline(__always) mutating func addAux(_ a: Aux, _ level: Int, _ v: Double) {
    let n = Aux.count
    aux[a.rawValue] += v
    if level >= 0 { aux[(level + 1) * n + a.rawValue] += v }
  }
  @inline(__always) func value(_ m: Metric, _ group: Int) -> Double {
    c[group * perGroup + m.rawValue]
  }
  @inline(__always) func auxValue(_ a: Aux, _ group: Int) -> Double {
    aux[group * Aux.count + a.rawValue]
  }

  /// Derives means and shares, checks the conservation laws, and lays the outcome out.
  mutating func finish() throws -> ReplicationOutcome {
    // End-of-run states.
    for m in managers.indices where managers[m].active { add(.headcountEnd, managers[m].level) }
    var clientsAtEnd = 0
    var billedAlive = 0.0
    for client in clients.indices where clients[client].alive {
      clientsAtEnd += 1
      billedAlive += clients[client].billed
      let m = Int(clients[client].manager)
      add(.clientsEnd, m >= 0 ? managers[m].level : -1)
    }
    let openLeads = leads.count - freeLeads.count
    team[TeamMetric.leadsOpenEnd.rawValue] = Double(openLeads)
    team[TeamMetric.escalationWait.rawValue] =
      escalationsServed > 0 ? escalationWaitSum / escalationsServed : 0

    let s = model.stages.count
    let nAux = Aux.count
    func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
    for g in 0..<groups {
      let base = g * perGroup
      func set(_ m: Metric, _ v: Double) { c[base + m.rawValue] = v }
      func get(_ m: Metric) -> Double { c[base + m.rawValue] }
      func ax(_ a: Aux) -> Double { aux[g * nAux + a.rawValue] }
      set(.winRate, ratio(get(.won), get(.won) + get(.lost)))
      set(.salesCycleDays, ratio(ax(.cycleSum), get(.won)))
      set(.churnRate, ratio(get(.clientsChurned), ax(.exposure)))
      let answered = ax(.answered)
      set(.responseTimeMean, ratio(ax(.responseSum), answered))
      set(.responseTimeP90, percentile90(group: g, total: answered))
      set(.withinSLA, ratio(ax(.withinSLA), answered + get(.abandonedRequests)))
      set(.utilisationCalls, ratio(ax(.callsUsed), ax(.callsAvailable)))
      set(.utilisationMeetings, ratio(ax(.meetingsUsed), ax(.meetingsAvailable)))
      set(.utilisationService, ratio(ax(.serviceUsed), ax(.serviceAvailable)))
      set(
        .costOfSales,
        get(.salaryCost) + get(.commissionCost)
          + (g == 0 ? team[TeamMetric.supportCost.rawValue] : 0))
      set(.quotaAttainmentMean, ratio(ax(.attainmentSum), get(.rampedPeriods)))
      set(.quotaAtOrAbove, ratio(ax(.atOrAbove), get(.rampedPeriods)))
      for k in 0..<s {
        c[base + Metric.count + s + k] = ratio(stageSuccesses[g * s + k], stageOutcomes[g * s + k])
      }
    }
    let plan = model.scenario.planBookings ?? planFromQuotas
    team[TeamMetric.teamPlan.rawValue] = plan
    team[TeamMetric.planReached.rawValue] = value(.bookings, 0) >= plan ? 1 : 0

    try checkInvariants(openLeads: openLeads, clientsAtEnd: clientsAtEnd, billedAlive: billedAlive)

    var values = c
    values.append(contentsOf: team)
    return ReplicationOutcome(
      values: values, series: [seriesRevenue, seriesBookings, seriesClients, seriesHeadcount],
      samples: samples, events: sim.counters.fired)
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
        "leads in = open + won + lost + expired",
        "\(leadsIn) != \(openLeads) + \(won) + \(lost) + \(expired)")
    }
    var open = waiting.count + pushed.count
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
    if Double(clientsAtEnd) != start + new - churned - taken || clientsAtEnd != activeClients {
      throw fail(
        "clients at end = start + new - churned - taken",
        "\(clientsAtEnd) != \(start) + \(new) - \(churned) - \(taken)")
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
    for metric in [
      Metric.won, .lost, .bookings, .commissionCost, .salaryCost, .hires, .exits, .clientsNew,
      .requests,
    ] {
      var sum = 0.0
      for g in 1..<groups { sum += value(metric, g) }
      if !close(sum, value(metric, 0)) {
        throw fail(
          "team \(metric.descriptor.key) = sum over levels", "\(value(metric, 0)) != \(sum)")
      }
    }
    let cost = value(.costOfSales, 0)
    let parts =
      value(.salaryCost, 0) + value(.commissionCost, 0) + team[TeamMetric.supportCost.rawValue]
    if !close(cost, parts) {
      throw fail("cost of sales = salaries + commissions + support", "\(cost) != \(parts)")
    }
    var waitingRequests = 0
    for m in managers.indices { waitingRequests += managers[m].waitingRequests }
    if value(.requests, 0) != requestsAnswered + requestsAbandoned + Double(waitingRequests) {
      throw fail(
        "requests = answered + abandoned + waiting",
        "\(value(.requests, 0)) != \(requestsAnswered) + \(requestsAbandoned) + \(waitingRequests)")
    }
    let headcount = value(.headcountStart, 0) + value(.hires, 0) - value(.exits, 0)
    if headcount != Double(activeManagers) || headcount != value(.headcountEnd, 0) {
      throw fail(
        "headcount at end = start + hires - exits", "\(value(.headcountEnd, 0)) != \(headcount)")
    }
  }
}
