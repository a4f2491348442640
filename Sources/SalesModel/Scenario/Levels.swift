// docs/scenario-format.md, "levels"; docs/model.md, section 2 (Entities: Manager).
public import Stochastic

/// One manager level (e.g. junior): headcount, pay, capacity, skill, limits, quota.
public struct Level: Sendable, SectionDefaults {
  /// The level's name, e.g. `junior`; `team` is reserved for the whole team in reports.
  public var name: String
  /// Managers at the start.
  public var headcount = 0
  /// Tenure in the company of the managers present at the start, months.
  public var tenureMonths = Distribution.constant(12)
  /// Total experience of the managers present at the start, months; nil means each manager's
  /// tenure, but at least the level's `minExperienceMonths`.
  public var experienceMonths: Distribution?
  /// Seats of the level: promotions fill it only up to this many managers, counting hires in
  /// flight; nil means `headcount`.
  public var headcountPlan: Int?
  /// Monthly salary, RUB.
  public var salaryPerMonth = 0.0
  /// Call capacity per working day.
  public var callsPerDay = 20
  /// Meeting slots per working day.
  public var meetingsPerDay = 2
  /// Time for service requests per working day, hours.
  public var serviceHoursPerDay = 2.0
  /// Multiplies every stage's success probability.
  public var winMultiplier = 1.0
  /// Multiplies the value of deals won and of initial clients.
  public var dealSizeMultiplier = 1.0
  /// Multiplies the churn hazard of this level's clients (below 1 keeps clients better).
  public var retentionMultiplier = 1.0
  /// No new leads are routed to a manager with this many clients or more.
  public var maxPortfolio = 1_000_000
  /// No new leads are routed to a manager with this many open leads or more.
  public var maxOpenLeads = 1_000_000
  /// Segments this level may take; nil means all.
  public var segments: [String]?
  /// Commission on bookings, a share.
  public var commissionRate = 0.0
  /// Bookings quota per quota period, RUB.
  public var quota = 0.0
  /// Total experience needed to be promoted into this level, months.
  public var minExperienceMonths = 0
  /// Clients at the start of the run per manager of this level.
  public var initialClients = 0
  /// Share of a departing manager's clients who leave with them.
  public var departingTakesClients = 0.0

  /// Nobody at the start; 20 calls and 2 meetings a day; no limits, pay or quota.
  public static let defaults = Level(name: "")
  /// `name`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.name] }
}
