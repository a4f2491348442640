internal import Stochastic

// docs/scenario-format.md, "Limits": the bounds every key must respect so that no arithmetic of
// the model can overflow, trap or become infinite, and the size estimate that keeps a run within
// the machine's memory and time.
#if canImport(Darwin)
  internal import Darwin
#else
  internal import Glibc
#endif

/// The largest run a scenario may ask for per replication; above it validation refuses the
/// scenario, naming the key that drives the size.
public struct SizeLimits: Hashable, Sendable {
  /// Estimated kernel events of one replication.
  public var maxEventsPerReplication: Double
  /// Estimated bytes of the state of one replication (managers, clients, leads in flight).
  public var maxBytesPerReplication: Double

  /// Sizes that fit a 24 GB, 2-core machine: about 1e10 events (hours of work) and 4 GB per
  /// replication, so two replications on two threads leave room for everything else.
  public static let `default` = SizeLimits(
    maxEventsPerReplication: 1e10, maxBytesPerReplication: 4e9)
  /// No size limit (`--allow-large`); the per-key bounds still apply.
  public static let unlimited = SizeLimits(
    maxEventsPerReplication: .infinity, maxBytesPerReplication: .infinity)

  /// The limits validation applies; commands set them for the scenarios they load.
  @TaskLocal public static var current = SizeLimits.default
}

/// One key's share of the estimated size of a replication.
public struct SizeContribution: Sendable {
  /// The key that drives this part of the size.
  public var path: ScenarioPath
  /// Kernel events this key adds per replication.
  public var events: Double
  /// Bytes of state this key adds per replication.
  public var bytes: Double
}

/// Bounds that no value of the key may cross (docs/scenario-format.md, "Limits").
enum KeyBound {
  /// Currency amounts (salaries, quotas, deal sizes, costs).
  static let money = 1e15
  /// Whole-number capacities per working day (calls, meetings, escalations).
  static let perDay = 100_000
  /// Managers of one level or one planned hire.
  static let managers = 10_000_000
  /// Initial clients per manager.
  static let clientsPerManager = 1_000_000
  /// Months (tenure, experience, contracts): a thousand years.
  static let months = 12_000
  /// Working days (durations, cooling-off).
  static let days = 1_000_000
  /// Multipliers (win, deal size, retention, attrition), and the largest of a share-like
  /// factor that may exceed 1.
  static let multiplier = 1_000.0
  /// A manager's skill spread (coefficient of variation): at 10 the median manager has 10% of
  /// the mean skill; beyond it a lognormal's sd outruns the distribution bound of 1000 × mean.
  static let skillSpread = 10.0
  /// Smallest non-zero probability or rate the model draws by inversion: below it the time to
  /// the next success is longer than any horizon.
  static let smallestRate = 1e-9
  /// Leads, prospects and requests: counts per month, batch or segment.
  static let count = 1e12
  /// Largest base-10 exponent of a client's value after its multipliers and upsells compound
  /// over the horizon: room is left for sums over clients, months and replications.
  static let valueExponent = 200.0
}

/// Bytes of the model's state per entity, rounded up from the struct sizes plus the indices
/// that point at them.
enum EntityBytes {
  static let manager = 512.0
  static let client = 128.0
  static let lead = 128.0
}

