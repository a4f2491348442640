import Foundation
import TestSupport
import Testing

/// `funnelsim explain` end to end, and shell completion of file options.
@Suite struct ExplainCommandTests {
  @Test func explainWritesJSONWhosePartsAddUpToTheGap() throws {
    let r = try FunnelSimProcess.run([
      "explain", FunnelSimProcess.scenario("key-accounts.yaml"), "--cause", "ramp", "--cause",
      "no_shows", "--cause", "sandbagging", "--target", "50000000", "--replications", "3",
      "--format", "json", "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    #expect(json["format"] as? String == "funnelsim.explain/1")
    let causes = try #require(json["causes"] as? [[String: Any]])
    #expect(causes.map { $0["cause"] as? String } == ["ramp", "no_shows", "sandbagging"])
    let sum = causes.compactMap { $0["mean"] as? Double }.reduce(0, +)
    let remaining = try #require((json["remaining"] as? [String: Any])?["mean"] as? Double)
    let gap = try #require((json["gap"] as? [String: Any])?["mean"] as? Double)
    #expect(abs(sum + remaining - gap) <= 1e-6 * Swift.max(1, abs(gap)))
  }

  @Test func shellCompletionCompletesScenarioAndOutputFiles() throws {
    let r = try FunnelSimProcess.run(["--generate-completion-script", "bash"])
    #expect(r.status == 0, "\(r.error)")
    #expect(r.output.contains("yaml"))
    #expect(r.output.contains("xlsx") || r.output.contains("-f"))
  }
}
