// The model, section 3 "Events and the order within a day" (docs/model.md).

internal import Stochastic

/// What the kernel schedules. Everything happens on whole working days; within a day the
/// priority fixes the order (docs/model.md, "Order within a day").
enum Event {
  case dayStart(Int32)
  /// `manager` is the lead's, which stays the same while the stage runs: carried so that the
  /// manager's record is read at once rather than after the lead's (two cache misses in
  /// parallel instead of one after the other, at a large team).
  case stageDone(lead: Int32, manager: Int32)
  /// A seat is refilled; `predecessor` is the manager who left it, by departure or promotion
  /// (their key keys the hire).
  case hire(level: Int32, predecessor: Int32, cause: HireCause)
  case dayWork(Int32)
  case monthEnd(Int32)
  /// A lead handed off to another role joins its waiting queue (docs/model.md, 5.6).
  case handOff(lead: Int32)
}

/// Why a seat is refilled (docs/model.md, 10.2 and 10.3): the cause picks the hire's key.
enum HireCause: UInt8 {
  case departure, promotion
}

enum Priority {
  static let dayStart: Int32 = 0
  static let stageDone: Int32 = 1
  static let hire: Int32 = 1
  static let dayWork: Int32 = 2
  static let monthEnd: Int32 = 3
}

extension Replication {
  /// Runs to the horizon; false when `dayDone` (called as each day is done, with the days
  /// done so far) asked to stop first.
  @discardableResult
  mutating func run(dayDone: ((Int) -> Bool)? = nil) -> Bool {
    setUp()
    if model.days > 0 { sim.schedule(.dayStart(0), at: 0, priority: Priority.dayStart) }
    let end = Double(model.days - 1) + 0.5
    while let event = sim.next(until: end) {
      switch event {
      case .dayStart(let d):
        if d > 0, let dayDone, !dayDone(Int(d)) { return false }
        dayStart(Int(d))
      case .stageDone(let lead, let manager):
        if prefetching { prefetchStageOutcomes() }
        stageDone(Int(lead), manager: Int(manager), Int(sim.now))
      case .hire(let level, let predecessor, let cause):
        refill(level: Int(level), predecessor: Int(predecessor), cause: cause, day: Int(sim.now))
      case .dayWork(let d): dayWork(Int(d))
      case .monthEnd(let d): monthEnd(Int(d))
      case .handOff(let lead): enqueueWaiting(Int(lead), day: Int(sim.now))
      }
    }
    if model.days > 0 { _ = dayDone?(model.days) }
    return true
  }

  mutating func setUp() {
    let staffing = model.staffing
    let portfolio = model.scenario.portfolio.enabled
    // The book and the opening deals of seats a staffing mix removes, in the order drawn
    // (section 3).
    var unplaced: [Int] = []
    var unplacedDeals: [Int] = []
    for (l, level) in model.levels.enumerated() {
      let levelSalt = keyedBits(staffSalt, level.nameKey)
      let removed = level.headcount - staffing.removed(l)..<level.headcount
      let seats = level.headcount + staffing.transfers(l)
      for index in 0..<seats {
        let key = keyedBits(levelSalt, UInt64(index))
        if removed.contains(index) {
          if portfolio { drawInitialClients(level: l, key: key, to: -1, unplaced: &unplaced) }
          addOpeningPipeline(level: l, key: key, day: 0, to: -1, unplaced: &unplacedDeals)
          continue
        }
        let role = model.roles.role(level: l, seat: index)
        let m = addSeasonedManager(level: l, day: 0, key: key, role: role)
        addToRole(.headcountStart, role)
        if portfolio { drawInitialClients(level: l, key: key, to: m, unplaced: &unplaced) }
        addOpeningPipeline(level: l, key: key, day: 0, to: m, unplaced: &unplacedDeals)
      }
      add(.headcountStart, l, Double(seats - removed.count), role: -1)
    }
    for client in unplaced {
      reassign(client)
      let m = Int(clients[client].manager)
      add(.clientsStart, m >= 0 ? managers[m].level : -1, role: m >= 0 ? managers[m].role : -1)
    }
    for deal in unplacedDeals { enqueueWaiting(deal, day: 0) }
    prefetching = managers.count >= Self.prefetchFromManagers
  }

  @discardableResult
  mutating func addManager(
    level: Int, day: Int, tenure: Int, experience: Int, key: UInt64, role: Int
  ) -> Int {
    let vacationShare = keyedUniform(key, .vacation, 0)
    let vacationStart = Int(vacationShare * Double(model.daysPerYear))
    var skill = 1.0
    if let spread = model.levels[level].skill {
      scratch.reseed(keyedBits(key, .skill, 0))
      skill = spread.sample(scratch)
    }
    if managers.count == managers.capacity { managers.growOnHugePages() }
    managers.append(
      Manager(
        level: level, role: role, skill: skill, hireDay: day, tenureAtHire: tenure, key: key,
        experienceAtHire: experience, vacationStart: vacationStart, vacationShare: vacationShare))
    if let stay = model.roles.timeToExit[level * roleCount + role] {
      managers[managers.count - 1].exitMonth = exitMonth(
        stay, key: key, occasion: 0, day: day, tenure: Double(tenure), conditioned: tenure > 0)
    }
    requestRing.append(contentsOf: repeatElement(0, count: ringSize))
    dayRequests.append(0)
    activeManagers += 1
    let m = managers.count - 1
    // A new manager has the highest index: the active list stays in index order.
    activeList.append(Int32(m))
    refreshRanks(m)
    return m
  }
}