extension Scenario {
  /// Refuses values outside the documented bounds of their keys, products of values that
  /// would become infinite, and runs larger than ``SizeLimits/current``.
  func validateLimits(into report: inout ValidationReport) {
    func fail(_ path: ScenarioPath, _ value: Any, _ expected: String) {
      report.fail(path, value: "\(value)", expected: expected)
    }
    func atMost(_ path: ScenarioPath, _ v: Int, _ bound: Int, _ what: String) {
      if v > bound { fail(path, v, "\(what) of at most \(bound)") }
    }
    func atMost(_ path: ScenarioPath, _ v: Double, _ bound: Double, _ what: String) {
      if v > bound { fail(path, v, "\(what) of at most \(format(bound))") }
    }
    // A tiny positive rate is drawn through log(1 - p), which rounds to 0.
    func rate(_ path: ScenarioPath, _ v: Double) {
      if v > 0, v < KeyBound.smallestRate {
        fail(path, v, "0 or a rate of at least \(format(KeyBound.smallestRate))")
      }
    }
    func distribution(_ path: ScenarioPath, _ d: Distribution, upTo bound: Double, _ unit: String) {
      if let problem = d.magnitudeProblem(upTo: bound) {
        fail(path, d, "\(problem) (\(unit))")
      }
    }

    atMost(["replications"], replications, 100_000_000, "a number of replications")
    for (i, s) in segments.enumerated() {
      let p: ScenarioPath = ["segments", .index(i)]
      distribution(p + ["deal_size"], s.dealSize, upTo: KeyBound.money, "money")
      if let units = s.units { distribution(p + ["units"], units, upTo: KeyBound.count, "units") }
      if let price = s.pricePerUnit {
        atMost(p + ["price_per_unit"], price, KeyBound.money, "an amount")
      }
      atMost(p + ["onboarding_fee"], s.onboardingFee, KeyBound.money, "an amount")
      atMost(p + ["requests_per_month"], s.requestsPerMonth, 10_000, "requests per client a month")
    }
    for (r, role) in roles.enumerated() {
      for (j, seats) in role.headcount.enumerated() {
        atMost(
          ["roles", .index(r), "headcount", .index(j), "count"], seats.count, KeyBound.managers,
          "a headcount")
      }
    }
    for (i, l) in levels.enumerated() {
      let p: ScenarioPath = ["levels", .index(i)]
      atMost(p + ["headcount"], l.headcount, KeyBound.managers, "a headcount")
      distribution(p + ["tenure_months"], l.tenureMonths, upTo: Double(KeyBound.months), "months")
      if let e = l.experienceMonths {
        distribution(p + ["experience_months"], e, upTo: Double(KeyBound.months), "months")
      }
      if let salary = l.salaryPerMonth {
        atMost(p + ["salary_per_month"], salary, KeyBound.money, "an amount")
      }
      atMost(p + ["calls_per_day"], l.callsPerDay, KeyBound.perDay, "calls a day")
      atMost(p + ["meetings_per_day"], l.meetingsPerDay, KeyBound.perDay, "meetings a day")
      atMost(p + ["service_hours_per_day"], l.serviceHoursPerDay, 24, "hours a day")
      atMost(p + ["win_multiplier"], l.winMultiplier, KeyBound.multiplier, "a multiplier")
      atMost(p + ["skill_spread"], l.skillSpread, KeyBound.skillSpread, "a coefficient of variation")
      atMost(
        p + ["deal_size_multiplier"], l.dealSizeMultiplier, KeyBound.multiplier, "a multiplier")
      atMost(
        p + ["retention_multiplier"], l.retentionMultiplier, KeyBound.multiplier, "a multiplier")
      atMost(p + ["annual_quota"], l.annualQuota, KeyBound.money, "an amount")
      atMost(p + ["min_experience_months"], l.minExperienceMonths, KeyBound.months, "months")
      atMost(
        p + ["initial_clients"], l.initialClients, KeyBound.clientsPerManager, "clients per manager"
      )
      if let e = l.hireExperienceMonths {
        distribution(p + ["hire_experience_months"], e, upTo: Double(KeyBound.months), "months")
      }
    }
    for (i, s) in funnel.stages.enumerated() {
      let p: ScenarioPath = ["funnel", "stages", .index(i), "duration_days"]
      distribution(p, s.durationDays, upTo: Double(KeyBound.days), "working days")
    }
    if careers.attrition.enabled {
      atMost(
        ["careers", "attrition", "missed_quota_multiplier"],
        careers.attrition.missedQuotaMultiplier, KeyBound.multiplier, "a multiplier")
    }
    if careers.promotion.enabled {
      atMost(
        ["careers", "promotion", "attainment_threshold"], careers.promotion.attainmentThreshold,
        KeyBound.multiplier, "a share of quota")
    }
    if careers.hiring.enabled {
      distribution(
        ["careers", "hiring", "time_to_hire_days"], careers.hiring.timeToHireDays,
        upTo: Double(KeyBound.days), "working days")
    }
    for (i, h) in careers.plannedHires.enumerated() {
      atMost(
        ["careers", "planned_hires", .index(i), "count"], h.count, KeyBound.managers, "a headcount")
    }
    for (i, x) in careers.plannedExits.enumerated() {
      atMost(
        ["careers", "planned_exits", .index(i), "count"], x.count, KeyBound.managers, "a headcount")
    }
    if leads.inbound.enabled {
      atMost(["leads", "inbound", "per_month"], leads.inbound.perMonth, KeyBound.count, "leads")
      for (i, v) in leads.inbound.seasonality.enumerated() {
        atMost(
          ["leads", "inbound", "seasonality", .index(i)], v, KeyBound.multiplier, "a multiplier")
      }
    }
    if leads.outbound.enabled {
      rate(["leads", "outbound", "contact_rate"], leads.outbound.contactRate)
    }
    if leads.referrals.enabled {
      atMost(
        ["leads", "referrals", "per_client_per_month"], leads.referrals.perClientPerMonth, 1_000,
        "referrals per client a month")
    }
    if leads.events.enabled {
      for (i, b) in leads.events.batches.enumerated() {
        atMost(
          ["leads", "events", "batches", .index(i), "leads"], b.leads, Int(KeyBound.count),
          "leads")
      }
    }
    if leads.market.enabled {
      for (i, m) in leads.market.sizes.enumerated() {
        atMost(
          ["leads", "market", "sizes", .index(i), "prospects"], m.prospects, Int(KeyBound.count),
          "prospects")
      }
      atMost(
        ["leads", "market", "cooling_off_days"], leads.market.coolingOffDays, KeyBound.days,
        "working days")
    }
    distribution(
      ["leads", "patience_days"], leads.patienceDays, upTo: Double(KeyBound.days), "working days")
    if portfolio.enabled {
      atMost(["portfolio", "contract_months"], portfolio.contractMonths, KeyBound.months, "months")
      atMost(
        ["portfolio", "upsell_uplift"], portfolio.upsellUplift, KeyBound.multiplier, "a share")
      atMost(
        ["portfolio", "repeat_order_share"], portfolio.repeatOrderShare, KeyBound.multiplier,
        "a share")
      if portfolio.service.enabled {
        let h = portfolio.service.hoursPerRequest
        if h < 1e-3 || h > 1e4 {
          fail(
            ["portfolio", "service", "hours_per_request"], h,
            "a number of hours between 0.001 and 10000")
        }
        atMost(
          ["portfolio", "service", "sla_days"], portfolio.service.slaDays, KeyBound.days,
          "working days")
        atMost(
          ["portfolio", "service", "breach_churn_factor"], portfolio.service.breachChurnFactor,
          KeyBound.multiplier, "a multiplier")
      }
      if portfolio.escalation.enabled {
        rate(["portfolio", "escalation", "share"], portfolio.escalation.share)
        atMost(
          ["portfolio", "escalation", "capacity_per_day"], portfolio.escalation.capacityPerDay,
          KeyBound.perDay, "escalations a day")
        atMost(
          ["portfolio", "escalation", "cost_per_month"], portfolio.escalation.costPerMonth,
          KeyBound.money, "an amount")
      }
    }
    if quota.enabled, quota.sandbagging.enabled {
      atMost(
        ["quota", "sandbagging", "after_share"], quota.sandbagging.afterShare, KeyBound.multiplier,
        "a share of quota")
    }
    if let plan = planBookings { atMost(["plan_bookings"], plan, KeyBound.money, "an amount") }
    if money.enabled {
      atMost(["money", "overhead_per_month"], money.overheadPerMonth, KeyBound.money, "an amount")
    }
    guard report.isEmpty else { return }

    validateValueGrowth(into: &report)
    guard report.isEmpty else { return }
    validateSize(into: &report, limits: SizeLimits.current)
  }

