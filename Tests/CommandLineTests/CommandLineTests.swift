import Foundation
import TestSupport
import Testing

/// End-to-end tests of the real `funnelsim` executable (debug build: replication counts are
/// kept small).
@Suite(.serialized) struct CommandLineTests {
  static let bundled = [
    "b2b-consulting.yaml", "b2c-retail.yaml", "key-accounts.yaml",
    "staffing-two-juniors.yaml", "staffing-one-senior.yaml", "saas-sdr-ae.yaml",
  ]

  @Test(arguments: bundled)
  func everyBundledScenarioValidates(name: String) throws {
    let r = try FunnelSimProcess.run(["validate", FunnelSimProcess.scenario(name)])
    #expect(r.status == 0, "\(r.error)")
    #expect(r.output.contains("valid"))
  }

  @Test func anInvalidScenarioReportsEveryErrorWithItsPlaceAndWritesNothing() throws {
    let dir = try TemporaryDirectory()
    let original = try String(
      contentsOfFile: FunnelSimProcess.scenario("b2b-consulting.yaml"), encoding: .utf8)
    // Three mistakes: a misspelt optional key, a negative headcount and a share above 1.
    var broken = original.replacingOccurrences(
      of: "commission_rate: 0.03 ", with: "comission_rate: 0.03 ")
    broken = broken.replacingOccurrences(of: "headcount: 3 ", with: "headcount: -3 ")
    broken = broken.replacingOccurrences(
      of: "win_multiplier: 0.8 ", with: "win_multiplier: -0.8 ")
    try dir.write("broken.yaml", broken)
    let r = try FunnelSimProcess.run([
      "run", dir.file("broken.yaml"), "--replications", "5", "--output", dir.file("out.json"),
    ])
    #expect(r.status == 2)
    #expect(r.error.contains("broken.yaml:"))
    #expect(r.error.contains("did you mean 'commission_rate'"))
    #expect(r.error.contains("levels.junior.headcount"))
    #expect(r.error.contains("levels.junior.win_multiplier"))
    #expect(!dir.exists("out.json"))
  }

  @Test func outputIsByteIdenticalForAnyThreadCount() throws {
    let scenario = FunnelSimProcess.scenario("b2b-consulting.yaml")
    let one = try FunnelSimProcess.run([
      "run", scenario, "--replications", "12", "--threads", "1", "--format", "json", "--quiet",
    ])
    let three = try FunnelSimProcess.run([
      "run", scenario, "--replications", "12", "--threads", "3", "--format", "json", "--quiet",
    ])
    #expect(one.status == 0, "\(one.error)")
    #expect(one.output == three.output)
    #expect(one.output.contains("\"format\": \"funnelsim.run/1\""))
  }

