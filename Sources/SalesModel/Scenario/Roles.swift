// docs/scenario-format.md, "roles" and "hand_off"; docs/model.md, sections 2 (Entities:
// Manager) and 5.6 (Hand-offs).
public import Stochastic

/// One role of the team (e.g. `sdr`): what its managers do, how many of each level hold it at
/// the start, and their capacity where it differs from their level's.
public struct Role: Sendable, SectionDefaults {
  /// The role's name, e.g. `sdr`; it names the role's group in reports, so it differs from
  /// every level's name and from `team`.
  public var name: String
  /// What the role's managers do.
  public var activities: [RoleActivity]
  /// Managers of the role at the start, per level.
  public var headcount: [RoleSeats] = []
  /// Call capacity per working day; nil means the level's.
  public var callsPerDay: Int?
  /// Meeting slots per working day; nil means the level's.
  public var meetingsPerDay: Int?
  /// Time for service requests per working day, hours; nil means the level's.
  public var serviceHoursPerDay: Double?
  /// No new leads are routed to a manager with this many open leads or more; nil means the
  /// level's.
  public var maxOpenLeads: Int?
  /// No new leads are routed to a manager with this many clients or more; nil means the level's.
  public var maxPortfolio: Int?
  /// The role's own attrition as a chance to leave within a year (the monthly hazard,
  /// docs/model.md 10.4); nil means the level's.
  public var attritionAnnualRate: Double?
  /// The role's own time in the company, months, drawn at hire (docs/model.md 10.4); nil
  /// means the level's. Wins over `attritionAnnualRate`.
  public var timeToExitMonths: Distribution?

  /// No managers, no overrides.
  public static let defaults = Role(name: "", activities: [])
  /// `name` and `activities`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.name, CodingKeys.activities] }

  /// Whether the role does `activity`.
  public func does(_ activity: RoleActivity) -> Bool { activities.contains(activity) }
}

/// Something a role's managers do (docs/model.md, section 2).
public enum RoleActivity: String, Codable, CaseIterable, Sendable {
  /// Cold calls with the calls the pipeline leaves free (when outbound is on).
  case prospect
  /// Owns funnel stages: calls and meetings on them.
  case workStages = "work_stages"
  /// Holds won and reassigned clients.
  case holdClients = "hold_clients"
  /// Answers the service requests of the clients the manager holds.
  case answerRequests = "answer_requests"
}

/// Managers of a role at one level at the start.
public struct RoleSeats: Codable, Sendable {
  /// The level's name.
  public var level: String
  /// How many.
  public var count: Int
}

/// What a hand-off between roles costs (docs/model.md, 5.6).
public struct HandOff: Sendable, SectionDefaults {
  /// Working days from the hand-off to the lead joining the receiving role's waiting queue.
  public var delayDays = 0
  /// Paid per hand-off, RUB; part of the cost of sales of the manager handing off.
  public var fee = 0.0

  /// No delay, no fee.
  public static let defaults = HandOff()
}
