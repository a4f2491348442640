public import Stochastic

/// A whole sales organisation and its market, as written in a scenario file.
///
/// Every section but `levels`, `segments` and `funnel` may be left out; a part whose section
/// is absent, or says `enabled: false`, is switched off. Defaults are listed in
/// docs/scenario-format.md.
public struct Scenario: Decodable, Sendable, ValidatedDocument {
  /// A short name for reports.
  public var name: String
  /// The run seed from which every random stream is derived.
  public var seed: UInt64
  /// How many independent replications to run.
  public var replications: Int
  /// Simulated months.
  public var horizonMonths: Int
  /// Working days, holidays and vacations.
  public var calendar: WorkingCalendar
  /// Kinds of client (e.g. small business, key account).
  public var segments: [Segment]
  /// Manager levels, most junior first.
  public var levels: [Level]
  /// The sales stages a lead goes through.
  public var funnel: Funnel
  /// Ramp-up, attrition, promotion, refilling vacancies, planned hires.
  public var careers: Careers
  /// Where leads come from.
  public var leads: Leads
  /// Who gets a new lead.
  public var routing: Routing
  /// Clients after the sale: revenue, service, churn.
  public var portfolio: Portfolio
  /// Quotas, attainment, sandbagging.
  public var quota: Quota
  /// The team's bookings plan for the horizon; nil means the sum of everyone's quotas.
  public var planBookings: Double?

  enum CodingKeys: String, CodingKey {
    case name, seed, replications, calendar, segments, levels, funnel, careers, leads, routing,
      portfolio, quota
    case horizonMonths = "horizon_months"
    case planBookings = "plan_bookings"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decodeIfPresent(String.self, forKey: .name) ?? "scenario"
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
    replications = try c.decodeIfPresent(Int.self, forKey: .replications) ?? 1000
    horizonMonths = try c.decodeIfPresent(Int.self, forKey: .horizonMonths) ?? 12
    calendar = try c.decodeIfPresent(WorkingCalendar.self, forKey: .calendar) ?? WorkingCalendar()
    segments = try c.decode([Segment].self, forKey: .segments)
    levels = try c.decode([Level].self, forKey: .levels)
    funnel = try c.decode(Funnel.self, forKey: .funnel)
    careers = try c.decodeIfPresent(Careers.self, forKey: .careers) ?? Careers()
    leads = try c.decodeIfPresent(Leads.self, forKey: .leads) ?? Leads()
    routing = try c.decodeIfPresent(Routing.self, forKey: .routing) ?? Routing()
    portfolio = try c.decodeIfPresent(Portfolio.self, forKey: .portfolio) ?? Portfolio()
    quota = try c.decodeIfPresent(Quota.self, forKey: .quota) ?? Quota()
    planBookings = try c.decodeIfPresent(Double.self, forKey: .planBookings)
  }
}

extension KeyedDecodingContainer {
  @inline(__always)
  func value<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
    try decodeIfPresent(T.self, forKey: key) ?? fallback
  }
}

/// Working days: months of `daysPerMonth` working days, holidays, vacations.
public struct WorkingCalendar: Decodable, Sendable {
  /// Working days in a month (default 21).
  public var daysPerMonth: Int = 21
  /// Working-day numbers within each 12-month year (1-based) on which nobody works.
  public var holidays: [Int] = []
  /// Vacation working days per manager per year, taken as one block.
  public var vacationDaysPerYear: Int = 0

  enum CodingKeys: String, CodingKey {
    case holidays
    case daysPerMonth = "days_per_month"
    case vacationDaysPerYear = "vacation_days_per_year"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    daysPerMonth = try c.value(.daysPerMonth, 21)
    holidays = try c.value(.holidays, [])
    vacationDaysPerYear = try c.value(.vacationDaysPerYear, 0)
  }
}

/// A kind of client: deal size, churn and service load.
public struct Segment: Decodable, Sendable {
  public var name: String
  /// Contract value of a deal, RUB.
  public var dealSize: Distribution
  /// Base churn hazard per month.
  public var churnPerMonth: Double
  /// Service requests per client per month.
  public var requestsPerMonth: Double

  enum CodingKeys: String, CodingKey {
    case name
    case dealSize = "deal_size"
    case churnPerMonth = "churn_per_month"
    case requestsPerMonth = "requests_per_month"
  }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    dealSize = try c.decode(Distribution.self, forKey: .dealSize)
    churnPerMonth = try c.value(.churnPerMonth, 0.02)
    requestsPerMonth = try c.value(.requestsPerMonth, 1)
  }
}

