import SalesModel
import Statistics
import TestSupport
import Testing

/// Roles beside levels and hand-offs between them (docs/model.md, sections 2 and 5.5).
@Suite struct RoleTests {
  /// One SDR who qualifies (stage 0, a call) and one AE who demos and closes; `handOff` and
  /// `accountManagers` vary the hand-off and add a role that holds the clients.
  static func sdrAndAE(
    handOff: String = "{fee: 1500}", accountManagers: Int? = nil, aes: Int = 1,
    patience: String = "1000"
  ) -> String {
    let holder =
      accountManagers.map {
        """
          - name: am
            activities: [hold_clients, answer_requests]
            headcount: [{level: rep, count: \($0)}]
        """
      } ?? ""
    let aeActivities = accountManagers == nil ? "[work_stages, hold_clients]" : "[work_stages]"
    return """
      name: roles
      seed: 5
      replications: 10
      horizon_months: 12
      segments:
        - {name: smb, deal_size: 100000, churn_per_month: 0.0}
      levels:
        - {name: rep, tenure_months: 24, salary_per_month: 50000, commission_rate: 0.05, initial_clients: 4}
      roles:
        - name: sdr
          activities: [prospect, work_stages]
          headcount: [{level: rep, count: 1}]
        - name: ae
          activities: \(aeActivities)
          headcount: [{level: rep, count: \(aes)}]
          meetings_per_day: 6
      \(holder)
      hand_off: \(handOff)
      funnel:
        stages:
          - {name: qualify, probability: 0.5, uses: call, role: sdr}
          - {name: demo, probability: 0.4, uses: meeting, role: ae}
          - {name: close, probability: 0.5, duration_days: 3, uses: none, role: ae}
      leads:
        inbound: {per_month: 40}
        patience_days: \(patience)
      portfolio: {contract_months: 1000, renewal_probability: 1}
      """
  }

  @Test func everyLeadPassingTheSDRsStageIsHandedOffOnceAndPaysTheFee() throws {
    let runner = try Runner(yaml: Self.sdrAndAE())
    let outcomes = try runner.outcomes(30)
    let handOffs = runner.values(outcomes, "hand_offs")
    let passed = runner.values(outcomes, "successes_qualify")
    #expect(handOffs == passed)
    #expect(handOffs.reduce(0, +) > 0)
    #expect(runner.values(outcomes, "hand_offs", "sdr") == handOffs)
    #expect(runner.values(outcomes, "hand_offs", "ae").allSatisfy { $0 == 0 })
    let cost = runner.values(outcomes, "hand_off_cost")
    for (c, n) in zip(cost, handOffs) { #expect(c == 1500 * n) }
    let salaries = runner.values(outcomes, "salary_cost")
    let commissions = runner.values(outcomes, "commission_cost")
    let total = runner.values(outcomes, "cost_of_sales")
    for j in outcomes.indices {
      #expect(abs(total[j] - (salaries[j] + commissions[j] + cost[j])) <= 1e-6 * total[j])
    }
    // The SDR reaches only its stage; the AE reaches the stages after the hand-off.
    #expect(runner.values(outcomes, "reached_demo", "sdr").allSatisfy { $0 == 0 })
    #expect(runner.values(outcomes, "reached_demo", "ae") == runner.values(outcomes, "reached_demo"))
    #expect(runner.values(outcomes, "won", "sdr").allSatisfy { $0 == 0 })
  }

  @Test func aHandOffDelayLengthensTheSalesCycleByTheDelay() throws {
    // Ample AE capacity and constant durations: each won lead waits exactly the delay more.
    let delay = 4.0
    let base = try Runner(yaml: Self.sdrAndAE(handOff: "{delay_days: 0}"))
    let delayed = try Runner(yaml: Self.sdrAndAE(handOff: "{delay_days: \(Int(delay))}"))
    let a = try base.outcomes(40)
    let b = try delayed.outcomes(40)
    let cycle0 = PooledRatio(
      base.values(a, "sales_cycle_days_total"), base.values(a, "won"))
    let cycle1 = PooledRatio(
      delayed.values(b, "sales_cycle_days_total"), delayed.values(b, "won"))
    let difference = cycle1.estimate - cycle0.estimate
    #expect(
      abs(difference - delay) <= cycle0.halfWidth + cycle1.halfWidth,
      "cycle \(cycle0.estimate) -> \(cycle1.estimate), expected + \(delay)")
  }

