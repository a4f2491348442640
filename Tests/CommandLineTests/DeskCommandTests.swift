import Foundation
import TestSupport
import Testing

/// `funnelsim desk`: the staffing of a service desk, end to end.
@Suite struct DeskCommandTests {
  static let scenario = """
    name: desk
    seed: 3
    horizon_months: 1
    segments:
      - {name: smb, deal_size: 100000}
    levels:
      - {name: rep, headcount: 1}
    funnel:
      stages:
        - {name: close, probability: 0.3}
    service_desk:
      channels:
        - name: phone
          requests_per_month: 2000
          handling_minutes: {distribution: exponential, mean: 6}
          sla_minutes: 1
        - name: mail
          requests_per_month: 500
          handling_minutes: 10
          sla_minutes: 120
          priority: 1
      response_managers: {headcount: 4}

    """

  @Test func theDeskCommandGivesErlangCAndTheSimulatedHeadcountPerChannel() throws {
    let dir = try TemporaryDirectory()
    try dir.write("desk.yaml", Self.scenario)
    let r = try FunnelSimProcess.run([
      "desk", dir.file("desk.yaml"), "--replications", "4", "--format", "json", "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    #expect(json["format"] as? String == "funnelsim.desk/1")
    let channels = try #require(json["channels"] as? [[String: Any]])
    #expect(channels.map { $0["name"] as? String } == ["phone", "mail"])
    for channel in channels {
      let erlang = try #require(channel["erlang_c_headcount"] as? Int)
      let simulated = try #require(channel["simulated_headcount"] as? Int)
      // Both answers of an SLA met by a handful of response managers, within one of another.
      #expect(erlang >= 1 && abs(erlang - simulated) <= 1, "\(channel)")
    }
    let shared = try #require(json["shared_headcount"] as? Int)
    let dedicated = channels.compactMap { $0["simulated_headcount"] as? Int }.reduce(0, +)
    #expect(shared >= 1 && shared <= dedicated)
  }

  @Test func aScenarioWithoutADeskIsRefused() throws {
    let r = try FunnelSimProcess.run([
      "desk", FunnelSimProcess.scenario("b2b-consulting.yaml"), "--replications", "2",
    ])
    #expect(r.status != 0)
    #expect(r.error.contains("no service_desk section"))
  }
}
