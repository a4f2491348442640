internal import Stochastic

extension Scenario {
  /// Refused above this many managers at any time.
  static let maximumManagers = 10_000_000

  /// Checks every value's meaning and refuses absurd sizes; see docs/scenario-format.md.
  public func validate(into report: inout ValidationReport) {
    func fail(_ path: ScenarioPath, _ value: Any?, _ expected: String) {
      report.fail(path, value: value.map { "\($0)" }, expected: expected)
    }
    func share(_ path: ScenarioPath, _ v: Double) {
      if !(v >= 0 && v <= 1) { fail(path, v, "a share between 0 and 1") }
    }
    func nonNegative(_ path: ScenarioPath, _ v: Double) {
      if !(v >= 0 && v.isFinite) { fail(path, v, "a finite number >= 0") }
    }
    // Every distribution of a scenario draws a deal size, a duration or a count: never < 0.
    func distribution(_ path: ScenarioPath, _ d: Distribution, positiveMean: Bool = false) {
      // Decoding refuses bad parameters; a distribution set in code is checked here.
      let problems = d.problems
      guard problems.isEmpty else {
        fail(path, d, "valid parameters: " + problems.map(\.message).joined(separator: "; "))
        return
      }
      if let problem = d.problem(drawsBelow: 0) {
        fail(path, d, "a distribution of values >= 0: \(problem.message)")
      }
      if positiveMean, !(d.mean > 0) { fail(path, d.mean, "a mean > 0") }
    }
    let segmentNames = Set(segments.map(\.name))
    let levelNames = Set(levels.map(\.name))
    func mix(_ path: ScenarioPath, _ m: [SegmentShare]) {
      var total = 0.0
      for (i, s) in m.enumerated() {
        if !segmentNames.contains(s.segment) {
          fail(
            path + [.index(i), "segment"], s.segment,
            "one of the segments: \(segments.map(\.name).joined(separator: ", "))")
        }
        share(path + [.index(i), "share"], s.share)
        total += s.share
      }
      if !m.isEmpty, abs(total - 1) > 1e-6 { fail(path, total, "shares adding up to 1") }
    }

    if replications < 1 { fail(["replications"], replications, "a whole number >= 1") }
    if horizonMonths < 1 || horizonMonths > 1200 {
      fail(["horizon_months"], horizonMonths, "a whole number of months between 1 and 1200")
    }
    let dpm = calendar.daysPerMonth
    if dpm < 1 || dpm > 31 {
      fail(["calendar", "days_per_month"], dpm, "a whole number between 1 and 31")
    }
    for (i, h) in calendar.holidays.enumerated() where h < 1 || h > 12 * min(max(dpm, 1), 31) {
      fail(
        ["calendar", "holidays", .index(i)], h,
        "a working-day number within the year, 1...\(12 * min(max(dpm, 1), 31))")
    }
    if calendar.vacationDaysPerYear < 0 || calendar.vacationDaysPerYear >= 12 * min(max(dpm, 1), 31) {
      fail(
        ["calendar", "vacation_days_per_year"], calendar.vacationDaysPerYear,
        "a whole number of days >= 0 and below a year")
    }
    validateDates(fail)

    if segments.isEmpty || segments.count > 64 {
      fail(["segments"], segments.count, "between 1 and 64 segments")
    }
    var seenSegments = Set<String>()
    for (i, s) in segments.enumerated() {
      let p: ScenarioPath = ["segments", .index(i)]
      if !seenSegments.insert(s.name).inserted {
        fail(p + ["name"], s.name, "a segment name used once")
      }
      switch (s.units, s.pricePerUnit) {
      case (nil, nil):
        distribution(p + ["deal_size"], s.dealSize, positiveMean: true)
      case (let units?, let price?):
        distribution(p + ["units"], units, positiveMean: true)
        if !(price > 0 && price.isFinite) { fail(p + ["price_per_unit"], price, "an amount > 0") }
        // The deal size is units x price: a deal_size beside them would be silently unused.
        if s.dealSize != .constant(0) {
          fail(
            p + ["deal_size"], s.dealSize,
            "0 when units and price_per_unit are given: the deal size is then units x price_per_unit"
          )
        }
      case (nil, _?):
        fail(p + ["units"], nil, "units per deal beside price_per_unit")
      case (_?, nil):
        fail(p + ["price_per_unit"], nil, "a price per unit beside units")
      }
      nonNegative(p + ["onboarding_fee"], s.onboardingFee)
      share(p + ["churn_per_month"], s.churnPerMonth)
      nonNegative(p + ["requests_per_month"], s.requestsPerMonth)
    }

    if levels.isEmpty { fail(["levels"], nil, "at least one level") }
    var seenLevels = Set<String>()
    var totalManagers = 0
    for (i, l) in levels.enumerated() {
      let p: ScenarioPath = ["levels", .index(i)]
      if !seenLevels.insert(l.name).inserted || l.name == "team" {
        fail(p + ["name"], l.name, "a level name used once and not 'team'")
      }
      if l.headcount < 0 { fail(p + ["headcount"], l.headcount, "a whole number >= 0") }
      totalManagers = totalManagers.addingSaturating(l.headcount)
      distribution(p + ["tenure_months"], l.tenureMonths)
      if let e = l.experienceMonths { distribution(p + ["experience_months"], e) }
      if let plan = l.headcountPlan, plan < 0 {
        fail(p + ["headcount_plan"], plan, "a whole number >= 0")
      }
      if let salary = l.salaryPerMonth { nonNegative(p + ["salary_per_month"], salary) }
      if let seed = l.seedLevel, !(1...4).contains(seed) {
        fail(p + ["seed_level"], seed, "a whole number 1...4")
      }
      if l.callsPerDay < 0 { fail(p + ["calls_per_day"], l.callsPerDay, "a whole number >= 0") }
      if l.meetingsPerDay < 0 {
        fail(p + ["meetings_per_day"], l.meetingsPerDay, "a whole number >= 0")
      }
      nonNegative(p + ["service_hours_per_day"], l.serviceHoursPerDay)
      nonNegative(p + ["win_multiplier"], l.winMultiplier)
      nonNegative(p + ["skill_spread"], l.skillSpread)
      nonNegative(p + ["deal_size_multiplier"], l.dealSizeMultiplier)
      nonNegative(p + ["retention_multiplier"], l.retentionMultiplier)
      if l.maxPortfolio < 0 { fail(p + ["max_portfolio"], l.maxPortfolio, "a whole number >= 0") }
      if l.maxOpenLeads < 0 { fail(p + ["max_open_leads"], l.maxOpenLeads, "a whole number >= 0") }
      for (j, s) in (l.segments ?? []).enumerated() where !segmentNames.contains(s) {
        fail(
          p + ["segments", .index(j)], s,
          "one of the segments: \(segments.map(\.name).joined(separator: ", "))")
      }
      share(p + ["commission_rate"], l.commissionRate)
      nonNegative(p + ["annual_quota"], l.annualQuota)
      if let old = l.quota {
        let perYear = 12 / quota.period.months
        let annual = old * Double(perYear)
        let figure =
          annual == annual.rounded() && abs(annual) < 1e15 ? "\(Int(annual))" : "\(annual)"
        fail(
          p + ["quota"], old,
          "annual_quota: the quota is now stated per year; for a \(quota.period.rawValue)ly quota of \(old) write annual_quota: \(figure) (\(perYear) periods a year)"
        )
      }
      let stageNames = funnel.stages.map(\.name)
      var seenStages = Set<String>()
      for (j, o) in l.openingPipeline.enumerated() {
        let q = p + ["opening_pipeline", .index(j)]
        if !stageNames.contains(o.stage) {
          fail(q + ["stage"], o.stage, "one of the stages: \(stageNames.joined(separator: ", "))")
        } else if !seenStages.insert(o.stage).inserted {
          fail(q + ["stage"], o.stage, "each stage at most once per level")
        }
        if !(o.deals >= 0 && o.deals <= 1000) {
          fail(q + ["deals"], o.deals, "a number of deals per manager between 0 and 1000")
        }
        distribution(q + ["age_days"], o.ageDays)
        if o.ageDays.problems.isEmpty, !(o.ageDays.mean <= 2500) {
          fail(q + ["age_days"], o.ageDays.mean, "a mean age of at most 2500 days")
        }
        if let left = o.remainingDays {
          distribution(q + ["remaining_days"], left)
          if left.problems.isEmpty, !(left.mean <= 2500) {
            fail(q + ["remaining_days"], left.mean, "a mean of at most 2500 days")
          }
        }
      }
      if l.minExperienceMonths < 0 {
        fail(p + ["min_experience_months"], l.minExperienceMonths, "a whole number >= 0")
      }
      if i > 0, l.minExperienceMonths < levels[i - 1].minExperienceMonths {
        fail(p + ["min_experience_months"], l.minExperienceMonths, "no less than the level below")
      }
      if l.initialClients < 0 {
        fail(p + ["initial_clients"], l.initialClients, "a whole number >= 0")
      }
      share(p + ["departing_takes_clients"], l.departingTakesClients)
      if let rate = l.attritionAnnualRate, !(rate >= 0 && rate < 1) {
        fail(p + ["attrition_annual_rate"], rate, "a share >= 0 and below 1")
      }
      if let t = l.timeToExitMonths { distribution(p + ["time_to_exit_months"], t) }
      if let e = l.hireExperienceMonths { distribution(p + ["hire_experience_months"], e) }
    }
    // A role's own attrition, checked like the level's (the rest of a role in validateRoles).
    for (r, role) in roles.enumerated() {
      let p: ScenarioPath = ["roles", .index(r)]
      if let rate = role.attritionAnnualRate, !(rate >= 0 && rate < 1) {
        fail(p + ["attrition_annual_rate"], rate, "a share >= 0 and below 1")
      }
      if let t = role.timeToExitMonths { distribution(p + ["time_to_exit_months"], t) }
    }

    if funnel.stages.isEmpty { fail(["funnel", "stages"], nil, "at least one stage") }
    if funnel.stages.count > 16 {
      fail(["funnel", "stages"], funnel.stages.count, "at most 16 stages")
    }
    for (i, s) in funnel.stages.enumerated() {
      let p: ScenarioPath = ["funnel", "stages", .index(i)]
      share(p + ["probability"], s.probability)
      distribution(p + ["duration_days"], s.durationDays)
    }
    if funnel.noShow.enabled {
      share(["funnel", "no_show", "probability"], funnel.noShow.probability)
      if funnel.noShow.maxReschedules < 0 || funnel.noShow.maxReschedules > 100 {
        fail(
          ["funnel", "no_show", "max_reschedules"], funnel.noShow.maxReschedules,
          "a whole number between 0 and 100")
      }
    }

    if careers.ramp.enabled {
      for (i, v) in careers.ramp.curve.enumerated() where !(v >= 0 && v <= 1) {
        fail(["careers", "ramp", "curve", .index(i)], v, "a multiplier between 0 and 1")
      }
    }
    if careers.attrition.enabled {
      if !(careers.attrition.annualRate >= 0 && careers.attrition.annualRate < 1) {
        fail(
          ["careers", "attrition", "annual_rate"], careers.attrition.annualRate,
          "a share >= 0 and below 1")
      }
      nonNegative(
        ["careers", "attrition", "missed_quota_multiplier"], careers.attrition.missedQuotaMultiplier
      )
      if let t = careers.attrition.timeToExitMonths {
        distribution(["careers", "attrition", "time_to_exit_months"], t)
      }
    }
    if careers.promotion.enabled {
      let threshold = careers.promotion.attainmentThreshold
      if !(threshold >= 0 && threshold <= 10) {
        fail(["careers", "promotion", "attainment_threshold"], threshold, "a number 0...10")
      }
      let reviews = careers.promotion.reviewMonths
      if reviews.isEmpty || Set(reviews).count != reviews.count
        || !reviews.allSatisfy({ (1...12).contains($0) })
      {
        fail(
          ["careers", "promotion", "review_months"], reviews,
          "distinct months of the year 1...12, at least one")
      }
    }
    if careers.hiring.enabled {
      distribution(["careers", "hiring", "time_to_hire_days"], careers.hiring.timeToHireDays)
    }
    for (i, h) in careers.plannedHires.enumerated() {
      let p: ScenarioPath = ["careers", "planned_hires", .index(i)]
      if !levelNames.contains(h.level) {
        fail(
          p + ["level"], h.level, "one of the levels: \(levels.map(\.name).joined(separator: ", "))"
        )
      }
      if h.month < 1 || h.month > horizonMonths {
        fail(p + ["month"], h.month, "a month within the horizon, 1...\(horizonMonths)")
      }
      if h.count < 0 { fail(p + ["count"], h.count, "a whole number >= 0") }
      totalManagers = totalManagers.addingSaturating(h.count)
    }
    for (i, x) in careers.plannedExits.enumerated() {
      let p: ScenarioPath = ["careers", "planned_exits", .index(i)]
      if !levelNames.contains(x.level) {
        fail(
          p + ["level"], x.level, "one of the levels: \(levels.map(\.name).joined(separator: ", "))"
        )
      }
      if x.month < 1 || x.month > horizonMonths {
        fail(p + ["month"], x.month, "a month within the horizon, 1...\(horizonMonths)")
      }
      if x.count < 0 { fail(p + ["count"], x.count, "a whole number >= 0") }
    }

    if leads.inbound.enabled {
      nonNegative(["leads", "inbound", "per_month"], leads.inbound.perMonth)
      if !leads.inbound.seasonality.isEmpty && leads.inbound.seasonality.count != 12 {
        fail(
          ["leads", "inbound", "seasonality"], leads.inbound.seasonality.count,
          "twelve monthly multipliers")
      }
      for (i, v) in leads.inbound.seasonality.enumerated() {
        nonNegative(["leads", "inbound", "seasonality", .index(i)], v)
      }
      mix(["leads", "inbound", "segment_mix"], leads.inbound.segmentMix)
    }
    if leads.outbound.enabled {
      share(["leads", "outbound", "contact_rate"], leads.outbound.contactRate)
      mix(["leads", "outbound", "segment_mix"], leads.outbound.segmentMix)
    }
    if leads.referrals.enabled {
      nonNegative(
        ["leads", "referrals", "per_client_per_month"], leads.referrals.perClientPerMonth)
      mix(["leads", "referrals", "segment_mix"], leads.referrals.segmentMix)
    }
    if leads.events.enabled {
      for (i, b) in leads.events.batches.enumerated() {
        if b.month < 1 || b.month > horizonMonths {
          fail(
            ["leads", "events", "batches", .index(i), "month"], b.month,
            "a month within the horizon")
        }
        if b.leads < 0 {
          fail(["leads", "events", "batches", .index(i), "leads"], b.leads, "a whole number >= 0")
        }
      }
      mix(["leads", "events", "segment_mix"], leads.events.segmentMix)
    }
    if leads.market.enabled {
      for (i, m) in leads.market.sizes.enumerated() {
        if !segmentNames.contains(m.segment) {
          fail(["leads", "market", "sizes", .index(i), "segment"], m.segment, "a segment name")
        }
        if m.prospects < 0 {
          fail(
            ["leads", "market", "sizes", .index(i), "prospects"], m.prospects, "a whole number >= 0"
          )
        }
      }
      if leads.market.coolingOffDays < 0 {
        fail(
          ["leads", "market", "cooling_off_days"], leads.market.coolingOffDays,
          "a whole number >= 0")
      }
    }
    distribution(["leads", "patience_days"], leads.patienceDays)

    if portfolio.enabled {
      if portfolio.contractMonths < 1 {
        fail(["portfolio", "contract_months"], portfolio.contractMonths, "a whole number >= 1")
      }
      share(["portfolio", "renewal_probability"], portfolio.renewalProbability)
      share(["portfolio", "upsell_probability_per_month"], portfolio.upsellProbabilityPerMonth)
      nonNegative(["portfolio", "upsell_uplift"], portfolio.upsellUplift)
      share(
        ["portfolio", "repeat_order_probability_per_month"],
        portfolio.repeatOrderProbabilityPerMonth)
      nonNegative(["portfolio", "repeat_order_share"], portfolio.repeatOrderShare)
      share(["portfolio", "reassignment_churn_shock"], portfolio.reassignmentChurnShock)
      if portfolio.revenueRamp.enabled {
        let ramp = portfolio.revenueRamp
        if ramp.months < 1 || ramp.months > 1200 {
          fail(["portfolio", "revenue_ramp", "months"], ramp.months, "a whole number 1...1200")
        }
        share(["portfolio", "revenue_ramp", "first_bill_share"], ramp.firstBillShare)
        if portfolio.revenue != .recurring {
          fail(
            ["portfolio", "revenue_ramp"], portfolio.revenue.rawValue,
            "revenue: recurring (a ramp applies to monthly bills)")
        }
      }
      if portfolio.service.enabled {
        if !(portfolio.service.hoursPerRequest > 0 && portfolio.service.hoursPerRequest.isFinite) {
          fail(
            ["portfolio", "service", "hours_per_request"], portfolio.service.hoursPerRequest,
            "a number of hours > 0")
        }
        if portfolio.service.slaDays < 0 {
          fail(
            ["portfolio", "service", "sla_days"], portfolio.service.slaDays, "a whole number >= 0")
        }
        if portfolio.service.abandonAfterDays < 1 || portfolio.service.abandonAfterDays > 250 {
          fail(
            ["portfolio", "service", "abandon_after_days"], portfolio.service.abandonAfterDays,
            "a whole number between 1 and 250")
        }
        nonNegative(
          ["portfolio", "service", "breach_churn_factor"], portfolio.service.breachChurnFactor)
      }
      if portfolio.escalation.enabled {
        share(["portfolio", "escalation", "share"], portfolio.escalation.share)
        if portfolio.escalation.capacityPerDay < 0 {
          fail(
            ["portfolio", "escalation", "capacity_per_day"], portfolio.escalation.capacityPerDay,
            "a whole number >= 0")
        }
        nonNegative(
          ["portfolio", "escalation", "cost_per_month"], portfolio.escalation.costPerMonth)
      }
    }
    if quota.enabled, quota.sandbagging.enabled {
      nonNegative(["quota", "sandbagging", "after_share"], quota.sandbagging.afterShare)
    }
    if let plan = planBookings { nonNegative(["plan_bookings"], plan) }
    if money.enabled {
      let c = money.commission
      if c.billedMonths < 1 || c.billedMonths > 1200 {
        fail(["money", "commission", "billed_months"], c.billedMonths, "a whole number 1...1200")
      }
      share(["money", "commission", "sourcer_share"], c.sourcerShare)
      if !(money.paymentFeeShare >= 0 && money.paymentFeeShare < 1) {
        fail(["money", "payment_fee_share"], money.paymentFeeShare, "a share >= 0 and below 1")
      }
      if money.collectionDelayMonths < 0 || money.collectionDelayMonths > 1200 {
        fail(
          ["money", "collection_delay_months"], money.collectionDelayMonths,
          "a whole number of months 0...1200")
      }
      if !(money.annualRaise >= 0 && money.annualRaise <= 1) {
        fail(["money", "annual_raise"], money.annualRaise, "a share between 0 and 1")
      }
      nonNegative(["money", "overhead_per_month"], money.overheadPerMonth)
      if c.basis == .billed && !portfolio.enabled {
        fail(
          ["money", "commission", "basis"], c.basis.rawValue,
          "bookings when the portfolio is off (commission on bills needs clients who are billed)")
      }
    }
    if serviceDesk.enabled { validateServiceDesk(into: &report) }

    validateRoles(into: &report)
    for role in roles {
      for seats in role.headcount { totalManagers = totalManagers.addingSaturating(seats.count) }
    }

    // Absurd sizes are refused before anything is attempted.
    if totalManagers > Scenario.maximumManagers {
      fail(
        ["levels"], totalManagers,
        "at most \(Scenario.maximumManagers) managers: the state of every manager is kept in memory"
      )
    }
    // Bounds per key, products that must stay finite, and the size of a run.
    if report.isEmpty { validateLimits(into: &report) }
  }
}