  /// Refuses a client value that compounds past 1e200: the largest deal, times the largest
  /// deal-size multiplier, times an upsell every month and a repeat order, over the horizon.
  private func validateValueGrowth(into report: inout ValidationReport) {
    typealias Term = (path: ScenarioPath, exponent: Double)
    var terms: [Term] = []
    var deal: Term?
    for (i, s) in segments.enumerated() {
      var e = log10(max(s.dealSize.mean, 1))
      var key = "deal_size"
      if let units = s.units, let price = s.pricePerUnit {
        e = log10(max(units.mean, 1)) + log10(max(price, 1))
        key = "price_per_unit"
      }
      if e > deal?.exponent ?? -1 { deal = (["segments", .index(i), .key(key)], e) }
    }
    var multiplier: Term?
    for (i, l) in levels.enumerated() {
      let e = log10(max(l.dealSizeMultiplier, 1))
      if e > multiplier?.exponent ?? -1 {
        multiplier = (["levels", .index(i), "deal_size_multiplier"], e)
      }
    }
    if let deal { terms.append(deal) }
    if let multiplier { terms.append(multiplier) }
    if portfolio.enabled {
      let upsell = Double(horizonMonths) * log10(1 + max(portfolio.upsellUplift, 0))
      terms.append((["portfolio", "upsell_uplift"], upsell))
      terms.append(
        (["portfolio", "repeat_order_share"], log10(max(portfolio.repeatOrderShare, 1))))
    }
    let exponent = terms.reduce(0.0) { $0 + $1.exponent }
    guard exponent > KeyBound.valueExponent,
      let blamed = terms.max(by: { $0.exponent < $1.exponent })
    else {
      return
    }
    report.fail(
      blamed.path, value: nil,
      expected:
        "values whose product stays finite: a client's value could reach 1e\(Int(exponent)) (deal size x deal_size_multiplier x (1 + upsell_uplift)^horizon_months x repeat_order_share; at most 1e\(Int(KeyBound.valueExponent)))"
    )
  }

