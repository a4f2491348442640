// The catalogue of metrics: every value a replication reports, its key, unit and label, how
// derived values are computed, and where each sits in a ``ReplicationOutcome`` (docs/model.md,
// section 11 "Outputs").
//
// Counts come from `CaseIterable`, so a case added to any enum here sizes every counter array.

/// What a metric is measured in.
///
/// Written in outputs by ``name``: `count`, `share` (0...1), `days`, the currency for money,
/// or `minutes` (working minutes of the service desk).
public enum MetricUnit: Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case count, share, days, money, minutes

  /// The currency of every amount of money in a scenario and its reports: deal sizes, salaries,
  /// quotas, bookings, revenue and costs.
  public static let currency = "RUB"

  /// The unit as written in reports and result files.
  public var name: String {
    switch self {
    case .count: "count"
    case .share: "share"
    case .days: "days"
    case .money: Self.currency
    case .minutes: "minutes"
    }
  }

  /// The unit written `name`, or nil when no unit is written so.
  public init?(name: String) {
    guard let unit = Self.allCases.first(where: { $0.name == name }) else { return nil }
    self = unit
  }

  public var description: String { name }

  /// Whether values the model reports in this unit are never negative: they count, sum
  /// amounts, or measure durations and shares.
  public var isNeverNegative: Bool {
    switch self {
    case .count, .share, .days, .money, .minutes: true
    }
  }

  /// The largest value a metric in this unit can take, if bounded (a share is at most 1).
  public var upperBound: Double? { self == .share ? 1 : nil }
}

extension MetricUnit: Codable {
  /// Decodes the unit from its ``name``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let unit = MetricUnit(name: name) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "unknown unit '\(name)'")
    }
    self = unit
  }

  /// Encodes the unit as its ``name``.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }
}

/// A part of the model that a scenario can switch off (docs/model.md, section 14), named as
/// reports name it. A metric that needs a part that is off is always 0 or undefined, so reports
/// leave it out (section 11).
public enum ModelPart: String, Sendable, CaseIterable, Codable {
  case inbound, outbound, referrals, events
  case openingPipeline = "opening_pipeline"
  case market
  case noShow = "no_show"
  case portfolio, service, escalation, quota, sandbagging, promotion, attrition
  /// Planned hires that join as transfers (10.1), the only source of `clients_brought`.
  case transfers
  /// A team plan: `plan_bookings`, or the quotas.
  case plan
  /// The `money` section: commission rules, fees, collections, raises, overhead, cash (7.2, 9.6).
  case money
  /// Onboarding fees: a segment with an `onboarding_fee` above 0 (docs/model.md, 8.2).
  case onboarding
  /// Roles declared beside levels (docs/model.md, 2 and 5.6).
  case roles

  /// The parts `scenario` switches off, with those that need one that is off: referrals and
  /// service need the portfolio, escalation needs service, sandbagging needs quota.
  public static func off(in scenario: Scenario) -> Set<ModelPart> {
    let leads = scenario.leads
    let portfolio = scenario.portfolio
    let service = portfolio.enabled && portfolio.service.enabled
    let on: [ModelPart: Bool] = [
      .inbound: leads.inbound.enabled,
      .outbound: leads.outbound.enabled,
      .referrals: portfolio.enabled && leads.referrals.enabled,
      .events: leads.events.enabled,
      .openingPipeline: scenario.levels.contains { !$0.openingPipeline.isEmpty },
      .market: leads.market.enabled,
      .noShow: scenario.funnel.noShow.enabled,
      .portfolio: portfolio.enabled,
      .service: service,
      .escalation: service && portfolio.escalation.enabled,
      .quota: scenario.quota.enabled,
      .sandbagging: scenario.quota.enabled && scenario.quota.sandbagging.enabled,
      .promotion: scenario.careers.promotion.enabled,
      .attrition: scenario.careers.attrition.enabled,
      .transfers: scenario.careers.plannedHires.contains { $0.as == .transfer },
      .plan: scenario.quota.enabled || scenario.planBookings != nil,
      .money: scenario.money.enabled,
      .onboarding: portfolio.enabled && scenario.segments.contains { $0.onboardingFee > 0 },
      .roles: !scenario.roles.isEmpty,
    ]
    return Set(allCases.filter { on[$0] == false })
  }
}

