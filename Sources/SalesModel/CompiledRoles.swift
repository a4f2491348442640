// Roles beside levels, compiled (docs/model.md, sections 2 and 5.6).
internal import Stochastic

extension Scenario {
  /// The scenario with each level's `headcount` the sum of its roles' seats when roles are
  /// declared (validation allows the level's own figure only when it is 0 or that sum).
  func withRoleHeadcounts() -> Scenario {
    guard !roles.isEmpty else { return self }
    var copy = self
    for l in copy.levels.indices {
      // Saturating: an absurd count is refused by the size limits, not trapped here.
      copy.levels[l].headcount = roles.reduce(0) { total, role in
        role.headcount.filter { $0.level == levels[l].name }.reduce(total) { a, seat in
          let (s, overflow) = a.addingReportingOverflow(max(seat.count, 0))
          return overflow ? Int.max : s
        }
      }
    }
    return copy
  }
}

extension SalesModel {
  /// What each role does and the capacity of each (level, role) cell, read on the hot path:
  /// plain arrays indexed by role, or by `level * count + role`. Without declared roles there
  /// is one role that does everything, with its level's capacity, so the model is today's.
  struct CompiledRoles: Sendable {
    /// Roles; 1 when none is declared.
    let count: Int
    /// Whether the scenario declares roles: only then do roles have groups in the outcome.
    let declared: Bool
    /// The role that owns each stage.
    let stageRole: [Int]
    let prospects: [Bool]
    let holdsClients: [Bool]
    let answersRequests: [Bool]
    /// Whether some role does not prospect: cold calls then use the spare calls of some
    /// managers only (13, law of calls).
    let someDoNotProspect: Bool
    let calls: [Int]
    let meetings: [Int]
    let serviceHours: [Double]
    let maxOpenLeads: [Int]
    let maxPortfolio: [Int]
    /// The monthly hazard `a` of attrition per (level, role) cell (docs/model.md, 10.4); 0
    /// when attrition is off.
    let attritionPerMonth: [Double]
    /// Time in the company drawn at hire per (level, role) cell (10.4): nil when the cell
    /// leaves by the hazard or attrition is off.
    let timeToExit: [Distribution?]
    /// Per level, the role of each seat at the start, in seat order: each role's seats in the
    /// order the roles are declared.
    let seatRoles: [[Int]]

    init(scenario: Scenario, levels: [CompiledLevel]) {
      let roles = scenario.roles
      declared = !roles.isEmpty
      count = max(1, roles.count)
      let names = Dictionary(
        roles.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
      stageRole = scenario.funnel.stages.map { $0.role.flatMap { names[$0] } ?? 0 }
      prospects = declared ? roles.map { $0.does(.prospect) } : [true]
      holdsClients = declared ? roles.map { $0.does(.holdClients) } : [true]
      answersRequests = declared ? roles.map { $0.does(.answerRequests) } : [true]
      someDoNotProspect = prospects.contains(false)
      var calls: [Int] = []
      var meetings: [Int] = []
      var hours: [Double] = []
      var open: [Int] = []
      var portfolio: [Int] = []
      var hazard: [Double] = []
      var stay: [Distribution?] = []
      for (l, level) in levels.enumerated() {
        for r in 0..<count {
          let role = declared ? roles[r] : nil
          let attrition = SalesModel.attrition(
            of: scenario.levels[l], role: role, in: scenario.careers.attrition)
          hazard.append(attrition.perMonth)
          stay.append(attrition.timeToExit)
          calls.append(role?.callsPerDay ?? level.calls)
          meetings.append(role?.meetingsPerDay ?? level.meetings)
          hours.append(role?.serviceHoursPerDay ?? level.serviceHours)
          open.append(role?.maxOpenLeads ?? level.maxOpenLeads)
          portfolio.append(role?.maxPortfolio ?? level.maxPortfolio)
        }
      }
      self.calls = calls
      self.meetings = meetings
      serviceHours = hours
      maxOpenLeads = open
      maxPortfolio = portfolio
      attritionPerMonth = hazard
      timeToExit = stay
      seatRoles = scenario.levels.map { level in
        guard !roles.isEmpty else { return [Int](repeating: 0, count: level.headcount) }
        var seats: [Int] = []
        for (r, role) in roles.enumerated() {
          for entry in role.headcount where entry.level == level.name {
            seats += [Int](repeating: r, count: entry.count)
          }
        }
        return seats
      }
    }

    /// The role of seat `index` of level `level` at the start; a seat beyond those the roles
    /// list (a staffing mix's transfer) takes the last listed seat's role.
    func role(level: Int, seat index: Int) -> Int {
      let seats = seatRoles[level]
      return seats.isEmpty ? 0 : seats[min(index, seats.count - 1)]
    }
  }
}
