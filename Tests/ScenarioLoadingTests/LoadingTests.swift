import Foundation
import SalesModel
import Testing

@testable import ScenarioLoading

/// A small scenario-shaped type: nested structs, a list of named structs, defaults, an enum
/// and a distribution-like value that checks its own parameters.
struct TestScenario: Decodable, ValidatedDocument {
  enum Channel: String, Decodable, CaseIterable { case inbound, outbound }

  struct Level: Decodable {
    var name: String
    var headcount: Int
    var quota: Double
    var winRate: Double
    enum CodingKeys: String, CodingKey {
      case name, headcount, quota
      case winRate = "win_rate"
    }
    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try c.decode(String.self, forKey: .name)
      headcount = try c.decode(Int.self, forKey: .headcount)
      quota = try c.decodeIfPresent(Double.self, forKey: .quota) ?? 0
      winRate = try c.decode(Double.self, forKey: .winRate)
    }
  }

  struct Options: Decodable {
    var verbose: Bool
    var tags: [String]
    enum CodingKeys: String, CodingKey { case verbose, tags }
    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      verbose = try c.decodeIfPresent(Bool.self, forKey: .verbose) ?? false
      tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
    }
    init() {
      verbose = false
      tags = []
    }
  }

  var seed: UInt64
  var horizonDays: Double
  var channel: Channel
  var levels: [Level]
  var options: Options
  var leadTime: TestDistribution?

  enum CodingKeys: String, CodingKey {
    case seed
    case horizonDays = "horizon_days"
    case channel, levels, options
    case leadTime = "lead_time"
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    seed = try c.decode(UInt64.self, forKey: .seed)
    horizonDays = try c.decodeIfPresent(Double.self, forKey: .horizonDays) ?? 365
    channel = try c.decodeIfPresent(Channel.self, forKey: .channel) ?? .inbound
    levels = try c.decode([Level].self, forKey: .levels)
    options = try c.decodeIfPresent(Options.self, forKey: .options) ?? Options()
    leadTime = try c.decodeIfPresent(TestDistribution.self, forKey: .leadTime)
  }

  func validate(into report: inout ValidationReport) {
    for (i, level) in levels.enumerated() {
      if level.headcount > 100 {
        report.fail(
          ["levels", .index(i), "headcount"], value: String(level.headcount),
          expected: "at most 100 people")
      }
      if level.quota <= 0 {
        report.fail(["levels", .index(i), "quota"], value: nil, expected: "a positive quota")
      }
    }
  }
}

/// Behaves like the model's distributions: decodes itself, refuses bad or unknown parameters
/// with `dataCorrupted` at the offending key.
enum TestDistribution: Decodable, Equatable {
  case exponential(mean: Double)
  case uniform(min: Double, max: Double)

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    let kind = try c.decode(String.self, forKey: Key("distribution"))
    let allowed: Set<String> =
      kind == "exponential" ? ["distribution", "mean"] : ["distribution", "min", "max"]
    for key in c.allKeys where !allowed.contains(key.stringValue) {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: c, debugDescription: "unknown parameter '\(key.stringValue)' for \(kind)")
    }
    switch kind {
    case "exponential":
      let mean = try c.decode(Double.self, forKey: Key("mean"))
      guard mean > 0 else {
        throw DecodingError.dataCorruptedError(
          forKey: Key("mean"), in: c, debugDescription: "expected a positive mean")
      }
      self = .exponential(mean: mean)
    default:
      self = .uniform(
        min: try c.decode(Double.self, forKey: Key("min")),
        max: try c.decode(Double.self, forKey: Key("max")))
    }
  }
}

/// A valid scenario; tests edit single lines of it, so line numbers below are stable.
let validYAML = """
  seed: 42
  horizon_days: 90
  channel: outbound
  levels:
    - name: junior
      headcount: 5
      quota: 1000
      win_rate: 0.2
    - name: senior
      headcount: 2
      quota: 5000
      win_rate: 0.3
  lead_time: {distribution: exponential, mean: 3}

  """