/// A metric reported for the team and for each level, in schema order. A counted metric is
/// added to by the events of the model; a derived one is computed from others at the end of a
/// replication (``derivation``).
public enum Metric: Int, CaseIterable, Sendable {
  case leadsInbound, leadsOutbound, leadsReferral, leadsEvent
  case leadsOpening
  case contacts, meetingsHeld, noShows, won, lost, winRate, salesCycleDays, pushedDeals
  case salesCycleDaysTotal, dealValueMean, dealValueMedian
  case bookings, revenue
  case clientsStart, clientsEnd, clientsNew, clientsChurned, clientsTaken, churnRate
  case clientMonths
  case requests, responseTimeMean, responseTimeP90, withinSLA, abandonedRequests, escalations
  case requestsAnswered, requestsWithinSLA, responseDaysTotal
  case utilisationCalls, utilisationMeetings, utilisationService
  case callsAvailable, callsWorked, callsCold, coldCallShare
  case meetingSlotsAvailable, meetingSlotsUsed, serviceHoursAvailable, serviceHoursUsed
  case headcountStart, headcountEnd, hires, exits
  case salaryCost, commissionCost, costOfSales
  case quotaAttainmentMean, quotaAtOrAbove, rampedPeriods
  case quotaAttainmentTotal, rampedPeriodsAtQuota, rampedPeriodsWithoutBookings, zeroBookingShare
  // Careers (docs/model.md, 10.1 and 10.3).
  case promotionsIn, promotionsOut, openSeatsEnd, clientsBrought
  // Money (docs/model.md, 7.2 and 8.2).
  case onboardingRevenue, commissionForfeited
  // Roles (docs/model.md, 5.6).
  case handOffs, handOffCost

  /// The number of metrics of a group, before the stage metrics.
  static let count = allCases.count

  /// The machine name in outputs, e.g. `bookings`.
  public var key: String { entry.key }
  /// What the metric is measured in.
  public var unit: MetricUnit { entry.unit }
  /// A short human label, e.g. "Bookings".
  public var label: String { entry.label }

