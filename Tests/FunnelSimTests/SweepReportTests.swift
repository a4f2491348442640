import SalesModel
import Testing

@testable import FunnelSim

@Suite struct SweepReportTests {
  @Test func axesParseListsAndRanges() throws {
    #expect(try SweepAxis(parsing: "levels.junior.headcount=1,2,3").values == ["1", "2", "3"])
    #expect(try SweepAxis(parsing: "k=0..6").values == ["0", "1", "2", "3", "4", "5", "6"])
    #expect(try SweepAxis(parsing: "k=20..60:10").values == ["20", "30", "40", "50", "60"])
    #expect(try SweepAxis(parsing: "k=0.5..1:0.25").values == ["0.5", "0.75", "1"])
    #expect(try SweepAxis(parsing: "routing.policy=round_robin, cherry_pick").values.count == 2)
  }

  @Test(arguments: [
    ("levels.junior.headcount", "KEY=V1"), ("=1,2", "dotted path"), ("k=1,,2", "empty value"),
    ("k=5..1", "backwards"), ("k=a..b", "A..B"), ("k=1..3:0", "step"), ("k=1,1", "twice"),
  ])
  func badAxesAreRefusedWithAReason(text: String, reason: String) {
    #expect {
      try SweepAxis(parsing: text)
    } throws: { error in
      "\(error)".contains(reason) && "\(error)".contains("--vary")
    }
  }

  @Test func objectivesParse() throws {
    #expect(try SweepObjective(parsing: "margin") == SweepObjective(key: "margin"))
    #expect(
      try SweepObjective(parsing: "min:cost_of_sales.junior")
        == SweepObjective(key: "cost_of_sales", group: "junior", maximise: false))
    #expect(throws: SweepError.self) { try SweepObjective(parsing: "max:") }
    #expect(throws: SweepError.self) { try SweepObjective(parsing: "bookings.*") }
  }

  @Test func juniorHeadcountSweepSeesTheSameLeads() throws {
    let axis = try SweepAxis(parsing: "levels.junior.headcount=1,2,3")
    let runs = try axis.values.map {
      try BundledScenario.run(
        "b2b-consulting", overrides: ["levels.junior.headcount=\($0)"], replications: 12)
    }
    let report = try SweepReport(
      scenarioName: "b2b-consulting", scenarioFile: "b2b-consulting.yaml", seed: 20_240_601,
      horizonMonths: 12, axes: [axis], runs: runs,
      metrics: [MetricSelector(key: "leads_inbound"), MetricSelector(key: "headcount_start")])
    #expect(report.points.count == 3)
    #expect(report.points.map(\.settings) == [["1"], ["2"], ["3"]])
    let leads = (0..<3).map { report.value("leads_inbound", at: $0)?.mean }
    #expect(leads[0] != nil && leads[0] == leads[1] && leads[1] == leads[2])
    // The override took effect: two more juniors at the start from point 1 to point 3.
    let start = (0..<3).compactMap { report.value("headcount_start", at: $0)?.mean }
    #expect(start.count == 3 && start[2] - start[0] == 2)
    // The objective (margin) was added to the metrics.
    #expect(report.descriptors.contains { $0.key == "margin" })
    #expect(report.best != nil && report.runnerUp != nil && report.best != report.runnerUp)
  }

  @Test func objectivePicksTheBestPointEitherWay() throws {
    let axis = SweepAxis(key: "k", values: ["a", "b", "c"])
    let runs = [
      SyntheticRuns.run("a", values: ["x": [1, 2, 3]]),
      SyntheticRuns.run("b", values: ["x": [5, 6, 7]]),
      SyntheticRuns.run("c", values: ["x": [3, 4, 5]]),
    ]
    let high = try SweepReport(
      scenarioName: "s", scenarioFile: "s.yaml", seed: 1, horizonMonths: 12, axes: [axis],
      runs: runs, metrics: [], objective: SweepObjective(key: "x"))
    #expect(high.best == 1)
    #expect(high.runnerUp == 2)
    #expect(high.bestAgainstRunnerUp?.mean == 2)
    let low = try SweepReport(
      scenarioName: "s", scenarioFile: "s.yaml", seed: 1, horizonMonths: 12, axes: [axis],
      runs: runs, metrics: [], objective: SweepObjective(key: "x", maximise: false))
    #expect(low.best == 0)
    #expect(low.runnerUp == 2)
    let csv = high.csv().split(separator: "\n")
    #expect(csv[0] == "point,k,metric,group,unit,mean,ci95_low,ci95_high,best")
    #expect(csv.dropFirst().map { $0.hasSuffix(",1") } == [false, true, false])
    #expect(csv.dropFirst().map { $0.split(separator: ",")[1] } == axis.values.map { Substring($0) })
  }

  @Test func twoAxesRunFirstAxisOutermost() throws {
    let a = SweepAxis(key: "a", values: ["1", "2"])
    let b = SweepAxis(key: "b", values: ["x", "y", "z"])
    let runs = (0..<6).map {
      SyntheticRuns.run("p\($0)", values: ["v": [Double($0), Double($0) + 1]])
    }
    let report = try SweepReport(
      scenarioName: "s", scenarioFile: "s.yaml", seed: 1, horizonMonths: 12, axes: [a, b],
      runs: runs, metrics: [.init(key: "v")], objective: SweepObjective(key: "v"))
    #expect(
      report.points.map(\.settings) == [
        ["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"],
      ])
    #expect(report.best == 5)
    #expect(report.settingsText(5) == "a=2, b=z")
    let html = report.rendered(as: .html)
    #expect(html.contains("data-kind=\"heatmap\"") || html.contains("heatmap"))
  }

  @Test func unknownObjectiveMetricIsNamed() {
    let axis = SweepAxis(key: "k", values: ["a"])
    let runs = [SyntheticRuns.run("a", values: ["margins": [1, 2]])]
    #expect {
      try SweepReport(
        scenarioName: "s", scenarioFile: "s.yaml", seed: 1, horizonMonths: 12, axes: [axis],
        runs: runs, metrics: [], objective: SweepObjective(key: "margin"))
    } throws: { error in
      "\(error)".contains("margin.team") && "\(error)".contains("did you mean 'margins'")
    }
  }

  @Test func unknownVariedKeyIsNamedByTheLoader() {
    #expect {
      try LoadedScenario.load(
        path: BundledScenario.path("b2b-consulting"), overrides: ["levels.junior.headcont=2"])
    } throws: { error in
      "\(error)".contains("headcont")
    }
  }
}
