import SalesModel
import Statistics
import TestSupport
import Testing

/// The service desk (docs/model.md, 8.5) against Erlang C, its conservation law, its
/// priorities, common random numbers across staffings, and switched off.
@Suite struct ServiceDeskTests {
  /// A scenario with no leads and no clients: only the desk's fixed requests.
  static func desk(_ channels: String, headcount: Int, hours: Double = 8, months: Int = 12)
    -> String
  {
    minimalScenario(
      extra: """
        horizon_months: \(months)
        service_desk:
          channels:
            \(channels.replacingOccurrences(of: "\n", with: "\n    "))
          response_managers: {headcount: \(headcount), hours_per_day: \(hours), salary_per_month: 50000}
        """
    ).replacingOccurrences(of: "horizon_months: 12\n", with: "")
  }

  @Test func shareWithinTheSLAAndMeanWaitMatchErlangC() throws {
    // M/M/4 at 80% load: 0.64 requests a minute, 5 minutes each; Poisson arrivals over the
    // desk's continuous working minutes, exponential handling, nobody hangs up.
    let perMinute = 0.64
    let hours = 24.0
    let perMonth = perMinute * hours * 60 * 21
    let runner = try Runner(
      yaml: Self.desk(
        """
        - name: phone
          requests_per_month: \(perMonth)
          handling_minutes: {distribution: exponential, mean: 5}
          sla_minutes: 2
        """, headcount: 4, hours: hours, months: 3))
    let outcomes = try runner.outcomes(40)
    let within = runner.values(outcomes, DeskChannelMetric.answeredWithinSLA.key("phone"))
    let answered = runner.values(outcomes, DeskChannelMetric.answered.key("phone"))
    let waits = runner.values(outcomes, DeskChannelMetric.waitMinutesTotal.key("phone"))
    let erlang = ErlangC(arrivalsPerMinute: perMinute, handlingMinutes: 5, agents: 4)
    let share = PooledRatio(within, answered)
    #expect(share.contains(erlang.shareAnswered(within: 2)), "share \(share) vs \(erlang.shareAnswered(within: 2))")
    let meanWait = PooledRatio(waits, answered)
    #expect(meanWait.contains(erlang.meanWait), "mean wait \(meanWait) vs \(erlang.meanWait)")
    // And the interval is tight enough to mean something: a fifth of the mean wait.
    #expect(meanWait.halfWidth < erlang.meanWait / 5)
    let utilisation = runner.accumulate(outcomes, DeskMetric.utilisation.key)
    #expect(try #require(utilisation.confidenceInterval(level: 0.999)).contains(0.8))
  }