  @Test func wonClientsLandOnlyWithARoleThatHoldsClients() throws {
    let runner = try Runner(yaml: Self.sdrAndAE(accountManagers: 2))
    let outcomes = try runner.outcomes(20)
    for role in ["sdr", "ae"] {
      #expect(runner.values(outcomes, "clients_end", role).allSatisfy { $0 == 0 })
      #expect(runner.values(outcomes, "clients_start", role).allSatisfy { $0 == 0 })
    }
    #expect(runner.values(outcomes, "clients_end", "am") == runner.values(outcomes, "clients_end"))
    // Each account manager's seat has its level's book; the closers win the new clients.
    #expect(runner.values(outcomes, "clients_start", "am").allSatisfy { $0 == 8 })
    #expect(runner.values(outcomes, "clients_new", "ae") == runner.values(outcomes, "won"))
    #expect(runner.values(outcomes, "clients_end").reduce(0, +) > 8 * 20)
  }

  @Test func rolesAddUpToTheTeamLikeLevels() throws {
    let runner = try Runner(yaml: Self.sdrAndAE(accountManagers: 1, aes: 2))
    let outcomes = try runner.outcomes(10)
    for key in ["won", "lost", "bookings", "revenue", "cost_of_sales", "headcount_end", "contacts"]
    {
      let team = runner.values(outcomes, key)
      var roles = [Double](repeating: 0, count: outcomes.count)
      for role in ["sdr", "ae", "am"] {
        for (j, v) in runner.values(outcomes, key, role).enumerated() { roles[j] += v }
      }
      for j in outcomes.indices { #expect(abs(roles[j] - team[j]) <= 1e-6 * max(1, team[j])) }
    }
    let schema = runner.model.schema
    #expect(schema.series.contains { $0.key == "won" && $0.group == "ae" })
    #expect(schema.samples.contains { $0.group == "am" })
  }

  @Test func handedOffLeadsWaitForTheRoleAndExpireWhenNobodyHasIt() throws {
    // No AE at all: every lead the SDR qualifies waits for one until its patience runs out.
    let runner = try Runner(yaml: Self.sdrAndAE(aes: 0, patience: "5"))
    let outcomes = try runner.outcomes(10)
    let expired = runner.values(outcomes, "leads_expired")
    let open = runner.values(outcomes, "leads_open_end")
    let handOffs = runner.values(outcomes, "hand_offs")
    for j in outcomes.indices {
      #expect(expired[j] + open[j] >= handOffs[j])
      #expect(expired[j] > 0)
    }
    #expect(runner.values(outcomes, "won").allSatisfy { $0 == 0 })
  }

  @Test func oneDeclaredRoleThatDoesEverythingIsTheModelWithoutRoles() throws {
    let yaml = minimalScenario(
      stages: """
        - {name: meet, probability: 0.5, uses: meeting}
        - {name: close, probability: 0.4, duration_days: 2, uses: none}
        """,
      levels: """
        - {name: junior, headcount: 2, tenure_months: 6, initial_clients: 3}
        - {name: senior, headcount: 1, tenure_months: 30, win_multiplier: 1.2}
        """,
      extra: """
        leads:
          inbound: {per_month: 30}
          outbound: {contact_rate: 0.05}
        portfolio:
          service: {}
        careers:
          attrition: {annual_rate: 0.3}
          hiring: {}
        """)
    let plain = try Runner(yaml: yaml)
    let withRole = try Runner(
      yaml: yaml.replacingOccurrences(of: "uses: meeting}", with: "uses: meeting, role: all}")
        .replacingOccurrences(of: "uses: none}", with: "uses: none, role: all}")
        + """

        roles:
          - name: all
            activities: [prospect, work_stages, hold_clients, answer_requests]
            headcount: [{level: junior, count: 2}, {level: senior, count: 1}]
        """)
    let a = try plain.outcomes(8)
    let b = try withRole.outcomes(8)
    for (i, descriptor) in plain.model.schema.scalars.enumerated() {
      let j = withRole.index(descriptor.key, descriptor.group)
      for r in a.indices {
        let same = a[r].values[i] == b[r].values[j]
        #expect(same, "\(descriptor.group).\(descriptor.key)")
        if !same { return }
      }
    }
    // The role's group is the team's.
    for key in ["won", "bookings", "revenue", "requests", "calls_cold"] {
      #expect(withRole.values(b, key, "all") == withRole.values(b, key))
    }
  }
}

@Suite struct RoleValidationTests {
  func paths(_ yaml: String) throws -> [ScenarioPath] {
    var report = ValidationReport()
    try ScenarioFiles.decode(yaml).validate(into: &report)
    return report.issues.map(\.path)
  }

