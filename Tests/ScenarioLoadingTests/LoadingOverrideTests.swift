import Foundation
import SalesModel
import Testing

@testable import ScenarioLoading

@Suite struct LoadingOverrideTests {
  func load(_ text: String = validYAML, _ overrides: String...) throws -> TestScenario {
    try ScenarioLoader.load(
      TestScenario.self, text: text, file: "b2b.yaml",
      overrides: overrides.map(ScenarioOverride.init))
  }

  @Test func aListElementIsSelectedByIndex() throws {
    #expect(try load(validYAML, "levels.0.headcount=7").levels[0].headcount == 7)
  }

  @Test func aListElementIsSelectedByItsName() throws {
    let s = try load(validYAML, "levels.senior.win_rate=0.5", "seed=7")
    #expect(s.levels[1].winRate == 0.5)
    #expect(s.seed == 7)
  }

  @Test func aFlowValueReplacesAWholeMapping() throws {
    #expect(
      try load(validYAML, "lead_time={distribution: exponential, mean: 5}").leadTime
        == .exponential(mean: 5))
  }

  @Test func aKeyAbsentFromTheFileCanBeSet() throws {
    let text = yaml(replacingLine: 2, with: "# horizon left to its default")
    #expect(try load(text, "horizon_days=30").horizonDays == 30)
    let s = try load(validYAML, "options={verbose: true, tags: [a, b]}")
    #expect(s.options.verbose && s.options.tags == ["a", "b"])
  }

  @Test func aMistypedNewKeyIsCaughtAsUnknownAndBlamedOnTheSet() {
    #expect(
      lines(loadError(validYAML, overrides: ["horizon_dayz=30"])) == [
        "--set horizon_dayz=30: horizon_dayz: unknown key 'horizon_dayz'; did you mean 'horizon_days'?"
      ])
  }

  @Test func aMissingParentIsNamed() {
    let error = loadError(
      validYAML,
      overrides: ["levels.medior.headcount=3", "options.verbose=true", "levels.5.quota=1"])
    #expect(
      lines(error) == [
        "--set levels.medior.headcount=3: levels.medior: 'levels' has no element named 'medior'; did you mean 'senior'?",
        "--set options.verbose=true: options: the top level has no key 'options', so nothing below it can be set; valid keys: channel, horizon_days, lead_time, levels, seed",
        "--set levels.5.quota=1: levels.5: index 5 is out of range: 'levels' has 2 elements",
      ])
    #expect(error?.issues.allSatisfy { $0.kind == .override && $0.line == nil } == true)
  }

  @Test func aBadValueIsReportedAsComingFromTheSetAlongWithFileErrors() {
    let text = yaml(replacingLine: 2, with: "horizon_days: soon")
    let error = loadError(
      text, overrides: ["levels.junior.headcount=x", "levels.senior.quota=-1e999"])
    #expect(
      lines(error) == [
        "--set levels.junior.headcount=x: levels.junior.headcount: got 'x'; expected a whole number",
        "--set levels.senior.quota=-1e999: levels.senior.quota: got '-1e999'; expected a finite number",
        "b2b.yaml:2:15: horizon_days: got 'soon'; expected a finite number",
      ])
    #expect(error?.description.hasSuffix("3 errors in b2b.yaml") == true)
  }

  @Test func aValidationIssueOnAnOverriddenValueIsBlamedOnTheSet() {
    #expect(
      lines(loadError(validYAML, overrides: ["levels.junior.headcount=500"])) == [
        "--set levels.junior.headcount=500: levels.junior.headcount: got '500'; expected at most 100 people"
      ])
  }

  @Test func aMalformedSetIsExplained() {
    #expect(
      lines(loadError(validYAML, overrides: ["seed", "levels..headcount=1", "seed=[1,"])) == [
        "--set seed: expected KEY=VALUE, e.g. levels.junior.headcount=5",
        "--set levels..headcount=1: levels..headcount: the key must be a dotted path such as levels.junior.headcount",
        "--set seed=[1,: seed: the value '[1,' is not valid YAML: did not find expected node content",
      ])
  }

  @Test func aSetCannotReachBelowASingleValue() {
    #expect(
      lines(loadError(validYAML, overrides: ["seed.low=1"])) == [
        "--set seed.low=1: seed.low: 'seed' is a single value ('42'), not a mapping or a list"
      ])
  }

  @Test func aSetLeavesTheFileValuesItDoesNotTouch() throws {
    let s = try load(validYAML, "levels.junior.headcount=9")
    #expect(s.levels[1].headcount == 2)
    #expect(s.levels[0].quota == 1000)
  }
}