extension Scenario {
  /// Roles, stage owners, planned hires' roles and the hand-off (docs/scenario-format.md,
  /// "roles").
  func validateRoles(into report: inout ValidationReport) {
    func fail(_ path: ScenarioPath, _ value: Any?, _ expected: String) {
      report.fail(path, value: value.map { "\($0)" }, expected: expected)
    }
    let levelNames = levels.map(\.name)
    let roleNames = roles.map(\.name)
    let stageOwners = roles.filter { $0.does(.workStages) }.map(\.name)
    if handOff.delayDays < 0 || handOff.delayDays > 250 {
      fail(["hand_off", "delay_days"], handOff.delayDays, "a whole number of days between 0 and 250")
    }
    if !(handOff.fee >= 0 && handOff.fee.isFinite) {
      fail(["hand_off", "fee"], handOff.fee, "a finite amount >= 0")
    }
    guard !roles.isEmpty else {
      for (k, stage) in funnel.stages.enumerated() where stage.role != nil {
        fail(
          ["funnel", "stages", .index(k), "role"], stage.role,
          "no role: the scenario declares no roles (add a top-level `roles:` list)")
      }
      for (i, h) in careers.plannedHires.enumerated() where h.role != nil {
        fail(
          ["careers", "planned_hires", .index(i), "role"], h.role,
          "no role: the scenario declares no roles (add a top-level `roles:` list)")
      }
      return
    }
    // Routing keeps one waiting queue per segment and role, and marks them in a 64-bit set.
    if roles.count * max(segments.count, 1) > 64 {
      fail(["roles"], roles.count, "at most 64 segments x roles (\(segments.count) segments)")
    }
    var seen = Set<String>()
    for (r, role) in roles.enumerated() {
      let p: ScenarioPath = ["roles", .index(r)]
      if role.name.isEmpty || role.name == MetricLayout.team || levelNames.contains(role.name)
        || !seen.insert(role.name).inserted
      {
        fail(
          p + ["name"], role.name,
          "a role name used once, not `team` and not a level's name (it names the role's group)")
      }
      if role.activities.isEmpty || Set(role.activities).count != role.activities.count {
        fail(
          p + ["activities"], role.activities.map(\.rawValue),
          "one or more distinct activities of: "
            + RoleActivity.allCases.map(\.rawValue).joined(separator: ", "))
      }
      var levelsSeen = Set<String>()
      for (i, seats) in role.headcount.enumerated() {
        if !levelNames.contains(seats.level) || !levelsSeen.insert(seats.level).inserted {
          fail(
            p + ["headcount", .index(i), "level"], seats.level,
            "one of the levels, once per role: \(levelNames.joined(separator: ", "))")
        }
        if seats.count < 0 {
          fail(p + ["headcount", .index(i), "count"], seats.count, "a whole number >= 0")
        }
      }
      for (key, value) in [
        ("calls_per_day", role.callsPerDay), ("meetings_per_day", role.meetingsPerDay),
        ("max_open_leads", role.maxOpenLeads), ("max_portfolio", role.maxPortfolio),
      ] {
        if let value, value < 0 { fail(p + [.key(key)], value, "a whole number >= 0") }
      }
      if let hours = role.serviceHoursPerDay, !(hours >= 0 && hours.isFinite) {
        fail(p + ["service_hours_per_day"], hours, "a finite number of hours >= 0")
      }
      if portfolio.enabled && portfolio.service.enabled && role.does(.holdClients)
        && !role.does(.answerRequests)
      {
        fail(
          p + ["activities"], role.activities.map(\.rawValue),
          "answer_requests beside hold_clients: the manager who holds a client answers its requests")
      }
    }
    for (l, level) in levels.enumerated() {
      // Saturating: absurd counts are refused at their own key (Scenario+Limits), not trapped.
      let sum = roles.reduce(0) { total, role in
        role.headcount.filter { $0.level == level.name }.reduce(total) { a, seat in
          let (s, overflow) = a.addingReportingOverflow(seat.count)
          return overflow ? Int.max : s
        }
      }
      if level.headcount != 0 && level.headcount != sum {
        fail(
          ["levels", .index(l), "headcount"], level.headcount,
          "left out, or the sum of the roles' headcounts at \(level.name) (\(sum))")
      }
    }
    for (k, stage) in funnel.stages.enumerated() {
      guard let role = stage.role, stageOwners.contains(role) else {
        fail(
          ["funnel", "stages", .index(k), "role"], stage.role,
          "the role that owns the stage, one with work_stages: "
            + stageOwners.joined(separator: ", "))
        continue
      }
    }
    if portfolio.enabled && !roles.contains(where: { $0.does(.holdClients) }) {
      fail(["roles"], roleNames, "a role with hold_clients: the portfolio needs one to hold clients")
    }
    for (i, h) in careers.plannedHires.enumerated() {
      guard let role = h.role, roleNames.contains(role) else {
        fail(
          ["careers", "planned_hires", .index(i), "role"], h.role,
          "the role they join, one of: \(roleNames.joined(separator: ", "))")
        continue
      }
    }
  }
}