/// `validYAML` with line `number` (1-based) replaced.
func yaml(replacingLine number: Int, with line: String) -> String {
  var lines = validYAML.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  lines[number - 1] = line
  return lines.joined(separator: "\n")
}

/// The load error of `text`, or nil when it loaded.
func loadError(_ text: String, overrides: [String] = [], limits: LoadLimits = .default)
  -> ScenarioLoadError?
{
  do {
    _ = try ScenarioLoader.load(
      TestScenario.self, text: text, file: "b2b.yaml",
      overrides: overrides.map(ScenarioOverride.init),
      limits: limits)
    return nil
  } catch {
    return error
  }
}

/// The description lines of an error, without the summary.
func lines(_ error: ScenarioLoadError?) -> [String] {
  error.map { $0.issues.map(\.description) } ?? ["loaded without error"]
}

@Suite struct LoadingTests {
  @Test func aValidScenarioDecodesWithDefaultsApplied() throws {
    let s = try ScenarioLoader.load(TestScenario.self, text: validYAML, file: "b2b.yaml")
    #expect(s.seed == 42)
    #expect(s.horizonDays == 90)  // a YAML int read as a Double
    #expect(s.channel == .outbound)
    #expect(s.levels.map(\.name) == ["junior", "senior"])
    #expect(s.levels[1].winRate == 0.3)
    #expect(s.options.verbose == false)
    #expect(s.leadTime == .exponential(mean: 3))
  }

  @Test func numbersAcceptUnderscoresExponentsAndIntsForDoubles() throws {
    var text = yaml(replacingLine: 1, with: "seed: 1_000")
    text = text.replacingOccurrences(of: "win_rate: 0.2", with: "win_rate: 2e-1")
    let s = try ScenarioLoader.load(TestScenario.self, text: text, file: "b2b.yaml")
    #expect(s.seed == 1000)
    #expect(s.levels[0].winRate == 0.2)
  }

