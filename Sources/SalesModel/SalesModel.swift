internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// A scenario compiled for simulation: names resolved, tables precomputed. Immutable and
/// shared by every thread; each replication builds its own mutable state.
public struct SalesModel: Sendable {
  /// Plain values only (no strings or arrays), so reading one on the hot path is a copy of bytes.
  struct CompiledLevel: Sendable {
    var headcount: Int
    var tenureMonths: Distribution
    /// nil: experience at the start follows tenure (docs/model.md, section 3).
    var experienceMonths: Distribution?
    /// Seats `S_L` (docs/model.md, 10.3).
    var headcountPlan: Int
    var salaryPerDay: Double
    /// The monthly salary: with a start date a month's salary is spread over its `n_m` days.
    var salaryPerMonth: Double
    var calls: Int
    var meetings: Int
    var serviceHours: Double
    var win: Double
    /// A manager's skill factor at hire (docs/model.md, 7.1): nil when `skill_spread` is 0.
    var skill: Distribution?
    var dealSize: Double
    var retention: Double
    var maxPortfolio: Int
    var maxOpenLeads: Int
    /// Bit s set when the level may take segment s.
    var segmentMask: UInt64
    var commission: Double
    /// The annual quota over 12 (docs/model.md, section 9.4).
    var quotaPerMonth: Double
    var minExperience: Int
    var initialClients: Int
    var takesClients: Double
    /// FNV-1a of the level's name: keys its initial managers, so adding or removing another
    /// level leaves their luck alone.
    var nameKey: UInt64
    /// Experience of a hire who joins as new (10.1); nil: `minExperience`.
    var hireExperience: Distribution?
  }

  struct CompiledSegment: Sendable {
    var dealSize: Distribution
    var churn: Double
    var requestsPerDay: Double
    var requestsPerMonth: Double
    /// Units per deal and their price (docs/model.md, 8.2): nil draws `dealSize` instead.
    var units: Distribution?
    var pricePerUnit: Double
    var onboardingFee: Double

    /// A deal's contract value drawn from `stream`: units x price where the segment prices per
    /// unit, else the deal size; one draw either way.
    func drawValue(_ stream: RandomStream) -> Double {
      if let units { return units.sample(stream) * pricePerUnit }
      return dealSize.sample(stream)
    }
  }

  /// `segments[s].drawValue(stream)`, the same number, from the prepared draw.
  @inline(__always) func drawValue(segment s: Int, _ stream: RandomStream) -> Double {
    let x = valueDraws[s].sample(stream, segments[s].units ?? segments[s].dealSize)
    return valueInUnits[s] ? x * segments[s].pricePerUnit : x
  }

  /// A lead's patience in days, `leads.patience_days` drawn from `stream`.
  @inline(__always) func drawPatience(_ stream: RandomStream) -> Double {
    patienceDraw.sample(stream, scenario.leads.patienceDays)
  }

  /// The duration of stage `k` drawn from `stream`.
  @inline(__always) func drawDuration(stage k: Int, _ stream: RandomStream) -> Double {
    durationDraws[k].sample(stream, stages[k].duration)
  }

  /// One entry of a level's opening pipeline, its stage resolved (docs/model.md, section 3.1).
  struct CompiledOpening: Sendable {
    var stage: Int
    var deals: Double
    var age: Distribution
  }

  struct CompiledStage: Sendable {
    var probability: Double
    var duration: Distribution
    var uses: StageResource
  }

  /// Cumulative shares over segment indices, for drawing a lead's segment.
  struct Mix: Sendable {
    var cumulative: [Double]
    init(_ shares: [SegmentShare], segments: [Segment]) {
      var s = [Double](repeating: 0, count: segments.count)
      if shares.isEmpty {
        for i in s.indices { s[i] = 1 / Double(segments.count) }
      } else {
        for share in shares {
          if let i = segments.firstIndex(where: { $0.name == share.segment }) {
            s[i] += share.share
          }
        }
      }
      var acc = 0.0
      cumulative = s.map {
        acc += $0
        return acc
      }
      cumulative[cumulative.count - 1] = .infinity
    }
    @inline(__always) func segment(_ u: Double) -> Int {
      var i = 0
      while i < cumulative.count - 1 && u >= cumulative[i] { i += 1 }
      return i
    }
  }

