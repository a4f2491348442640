import SalesModel
import Testing
import Foundation

/// A small scenario-shaped type: nested structs, a list of named structs, defaults, an enum
/// and a distribution-like value that checks its own parameters.
struct TestScenario: Decodable, ValidatedDocument {
  enum Channel: String, Decodable, CaseIterable { case inbound, outbound }

  struct Level: Decodable {
    var name: String
    var headcount: Int
    var quota: Double
    var winRate: Double
    enum CodingKeys: String, CodingKey { case name, headcount, quota, winRate = "win_rate" }
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
    case seed, horizonDays = "horizon_days", channel, levels, options, leadTime = "lead_time"
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
        report.fail(["levels", .index(i), "headcount"], value: String(level.headcount), expected: "at most 100 people")
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
    let allowed: Set<String> = kind == "exponential" ? ["distribution", "mean"] : ["distribution", "min", "max"]
    for key in c.allKeys where !allowed.contains(key.stringValue) {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: c, debugDescription: "unknown parameter '\(key.stringValue)' for \(kind)")
    }
    switch kind {
    case "exponential":
      let mean = try c.decode(Double.self, forKey: Key("mean"))
      guard mean > 0 else {
        throw DecodingError.dataCorruptedError(forKey: Key("mean"), in: c, debugDescription: "expected a positive mean")
      }
      self = .exponential(mean: mean)
    default:
      self = .uniform(min: try c.decode(Double.self, forKey: Key("min")), max: try c.decode(Double.self, forKey: Key("max")))
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
func loadError(_ text: String, overrides: [String] = [], limits: LoadLimits = .default) -> ScenarioLoadError? {
  do {
    _ = try ScenarioLoader.load(
      TestScenario.self, text: text, file: "b2b.yaml", overrides: overrides.map(ScenarioOverride.init),
      limits: limits)
    return nil
  } catch {
    return error
  }
}