/// One manager level (e.g. junior): headcount, pay, capacity, skill, limits, quota.
public struct Level: Decodable, Sendable {
  public var name: String
  public var headcount: Int
  /// Tenure in the company of the managers present at the start, months.
  public var tenureMonths: Distribution
  /// Total experience of the managers present at the start, months; nil means the level's
  /// `minExperienceMonths`.
  public var experienceMonths: Distribution?
  public var salaryPerMonth: Double
  public var callsPerDay: Int
  public var meetingsPerDay: Int
  public var serviceHoursPerDay: Double
  public var winMultiplier: Double
  public var dealSizeMultiplier: Double
  /// Multiplies the churn hazard of this level's clients (below 1 keeps clients better).
  public var retentionMultiplier: Double
  public var maxPortfolio: Int
  public var maxOpenLeads: Int
  /// Segments this level may take; nil means all.
  public var segments: [String]?
  public var commissionRate: Double
  /// Bookings quota per quota period, RUB.
  public var quota: Double
  /// Total experience needed to be promoted into this level, months.
  public var minExperienceMonths: Int
  /// Clients at the start of the run per manager of this level.
  public var initialClients: Int
  /// Share of a departing manager's clients who leave with them.
  public var departingTakesClients: Double

  enum CodingKeys: String, CodingKey {
    case name, headcount, segments, quota
    case tenureMonths = "tenure_months"
    case experienceMonths = "experience_months"
    case salaryPerMonth = "salary_per_month"
    case callsPerDay = "calls_per_day"
    case meetingsPerDay = "meetings_per_day"
    case serviceHoursPerDay = "service_hours_per_day"
    case winMultiplier = "win_multiplier"
    case dealSizeMultiplier = "deal_size_multiplier"
    case retentionMultiplier = "retention_multiplier"
    case maxPortfolio = "max_portfolio"
    case maxOpenLeads = "max_open_leads"
    case commissionRate = "commission_rate"
    case minExperienceMonths = "min_experience_months"
    case initialClients = "initial_clients"
    case departingTakesClients = "departing_takes_clients"
  }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    headcount = try c.value(.headcount, 0)
    tenureMonths = try c.value(.tenureMonths, Distribution.constant(12))
    experienceMonths = try c.decodeIfPresent(Distribution.self, forKey: .experienceMonths)
    salaryPerMonth = try c.value(.salaryPerMonth, 0)
    callsPerDay = try c.value(.callsPerDay, 20)
    meetingsPerDay = try c.value(.meetingsPerDay, 2)
    serviceHoursPerDay = try c.value(.serviceHoursPerDay, 2)
    winMultiplier = try c.value(.winMultiplier, 1)
    dealSizeMultiplier = try c.value(.dealSizeMultiplier, 1)
    retentionMultiplier = try c.value(.retentionMultiplier, 1)
    maxPortfolio = try c.value(.maxPortfolio, 1_000_000)
    maxOpenLeads = try c.value(.maxOpenLeads, 1_000_000)
    segments = try c.decodeIfPresent([String].self, forKey: .segments)
    commissionRate = try c.value(.commissionRate, 0)
    quota = try c.value(.quota, 0)
    minExperienceMonths = try c.value(.minExperienceMonths, 0)
    initialClients = try c.value(.initialClients, 0)
    departingTakesClients = try c.value(.departingTakesClients, 0)
  }
}

/// What a funnel stage occupies on the manager's calendar.
public enum StageResource: String, Decodable, Sendable {
  case call, meeting, none
}

/// One funnel stage: success probability, duration, the capacity it uses.
public struct Stage: Decodable, Sendable {
  public var name: String
  public var probability: Double
  /// Working days from the activity (or from entering a stage that uses nothing) to the outcome.
  public var durationDays: Distribution
  public var uses: StageResource

  enum CodingKeys: String, CodingKey {
    case name, probability, uses
    case durationDays = "duration_days"
  }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    probability = try c.decode(Double.self, forKey: .probability)
    durationDays = try c.value(.durationDays, Distribution.constant(1))
    uses = try c.value(.uses, StageResource.none)
  }
}

/// How a manager splits days between calls and meetings.
public enum SchedulePolicy: String, Decodable, Sendable {
  case mixed, alternate
}

/// The funnel: stages in order, no-shows, the schedule policy.
public struct Funnel: Decodable, Sendable {
  public var stages: [Stage]
  public var noShow: NoShow
  public var schedule: SchedulePolicy