  let scenario: Scenario
  /// The starting team's change against the file (docs/model.md, 10.1); ``StaffingAdjustment/none``
  /// for the file as written.
  public let staffing: StaffingAdjustment
  let levels: [CompiledLevel]
  /// Each level's opening pipeline, in file order.
  let openingPipeline: [[CompiledOpening]]
  /// Per level and stage, the days an opening deal has left in it when given (3.1).
  let openingRemaining: [[Distribution?]]
  let segments: [CompiledSegment]
  let stages: [CompiledStage]
  let inboundMix: Mix
  let outboundMix: Mix
  let referralMix: Mix
  let eventMix: Mix
  /// Inbound leads per working day by month of year.
  let inboundPerDay: [Double]
  /// Leads arriving in event batches, by month index (0-based).
  let eventLeadsByMonth: [Int]
  /// Planned hires by month index, in file order.
  let plannedHiresByMonth: [[(level: Int, count: Int, kind: HireKind, role: Int)]]
  /// Planned exits by month index, in file order (docs/model.md, 10.4).
  let plannedExitsByMonth: [[(level: Int, count: Int)]]
  /// Whether a promotion review ends each month of the year (index 0 is January).
  let reviewMonth: [Bool]
  /// Nobody works on these days of the year (index 0-based).
  let holidayOfYear: [Bool]
  let rampCurve: [Double]
  let marketSize: [Int]
  /// The finite market is on in list mode (docs/model.md, 5.5).
  let marketList: Bool
  let stageNames: [String]
  let layout: MetricLayout
  /// The roles compiled (docs/model.md, 2 and 5.6); one implicit role when none is declared.
  let roles: CompiledRoles
  /// log(1 - p) of the contact rate and of the escalation share, for the binomial draws of
  /// cold calls that connect and of answered requests that escalate, with their shortcut
  /// tables (up to the most calls, and requests answered, of a day).
  let coldCallContacts: FixedChanceBinomial
  let escalations: FixedChanceBinomial
  /// What every lead and stage reads, as plain numbers apart from the compiled segments and
  /// stages: reading an element of those copies its distributions (docs/performance.md,
  /// "Constant factor per event"). Per segment, the deal value's draw (the units' where the
  /// segment prices per unit, 8.2) and whether it is in units; per stage, the probability,
  /// the resource and the duration's draw; the patience of a lead.
  let valueDraws: [PreparedDistribution]
  let valueInUnits: [Bool]
  let stageProbability: [Double]
  let stageUses: [StageResource]
  let durationDraws: [PreparedDistribution]
  let patienceDraw: PreparedDistribution

  /// Working days in the horizon.
  let days: Int
  let daysPerMonth: Int
  let daysPerYear: Int
  /// The months of the horizon and their working days (docs/model.md, section 1).
  let calendar: ModelCalendar
  /// With a start date: inbound leads per working day of each month of the horizon.
  let inboundPerDayByMonth: [Double]

  /// The layout of every replication's outcome.
  public var schema: OutcomeSchema {
    var s = layout.schema
    s.monthLabels = calendar.monthLabels
    return s
  }
  /// Simulated months.
  public var horizonMonths: Int { scenario.horizonMonths }