  private var entry: (key: String, unit: MetricUnit, label: String) {
    switch self {
    case .leadsInbound: ("leads_inbound", .count, "Inbound leads")
    case .leadsOutbound: ("leads_outbound", .count, "Outbound leads")
    case .leadsReferral: ("leads_referral", .count, "Referral leads")
    case .leadsEvent: ("leads_event", .count, "Event leads")
    case .leadsOpening: ("leads_opening", .count, "Opening deals")
    case .contacts: ("contacts", .count, "First contacts")
    case .meetingsHeld: ("meetings_held", .count, "Meetings held")
    case .noShows: ("no_shows", .count, "No-shows")
    case .won: ("won", .count, "Deals won")
    case .lost: ("lost", .count, "Deals lost")
    case .winRate: ("win_rate", .share, "Win rate (won / closed)")
    case .salesCycleDays: ("sales_cycle_days", .days, "Sales cycle, mean")
    case .pushedDeals: ("pushed_deals", .count, "Deals pushed to the next period")
    case .salesCycleDaysTotal: ("sales_cycle_days_total", .days, "Sales cycles, total")
    case .dealValueMean: ("deal_value_mean", .money, "Deal value, mean")
    case .dealValueMedian: ("deal_value_median", .money, "Deal value, median")
    case .bookings: ("bookings", .money, "Bookings")
    case .revenue: ("revenue", .money, "Revenue")
    case .clientsStart: ("clients_start", .count, "Clients at start")
    case .clientsEnd: ("clients_end", .count, "Clients at end")
    case .clientsNew: ("clients_new", .count, "New clients")
    case .clientsChurned: ("clients_churned", .count, "Clients churned")
    case .clientsTaken: ("clients_taken", .count, "Clients taken by departing managers")
    case .churnRate: ("churn_rate", .share, "Churn per client-month")
    case .clientMonths: ("client_months", .count, "Client-months")
    case .requests: ("requests", .count, "Service requests")
    case .responseTimeMean: ("response_time_mean", .days, "Response time, mean")
    case .responseTimeP90: ("response_time_p90", .days, "Response time, P90")
    case .withinSLA: ("within_sla_share", .share, "Requests within SLA")
    case .abandonedRequests: ("abandoned_requests", .count, "Requests abandoned")
    case .escalations: ("escalations", .count, "Requests escalated")
    case .requestsAnswered: ("requests_answered", .count, "Requests answered")
    case .requestsWithinSLA: ("requests_within_sla", .count, "Requests answered within SLA")
    case .responseDaysTotal: ("response_days_total", .days, "Response times, total")
    case .utilisationCalls: ("utilisation_calls", .share, "Share of calls worked on the pipeline")
    case .utilisationMeetings: ("utilisation_meetings", .share, "Share of meeting slots used")
    case .utilisationService: ("utilisation_service", .share, "Share of service hours used")
    case .callsAvailable: ("calls_available", .count, "Calls available")
    case .callsWorked: ("calls_worked", .count, "Calls worked on the pipeline")
    case .callsCold: ("calls_cold", .count, "Cold calls")
    case .coldCallShare: ("cold_call_share", .share, "Calls spent cold calling")
    case .meetingSlotsAvailable: ("meeting_slots_available", .count, "Meeting slots available")
    case .meetingSlotsUsed: ("meeting_slots_used", .count, "Meeting slots used")
    case .serviceHoursAvailable: ("service_hours_available", .count, "Service hours available")
    case .serviceHoursUsed: ("service_hours_used", .count, "Service hours used")
    case .headcountStart: ("headcount_start", .count, "Headcount at start")
    case .headcountEnd: ("headcount_end", .count, "Headcount at end")
    case .hires: ("hires", .count, "Hires")
    case .exits: ("exits", .count, "Exits")
    case .salaryCost: ("salary_cost", .money, "Salaries")
    case .commissionCost: ("commission_cost", .money, "Commissions")
    case .costOfSales: ("cost_of_sales", .money, "Cost of sales")
    case .quotaAttainmentMean:
      ("quota_attainment_mean", .share, "Quota attainment, mean of ramped periods")
    case .quotaAtOrAbove:
      ("quota_attainment_at_or_above", .share, "Ramped manager-periods at or above quota")
    case .rampedPeriods: ("ramped_periods", .count, "Ramped manager-periods")
    case .quotaAttainmentTotal:
      ("quota_attainment_total", .count, "Quota attainment, sum over ramped periods")
    case .rampedPeriodsAtQuota:
      ("ramped_periods_at_quota", .count, "Ramped manager-periods at or above quota")
    case .rampedPeriodsWithoutBookings:
      ("ramped_periods_without_bookings", .count, "Ramped manager-periods without bookings")
    case .zeroBookingShare:
      ("zero_booking_share", .share, "Ramped manager-periods without bookings")
    case .promotionsIn: ("promotions_in", .count, "Promotions into the level")
    case .promotionsOut: ("promotions_out", .count, "Promotions out of the level")
    case .openSeatsEnd: ("open_seats_end", .count, "Open seats at end")
    case .clientsBrought: ("clients_brought", .count, "Clients brought by transfers")
    case .onboardingRevenue: ("onboarding_revenue", .money, "Onboarding fees billed")
    case .commissionForfeited:
      ("commission_forfeited", .money, "Commission forfeited by managers who left")
    case .handOffs: ("hand_offs", .count, "Leads handed off to another role")
    case .handOffCost: ("hand_off_cost", .money, "Hand-off fees")
    }
  }