  enum CodingKeys: String, CodingKey {
    case stages, schedule
    case noShow = "no_show"
  }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    stages = try c.decode([Stage].self, forKey: .stages)
    noShow = try c.value(.noShow, NoShow())
    schedule = try c.value(.schedule, SchedulePolicy.mixed)
  }
}

/// Meetings the client does not come to, and how often they are rescheduled.
public struct NoShow: Decodable, Sendable {
  public var enabled = false
  public var probability = 0.0
  public var maxReschedules = 2

  enum CodingKeys: String, CodingKey {
    case enabled, probability
    case maxReschedules = "max_reschedules"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    probability = try c.value(.probability, 0.1)
    maxReschedules = try c.value(.maxReschedules, 2)
  }
}

/// Careers: ramp-up, attrition, promotion, refilling vacancies, planned hires.
public struct Careers: Decodable, Sendable {
  public var ramp = Ramp()
  public var attrition = Attrition()
  public var promotion = Promotion()
  public var hiring = Hiring()
  public var plannedHires: [PlannedHire] = []

  enum CodingKeys: String, CodingKey {
    case ramp, attrition, promotion, hiring
    case plannedHires = "planned_hires"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    ramp = try c.value(.ramp, Ramp())
    attrition = try c.value(.attrition, Attrition())
    promotion = try c.value(.promotion, Promotion())
    hiring = try c.value(.hiring, Hiring())
    plannedHires = try c.value(.plannedHires, [])
  }
}

/// Productivity by month of tenure: `curve[k]` in month k (0-based), 1 after the curve ends.
public struct Ramp: Decodable, Sendable {
  public var enabled = false
  public var curve: [Double] = []
  enum CodingKeys: String, CodingKey { case enabled, curve }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    // Useful after about 6 months (seeds/003_532f36f32cb2a803.txt, expert opinion).
    curve = try c.value(.curve, [0.1, 0.25, 0.4, 0.55, 0.7, 0.85])
  }
}

/// Managers leaving: an annual rate, higher after a missed quota.
public struct Attrition: Decodable, Sendable {
  public var enabled = false
  public var annualRate = 0.0
  public var missedQuotaMultiplier = 1.0
  enum CodingKeys: String, CodingKey {
    case enabled
    case annualRate = "annual_rate"
    case missedQuotaMultiplier = "missed_quota_multiplier"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    annualRate = try c.value(.annualRate, 0.2)
    missedQuotaMultiplier = try c.value(.missedQuotaMultiplier, 1)
  }
}

/// Promotion to the next level after its minimum experience, optionally only after a good period.
public struct Promotion: Decodable, Sendable {
  public var enabled = false
  /// Attainment of the last closed quota period needed; 0 means none.
  public var attainmentThreshold = 0.0
  enum CodingKeys: String, CodingKey {
    case enabled
    case attainmentThreshold = "attainment_threshold"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    attainmentThreshold = try c.value(.attainmentThreshold, 0)
  }
}

/// Refilling vacancies after a time to hire.
public struct Hiring: Decodable, Sendable {
  public var enabled = false
  public var timeToHireDays: Distribution = .constant(63)
  enum CodingKeys: String, CodingKey {
    case enabled
    case timeToHireDays = "time_to_hire_days"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    timeToHireDays = try c.value(.timeToHireDays, Distribution.constant(63))
  }
}

/// Managers who join on a planned month.
public struct PlannedHire: Decodable, Sendable {
  public var level: String
  /// Month (1-based) at whose first working day they join.
  public var month: Int
  public var count: Int
  enum CodingKeys: String, CodingKey { case level, month, count }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    level = try c.decode(String.self, forKey: .level)
    month = try c.decode(Int.self, forKey: .month)
    count = try c.value(.count, 1)
  }
}

/// A share of a channel's leads that belong to a segment.
public struct SegmentShare: Decodable, Sendable {
  public var segment: String
  public var share: Double
  enum CodingKeys: String, CodingKey { case segment, share }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    segment = try c.decode(String.self, forKey: .segment)
    share = try c.decode(Double.self, forKey: .share)
  }
}