  @Test func anUnknownKeyIsReportedWithItsPlaceAndASuggestion() {
    let error = loadError(yaml(replacingLine: 2, with: "horizon_dyas: 90"))
    #expect(
      lines(error) == [
        "b2b.yaml:2:1: horizon_dyas: unknown key 'horizon_dyas'; did you mean 'horizon_days'?"
      ])
    #expect(error?.issues.first?.kind == .unknownKey)
  }

  @Test func aMistypedRequiredKeyIsReportedAsMissingAndAsUnknown() {
    #expect(
      lines(loadError(yaml(replacingLine: 1, with: "sede: 42"))) == [
        "b2b.yaml:1:1: seed: required key is missing; expected a whole number >= 0",
        "b2b.yaml:1:1: sede: unknown key 'sede'; did you mean 'seed'?",
      ])
    #expect(
      lines(loadError(yaml(replacingLine: 8, with: "    winrate: 0.2"))) == [
        "b2b.yaml:5:5: levels.junior.win_rate: required key is missing; expected a finite number",
        "b2b.yaml:8:5: levels.junior.winrate: unknown key 'winrate'; did you mean 'win_rate'?",
      ])
  }

  @Test func anUnknownKeyFarFromEveryKnownOneListsTheValidKeys() {
    // Line 7 held the quota: its default is then checked too, so both problems show at once.
    let error = loadError(yaml(replacingLine: 7, with: "    territory: north"))
    #expect(
      lines(error) == [
        "b2b.yaml:5:5: levels.junior.quota: (default) expected a positive quota",
        "b2b.yaml:7:5: levels.junior.territory: unknown key 'territory'; valid keys: headcount, name, quota, win_rate",
      ])
  }

  @Test func everyErrorOfTheFileIsReportedAtOnceInLineOrder() {
    var text = yaml(replacingLine: 2, with: "horizon_days: .nan")
    text = text.replacingOccurrences(of: "channel: outbound", with: "channel: outbond")
    text = text.replacingOccurrences(of: "headcount: 5", with: "headcount: five")
    text = text.replacingOccurrences(of: "headcount: 2", with: "headcount: 2.5")
    text = text.replacingOccurrences(of: "quota: 5000", with: "qouta: 5000")
    text = text.replacingOccurrences(of: "mean: 3}", with: "mean: -3}")
    let error = loadError(text)
    #expect(
      lines(error) == [
        "b2b.yaml:2:15: horizon_days: got '.nan'; expected a finite number (.nan and .inf are not accepted)",
        "b2b.yaml:3:10: channel: got 'outbond'; expected one of inbound, outbound; did you mean 'outbound'?",
        "b2b.yaml:6:16: levels.junior.headcount: got 'five'; expected a whole number",
        "b2b.yaml:10:16: levels.senior.headcount: got '2.5'; expected a whole number",
        "b2b.yaml:11:5: levels.senior.qouta: unknown key 'qouta'; did you mean 'quota'?",
        "b2b.yaml:13:46: lead_time.mean: got '-3'; expected a positive mean",
      ])
    #expect(error?.description.hasSuffix("\n6 errors in b2b.yaml") == true)
  }

  @Test func aMissingKeyPointsAtItsMappingAndEarlierErrorsAreKept() {
    var text = yaml(replacingLine: 8, with: "    # no win rate")
    text = text.replacingOccurrences(of: "horizon_days: 90", with: "horizon_days: soon")
    let error = loadError(text)
    #expect(
      lines(error) == [
        "b2b.yaml:2:15: horizon_days: got 'soon'; expected a finite number",
        "b2b.yaml:5:5: levels.junior.win_rate: required key is missing; expected a finite number",
      ])
    #expect(error?.issues.map(\.kind) == [.typeMismatch, .missingKey])
  }

  @Test(arguments: [
    (1, "seed: -1", "b2b.yaml:1:7: seed: got '-1'; expected a whole number >= 0"),
    (
      1, "seed: \"42\"",
      "b2b.yaml:1:7: seed: got '42' (quoted, so text); expected a whole number >= 0"
    ),
    (
      1, "seed: 99999999999999999999999",
      "b2b.yaml:1:7: seed: got '99999999999999999999999'; expected a whole number >= 0"
    ),
    (
      2, "horizon_days: [1, 2]", "b2b.yaml:2:15: horizon_days: got a list; expected a finite number"
    ),
    (
      2, "horizon_days: -.inf",
      "b2b.yaml:2:15: horizon_days: got '-.inf'; expected a finite number (.nan and .inf are not accepted)"
    ),
    (
      2, "horizon_days: 1e999", "b2b.yaml:2:15: horizon_days: got '1e999'; expected a finite number"
    ),
    (1, "seed:", "b2b.yaml:1:6: seed: got nothing; expected a whole number >= 0"),
    (
      13, "options: {verbose: yes}",
      "b2b.yaml:13:20: options.verbose: got 'yes'; expected true or false (yes/no/on/off are not accepted)"
    ),
    (
      13, "options: {tags: [a, {b: 1}]}",
      "b2b.yaml:13:21: options.tags.1: got a mapping; expected text"
    ),
    (13, "options: 3", "b2b.yaml:13:10: options: got '3'; expected a mapping"),
  ])
  func aValueOfTheWrongTypeSaysWhatWasExpected(line: Int, replacement: String, expected: String) {
    #expect(lines(loadError(yaml(replacingLine: line, with: replacement))) == [expected])
  }

  @Test func aDistributionRefusingAParameterIsReportedAtThatParameter() {
    let error = loadError(
      yaml(replacingLine: 13, with: "lead_time: {distribution: exponential, maen: 3}"))
    #expect(
      lines(error) == ["b2b.yaml:13:46: lead_time.maen: unknown parameter 'maen' for exponential"])
    #expect(error?.issues.first?.kind == .invalidValue)
  }

  @Test func aValidationIssueIsReportedAtTheOffendingValue() {
    let error = loadError(yaml(replacingLine: 10, with: "    headcount: 500"))
    #expect(
      lines(error) == [
        "b2b.yaml:10:16: levels.senior.headcount: got '500'; expected at most 100 people"
      ])
    #expect(error?.issues.first?.kind == .validation)
  }

  @Test func aValidationIssueOnADefaultedKeyPointsAtItsMapping() {
    let error = loadError(yaml(replacingLine: 7, with: "    # quota left to its default"))
    #expect(
      lines(error) == ["b2b.yaml:5:5: levels.junior.quota: (default) expected a positive quota"])
  }

  @Test func aListElementWithoutANameIsNamedByItsIndex() {
    // A name with a dot could not be typed back as a path component, so the index is shown.
    let text = yaml(replacingLine: 9, with: "  - name: senior.2").replacingOccurrences(
      of: "headcount: 2", with: "headcount: x")
    #expect(
      lines(loadError(text)) == [
        "b2b.yaml:10:16: levels.1.headcount: got 'x'; expected a whole number"
      ])
  }

  @Test func aSyntaxErrorCarriesItsLineAndColumn() {
    let error = loadError("seed: 42\n  horizon_days: 90\n")
    #expect(
      lines(error) == [
        "b2b.yaml:2:15: invalid YAML: mapping values are not allowed in this context"
      ])
    #expect(error?.issues.first?.kind == .syntax)
  }

  @Test func anUnclosedListNamesWhereItWasOpened() {
    let error = loadError("seed: 1\nlevels: [1, 2\n")
    #expect(error?.issues.first?.line == 3)
    #expect(error?.issues.first?.message.contains("line 2, column 9") == true)
  }

  @Test func aDuplicateKeyIsRefused() {
    let error = loadError("seed: 1\nlevels: []\nseed: 2\n")
    #expect(error?.issues.first?.kind == .syntax)
    #expect(error?.issues.first?.message.contains("seed") == true)
  }

  @Test func aNullForAnOptionalKeyMeansItsDefault() throws {
    let s = try ScenarioLoader.load(
      TestScenario.self, text: yaml(replacingLine: 2, with: "horizon_days:"), file: "b2b.yaml")
    #expect(s.horizonDays == 365)
  }

  @Test func anEmptyFileSaysAMappingWasExpected() {
    #expect(lines(loadError("")) == ["b2b.yaml:1:1: got nothing; expected a mapping"])
  }
}

