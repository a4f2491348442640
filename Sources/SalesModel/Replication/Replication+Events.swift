// The model, section 3 "Events and the order within a day" (docs/model.md).

internal import Stochastic

/// What the kernel schedules. Everything happens on whole working days; within a day the
/// priority fixes the order (docs/model.md, "Order within a day").
enum Event {
  case dayStart(Int32)
  case stageDone(lead: Int32)
  /// A vacancy is refilled; `predecessor` is the manager who left (their key keys the hire).
  case hire(level: Int32, predecessor: Int32)
  case dayWork(Int32)
  case monthEnd(Int32)
}

enum Priority {
  static let dayStart: Int32 = 0
  static let stageDone: Int32 = 1
  static let hire: Int32 = 1
  static let dayWork: Int32 = 2
  static let monthEnd: Int32 = 3
}

extension Replication {
  mutating func run() {
    setUp()
    if model.days > 0 { sim.schedule(.dayStart(0), at: 0, priority: Priority.dayStart) }
    let end = Double(model.days - 1) + 0.5
    while let event = sim.next(until: end) {
      switch event {
      case .dayStart(let d): dayStart(Int(d))
      case .stageDone(let lead): stageDone(Int(lead), Int(sim.now))
      case .hire(let level, let predecessor):
        let key = keyedBits(managers[Int(predecessor)].key, Purpose.replacementKey.rawValue)
        hire(level: Int(level), day: Int(sim.now), key: key)
      case .dayWork(let d): dayWork(Int(d))
      case .monthEnd(let d): monthEnd(Int(d))
      }
    }
  }

  mutating func setUp() {
    for (l, level) in model.levels.enumerated() {
      let levelSalt = keyedBits(staffSalt, level.nameKey)
      for index in 0..<level.headcount {
        let key = keyedBits(levelSalt, UInt64(index))
        scratch.reseed(keyedBits(key, .initialStaff, 0))
        let tenure = max(0, Int(level.tenureMonths.sample(scratch).rounded(.down)))
        let sampled = max(0, Int(level.experienceMonths.sample(scratch).rounded(.down)))
        let m = addManager(
          level: l, day: 0, tenure: tenure, experience: max(level.minExperience, sampled), key: key)
        if model.scenario.portfolio.enabled { addInitialClients(m) }
        addOpeningPipeline(m)
      }
      add(.headcountStart, l, Double(level.headcount))
    }
  }

  @discardableResult
  mutating func addManager(level: Int, day: Int, tenure: Int, experience: Int, key: UInt64)
    -> Int
  {
    let vacationStart = Int(keyedUniform(key, .vacation, 0) * Double(model.daysPerYear))
    managers.append(
      Manager(
        key: key, level: level, hireDay: day, tenureAtHire: tenure, experienceAtHire: experience,
        vacationStart: vacationStart))
    requestRing.append(contentsOf: repeatElement(0, count: ringSize))
    activeManagers += 1
    return managers.count - 1
  }
}