/// Lead channels and the optional finite market.
public struct Leads: Decodable, Sendable {
  public var inbound = Inbound()
  public var outbound = Outbound()
  public var referrals = Referrals()
  public var events = Events()
  public var market = Market()
  /// Working days an unassigned lead waits before it is lost.
  public var patienceDays: Distribution = .constant(5)
  enum CodingKeys: String, CodingKey {
    case inbound, outbound, referrals, events, market
    case patienceDays = "patience_days"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    inbound = try c.value(.inbound, Inbound())
    outbound = try c.value(.outbound, Outbound())
    referrals = try c.value(.referrals, Referrals())
    events = try c.value(.events, Events())
    market = try c.value(.market, Market())
    patienceDays = try c.value(.patienceDays, Distribution.constant(5))
  }
}

/// Inbound leads: a Poisson stream with monthly seasonality.
public struct Inbound: Decodable, Sendable {
  public var enabled = false
  public var perMonth = 0.0
  /// Twelve multipliers, January first; empty means flat.
  public var seasonality: [Double] = []
  public var segmentMix: [SegmentShare] = []
  enum CodingKeys: String, CodingKey {
    case enabled, seasonality
    case perMonth = "per_month"
    case segmentMix = "segment_mix"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    perMonth = try c.decode(Double.self, forKey: .perMonth)
    seasonality = try c.value(.seasonality, [])
    segmentMix = try c.value(.segmentMix, [])
  }
}

/// Outbound leads: calls left over after the pipeline's calls, each connecting with a rate.
public struct Outbound: Decodable, Sendable {
  public var enabled = false
  public var contactRate = 0.0
  public var segmentMix: [SegmentShare] = []
  enum CodingKeys: String, CodingKey {
    case enabled
    case contactRate = "contact_rate"
    case segmentMix = "segment_mix"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    contactRate = try c.decode(Double.self, forKey: .contactRate)
    segmentMix = try c.value(.segmentMix, [])
  }
}

/// Referral leads: each client refers at a rate per month.
public struct Referrals: Decodable, Sendable {
  public var enabled = false
  public var perClientPerMonth = 0.0
  public var segmentMix: [SegmentShare] = []
  enum CodingKeys: String, CodingKey {
    case enabled
    case perClientPerMonth = "per_client_per_month"
    case segmentMix = "segment_mix"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    perClientPerMonth = try c.decode(Double.self, forKey: .perClientPerMonth)
    segmentMix = try c.value(.segmentMix, [])
  }
}

/// A conference or exhibition bringing a batch of leads on the first working day of a month.
public struct EventBatch: Decodable, Sendable {
  public var month: Int
  public var leads: Int
  enum CodingKeys: String, CodingKey { case month, leads }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    month = try c.decode(Int.self, forKey: .month)
    leads = try c.decode(Int.self, forKey: .leads)
  }
}

/// Event leads: batches on dates.
public struct Events: Decodable, Sendable {
  public var enabled = false
  public var batches: [EventBatch] = []
  public var segmentMix: [SegmentShare] = []
  enum CodingKeys: String, CodingKey {
    case enabled, batches
    case segmentMix = "segment_mix"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    batches = try c.value(.batches, [])
    segmentMix = try c.value(.segmentMix, [])
  }
}

/// The number of prospects of a segment in a finite market.
public struct MarketSize: Decodable, Sendable {
  public var segment: String
  public var prospects: Int
  enum CodingKeys: String, CodingKey { case segment, prospects }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    segment = try c.decode(String.self, forKey: .segment)
    prospects = try c.decode(Int.self, forKey: .prospects)
  }
}

/// A finite market: arrivals thin as prospects are used up; a lost prospect returns after a cooling-off.
public struct Market: Decodable, Sendable {
  public var enabled = false
  public var sizes: [MarketSize] = []
  public var coolingOffDays = 126
  enum CodingKeys: String, CodingKey {
    case enabled, sizes
    case coolingOffDays = "cooling_off_days"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    sizes = try c.value(.sizes, [])
    coolingOffDays = try c.value(.coolingOffDays, 126)
  }
}

/// How a new lead finds its manager.
public enum RoutingPolicy: String, Decodable, Sendable {
  case roundRobin = "round_robin"
  case leastLoaded = "least_loaded"
  case mostSeniorFirst = "most_senior_first"
}

/// Routing of leads to eligible managers.
public struct Routing: Decodable, Sendable {
  public var policy: RoutingPolicy = .roundRobin
  enum CodingKeys: String, CodingKey { case policy }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    policy = try c.value(.policy, RoutingPolicy.roundRobin)
  }
}

/// How a won deal turns into revenue.
public enum RevenueModel: String, Decodable, Sendable {
  case recurring
  case oneOff = "one_off"
}

