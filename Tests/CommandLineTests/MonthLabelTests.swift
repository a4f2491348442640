import Foundation
import TestSupport
import Testing

/// With `calendar.start_date` every monthly output names its months `YYYY-MM`; without it they
/// stay numbered (docs/output-format.md).
@Suite struct MonthLabelTests {
  /// b2b-consulting on the Russian calendar from mid-March 2027 (its working-day holidays give
  /// way to the production calendar's dates).
  static func datedScenario(in dir: TemporaryDirectory) throws -> String {
    let text = try String(
      contentsOfFile: FunnelSimProcess.scenario("b2b-consulting.yaml"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasPrefix("  holidays:")
        ? "  start_date: 2027-03-15\n  production_calendar: ru\n  vacation_blocks: 2" : String($0)
    }
    try dir.write("dated.yaml", lines.joined(separator: "\n"))
    return dir.file("dated.yaml")
  }

  static let expectedLabels = (0..<12).map { m in
    let month = (2 + m) % 12 + 1
    return "\(2027 + (2 + m) / 12)-\(month < 10 ? "0" : "")\(month)"
  }

  @Test func jsonAndSeriesCSVNameTheMonthsOfAStartDate() throws {
    let dir = try TemporaryDirectory()
    let r = try FunnelSimProcess.run([
      "run", try Self.datedScenario(in: dir), "--replications", "3", "--format", "json",
      "--per-replication-series", dir.file("series.csv"), "--quiet",
      "--output", dir.file("out.json"),
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(dir.read("out.json").utf8)) as? [String: Any])
    #expect(json["months"] as? [String] == Self.expectedLabels)
    let rows = try dir.read("series.csv").split(separator: "\n").dropFirst()
    let months = rows.filter { $0.contains(",revenue,team,") }.map {
      String($0.split(separator: ",")[1])
    }
    #expect(months == Array((0..<3).map { _ in Self.expectedLabels }.joined()))
    // The HTML report's month axis reads the labels too.
    let html = try FunnelSimProcess.run([
      "run", try Self.datedScenario(in: dir), "--replications", "3", "--format", "html",
      "--quiet", "--output", dir.file("out.html"),
    ])
    #expect(html.status == 0, "\(html.error)")
    #expect(try dir.read("out.html").contains("2027-03"))
  }

  @Test func withoutAStartDateMonthsStayNumbered() throws {
    let dir = try TemporaryDirectory()
    let r = try FunnelSimProcess.run([
      "run", FunnelSimProcess.scenario("b2b-consulting.yaml"), "--replications", "2",
      "--format", "json", "--per-replication-series", dir.file("series.csv"), "--quiet",
      "--output", dir.file("out.json"),
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(dir.read("out.json").utf8)) as? [String: Any])
    #expect(json["months"] == nil)
    let second = try dir.read("series.csv").split(separator: "\n")[1]
    #expect(second.hasPrefix("0,1,revenue,team,"))
  }

  @Test func aBadStartDateNamesItsFileLineAndForm() throws {
    let dir = try TemporaryDirectory()
    try dir.write(
      "bad.yaml",
      try String(contentsOfFile: Self.datedScenario(in: dir), encoding: .utf8)
        .replacingOccurrences(of: "start_date: 2027-03-15", with: "start_date: 2027-15-03"))
    let r = try FunnelSimProcess.run(["validate", dir.file("bad.yaml")])
    #expect(r.status != 0)
    #expect(r.error.contains("bad.yaml:") && r.error.contains("calendar.start_date"), "\(r.error)")
    #expect(r.error.contains("YYYY-MM-DD"), "\(r.error)")
  }
}