  /// Every size key's share of the events and memory of one replication.
  public var sizeContributions: [SizeContribution] {
    let months = Double(horizonMonths)
    let dpm =
      calendar.startDate == nil
      ? Double(min(max(calendar.daysPerMonth, 1), 31)) : calendar.meanWorkingDaysPerMonth.rounded(.up)
    let stages = Double(max(funnel.stages.count, 1))
    // A lead is won with the product of the stage probabilities; it then stays a client.
    let winShare = funnel.stages.reduce(1.0) { $0 * min(max($1.probability, 0), 1) }
    var out: [SizeContribution] = [
      .init(path: ["horizon_months"], events: months * dpm * 3, bytes: 0)
    ]
    // Leads over the whole horizon: each fires one event per stage, some become clients, and
    // about a month's worth is in flight at once.
    func addLeads(_ path: ScenarioPath, perMonth: Double) {
      let total = perMonth * months
      out.append(
        .init(
          path: path, events: total * stages,
          bytes: perMonth * EntityBytes.lead + total * winShare * EntityBytes.client))
    }
    var managers = 0.0
    var clients = 0.0
    // With roles a level's managers are its roles' seats (5.6).
    let headcounts = withRoleHeadcounts().levels.map(\.headcount)
    for (i, l) in levels.enumerated() {
      let headcount = Double(max(headcounts[i], 0))
      managers += headcount
      let initial = headcount * Double(max(l.initialClients, 0))
      clients += initial
      out.append(
        .init(
          path: ["levels", .index(i), "headcount"], events: 0,
          bytes: headcount * EntityBytes.manager))
      out.append(
        .init(
          path: ["levels", .index(i), "initial_clients"], events: 0,
          bytes: initial * EntityBytes.client))
      if leads.outbound.enabled {
        let calls = headcount * Double(max(l.callsPerDay, 0)) * dpm
        addLeads(
          ["levels", .index(i), "headcount"], perMonth: calls * leads.outbound.contactRate)
      }
    }
    for (i, h) in careers.plannedHires.enumerated() {
      let count = Double(max(h.count, 0))
      managers += count
      out.append(
        .init(
          path: ["careers", "planned_hires", .index(i), "count"], events: count,
          bytes: count * EntityBytes.manager))
    }
    if careers.hiring.enabled || careers.attrition.enabled {
      // Departures and replacements: at most one of each per manager a month.
      out.append(.init(path: ["levels"], events: managers * months * 2, bytes: 0))
    }
    if leads.inbound.enabled {
      let peak = max(leads.inbound.seasonality.max() ?? 1, 1)
      addLeads(["leads", "inbound", "per_month"], perMonth: leads.inbound.perMonth * peak)
    }
    if leads.referrals.enabled {
      addLeads(
        ["leads", "referrals", "per_client_per_month"],
        perMonth: clients * leads.referrals.perClientPerMonth * 2)
    }
    if leads.events.enabled {
      for (i, b) in leads.events.batches.enumerated() {
        let n = Double(max(b.leads, 0))
        out.append(
          .init(
            path: ["leads", "events", "batches", .index(i), "leads"], events: n * stages,
            bytes: n * (EntityBytes.lead + winShare * EntityBytes.client)))
      }
    }
    for (i, l) in levels.enumerated() {
      // Opening deals: at most one lead more than the (possibly fractional) deals per manager.
      let perManager = l.openingPipeline.reduce(0.0) { $0 + max($1.deals, 0) + 1 }
      guard perManager > 1 || !l.openingPipeline.isEmpty else { continue }
      let n = Double(max(headcounts[i], 0)) * perManager
      out.append(
        .init(
          path: ["levels", .index(i), "opening_pipeline"], events: n * stages,
          bytes: n * (EntityBytes.lead + winShare * EntityBytes.client)))
    }
    if serviceDesk.enabled {
      // The desk's requests are not kernel events, but each costs about as much; the wait of
      // every answered one is kept for the P90, and a day's arrivals are held at once.
      for (i, c) in serviceDesk.channels.enumerated() {
        let fixed = max(c.requestsPerMonth, 0)
        let fromClients = max(c.requestsPerClientPerMonth, 0) * clients
        let perMonth = fixed + fromClients
        let total = perMonth * months
        let key: ScenarioPathComponent =
          fromClients > fixed ? "requests_per_client_per_month" : "requests_per_month"
        out.append(
          .init(
            path: ["service_desk", "channels", .index(i), key], events: total,
            bytes: total * 8 + perMonth / dpm * 40))
      }
    }
    return out
  }