@Suite struct LoadingDistanceTests {
  @Test func aSwapOfNeighboursIsOneEdit() {
    #expect(Suggestion.distance("sede", "seed") == 1)
    #expect(Suggestion.distance("headcount", "HeadCount") == 0)
    #expect(Suggestion.distance("kitten", "sitting") == 3)
  }

  @Test func onlyAPlausibleTypoIsSuggested() {
    #expect(Suggestion.closest(to: "sede", in: ["seed", "levels"]) == "seed")
    #expect(Suggestion.closest(to: "territory", in: ["seed", "levels"]) == nil)
  }
}

/// Reports a problem through a path that names the list element instead of indexing it.
struct NamedPathScenario: Decodable, ValidatedDocument {
  var inner: TestScenario
  init(from decoder: any Decoder) throws { inner = try TestScenario(from: decoder) }
  func validate(into report: inout ValidationReport) {
    report.fail(["levels", "senior", "win_rate"], value: nil, expected: "a lower win rate")
  }
}

@Suite struct LoadingValidationPathTests {
  @Test func aValidationPathMayNameAListElement() {
    do {
      _ = try ScenarioLoader.load(NamedPathScenario.self, text: validYAML, file: "b2b.yaml")
      Issue.record("validation issue not reported")
    } catch {
      #expect(
        lines(error) == [
          "b2b.yaml:12:15: levels.senior.win_rate: got '0.3'; expected a lower win rate"
        ])
    }
  }
}