  @Test func requestsAreAnsweredAbandonedOrStillWaiting() throws {
    // Overloaded (two managers for three's work), impatient callers, escalations: every law
    // of 8.5 is checked by the model at the end of each replication; here the counts too.
    let runner = try Runner(
      yaml: Self.desk(
        """
        - name: phone
          requests_per_month: 3000
          handling_minutes: {distribution: exponential, mean: 6}
          patience_minutes: {distribution: exponential, mean: 4}
          escalation_share: 0.2
        - name: mail
          requests_per_month: 1000
          handling_minutes: {distribution: gamma, shape: 2, scale: 5}
          priority: 1
        """, headcount: 2, months: 2))
    let outcomes = try runner.outcomes(10)
    var sawWaiting = false
    var sawAbandoned = false
    for name in ["phone", "mail"] {
      func v(_ m: DeskChannelMetric) -> [Double] { runner.values(outcomes, m.key(name)) }
      for r in outcomes.indices {
        #expect(v(.requests)[r] == v(.answered)[r] + v(.abandoned)[r] + v(.waitingEnd)[r])
        #expect(v(.answeredWithinSLA)[r] <= v(.answered)[r])
        #expect(v(.escalated)[r] <= v(.answered)[r])
        sawWaiting = sawWaiting || v(.waitingEnd)[r] > 0
        sawAbandoned = sawAbandoned || v(.abandoned)[r] > 0
      }
    }
    #expect(sawWaiting && sawAbandoned)
    let escalated = runner.accumulate(outcomes, DeskChannelMetric.escalated.key("phone")).mean
    let answered = runner.accumulate(outcomes, DeskChannelMetric.answered.key("phone")).mean
    #expect(abs(escalated / answered - 0.2) < 0.02)
    let busy = runner.values(outcomes, DeskMetric.busyMinutes.key)
    let available = runner.values(outcomes, DeskMetric.availableMinutes.key)
    for (b, a) in zip(busy, available) { #expect(b > 0 && b <= a) }
    #expect(runner.values(outcomes, DeskMetric.cost.key).allSatisfy { $0 == 2 * 2 * 50000 })
  }

  @Test func aHigherPriorityChannelWaitsLess() throws {
    func meanWaits(phoneFirst: Bool) throws -> (phone: PooledRatio, chat: PooledRatio) {
      let runner = try Runner(
        yaml: Self.desk(
          """
          - name: phone
            requests_per_month: 2500
            handling_minutes: {distribution: exponential, mean: 5}
            priority: \(phoneFirst ? 0 : 1)
          - name: chat
            requests_per_month: 2500
            handling_minutes: {distribution: exponential, mean: 5}
            priority: \(phoneFirst ? 1 : 0)
          """, headcount: 3, months: 2))
      let outcomes = try runner.outcomes(30)
      func wait(_ name: String) -> PooledRatio {
        PooledRatio(
          runner.values(outcomes, DeskChannelMetric.waitMinutesTotal.key(name)),
          runner.values(outcomes, DeskChannelMetric.answered.key(name)))
      }
      return (wait("phone"), wait("chat"))
    }
    let first = try meanWaits(phoneFirst: true)
    #expect(first.phone.estimate + first.phone.halfWidth < first.chat.estimate - first.chat.halfWidth)
    let second = try meanWaits(phoneFirst: false)
    #expect(second.chat.estimate + second.chat.halfWidth < second.phone.estimate - second.phone.halfWidth)
  }

  @Test func twoStaffingsSeeTheSameRequests() throws {
    let channels = """
      - name: phone
        requests_per_month: 1500
        handling_minutes: {distribution: lognormal, mean: 6, sd: 3}
        patience_minutes: {distribution: exponential, mean: 5}
      """
    let small = try Runner(yaml: Self.desk(channels, headcount: 2, months: 2))
    let large = try Runner(yaml: Self.desk(channels, headcount: 5, months: 2))
    let a = try small.outcomes(5)
    let b = try large.outcomes(5)
    let key = DeskChannelMetric.requests.key("phone")
    #expect(small.values(a, key) == large.values(b, key))
    // More response managers: no request waits longer in total, fewer hang up.
    let waitKey = DeskChannelMetric.waitMinutesTotal.key("phone")
    #expect(zip(small.values(a, waitKey), large.values(b, waitKey)).allSatisfy { $0 > $1 })
  }

  @Test func theDeskSwitchedOffChangesNothing() throws {
    let base = minimalScenario(
      levels: "- {name: rep, headcount: 2, tenure_months: 24, initial_clients: 30}",
      extra: """
        leads:
          inbound: {per_month: 20}
        portfolio:
          service: {}
          escalation: {}
        """)
    let deskSection = """

      service_desk:
        enabled: ENABLED
        channels:
          - {name: chat, requests_per_client_per_month: 2, handling_minutes: 7}
      """
    let plain = try Runner(yaml: base)
    let off = try Runner(yaml: base + deskSection.replacingOccurrences(of: "ENABLED", with: "false"))
    let on = try Runner(yaml: base + deskSection.replacingOccurrences(of: "ENABLED", with: "true"))
    #expect(plain.model.schema == off.model.schema)
    let p = try plain.outcomes(5)
    #expect(p == (try off.outcomes(5)))
    // On, the desk adds its own outputs after everything else; without escalations it feeds
    // nothing back, so every other value stays the same.
    let o = try on.outcomes(5)
    #expect(Array(on.model.schema.scalars.prefix(p[0].values.count)) == plain.model.schema.scalars)
    for (x, y) in zip(p, o) {
      #expect(Array(y.values.prefix(x.values.count)) == x.values)
      #expect(y.series == x.series)
    }
    #expect(on.accumulate(o, DeskChannelMetric.requests.key("chat")).mean > 0)
  }

  @Test func escalatedDeskRequestsGoOnToTheSupportTeam() throws {
    let base = minimalScenario(
      levels: "- {name: rep, headcount: 1, tenure_months: 24, initial_clients: 20}",
      extra: """
        portfolio:
          service: {}
          escalation: {share: 0, capacity_per_day: 1000}
        service_desk:
          channels:
            - {name: chat, requests_per_month: 400, handling_minutes: 3, escalation_share: SHARE}
        """)
    let none = try Runner(yaml: base.replacingOccurrences(of: "SHARE", with: "0"))
    let all = try Runner(yaml: base.replacingOccurrences(of: "SHARE", with: "1"))
    let a = try none.outcomes(3)
    let b = try all.outcomes(3)
    let answered = TeamMetric.escalationsAnswered.key
    #expect(none.values(a, answered).allSatisfy { $0 == 0 })
    // Every request the desk answers escalates; the support team, never short of capacity,
    // answers each of them on a working day, so all but the last day's are answered.
    for (escalated, supported) in zip(
      all.values(b, DeskChannelMetric.escalated.key("chat")), all.values(b, answered))
    {
      #expect(escalated > 0 && supported <= escalated && supported >= escalated - 60)
    }
  }

  @Test func aDeskTooBigToRunIsRefusedAtItsBusiestChannel() throws {
    let yaml = Self.desk(
      """
      - {name: chat, requests_per_month: 10, handling_minutes: 5}
      - {name: phone, requests_per_month: 10000000, handling_minutes: 5}
      """, headcount: 5, months: 1200)
    let error = try #require(throws: ScenarioInvalid.self) { try Runner(yaml: yaml) }
    #expect(error.description.contains("service_desk.channels.1.requests_per_month"), "\(error)")
  }

  @Test func aBadDeskIsRefusedNamingTheKey() throws {
    let yaml = Self.desk(
      """
      - {name: phone, requests_per_month: 10, handling_minutes: 5, target_share: 1.5}
      - {name: phone, handling_minutes: 5}
      - {name: Web Chat, requests_per_month: 10, handling_minutes: {distribution: uniform, min: -1, max: 2}}
      """, headcount: 0)
    let error = try #require(throws: ScenarioInvalid.self) { try Runner(yaml: yaml) }
    let text = error.description
    for expected in [
      "service_desk.channels.0.target_share", "service_desk.channels.1.name",
      "service_desk.channels.1.requests_per_client_per_month", "service_desk.channels.2.name",
      "service_desk.channels.2.handling_minutes", "service_desk.response_managers.headcount",
    ] {
      #expect(text.contains(expected), "\(expected) missing from:\n\(text)")
    }
  }
}
