/// One step on the way from a scenario's root to a value: a mapping key or a list index.
public enum ScenarioPathComponent: Hashable, Sendable, CustomStringConvertible,
  ExpressibleByStringLiteral, ExpressibleByIntegerLiteral
{
  case key(String)
  case index(Int)

  public init(stringLiteral value: String) { self = .key(value) }
  public init(integerLiteral value: Int) { self = .index(value) }

  public var description: String {
    switch self {
    case .key(let k): return k
    case .index(let i): return String(i)
    }
  }
}

/// A path from the scenario's root, e.g. `["levels", 2, "headcount"]`.
public typealias ScenarioPath = [ScenarioPathComponent]

extension Array where Element == ScenarioPathComponent {
  /// The dotted form users type in `--set` and read in errors: `levels.2.headcount`.
  public var dotted: String { map(\.description).joined(separator: ".") }
}

/// A value that is well-formed YAML of the right type but not acceptable to the model.
public struct ValidationIssue: Hashable, Sendable {
  public var path: ScenarioPath
  /// The offending value as written, when there is one.
  public var value: String?
  /// What was expected, in the user's words: "a share between 0 and 1".
  public var expected: String

  public init(path: ScenarioPath, value: String?, expected: String) {
    self.path = path
    self.value = value
    self.expected = expected
  }
}

/// Collects every problem of a scenario, so a user sees them all at once.
public struct ValidationReport: Sendable {
  public private(set) var issues: [ValidationIssue] = []
  public init() {}

  /// Records that the value at `path` is not acceptable.
  public mutating func fail(_ path: ScenarioPath, value: String?, expected: String) {
    issues.append(ValidationIssue(path: path, value: value, expected: expected))
  }

  public var isEmpty: Bool { issues.isEmpty }
}

/// A decoded document that checks its own meaning after decoding. The loader resolves each
/// issue's path back to the file, line and column it came from.
public protocol ValidatedDocument {
  /// Appends every problem found to `report`; never stops at the first.
  func validate(into report: inout ValidationReport)
}