  /// The parts the metric needs, the broadest first: with any of them off it is always 0 or
  /// undefined.
  public var parts: [ModelPart] {
    switch self {
    case .leadsInbound: [.inbound]
    case .leadsOutbound, .callsCold, .coldCallShare: [.outbound]
    case .leadsReferral: [.portfolio, .referrals]
    case .leadsEvent: [.events]
    case .leadsOpening: [.openingPipeline]
    case .noShows: [.noShow]
    case .pushedDeals: [.quota, .sandbagging]
    case .revenue, .clientsStart, .clientsEnd, .clientsNew, .clientsChurned, .churnRate,
      .clientMonths:
      [.portfolio]
    case .clientsTaken: [.portfolio, .attrition]
    case .clientsBrought: [.portfolio, .transfers]
    case .requests, .responseTimeMean, .responseTimeP90, .withinSLA, .abandonedRequests,
      .requestsAnswered, .requestsWithinSLA, .responseDaysTotal, .utilisationService,
      .serviceHoursAvailable, .serviceHoursUsed:
      [.portfolio, .service]
    case .escalations: [.portfolio, .service, .escalation]
    case .quotaAttainmentMean, .quotaAtOrAbove, .rampedPeriods, .quotaAttainmentTotal,
      .rampedPeriodsAtQuota, .rampedPeriodsWithoutBookings, .zeroBookingShare:
      [.quota]
    case .promotionsIn, .promotionsOut, .openSeatsEnd: [.promotion]
    case .onboardingRevenue: [.portfolio, .onboarding]
    case .commissionForfeited: [.money]
    case .handOffs, .handOffCost: [.roles]
    default: []
    }
  }

  /// How the metric is computed at the end of a replication; `.counted` for one the events add
  /// to directly. A ratio names its numerator and denominator, so that reports pool them over
  /// replications (docs/statistics.md, "Ratios across replications").
  public var derivation: Derivation {
    switch self {
    case .winRate: .ratio(.won, over: [.won, .lost])
    case .salesCycleDays: .ratio(.salesCycleDaysTotal, over: [.won])
    case .dealValueMean: .ratio(.bookings, over: [.won])
    case .dealValueMedian: .computed(definedWhen: .won)
    case .churnRate: .ratio(.clientsChurned, over: [.clientMonths])
    case .responseTimeMean: .ratio(.responseDaysTotal, over: [.requestsAnswered])
    case .responseTimeP90: .computed(definedWhen: .requestsAnswered)
    case .withinSLA: .ratio(.requestsWithinSLA, over: [.requestsAnswered, .abandonedRequests])
    case .utilisationCalls: .ratio(.callsWorked, over: [.callsAvailable])
    case .coldCallShare: .ratio(.callsCold, over: [.callsAvailable])
    case .utilisationMeetings: .ratio(.meetingSlotsUsed, over: [.meetingSlotsAvailable])
    case .utilisationService: .ratio(.serviceHoursUsed, over: [.serviceHoursAvailable])
    case .costOfSales: .computed(definedWhen: nil)
    case .quotaAttainmentMean: .ratio(.quotaAttainmentTotal, over: [.rampedPeriods])
    case .quotaAtOrAbove: .ratio(.rampedPeriodsAtQuota, over: [.rampedPeriods])
    case .zeroBookingShare: .ratio(.rampedPeriodsWithoutBookings, over: [.rampedPeriods])
    default: .counted
    }
  }
}

/// How a ``Metric`` gets its value.
public enum Derivation: Sendable, Equatable {
  /// Added to by the events of the model.
  case counted
  /// `numerator / (sum of the denominator metrics)` of the same group. Within a replication it
  /// is undefined when that sum is 0 (the outcome then holds 0; reports leave it out); across
  /// replications it is the pooled ratio of the sums.
  case ratio(Metric, over: [Metric])
  /// Computed at the end of a replication by a rule of its own (a percentile, a median, a cost
  /// that includes team-only parts): see `Replication.finish()`. Defined in a replication when
  /// `definedWhen` is nil or that metric is above 0.
  case computed(definedWhen: Metric?)
}

/// The metrics of each stage of the funnel, for the team and each level, after the
/// ``Metric``s of the group: every stage's `reached_`, then `outcomes_`, `successes_` and `conversion_`.
public enum StageMetric: Int, CaseIterable, Sendable {
  /// Leads that entered the stage (docs/model.md, section 5.4).
  case reached
  /// Outcomes drawn at the stage (section 7.1).
  case outcomes
  /// Outcomes that moved the lead on (or won it, at the last stage).
  case successes
  /// Successes over outcomes of the stage (section 7.1).
  case conversion

  /// The key of this metric for the stage named `stage`, e.g. `reached_meeting`.
  public func key(_ stage: String) -> String { prefix + stage }

