// docs/scenario-format.md, "service_desk": the meaning of the desk's keys.
internal import Stochastic

extension Scenario {
  /// The most channels a desk may have: each is a queue class and a block of outputs.
  static let maximumDeskChannels = 64
  /// The most response managers a desk may have: every request scans them for the first free.
  public static let maximumResponseManagers = 10_000
  /// The most requests a channel may bring per month, clients' and fixed ones counted apart.
  static let maximumDeskRequestsPerMonth = 10_000_000.0

  /// Checks the `service_desk` section (called only when it is on).
  func validateServiceDesk(into report: inout ValidationReport) {
    func fail(_ path: ScenarioPath, _ value: Any?, _ expected: String) {
      report.fail(path, value: value.map { "\($0)" }, expected: expected)
    }
    let desk = serviceDesk
    let root: ScenarioPath = ["service_desk"]
    if desk.channels.isEmpty {
      fail(root + ["channels"], nil, "at least one channel (e.g. {name: phone, handling_minutes: 5})")
    }
    if desk.channels.count > Self.maximumDeskChannels {
      fail(root + ["channels"], desk.channels.count, "at most \(Self.maximumDeskChannels) channels")
    }
    var seen: Set<String> = []
    for (i, ch) in desk.channels.enumerated() {
      let p = root + ["channels", .index(i)]
      let nameIsAKey =
        !ch.name.isEmpty && ch.name.utf8.allSatisfy { b in
          (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x5f
        }
      if !nameIsAKey {
        fail(p + ["name"], ch.name, "a name of lower-case letters, digits and '_' (it names outputs)")
      } else if !seen.insert(ch.name).inserted {
        fail(p + ["name"], ch.name, "a name no other channel has")
      }
      for (key, v) in [
        ("requests_per_client_per_month", ch.requestsPerClientPerMonth),
        ("requests_per_month", ch.requestsPerMonth),
      ] where !(v >= 0 && v <= Self.maximumDeskRequestsPerMonth) {
        fail(p + [.key(key)], v, "a number of requests between 0 and 10000000")
      }
      if !(ch.requestsPerClientPerMonth > 0 || ch.requestsPerMonth > 0), nameIsAKey {
        fail(
          p + ["requests_per_client_per_month"], ch.requestsPerClientPerMonth,
          "requests_per_client_per_month or requests_per_month above 0")
      }
      distribution(p + ["handling_minutes"], ch.handlingMinutes, positiveMean: true, into: &report)
      if let patience = ch.patienceMinutes {
        distribution(p + ["patience_minutes"], patience, positiveMean: false, into: &report)
      }
      if !(ch.slaMinutes >= 0 && ch.slaMinutes.isFinite) {
        fail(p + ["sla_minutes"], ch.slaMinutes, "a finite number of minutes >= 0")
      }
      if !(ch.targetShare > 0 && ch.targetShare < 1) {
        fail(p + ["target_share"], ch.targetShare, "a share above 0 and below 1")
      }
      if !(ch.escalationShare >= 0 && ch.escalationShare <= 1) {
        fail(p + ["escalation_share"], ch.escalationShare, "a share between 0 and 1")
      }
    }
    let staff = desk.responseManagers
    let s = root + ["response_managers"]
    if staff.headcount < 1 || staff.headcount > Self.maximumResponseManagers {
      fail(
        s + ["headcount"], staff.headcount,
        "a whole number between 1 and \(Self.maximumResponseManagers)")
    }
    if !(staff.hoursPerDay > 0 && staff.hoursPerDay <= 24) {
      fail(s + ["hours_per_day"], staff.hoursPerDay, "a number of hours above 0 and at most 24")
    }
    if !(staff.salaryPerMonth >= 0 && staff.salaryPerMonth.isFinite) {
      fail(s + ["salary_per_month"], staff.salaryPerMonth, "a finite number >= 0")
    }
  }

  /// A distribution of minutes: valid parameters, never below 0, and a mean above 0 if asked.
  private func distribution(
    _ path: ScenarioPath, _ d: Distribution, positiveMean: Bool,
    into report: inout ValidationReport
  ) {
    let problems = d.problems
    guard problems.isEmpty else {
      report.fail(
        path, value: "\(d)",
        expected: "valid parameters: " + problems.map(\.message).joined(separator: "; "))
      return
    }
    if let problem = d.problem(drawsBelow: 0) {
      report.fail(
        path, value: "\(d)", expected: "a distribution of minutes >= 0: \(problem.message)")
    }
    if positiveMean, !(d.mean > 0 && d.mean.isFinite) {
      report.fail(path, value: "\(d.mean)", expected: "a mean above 0 minutes")
    }
  }
}
