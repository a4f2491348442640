/// The per-group counters of a replication, in schema order. Each group (the team, then each
/// level) has the same metrics; stage metrics follow, then the team-only metrics.
enum Metric: Int, CaseIterable {
  case leadsInbound, leadsOutbound, leadsReferral, leadsEvent
  case contacts, meetingsHeld, noShows, won, lost, winRate, salesCycleDays, pushedDeals
  case bookings, revenue
  case clientsStart, clientsEnd, clientsNew, clientsChurned, clientsTaken, churnRate
  case requests, responseTimeMean, responseTimeP90, withinSLA, abandonedRequests, escalations
  case utilisationCalls, utilisationMeetings, utilisationService
  case headcountStart, headcountEnd, hires, exits, promotions
  case salaryCost, commissionCost, costOfSales
  case quotaAttainmentMean, quotaAtOrAbove, rampedPeriods

  /// The number of cases, as a constant (`allCases` would build an array per use).
  static var count: Int { rampedPeriods.rawValue + 1 }

  var descriptor: (key: String, unit: String, label: String) {
    switch self {
    case .leadsInbound: ("leads_inbound", "count", "Inbound leads")
    case .leadsOutbound: ("leads_outbound", "count", "Outbound leads")
    case .leadsReferral: ("leads_referral", "count", "Referral leads")
    case .leadsEvent: ("leads_event", "count", "Event leads")
    case .contacts: ("contacts", "count", "First contacts")
    case .meetingsHeld: ("meetings_held", "count", "Meetings held")
    case .noShows: ("no_shows", "count", "No-shows")
    case .won: ("won", "count", "Deals won")
    case .lost: ("lost", "count", "Deals lost")
    case .winRate: ("win_rate", "share", "Win rate (won / closed)")
    case .salesCycleDays: ("sales_cycle_days", "days", "Sales cycle, mean")
    case .pushedDeals: ("pushed_deals", "count", "Deals pushed to the next period")
    case .bookings: ("bookings", "RUB", "Bookings")
    case .revenue: ("revenue", "RUB", "Revenue")
    case .clientsStart: ("clients_start", "count", "Clients at start")
    case .clientsEnd: ("clients_end", "count", "Clients at end")
    case .clientsNew: ("clients_new", "count", "New clients")
    case .clientsChurned: ("clients_churned", "count", "Clients churned")
    case .clientsTaken: ("clients_taken", "count", "Clients taken by departing managers")
    case .churnRate: ("churn_rate", "share", "Churn per client-month")
    case .requests: ("requests", "count", "Service requests")
    case .responseTimeMean: ("response_time_mean", "days", "Response time, mean")
    case .responseTimeP90: ("response_time_p90", "days", "Response time, P90")
    case .withinSLA: ("within_sla_share", "share", "Requests within SLA")
    case .abandonedRequests: ("abandoned_requests", "count", "Requests abandoned")
    case .escalations: ("escalations", "count", "Requests escalated")
    case .utilisationCalls: ("utilisation_calls", "share", "Call capacity used")
    case .utilisationMeetings: ("utilisation_meetings", "share", "Meeting slots used")
    case .utilisationService: ("utilisation_service", "share", "Service hours used")
    case .headcountStart: ("headcount_start", "count", "Headcount at start")
    case .headcountEnd: ("headcount_end", "count", "Headcount at end")
    case .hires: ("hires", "count", "Hires")
    case .exits: ("exits", "count", "Exits")
    case .promotions: ("promotions", "count", "Promotions into the level")
    case .salaryCost: ("salary_cost", "RUB", "Salaries")
    case .commissionCost: ("commission_cost", "RUB", "Commissions")
    case .costOfSales: ("cost_of_sales", "RUB", "Cost of sales")
    case .quotaAttainmentMean:
      ("quota_attainment_mean", "share", "Quota attainment, mean of ramped periods")
    case .quotaAtOrAbove:
      ("quota_attainment_at_or_above", "share", "Ramped manager-periods at or above quota")
    case .rampedPeriods: ("ramped_periods", "count", "Ramped manager-periods")
    }
  }
}

/// Metrics reported for the team only.
enum TeamMetric: Int, CaseIterable {
  case leadsIn, leadsExpired, leadsOpenEnd, marketRejected, escalationWait, supportCost, teamPlan,
    planReached

  /// The number of cases, as a constant.
  static var count: Int { planReached.rawValue + 1 }

  var descriptor: (key: String, unit: String, label: String) {
    switch self {
    case .leadsIn: ("leads_in", "count", "Leads in")
    case .leadsExpired: ("leads_expired", "count", "Leads lost waiting for a manager")
    case .leadsOpenEnd: ("leads_open_end", "count", "Leads open at the end")
    case .marketRejected:
      ("market_exhausted_arrivals", "count", "Arrivals that found no prospect left")
    case .escalationWait: ("escalation_wait_mean", "days", "Wait for support, mean")
    case .supportCost: ("support_cost", "RUB", "Support team cost")
    case .teamPlan: ("team_plan", "RUB", "Team bookings plan")
    case .planReached: ("team_plan_reached", "share", "Team reached its plan (0/1)")
    }
  }
}

/// Per-group sums that become means and shares at the end.
enum Aux: Int, CaseIterable {
  case cycleSum, answered, responseSum, withinSLA, callsUsed, callsAvailable, meetingsUsed,
    meetingsAvailable, serviceUsed, serviceAvailable, exposure, attainmentSum, atOrAbove

  /// The number of cases, as a constant (`allCases` would build an array per use).
  static var count: Int { atOrAbove.rawValue + 1 }
}

/// Where each value sits in a ``ReplicationOutcome``.
struct MetricLayout: Sendable {
  let groups: [String]
  let stages: [String]
  let schema: OutcomeSchema
  var perGroup: Int { Metric.count + 2 * stages.count }

  init(levels: [String], stages: [String]) {
    groups = ["team"] + levels
    self.stages = stages
    var scalars: [MetricDescriptor] = []
    for g in groups {
      for m in Metric.allCases {
        let d = m.descriptor
        scalars.append(MetricDescriptor(key: d.key, group: g, unit: d.unit, label: d.label))
      }
      for s in stages {
        scalars.append(
          MetricDescriptor(
            key: "reached_\(s)", group: g, unit: "count", label: "Leads reaching \(s)"))
      }
      for s in stages {
        scalars.append(
          MetricDescriptor(
            key: "conversion_\(s)", group: g, unit: "share", label: "Conversion of \(s)"))
      }
    }
    for m in TeamMetric.allCases {
      let d = m.descriptor
      scalars.append(MetricDescriptor(key: d.key, group: "team", unit: d.unit, label: d.label))
    }
    let series = [
      MetricDescriptor(key: "revenue", group: "team", unit: "RUB", label: "Revenue by month"),
      MetricDescriptor(key: "bookings", group: "team", unit: "RUB", label: "Bookings by month"),
      MetricDescriptor(key: "clients", group: "team", unit: "count", label: "Clients at month end"),
      MetricDescriptor(
        key: "headcount", group: "team", unit: "count", label: "Headcount at month end"),
    ]
    let samples = groups.map {
      MetricDescriptor(
        key: "quota_attainment", group: $0, unit: "share",
        label: "Quota attainment of ramped manager-periods")
    }
    schema = OutcomeSchema(scalars: scalars, series: series, samples: samples)
  }
}