  /// Compiles `scenario` with its starting team changed by `staffing` (the `staff` analysis
  /// passes each mix so, docs/model.md 10.1); throws when either is not valid.
  public init(scenario: Scenario, staffing: StaffingAdjustment = .none) throws {
    var report = ValidationReport()
    scenario.validate(into: &report)
    let staffingIssues = staffing.issues(for: scenario)
    if !report.isEmpty || !staffingIssues.isEmpty {
      throw ScenarioInvalid(issues: report.issues + staffingIssues)
    }
    // With roles, a level's managers at the start are those its roles list (2).
    let scenario = scenario.withRoleHeadcounts()
    self.scenario = scenario
    self.staffing = staffing
    let segs = scenario.segments
    let dpm = scenario.calendar.daysPerMonth
    daysPerMonth = dpm
    daysPerYear = 12 * dpm
    let calendar = ModelCalendar(scenario.calendar, months: scenario.horizonMonths)
    self.calendar = calendar
    days = calendar.days
    segments = segs.map {
      CompiledSegment(
        dealSize: $0.dealSize, churn: $0.churnPerMonth,
        requestsPerDay: $0.requestsPerMonth / Double(dpm), requestsPerMonth: $0.requestsPerMonth,
        units: $0.pricePerUnit == nil ? nil : $0.units, pricePerUnit: $0.pricePerUnit ?? 0,
        onboardingFee: $0.onboardingFee)
    }
    levels = scenario.levels.enumerated().map { index, l in
      var mask: UInt64 = 0
      for (i, s) in segs.enumerated() where l.segments?.contains(s.name) ?? true {
        mask |= 1 << UInt64(i)
      }
      return CompiledLevel(
        headcount: l.headcount, tenureMonths: l.tenureMonths,
        experienceMonths: l.experienceMonths, headcountPlan: l.headcountPlan ?? l.headcount,
        salaryPerDay: scenario.salaryPerMonth(ofLevel: index) / Double(dpm),
        salaryPerMonth: scenario.salaryPerMonth(ofLevel: index), calls: l.callsPerDay,
        meetings: l.meetingsPerDay,
        serviceHours: l.serviceHoursPerDay, win: l.winMultiplier,
        skill: l.skillSpread > 0 ? .lognormal(mean: 1, sd: l.skillSpread) : nil,
        dealSize: l.dealSizeMultiplier,
        retention: l.retentionMultiplier, maxPortfolio: l.maxPortfolio,
        maxOpenLeads: l.maxOpenLeads,
        segmentMask: mask, commission: l.commissionRate, quotaPerMonth: l.annualQuota / 12,
        minExperience: l.minExperienceMonths, initialClients: l.initialClients,
        takesClients: l.departingTakesClients,
        nameKey: l.name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 },
        hireExperience: l.hireExperienceMonths)
    }
    let stageIndex = Dictionary(
      scenario.funnel.stages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    openingPipeline = scenario.levels.map { l in
      l.openingPipeline.map {
        CompiledOpening(stage: stageIndex[$0.stage]!, deals: $0.deals, age: $0.ageDays)
      }
    }
    openingRemaining = scenario.levels.map { l in
      var left = [Distribution?](repeating: nil, count: scenario.funnel.stages.count)
      for o in l.openingPipeline { left[stageIndex[o.stage]!] = o.remainingDays }
      return left
    }
    stages = scenario.funnel.stages.map {
      CompiledStage(probability: $0.probability, duration: $0.durationDays, uses: $0.uses)
    }
    stageNames = scenario.funnel.stages.map(\.name)
    valueInUnits = segments.map { $0.units != nil }
    valueDraws = segments.map { PreparedDistribution($0.units ?? $0.dealSize) }
    stageProbability = stages.map(\.probability)
    stageUses = stages.map(\.uses)
    durationDraws = stages.map { PreparedDistribution($0.duration) }
    patienceDraw = PreparedDistribution(scenario.leads.patienceDays)
    let leads = scenario.leads
    inboundMix = Mix(leads.inbound.segmentMix, segments: segs)
    outboundMix = Mix(leads.outbound.segmentMix, segments: segs)
    referralMix = Mix(leads.referrals.segmentMix, segments: segs)
    eventMix = Mix(leads.events.segmentMix, segments: segs)
    inboundPerDay = (0..<12).map { m in
      guard leads.inbound.enabled else { return 0 }
      let season = leads.inbound.seasonality.isEmpty ? 1 : leads.inbound.seasonality[m]
      return leads.inbound.perMonth * season / Double(dpm)
    }
    inboundPerDayByMonth = (0..<(calendar.isDated ? scenario.horizonMonths : 0)).map { m in
      guard leads.inbound.enabled else { return 0 }
      let y = calendar.monthOfYear(m)
      let season = leads.inbound.seasonality.isEmpty ? 1 : leads.inbound.seasonality[y]
      return leads.inbound.perMonth * season / Double(calendar.monthLength(m))
    }
    var eventLeads = [Int](repeating: 0, count: scenario.horizonMonths)
    if leads.events.enabled { for b in leads.events.batches { eventLeads[b.month - 1] += b.leads } }
    eventLeadsByMonth = eventLeads
    var planned = [[(level: Int, count: Int, kind: HireKind, role: Int)]](
      repeating: [], count: scenario.horizonMonths)
    for h in scenario.careers.plannedHires {
      planned[h.month - 1].append(
        (
          scenario.levels.firstIndex { $0.name == h.level }!, h.count, h.as,
          scenario.roles.firstIndex { $0.name == h.role } ?? 0
        ))
    }
    plannedHiresByMonth = planned
    var exits = [[(level: Int, count: Int)]](repeating: [], count: scenario.horizonMonths)
    for x in scenario.careers.plannedExits {
      exits[x.month - 1].append((scenario.levels.firstIndex { $0.name == x.level }!, x.count))
    }
    plannedExitsByMonth = exits
    let promotion = scenario.careers.promotion
    reviewMonth = (1...12).map { promotion.enabled && promotion.reviewMonths.contains($0) }
    var holidays = [Bool](repeating: false, count: 12 * dpm)
    for h in scenario.calendar.holidays { holidays[h - 1] = true }
    holidayOfYear = holidays
    rampCurve = scenario.careers.ramp.enabled ? scenario.careers.ramp.curve : []
    marketSize = segs.map { s in
      guard leads.market.enabled else { return 0 }
      // -1: a segment the market does not list is unlimited.
      return leads.market.sizes.first { $0.segment == s.name }?.prospects ?? -1
    }
    marketList = leads.market.enabled && leads.market.mode == .list
    roles = CompiledRoles(scenario: scenario, levels: levels)
    // An alternate schedule gives a call day twice the calls (docs/model.md, 6).
    coldCallContacts = FixedChanceBinomial(
      logFailure: log1p(-min(leads.outbound.contactRate, 0.999_999_999)),
      maxTrials: 2 * (roles.calls.max() ?? 0))
    let hoursPerRequest = scenario.portfolio.service.hoursPerRequest
    escalations = FixedChanceBinomial(
      logFailure: log1p(-min(scenario.portfolio.escalation.share, 0.999_999_999)),
      maxTrials: hoursPerRequest > 0
        ? Int(min((roles.serviceHours.max() ?? 0) / hoursPerRequest + 1, 4096)) : 0)
    layout = MetricLayout(
      levels: scenario.levels.map(\.name), stages: stageNames, off: ModelPart.off(in: scenario),
      deskChannels: scenario.serviceDesk.enabled ? scenario.serviceDesk.channels.map(\.name) : [],
      roles: scenario.roles.map(\.name))
  }