  /// The stage a key of this metric names, or nil when the key is not one of them.
  public func stage(inKey key: String) -> String? {
    key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : nil
  }

  /// The label for the stage named `stage`.
  public func label(_ stage: String) -> String {
    switch self {
    case .reached: "Leads reaching \(stage)"
    case .outcomes: "Outcomes of \(stage)"
    case .successes: "Successes of \(stage)"
    case .conversion: "Conversion of \(stage)"
    }
  }

  /// What the metric is measured in.
  public var unit: MetricUnit { self == .conversion ? .share : .count }

  /// The numerator and denominator of a ratio of the same stage and group, nil for a count.
  public var ratio: (numerator: StageMetric, denominator: StageMetric)? {
    self == .conversion ? (.successes, .outcomes) : nil
  }

  private var prefix: String {
    switch self {
    case .reached: "reached_"
    case .outcomes: "outcomes_"
    case .successes: "successes_"
    case .conversion: "conversion_"
    }
  }
}

/// Metrics reported for the team only, after every group's metrics.
public enum TeamMetric: Int, CaseIterable, Sendable {
  case leadsIn, leadsExpired, leadsOpenEnd, marketRejected, escalationsAnswered,
    escalationWaitTotal, escalationWait, supportCost, teamPlan, planReached
  // Money (docs/model.md, 9.6).
  case paymentFees, overheadCost, cashIn, cashOut

  /// The number of team-only metrics.
  static let count = allCases.count

  /// The machine name in outputs, e.g. `team_plan_reached`.
  public var key: String { entry.key }
  /// What the metric is measured in.
  public var unit: MetricUnit { entry.unit }
  /// A short human label.
  public var label: String { entry.label }

  private var entry: (key: String, unit: MetricUnit, label: String) {
    switch self {
    case .leadsIn: ("leads_in", .count, "Leads in")
    case .leadsExpired: ("leads_expired", .count, "Leads lost waiting for a manager")
    case .leadsOpenEnd: ("leads_open_end", .count, "Leads open at the end")
    case .marketRejected:
      ("market_exhausted_arrivals", .count, "Arrivals that found no prospect left")
    case .escalationsAnswered: ("escalations_answered", .count, "Escalations answered")
    case .escalationWaitTotal: ("escalation_wait_total", .days, "Waits for support, total")
    case .escalationWait: ("escalation_wait_mean", .days, "Wait for support, mean")
    case .supportCost: ("support_cost", .money, "Support team cost")
    case .teamPlan: ("team_plan", .money, "Team bookings plan")
    case .planReached: ("team_plan_reached", .share, "Team reached its plan (0/1)")
    case .paymentFees: ("payment_fees", .money, "Payment-processing fees")
    case .overheadCost: ("overhead_cost", .money, "Fixed overhead")
    case .cashIn: ("cash_in", .money, "Cash in")
    case .cashOut: ("cash_out", .money, "Cash out")
    }
  }

  /// The parts the metric needs (see ``Metric/parts``).
  public var parts: [ModelPart] {
    switch self {
    case .marketRejected: [.market]
    case .escalationsAnswered, .escalationWaitTotal, .escalationWait, .supportCost:
      [.portfolio, .service, .escalation]
    case .teamPlan, .planReached: [.plan]
    case .leadsIn, .leadsExpired, .leadsOpenEnd: []
    case .paymentFees: [.money, .portfolio]
    case .overheadCost, .cashIn, .cashOut: [.money]
    }
  }

  /// The numerator and denominator of a team-only ratio, nil for a count or an amount.
  public var ratio: (numerator: TeamMetric, denominator: TeamMetric)? {
    self == .escalationWait ? (.escalationWaitTotal, .escalationsAnswered) : nil
  }
}

/// Monthly series, in schema order: one value per month of the horizon. Every series is
/// recorded for the team; those in ``perLevel`` also for every level, after the team's.
public enum SeriesMetric: Int, CaseIterable, Sendable {
  case revenue, bookings, clients, headcount, won
  // docs/model.md, 9.6: commission paid, salaries, and cash.
  case commission, salary, cashIn, cashOut, cashCumulative