  /// A rough upper estimate of the kernel events of one replication: days, funnel stages of
  /// every lead, careers.
  public var estimatedEventsPerReplication: Double {
    sizeContributions.reduce(0) { $0 + $1.events }
  }

  /// A rough estimate of the memory one replication holds, in bytes.
  public var estimatedBytesPerReplication: Double {
    sizeContributions.reduce(0) { $0 + $1.bytes }
  }

  private func validateSize(into report: inout ValidationReport, limits: SizeLimits) {
    // A key may drive several parts (a headcount: managers and their cold-call leads).
    var byKey: [String: SizeContribution] = [:]
    for c in sizeContributions {
      byKey[c.path.dotted, default: .init(path: c.path, events: 0, bytes: 0)].events += c.events
      byKey[c.path.dotted]!.bytes += c.bytes
    }
    let parts = byKey.values.sorted { $0.path.dotted < $1.path.dotted }
    let events = parts.reduce(0) { $0 + $1.events }
    let bytes = parts.reduce(0) { $0 + $1.bytes }
    if events > limits.maxEventsPerReplication, let key = parts.max(by: { $0.events < $1.events }) {
      report.fail(
        key.path, value: nil,
        expected:
          "a run of at most \(format(limits.maxEventsPerReplication)) events per replication; this one needs about \(format(events)), \(format(key.events)) of them from this key; refused (--allow-large runs it anyway)"
      )
    }
    if bytes > limits.maxBytesPerReplication, let key = parts.max(by: { $0.bytes < $1.bytes }) {
      report.fail(
        key.path, value: nil,
        expected:
          "a replication that fits in \(format(limits.maxBytesPerReplication / 1e9)) GB; this one needs about \(format(bytes / 1e9)) GB, \(format(key.bytes / 1e9)) GB of them from this key; refused (--allow-large runs it anyway)"
      )
    }
  }
}

extension Distribution {
  /// Why draws of this distribution could exceed `bound` on average or overflow an integer, if
  /// they could: every parameter within `bound` and a spread the sampler can compute.
  func magnitudeProblem(upTo bound: Double) -> String? {
    let m = mean
    if !(m.isFinite && abs(m) <= bound) {
      return "a mean of at most \(format(bound))"
    }
    switch self {
    case .lognormal(let mean, let sd):
      // sigma^2 = log(1 + (sd / mean)^2) must stay finite and draws below Int.max.
      if mean > 0, sd / mean > 1_000 {
        return "a standard deviation at most 1000 times the mean"
      }
    case .truncatedNormal(_, let sd, _, _):
      if sd > bound { return "a standard deviation of at most \(format(bound))" }
    case .uniform(_, let hi), .triangular(_, _, let hi):
      if hi > bound { return "a maximum of at most \(format(bound))" }
    case .weibull(let shape, _):
      if shape < 0.1 { return "a shape of at least 0.1" }
    case .gamma(let shape, _):
      if shape < 1e-3 { return "a shape of at least 0.001" }
    case .empirical(let values, _):
      if let hi = values.max(), hi > bound { return "values of at most \(format(bound))" }
    case .discrete(let weighted):
      if let hi = weighted.values.max(), hi > bound { return "values of at most \(format(bound))" }
    default:
      break
    }
    return nil
  }
}

/// A number as users write it in a scenario: `1e+15` as `1e15`, `24.0` as `24`.
private func format(_ x: Double) -> String {
  if x == x.rounded(), abs(x) < 1e7 { return String(Int(x)) }
  if x == x.rounded(), abs(x) < 1e300 {
    var exponent = 0
    var mantissa = abs(x)
    while mantissa >= 10 {
      mantissa /= 10
      exponent += 1
    }
    let digits = (mantissa * 10).rounded() / 10
    let m = digits == digits.rounded() ? String(Int(digits)) : String(digits)
    return (x < 0 ? "-" : "") + "\(m)e\(exponent)"
  }
  if abs(x) >= 1e7 { return format(x.rounded()) }
  // Three significant digits: "36.6", "0.0123".
  let scale = pow(10, 2 - floor(log10(abs(x))))
  return String((x * scale).rounded() / scale)
}