  /// The attrition in force for managers of level `l` and role `role` (docs/model.md, 10.4):
  /// the role's own `time_to_exit_months`, else its own `attrition_annual_rate` (the hazard),
  /// then the same two of the level, else the team's `careers.attrition`; nothing when
  /// attrition is off.
  static func attrition(of l: Level, role: Role?, in team: Attrition) -> (
    perMonth: Double, timeToExit: Distribution?
  ) {
    guard team.enabled else { return (0, nil) }
    if let own = role?.timeToExitMonths { return (0, own) }
    if let rate = role?.attritionAnnualRate { return (1 - pow(1 - rate, 1.0 / 12), nil) }
    if let own = l.timeToExitMonths { return (0, own) }
    if let rate = l.attritionAnnualRate { return (1 - pow(1 - rate, 1.0 / 12), nil) }
    if let own = team.timeToExitMonths { return (0, own) }
    return (1 - pow(1 - team.annualRate, 1.0 / 12), nil)
  }

  /// The same scenario with its starting team changed by `staffing` instead of this model's.
  public func with(staffing: StaffingAdjustment) throws -> SalesModel {
    try SalesModel(scenario: scenario, staffing: staffing)
  }

  /// Runs replication `replication` of a run seeded `seed`; throws ``InvariantViolation``
  /// when a conservation law is broken.
  public func simulate(replication: Int, seed: UInt64) throws -> ReplicationOutcome {
    var r = Replication(model: self, replication: replication, seed: seed)
    r.run()
    return try r.finish()
  }

