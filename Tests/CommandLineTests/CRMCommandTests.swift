import Foundation
import TestSupport
import Testing

/// `funnelsim fit` and `forecast` through the real binary: outputs, formats, bad input.
@Suite struct CRMCommandTests {
  static let example = FunnelSimProcess.packageRoot.appendingPathComponent("examples/crm").path

  @Test func fitWritesAScenarioThatValidates() throws {
    let dir = try TemporaryDirectory()
    let r = try FunnelSimProcess.run([
      "fit", Self.example + "/opportunities.csv", "--as-of", "2025-03-31", "--owners",
      Self.example + "/owners.csv", "--output", dir.file("fitted.yaml"), "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    #expect(r.error.isEmpty)
    let v = try FunnelSimProcess.run(["validate", dir.file("fitted.yaml")])
    #expect(v.status == 0, "\(v.output)\(v.error)")
    #expect(try dir.read("fitted.yaml").contains("opening_pipeline:"))
  }

  @Test func fitReplacesItsOwnReportAndScenario() throws {
    let dir = try TemporaryDirectory()
    let arguments = [
      "fit", Self.example + "/opportunities.csv", "--as-of", "2025-03-31", "--output",
      dir.file("fitted.yaml"), "--report", dir.file("fit.html"), "--quiet",
    ]
    for _ in 0..<2 {
      let r = try FunnelSimProcess.run(arguments)
      #expect(r.status == 0, "\(r.error)")
    }
    #expect(try dir.read("fit.html").contains("Won per month"))
    // No --owners: the report says so where the careers would be.
    #expect(try dir.read("fit.html").contains("Careers were not fitted: no owners file was given"))
    let same = try FunnelSimProcess.run([
      "fit", Self.example + "/opportunities.csv", "--as-of", "2025-03-31", "--output",
      dir.file("fitted.yaml"), "--report", dir.file("fitted.yaml"),
    ])
    #expect(same.status != 0)
  }

  @Test func forecastJSONHasAMonthPerMonthAndThePlan() throws {
    let r = try FunnelSimProcess.run([
      "forecast", Self.example + "/opportunities.csv", "--as-of", "2025-03-31", "--months", "2",
      "--replications", "20", "--plan", "500000", "--format", "json", "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    #expect(json["format"] as? String == "funnelsim.forecast/1")
    let months = try #require(json["monthly"] as? [[String: Any]])
    #expect(months.map { $0["month"] as? String } == ["2025-04", "2025-05"])
    #expect((json["plan"] as? [String: Any])?["probability"] != nil)
  }

  @Test func ambiguousDatesExitTwoAskingForTheFormat() throws {
    let dir = try TemporaryDirectory()
    try dir.write("o.csv", "id,owner,created,close_date,status\n1,a,01/02/2025,03/04/2025,won\n")
    let r = try FunnelSimProcess.run([
      "fit", dir.file("o.csv"), "--as-of", "2025-06-30", "--output", dir.file("s.yaml"),
    ])
    #expect(r.status == 2)
    #expect(r.error.contains("--date-format"))
    #expect(!dir.exists("s.yaml"))
  }

  @Test func strictRefusesAFileWithABadRow() throws {
    let dir = try TemporaryDirectory()
    try dir.write(
      "o.csv", "id,owner,created,close_date,status\n1,a,2025-01-02,2025-02-01,won\n2,a,2025-01-40,,open\n")
    let lenient = try FunnelSimProcess.run([
      "fit", dir.file("o.csv"), "--as-of", "2025-06-30", "--output", dir.file("s.yaml"),
    ])
    #expect(lenient.status == 0)
    #expect(lenient.error.contains("row 3, column 'created'"))
    let strict = try FunnelSimProcess.run([
      "fit", dir.file("o.csv"), "--as-of", "2025-06-30", "--output", dir.file("t.yaml"), "--strict",
    ])
    #expect(strict.status == 2)
    #expect(strict.error.contains("refused (--strict)"))
  }

  /// `forecast` and `backtest` share one `--parameter-sets` option: the same check and wording.
  @Test func forecastAndBacktestRefuseZeroParameterSetsAlike() throws {
    var messages: [String] = []
    for command in [["forecast"], ["backtest", "--origins", "2"]] {
      let r = try FunnelSimProcess.run(
        command + [
          Self.example + "/opportunities.csv", "--as-of", "2025-03-31", "--months", "2",
          "--parameter-sets", "0",
        ])
      #expect(r.status != 0)
      messages.append(r.error.split(separator: "\n").first.map(String.init) ?? "")
    }
    #expect(messages[0].contains("--parameter-sets must be at least 1 (got 0)"), "\(messages)")
    #expect(messages[0] == messages[1])
  }

  /// The backtest scores every owner: the JSON has the owners' pooled scores and one entry per
  /// owner, whose months add up to the pooled count.
  @Test func backtestJSONScoresEveryOwner() throws {
    let r = try FunnelSimProcess.run([
      "backtest", Self.example + "/opportunities.csv", "--owners", Self.example + "/owners.csv",
      "--stage-history", Self.example + "/stage_history.csv", "--as-of", "2025-03-31",
      "--months", "2", "--origins", "3", "--replications", "20", "--format", "json", "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let pooled = try #require(json["owner_scores"] as? [[String: Any]])
    #expect(pooled.count == 6)
    let owners = try #require(json["owners"] as? [[String: Any]])
    #expect(!owners.isEmpty)
    let months = owners.map { o in
      ((o["scores"] as? [[String: Any]])?.first?["n"] as? Int) ?? -1
    }
    #expect(months.reduce(0, +) == pooled[0]["n"] as? Int, "\(months)")
  }
}