  @Test func setOverridesAScenarioKey() throws {
    let r = try FunnelSimProcess.run([
      "run", FunnelSimProcess.scenario("b2b-consulting.yaml"), "--replications", "3",
      "--set", "levels.junior.headcount=5", "--format", "csv", "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    let row = r.output.split(separator: "\n").first { $0.hasPrefix("metric,headcount_start,junior,") }
    // kind,key,group,unit,count,defined,mean: the mean headcount at start.
    #expect(row?.split(separator: ",")[6] == "5")
  }

  @Test func shardsMergeToTheSingleProcessReport() throws {
    let dir = try TemporaryDirectory()
    let scenario = FunnelSimProcess.scenario("b2b-consulting.yaml")
    let single = try FunnelSimProcess.run([
      "run", scenario, "--replications", "10", "--format", "json", "--quiet",
    ])
    #expect(single.status == 0)
    var parts: [String] = []
    for i in 0..<3 {
      let part = dir.file("part-\(i).json")
      let r = try FunnelSimProcess.run([
        "run", scenario, "--replications", "10", "--shard", "\(i)/3", "--output", part, "--quiet",
      ])
      #expect(r.status == 0, "\(r.error)")
      parts.append(part)
    }
    let merged = try FunnelSimProcess.run(["merge"] + parts.reversed() + ["--format", "json"])
    #expect(merged.status == 0, "\(merged.error)")
    #expect(merged.output == single.output)

    let missing = try FunnelSimProcess.run(["merge", parts[0], parts[2]])
    #expect(missing.status != 0)
    #expect(missing.error.contains("replications 3..<6 are missing"))
  }

  @Test func ctrlCSavesAPartialResultThatResumeFinishes() throws {
    let dir = try TemporaryDirectory()
    let scenario = FunnelSimProcess.scenario("b2b-consulting.yaml")
    let out = dir.file("report.json")
    let (count, stopped) = try FunnelSimProcess.interruptedAtFirstProgress(
      {
        [
          "run", scenario, "--replications", "\($0)", "--threads", "2", "--format", "json",
          "--output", out,
        ]
      }, cleanUp: { try? FileManager.default.removeItem(atPath: out) })
    #expect(stopped.status == 130, "\(stopped.error)")
    #expect(stopped.error.contains("resume with: "))
    #expect(!dir.exists("report.json"))
    #expect(dir.exists("report.json.partial.json"))
    let partial = try dir.read("report.json.partial.json")
    #expect(partial.contains("\"interrupted\":true"))

    let resumed = try FunnelSimProcess.run([
      "run", scenario, "--replications", "\(count)", "--format", "json", "--output", out,
      "--resume", dir.file("report.json.partial.json"), "--quiet",
    ])
    #expect(resumed.status == 0, "\(resumed.error)")
    let straight = try FunnelSimProcess.run([
      "run", scenario, "--replications", "\(count)", "--format", "json", "--quiet",
    ])
    #expect(try dir.read("report.json") == straight.output)
  }

  @Test func htmlReportIsSelfContained() throws {
    let dir = try TemporaryDirectory()
    let r = try FunnelSimProcess.run([
      "report", FunnelSimProcess.scenario("b2b-consulting.yaml"), "--replications", "8",
      "--output", dir.file("report.html"), "--quiet",
    ])
    #expect(r.status == 0, "\(r.error)")
    let html = try dir.read("report.html")
    #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"))
    #expect(html.contains("<svg"))
    // Nothing is fetched when the page opens: no external scripts, styles, images or fonts.
    for attribute in ["src=\"http", "href=\"http", "url(http", "@import"] {
      #expect(!html.contains(attribute))
    }
  }

  @Test func benchMMcAgreesWithErlangC() throws {
    let r = try FunnelSimProcess.run([
      "bench", "mmc", "--servers", "2", "--load", "0.7", "--customers", "20000",
      "--replications", "10", "--format", "json",
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
    let mmc = try #require(json?["mmc"] as? [String: Any])
    let exact = try #require(mmc["exactMeanWait"] as? Double)
    let low = try #require(mmc["lowerBound"] as? Double)
    let high = try #require(mmc["upperBound"] as? Double)
    #expect(low <= exact && exact <= high)
  }

  @Test func benchModelCountsTheSameEventsOnOneAndTwoThreads() throws {
    let r = try FunnelSimProcess.run([
      "bench", "model", FunnelSimProcess.scenario("b2b-consulting.yaml"), "--replications", "4",
      "--threads", "2", "--format", "json",
    ])
    #expect(r.status == 0, "\(r.error)")
    let json = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
    let rows = try #require(json?["measurements"] as? [[String: Any]])
    #expect(rows.map { $0["threads"] as? Int } == [1, 2])
    let events = rows.compactMap { $0["kernelEvents"] as? Int }
    #expect(events.count == 2 && events[0] == events[1] && events[0] > 0)
    for row in rows {
      // b2b-consulting has inbound, outbound and referral leads and service requests.
      let leads = try #require(row["leadArrivals"] as? Int)
      let requests = try #require(row["requestArrivals"] as? Int)
      let arrivals = try #require(row["arrivals"] as? Int)
      let kernel = try #require(row["kernelEvents"] as? Int)
      #expect(leads > 0 && requests > 0 && arrivals == leads + requests)
      #expect(row["modelEvents"] as? Int == kernel + arrivals)
    }
    let managers = try #require(json?["managers"] as? Int)
    let months = try #require(json?["horizonMonths"] as? Int)
    for row in rows {
      let seconds = try #require(row["seconds"] as? Double)
      let perYear = try #require(row["managerYearsPerSecond"] as? Double)
      // 4 replications of `managers` seats for `months` months, over the wall time.
      let expected = 4 * Double(managers * months) / 12 / seconds
      #expect(abs(perYear - expected) <= 1e-9 * expected)
    }
  }
}
