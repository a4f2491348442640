import Foundation
import TestSupport
import Testing

/// The same kind of failure gives the same exit status in every command (docs/exit-status.md).
@Suite struct ExitStatusTests {
  /// Every command that reads a scenario, with the arguments it needs besides it.
  static let commands: [(name: String, extra: [String])] = [
    ("run", []), ("report", []), ("compare", [FunnelSimProcess.scenario("key-accounts.yaml")]),
    ("sweep", ["--vary", "levels.senior.headcount=1,2"]), ("quota", ["--check"]),
    ("staff", ["--target", "bookings=1", "--confidence", "0.5"]), ("explain", []),
    ("validate", []),
  ]

  @Test(arguments: commands.map(\.name))
  func aMissingScenarioIsBadInput(command: String) throws {
    let extra = try #require(Self.commands.first { $0.name == command }).extra
    let r = try FunnelSimProcess.run([command, "no-such-scenario.yaml"] + extra)
    #expect(r.status == 2, "\(r.error)")
    #expect(r.error.contains("no-such-scenario.yaml"))
  }

  @Test(arguments: commands.map(\.name))
  func aMisspeltOptionIsBadInput(command: String) throws {
    let extra = try #require(Self.commands.first { $0.name == command }).extra
    let r = try FunnelSimProcess.run(
      [command, FunnelSimProcess.scenario("key-accounts.yaml")] + extra + ["--replicatoins", "2"])
    #expect(r.status == 2, "\(r.error)")
    #expect(r.error.contains("--replicatoins"))
  }

  @Test func aPartFileMergeCannotUseIsBadInput() throws {
    let dir = try TemporaryDirectory()
    try dir.write("part.json", "{}")
    let r = try FunnelSimProcess.run(["merge", dir.file("part.json")])
    #expect(r.status == 2, "\(r.error)")
  }

  @Test func aQuestionAnAnalysisCannotAnswerIsBadInput() throws {
    let explain = try FunnelSimProcess.run([
      "explain", FunnelSimProcess.scenario("key-accounts.yaml"), "--metric", "win_rate",
      "--target", "1", "--replications", "2",
    ])
    #expect(explain.status == 2, "\(explain.error)")
    let quota = try FunnelSimProcess.run([
      "quota", FunnelSimProcess.scenario("key-accounts.yaml"), "--check", "--quota", "intern=5",
      "--replications", "2",
    ])
    #expect(quota.status == 2, "\(quota.error)")
  }
}