  /// The series recorded for every level as well, in the order of each level's group.
  public static let perLevel: [SeriesMetric] = [
    .won, .bookings, .revenue, .commission, .salary, .headcount,
  ]

  /// The machine name in outputs, e.g. `revenue`.
  public var key: String { entry.key }
  /// What the series is measured in.
  public var unit: MetricUnit { entry.unit }
  /// A short human label.
  public var label: String { entry.label }

  /// The parts the series needs (see ``Metric/parts``).
  public var parts: [ModelPart] {
    switch self {
    case .revenue, .clients: [.portfolio]
    case .bookings, .headcount, .won, .commission, .salary: []
    case .cashIn, .cashOut, .cashCumulative: [.money]
    }
  }

  private var entry: (key: String, unit: MetricUnit, label: String) {
    switch self {
    case .revenue: ("revenue", .money, "Revenue by month")
    case .bookings: ("bookings", .money, "Bookings by month")
    case .clients: ("clients", .count, "Clients at month end")
    case .headcount: ("headcount", .count, "Headcount at month end")
    case .won: ("won", .count, "Deals won by month")
    case .commission: ("commission", .money, "Commission paid by month")
    case .salary: ("salary", .money, "Salaries by month")
    case .cashIn: ("cash_in", .money, "Cash in by month")
    case .cashOut: ("cash_out", .money, "Cash out by month")
    case .cashCumulative: ("cash_cumulative", .money, "Cumulative net cash at month end")
    }
  }
}

/// Bags of observations pooled across replications, one per group (team, then each level).
public enum SampleMetric: Int, CaseIterable, Sendable {
  /// The attainment of every ramped manager-period (docs/model.md, section 9).
  case quotaAttainment

  /// The machine name in outputs.
  public var key: String { "quota_attainment" }
  /// What the observations are measured in.
  public var unit: MetricUnit { .share }
  /// A short human label.
  public var label: String { "Quota attainment of ramped manager-periods" }
  /// The parts the sample needs (see ``Metric/parts``).
  public var parts: [ModelPart] { [.quota] }
}

/// Metrics computed from two others in each replication, so that analyses can compare them
/// pair by pair; not part of a replication's outcome.
public enum DerivedMetric: String, CaseIterable, Sendable {
  /// Revenue minus cost of sales, for the team or a level.
  case margin

  /// The machine name analyses accept, e.g. `margin`.
  public var key: String { rawValue }
  /// What the metric is measured in.
  public var unit: MetricUnit { .money }
  /// A short human label: what the figure is (revenue less salaries, commissions and support),
  /// not "margin", which a reader takes for a gross or net margin that it is not.
  public var label: String { "Revenue minus cost of sales" }
  /// The metric the difference starts from, and the one subtracted from it.
  public var terms: (minuend: Metric, subtrahend: Metric) { (.revenue, .costOfSales) }
}

/// Where each value sits in a ``ReplicationOutcome``: per group (the team, then each level)
/// the ``Metric``s, then each stage's ``StageMetric``s; after every group the ``TeamMetric``s.
struct MetricLayout: Sendable {
  /// The name of the group of the whole organisation.
  static let team = "team"

  let groups: [String]
  let stages: [String]
  /// The service desk's channels (docs/model.md, 8.5); empty when the desk is off.
  let deskChannels: [String]
  let schema: OutcomeSchema
  /// Values of one group: the metrics, then two per stage.
  let perGroup: Int

