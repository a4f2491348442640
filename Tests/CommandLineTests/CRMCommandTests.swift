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
}