  /// Runs replication `replication` as `simulate(replication:seed:)` does, calling `dayDone`
  /// once per simulated working day as it goes (with the days done so far), so that a long
  /// replication can show progress. When `dayDone` returns false the replication stops
  /// before its next day and throws ``ReplicationStopped``; the outcome of a replication that
  /// runs to the end does not depend on `dayDone`.
  public func simulate(replication: Int, seed: UInt64, dayDone: (Int) -> Bool) throws
    -> ReplicationOutcome
  {
    var r = Replication(model: self, replication: replication, seed: seed)
    guard withoutActuallyEscaping(dayDone, do: { r.run(dayDone: $0) }) else {
      throw ReplicationStopped()
    }
    return try r.finish()
  }

  /// Working days one replication simulates: its horizon.
  public var simulatedDays: Int { days }

  /// Working days in a simulated month.
  public var workingDaysPerMonth: Int {
    calendar.isDated ? max(1, days / max(horizonMonths, 1)) : daysPerMonth
  }

  /// `YYYY-MM` of each simulated month when the scenario gives a start date, else nil.
  public var monthLabels: [String]? { calendar.monthLabels }

  /// A human summary of the compiled scenario, one fact per line.
  public func summaryLines() -> [String] {
    var lines: [String] = []
    let s = scenario
    lines.append(
      calendar.isDated
        ? "scenario \(s.name): \(s.horizonMonths) months from \(s.calendar.startDate ?? ""), \(days) working days, \(s.replications) replications, seed \(s.seed)"
        : "scenario \(s.name): \(s.horizonMonths) months of \(daysPerMonth) working days, \(s.replications) replications, seed \(s.seed)"
    )
    for (index, l) in s.levels.enumerated() {
      lines.append(
        "level \(l.name): \(l.headcount) managers, salary \(Int(s.salaryPerMonth(ofLevel: index))) \(MetricUnit.currency)/month, \(l.meetingsPerDay) meetings and \(l.callsPerDay) calls a day, annual quota \(Int(l.annualQuota))"
      )
    }
    lines.append(
      "funnel: "
        + s.funnel.stages.map { "\($0.name) (p=\($0.probability), \($0.uses.rawValue))" }.joined(
          separator: " -> "))
    let win = s.funnel.stages.reduce(1.0) { $0 * $1.probability }
    lines.append("base win share of a lead through all stages: \(win)")
    func onOff(_ b: Bool) -> String { b ? "on" : "off" }
    lines.append(
      "channels: inbound \(onOff(s.leads.inbound.enabled)), outbound \(onOff(s.leads.outbound.enabled)), referrals \(onOff(s.leads.referrals.enabled)), events \(onOff(s.leads.events.enabled)), finite market \(onOff(s.leads.market.enabled))"
    )
    lines.append(
      "careers: ramp \(onOff(s.careers.ramp.enabled)), attrition \(onOff(s.careers.attrition.enabled)), promotion \(onOff(s.careers.promotion.enabled)), refilling \(onOff(s.careers.hiring.enabled)), planned hires \(s.careers.plannedHires.count)"
    )
    lines.append(
      "portfolio \(onOff(s.portfolio.enabled)), service \(onOff(s.portfolio.enabled && s.portfolio.service.enabled)), escalation \(onOff(s.portfolio.enabled && s.portfolio.escalation.enabled)), quota \(onOff(s.quota.enabled)), sandbagging \(onOff(s.quota.enabled && s.quota.sandbagging.enabled))"
    )
    lines.append(
      "estimated kernel events per replication: about \(Int(checked: s.estimatedEventsPerReplication).map(String.init) ?? "more than \(Int.max)")"
    )
    return lines
  }
}

/// A scenario refused by ``SalesModel/init(scenario:)``: every problem found.
public struct ScenarioInvalid: Error, CustomStringConvertible, Sendable {
  public var issues: [ValidationIssue]
  public var description: String {
    issues.map {
      "\($0.path.dotted): \($0.value.map { "\($0) is not " } ?? "")expected \($0.expected)"
    }
    .joined(separator: "\n")
  }
}

/// Thrown by a replication asked to stop before its horizon (see
/// `SalesModel.simulate(replication:seed:dayDone:)`): it has no outcome, and running it
/// again from the start gives the outcome it would have had.
public struct ReplicationStopped: Error, Sendable {
  /// Creates the error.
  public init() {}
}