/// Clients after the sale.
public struct Portfolio: Decodable, Sendable {
  public var enabled = false
  public var revenue: RevenueModel = .recurring
  public var contractMonths = 12
  public var renewalProbability = 0.8
  public var upsellProbabilityPerMonth = 0.0
  public var upsellUplift = 0.0
  public var repeatOrderProbabilityPerMonth = 0.0
  public var repeatOrderShare = 0.0
  public var churnEnabled = true
  public var reassignmentChurnShock = 0.0
  public var service = Service()
  public var escalation = Escalation()

  enum CodingKeys: String, CodingKey {
    case enabled, revenue, service, escalation
    case contractMonths = "contract_months"
    case renewalProbability = "renewal_probability"
    case upsellProbabilityPerMonth = "upsell_probability_per_month"
    case upsellUplift = "upsell_uplift"
    case repeatOrderProbabilityPerMonth = "repeat_order_probability_per_month"
    case repeatOrderShare = "repeat_order_share"
    case churnEnabled = "churn_enabled"
    case reassignmentChurnShock = "reassignment_churn_shock"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    revenue = try c.value(.revenue, RevenueModel.recurring)
    contractMonths = try c.value(.contractMonths, 12)
    renewalProbability = try c.value(.renewalProbability, 0.8)
    upsellProbabilityPerMonth = try c.value(.upsellProbabilityPerMonth, 0)
    upsellUplift = try c.value(.upsellUplift, 0)
    repeatOrderProbabilityPerMonth = try c.value(.repeatOrderProbabilityPerMonth, 0)
    repeatOrderShare = try c.value(.repeatOrderShare, 0)
    churnEnabled = try c.value(.churnEnabled, true)
    reassignmentChurnShock = try c.value(.reassignmentChurnShock, 0)
    service = try c.value(.service, Service())
    escalation = try c.value(.escalation, Escalation())
  }
}

/// Service requests from clients, answered by their manager within an SLA.
public struct Service: Decodable, Sendable {
  public var enabled = false
  public var hoursPerRequest = 0.5
  /// A request answered this many working days or fewer after it arrived is within the SLA.
  public var slaDays = 1
  /// A request unanswered this long is abandoned (counted as a breach).
  public var abandonAfterDays = 20
  /// Churn hazard multiplier per unit of breach share: 1 + factor x share.
  public var breachChurnFactor = 1.0
  enum CodingKeys: String, CodingKey {
    case enabled
    case hoursPerRequest = "hours_per_request"
    case slaDays = "sla_days"
    case abandonAfterDays = "abandon_after_days"
    case breachChurnFactor = "breach_churn_factor"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    hoursPerRequest = try c.value(.hoursPerRequest, 0.5)
    slaDays = try c.value(.slaDays, 1)
    abandonAfterDays = try c.value(.abandonAfterDays, 20)
    breachChurnFactor = try c.value(.breachChurnFactor, 1)
  }
}

/// Requests handed on to a support team of limited capacity.
public struct Escalation: Decodable, Sendable {
  public var enabled = false
  public var share = 0.0
  public var capacityPerDay = 0
  public var costPerMonth = 0.0
  enum CodingKeys: String, CodingKey {
    case enabled, share
    case capacityPerDay = "capacity_per_day"
    case costPerMonth = "cost_per_month"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    share = try c.value(.share, 0.1)
    capacityPerDay = try c.value(.capacityPerDay, 10)
    costPerMonth = try c.value(.costPerMonth, 0)
  }
}

/// The length of a quota period.
public enum QuotaPeriod: String, Decodable, Sendable {
  case month, quarter, year
  var months: Int {
    switch self {
    case .month: 1
    case .quarter: 3
    case .year: 12
    }
  }
}

/// Quotas and the behaviour they cause.
public struct Quota: Decodable, Sendable {
  public var enabled = false
  public var period: QuotaPeriod = .month
  public var sandbagging = Sandbagging()
  enum CodingKeys: String, CodingKey { case enabled, period, sandbagging }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    period = try c.value(.period, QuotaPeriod.month)
    sandbagging = try c.value(.sandbagging, Sandbagging())
  }
}

/// Deals pushed into the next period once a share of the quota is reached.
public struct Sandbagging: Decodable, Sendable {
  public var enabled = false
  public var afterShare = 1.0
  enum CodingKeys: String, CodingKey {
    case enabled
    case afterShare = "after_share"
  }
  init() {}
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    enabled = try c.value(.enabled, true)
    afterShare = try c.value(.afterShare, 1)
  }
}
