// The model, section 10 "Careers" (docs/model.md): hires and departures.

internal import Stochastic

extension Replication {
  mutating func hire(level: Int, day: Int, key: UInt64) {
    let experience = model.levels[level].minExperience
    addManager(level: level, day: day, tenure: 0, experience: experience, key: key)
    add(.hires, level)
  }

  mutating func depart(_ m: Int, day d: Int) {
    let level = managers[m].level
    managers[m].active = false
    activeManagers -= 1
    add(.exits, level)
    // Clients: some leave with the manager, the rest are reassigned with a churn shock.
    let takes = model.levels[level].takesClients
    let shock = model.scenario.portfolio.reassignmentChurnShock
    let managerKey = managers[m].key
    var cursor = managers[m].clientHead
    while cursor >= 0 {
      let client = Int(cursor)
      cursor = clients[client].next
      detach(client)
      let clientKey = clients[client].key
      if takes > 0 && keyedUniform(clientKey, .departureTakes, managerKey) < takes {
        add(.clientsTaken, level)
        removeClient(client)
      } else if shock > 0 && keyedUniform(clientKey, .departureShock, managerKey) < shock {
        add(.clientsChurned, level)
        returnToMarket(segment: Int(clients[client].segment), day: d)
        removeClient(client)
      } else {
        reassign(client)
      }
    }
    // Open leads in the manager's queues go back to routing; leads between stages follow
    // when their stage ends.
    while managers[m].calls.count > 0 {
      enqueueWaiting(Self.pop(&managers[m].calls, &leads), day: d)
    }
    while managers[m].meetings.count > 0 {
      enqueueWaiting(Self.pop(&managers[m].meetings, &leads), day: d)
    }
    managers[m].openLeads = 0
    // Unanswered requests of the departing manager are abandoned.
    if managers[m].waitingRequests > 0 {
      abandon(managers[m].waitingRequests, manager: m)
      managers[m].waitingRequests = 0
      for k in 0..<ringSize { requestRing[m * ringSize + k] = 0 }
    }
    let hiring = model.scenario.careers.hiring
    if hiring.enabled {
      scratch.reseed(keyedBits(managerKey, .timeToHire, 0))
      let t = max(1, Int(min(hiring.timeToHireDays.sample(scratch), 1e7).rounded(.up)))
      if d + t < model.days {
        sim.schedule(
          .hire(level: Int32(level), predecessor: Int32(m)), at: Double(d + t),
          priority: Priority.hire)
      }
    }
  }

  /// Gives a client to the active manager with the fewest clients among those allowed its
  /// segment (any active manager if none is); an orphan when nobody is active.
  mutating func reassign(_ client: Int) {
    let segment = Int(clients[client].segment)
    var best = -1
    var bestAllowed = false
    for m in managers.indices where managers[m].active {
      let allowed = model.levels[managers[m].level].segmentMask & (1 << UInt64(segment)) != 0
      if best < 0 || (allowed && !bestAllowed)
        || (allowed == bestAllowed && managers[m].clients < managers[best].clients)
      {
        best = m
        bestAllowed = allowed
      }
    }
    if best >= 0 { attach(client, to: best) } else { attachOrphan(client) }
  }
}