  @Test func aStageWithoutItsRoleIsRefusedWhenRolesAreDeclared() throws {
    let yaml = RoleTests.sdrAndAE().replacingOccurrences(
      of: "uses: meeting, role: ae}", with: "uses: meeting}")
    #expect(try paths(yaml).contains(["funnel", "stages", 1, "role"]))
  }

  @Test func aStageOwnerMustWorkStages() throws {
    let yaml = RoleTests.sdrAndAE(accountManagers: 1).replacingOccurrences(
      of: "uses: none, role: ae}", with: "uses: none, role: am}")
    #expect(try paths(yaml).contains(["funnel", "stages", 2, "role"]))
  }

  @Test func aLevelHeadcountOtherThanTheRolesSumIsRefused() throws {
    let yaml = RoleTests.sdrAndAE().replacingOccurrences(
      of: "{name: rep, tenure_months: 24", with: "{name: rep, headcount: 3, tenure_months: 24")
    #expect(try paths(yaml).contains(["levels", 0, "headcount"]))
    let equal = RoleTests.sdrAndAE().replacingOccurrences(
      of: "{name: rep, tenure_months: 24", with: "{name: rep, headcount: 2, tenure_months: 24")
    #expect(try paths(equal).isEmpty)
  }

  @Test func aPlannedHireNamesItsRoleWhenRolesAreDeclared() throws {
    let yaml =
      RoleTests.sdrAndAE() + """

      careers:
        planned_hires: [{level: rep, month: 3}]
      """
    #expect(try paths(yaml).contains(["careers", "planned_hires", 0, "role"]))
    #expect(try paths(yaml.replacingOccurrences(of: "month: 3}", with: "month: 3, role: ae}")).isEmpty)
  }

  @Test func aRoleNamedLikeALevelAndAPortfolioWithoutHolderAreRefused() throws {
    let clash = RoleTests.sdrAndAE().replacingOccurrences(of: "- name: sdr", with: "- name: rep")
      .replacingOccurrences(of: "role: sdr}", with: "role: rep}")
    #expect(try paths(clash).contains(["roles", 0, "name"]))
    let noHolder = RoleTests.sdrAndAE().replacingOccurrences(
      of: "[work_stages, hold_clients]", with: "[work_stages]")
    #expect(try paths(noHolder).contains(["roles"]))
  }

  @Test func aStageRoleWithoutRolesIsRefused() throws {
    let yaml = minimalScenario(stages: "- {name: close, probability: 0.3, role: ae}")
    #expect(try paths(yaml).contains(["funnel", "stages", 0, "role"]))
  }
}
