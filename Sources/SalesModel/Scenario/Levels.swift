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
  /// Monthly salary, RUB; nil means the scenario's `city` preset, else 0
  /// (`Scenario.salaryPerMonth(ofLevel:)`).
  public var salaryPerMonth: Double?
  /// The seed table's level (1…4) whose `city` salary this level takes; nil means its position.
  public var seedLevel: Int?
  /// Call capacity per working day.
  public var callsPerDay = 20
  /// Meeting slots per working day.
  public var meetingsPerDay = 2
  /// Time for service requests per working day, hours.
  public var serviceHoursPerDay = 2.0
  /// Multiplies the last stage's success probability (docs/model.md, section 7.1).
  public var winMultiplier = 1.0
  /// Coefficient of variation of the managers' own skill: each manager hired into the level
  /// draws a mean-1 lognormal factor that multiplies the last stage's success probability like
  /// `winMultiplier` (docs/model.md, 7.1); 0 means every manager of the level is alike.
  public var skillSpread = 0.0
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
  /// Bookings quota per year, RUB; prorated to the quota period (docs/model.md, section 9.4).
  public var annualQuota = 0.0
  /// The former quota per quota period: never used, refused by validation with the annual
  /// figure it stands for, so that an old file is corrected rather than misread.
  public var quota: Double?
  /// Total experience needed to be promoted into this level, months.
  public var minExperienceMonths = 0
  /// Clients at the start of the run per manager of this level.
  public var initialClients = 0
  /// Share of a departing manager's clients who leave with them.
  public var departingTakesClients = 0.0
  /// Open deals each manager of the level carries into day 0 (docs/model.md, section 3.1).
  public var openingPipeline: [OpeningDeals] = []
  /// The level's own attrition as a chance to leave within a year (the monthly hazard,
  /// docs/model.md 10.4); nil means the team's `careers.attrition`.
  public var attritionAnnualRate: Double?
  /// The level's own time in the company, months, drawn at hire (docs/model.md 10.4); nil
  /// means the team's `careers.attrition`. Wins over `attritionAnnualRate`.
  public var timeToExitMonths: Distribution?
  /// Experience of a manager who joins the level as new, months (docs/model.md 10.1); nil
  /// means `minExperienceMonths`.
  public var hireExperienceMonths: Distribution?

  /// Nobody at the start; 20 calls and 2 meetings a day; no limits, pay or quota.
  public static let defaults = Level(name: "")
  /// `name`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.name] }

  /// The quota of a full quota period `period`: the annual quota prorated (model.md, 9.4).
  public func periodQuota(_ period: QuotaPeriod) -> Double {
    annualQuota * Double(period.months) / 12
  }
}

/// Open deals per manager of a level in one funnel stage at the start (docs/model.md, 3.1).
public struct OpeningDeals: Sendable, SectionDefaults {
  /// The funnel stage the deals are in.
  public var stage: String
  /// Deals per manager; a fraction `x` gives `floor(x) + 1` deals with chance `x - floor(x)`.
  public var deals: Double
  /// Days since each deal arrived: its sales cycle counts them.
  public var ageDays = Distribution.constant(0)
  /// Days each deal has left in its stage when the stage uses neither calls nor meetings; nil
  /// leaves a uniform share of the stage's drawn duration (docs/model.md, 3.1).
  public var remainingDays: Distribution?

  /// Deals of age 0.
  public static let defaults = OpeningDeals(stage: "", deals: 0)
  /// `stage` and `deals`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.stage, CodingKeys.deals] }
}
