import Foundation
import TestSupport
import Testing

/// `run --per-replication-series`: the long-form file holds the levels' monthly series too.
@Suite struct PerReplicationSeriesTests {
  @Test func levelGroupsOfWonAndBookingsAddUpToTheTeamMonthByMonth() throws {
    let dir = try TemporaryDirectory()
    let r = try FunnelSimProcess.run([
      "run", FunnelSimProcess.scenario("b2b-consulting.yaml"), "--replications", "3",
      "--per-replication-series", dir.file("series.csv"), "--quiet",
      "--output", dir.file("out.json"),
    ])
    #expect(r.status == 0, "\(r.error)")
    let lines = try dir.read("series.csv").split(separator: "\n").map(String.init)
    #expect(lines.first == "replication,month,metric,group,value")
    // (replication, month, metric) -> (team value, sum over the level groups)
    var team: [String: Double] = [:]
    var levels: [String: Double] = [:]
    var levelGroups: Set<String> = []
    for line in lines.dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      try #require(f.count == 5, "\(line)")
      guard f[2] == "won" || f[2] == "bookings" else { continue }
      let key = "\(f[0]) \(f[1]) \(f[2])"
      let v = try #require(Double(f[4]))
      if f[3] == "team" {
        team[key] = v
      } else {
        levelGroups.insert(f[3])
        levels[key, default: 0] += v
      }
    }
    // b2b-consulting has four levels; every one has both series.
    #expect(levelGroups.count == 4)
    #expect(!team.isEmpty && Set(team.keys) == Set(levels.keys))
    for (key, v) in team {
      let sum = levels[key] ?? .nan
      #expect(abs(sum - v) <= 1e-6 * max(1, v), "\(key): team \(v), levels \(sum)")
    }
    #expect(team.filter { $0.key.hasSuffix(" won") }.values.reduce(0, +) > 0)
  }
}