  /// The layout for `levels` and `stages`; a metric that needs a part in `off` is described
  /// as switched off (it keeps its slot, so the schema does not depend on the parts).
  /// `roles` are the declared roles' groups, after the levels' (none without roles).
  init(
    levels: [String], stages: [String], off: Set<ModelPart> = [], deskChannels: [String] = [],
    roles: [String] = []
  ) {
    groups = [Self.team] + levels + roles
    self.stages = stages
    self.deskChannels = deskChannels
    perGroup = Metric.count + StageMetric.allCases.count * stages.count
    func firstOff(_ parts: [ModelPart]) -> ModelPart? { parts.first { off.contains($0) } }
    var scalars: [MetricDescriptor] = []
    for g in groups {
      for m in Metric.allCases {
        scalars.append(
          MetricDescriptor(
            key: m.key, group: g, unit: m.unit, label: m.label, switchedOff: firstOff(m.parts)))
      }
      for kind in StageMetric.allCases {
        for s in stages {
          scalars.append(
            MetricDescriptor(key: kind.key(s), group: g, unit: kind.unit, label: kind.label(s)))
        }
      }
    }
    for m in TeamMetric.allCases {
      scalars.append(
        MetricDescriptor(
          key: m.key, group: Self.team, unit: m.unit, label: m.label,
          switchedOff: firstOff(m.parts)))
    }
    if !deskChannels.isEmpty {
      for m in DeskMetric.allCases {
        scalars.append(MetricDescriptor(key: m.key, group: Self.team, unit: m.unit, label: m.label))
      }
      for channel in deskChannels {
        for m in DeskChannelMetric.allCases {
          scalars.append(
            MetricDescriptor(
              key: m.key(channel), group: Self.team, unit: m.unit, label: m.label(channel)))
        }
      }
    }
    let series = SeriesMetric.allCases.map { (Self.team, $0) }
      + (levels + roles).flatMap { l in SeriesMetric.perLevel.map { (l, $0) } }
    let seriesDescriptors = series.map { g, m in
      MetricDescriptor(
        key: m.key, group: g, unit: m.unit, label: m.label, switchedOff: firstOff(m.parts))
    }
    let samples = groups.flatMap { g in
      SampleMetric.allCases.map {
        MetricDescriptor(
          key: $0.key, group: g, unit: $0.unit, label: $0.label, switchedOff: firstOff($0.parts))
      }
    }
    schema = OutcomeSchema(scalars: scalars, series: seriesDescriptors, samples: samples)
  }

  /// Values in an outcome: every group's, then the team-only metrics.
  var scalarCount: Int {
    groups.count * perGroup + TeamMetric.count
      + (deskChannels.isEmpty
        ? 0 : DeskMetric.allCases.count + deskChannels.count * DeskChannelMetric.allCases.count)
  }

  /// The offset of the service desk's `metric` (only when the desk is on).
  func offset(_ metric: DeskMetric) -> Int {
    groups.count * perGroup + TeamMetric.count + metric.rawValue
  }

  /// The offset of `metric` of the desk's channel `channel` (0-based, in file order).
  func offset(_ metric: DeskChannelMetric, channel: Int) -> Int {
    groups.count * perGroup + TeamMetric.count + DeskMetric.allCases.count
      + channel * DeskChannelMetric.allCases.count + metric.rawValue
  }

  /// The offset of `metric` of group `group` (0 the team, then each level).
  func offset(_ metric: Metric, group: Int) -> Int { group * perGroup + metric.rawValue }

  /// The offset of `kind` of stage `stage` of group `group`.
  func offset(_ kind: StageMetric, stage: Int, group: Int) -> Int {
    group * perGroup + Metric.count + kind.rawValue * stages.count + stage
  }

  /// The offset of a team-only metric.
  func offset(_ metric: TeamMetric) -> Int { groups.count * perGroup + metric.rawValue }

  /// The offset of the team's `series` among the outcome's series.
  func offset(_ series: SeriesMetric) -> Int { series.rawValue }

  /// The offset of `series` (one of ``SeriesMetric/perLevel``) of level `level` (0-based)
  /// among the outcome's series; the roles' groups follow the levels', so role `r` is
  /// `level` `levels + r`.
  func offset(_ series: SeriesMetric, level: Int) -> Int {
    SeriesMetric.allCases.count + level * SeriesMetric.perLevel.count
      + SeriesMetric.perLevel.firstIndex(of: series)!
  }

  /// The offset of `sample` of group `group` among the outcome's samples.
  func offset(_ sample: SampleMetric, group: Int) -> Int {
    group * SampleMetric.allCases.count + sample.rawValue
  }
}

/// Metrics of the service desk as a whole (docs/model.md, 8.5), reported for the team after
/// the ``TeamMetric``s, only when the desk is on.
public enum DeskMetric: Int, CaseIterable, Sendable {
  case busyMinutes, availableMinutes, utilisation, cost

  /// The machine name in outputs, e.g. `desk_utilisation`.
  public var key: String {
    switch self {
    case .busyMinutes: "desk_busy_minutes"
    case .availableMinutes: "desk_available_minutes"
    case .utilisation: "desk_utilisation"
    case .cost: "desk_cost"
    }
  }

  /// What the metric is measured in.
  public var unit: MetricUnit {
    switch self {
    case .busyMinutes, .availableMinutes: .minutes
    case .utilisation: .share
    case .cost: .money
    }
  }

  /// A short human label.
  public var label: String {
    switch self {
    case .busyMinutes: "Desk: response managers' minutes answering"
    case .availableMinutes: "Desk: response managers' working minutes"
    case .utilisation: "Desk: response manager utilisation"
    case .cost: "Desk: salaries of the response managers"
    }
  }

  /// The numerator and denominator of a ratio, nil for a count or an amount.
  public var ratio: (numerator: DeskMetric, denominator: DeskMetric)? {
    self == .utilisation ? (.busyMinutes, .availableMinutes) : nil
  }
}

/// Metrics of each channel of the service desk (docs/model.md, 8.5), after the
/// ``DeskMetric``s: channel after channel, each with every case in order. A key is
/// `desk_<channel>_<suffix>`; no suffix ends another, so a key names one channel.
public enum DeskChannelMetric: Int, CaseIterable, Sendable {
  case requests, answered, answeredWithinSLA, withinSLAShare, abandoned, waitingEnd, escalated
  case waitMinutesTotal, waitMean, waitP90

  /// The key of this metric for the channel named `channel`, e.g. `desk_phone_requests`.
  public func key(_ channel: String) -> String { "desk_\(channel)_\(suffix)" }

  /// The channel a key of this metric names, or nil when the key is not one of them.
  public func channel(inKey key: String) -> String? {
    let tail = "_" + suffix
    guard key.hasPrefix("desk_"), key.hasSuffix(tail), key.count > 5 + tail.count else {
      return nil
    }
    return String(key.dropFirst(5).dropLast(tail.count))
  }

  /// What the metric is measured in.
  public var unit: MetricUnit {
    switch self {
    case .requests, .answered, .answeredWithinSLA, .abandoned, .waitingEnd, .escalated: .count
    case .withinSLAShare: .share
    case .waitMinutesTotal, .waitMean, .waitP90: .minutes
    }
  }

  /// The label for the channel named `channel`.
  public func label(_ channel: String) -> String {
    switch self {
    case .requests: "Desk \(channel): requests"
    case .answered: "Desk \(channel): requests answered"
    case .answeredWithinSLA: "Desk \(channel): requests answered within the SLA"
    case .withinSLAShare: "Desk \(channel): share within the SLA"
    case .abandoned: "Desk \(channel): requests abandoned"
    case .waitingEnd: "Desk \(channel): requests waiting at the end"
    case .escalated: "Desk \(channel): requests escalated"
    case .waitMinutesTotal: "Desk \(channel): waits, total"
    case .waitMean: "Desk \(channel): wait, mean"
    case .waitP90: "Desk \(channel): wait, P90"
    }
  }

  /// The numerator and denominators of a ratio of the same channel, nil for a count.
  public var ratio: (numerator: DeskChannelMetric, over: [DeskChannelMetric])? {
    switch self {
    case .withinSLAShare: (.answeredWithinSLA, [.answered, .abandoned])
    case .waitMean: (.waitMinutesTotal, [.answered])
    default: nil
    }
  }

  /// For a figure of its own (the P90), the count that must be above 0 for it to exist.
  public var definedWhen: DeskChannelMetric? { self == .waitP90 ? .answered : nil }

  private var suffix: String {
    switch self {
    case .requests: "requests"
    case .answered: "answered"
    case .answeredWithinSLA: "answered_within_sla"
    case .withinSLAShare: "within_sla_share"
    case .abandoned: "abandoned"
    case .waitingEnd: "waiting_end"
    case .escalated: "escalated"
    case .waitMinutesTotal: "wait_minutes_total"
    case .waitMean: "wait_mean"
    case .waitP90: "wait_p90"
    }
  }
}
