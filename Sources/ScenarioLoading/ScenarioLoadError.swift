/// One problem found while loading a scenario, with the place it was written.
public struct ScenarioLoadIssue: Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem this is, for callers that react differently (tests, the CLI).
  public enum Kind: String, Hashable, Sendable {
    /// The file is missing, unreadable, not UTF-8 or larger than the limit.
    case unreadableFile
    /// The text is not well-formed YAML.
    case syntax
    /// The document expands to too many nodes (an alias bomb) or nests too deeply.
    case tooLarge
    /// A key the scenario does not know, usually a typo.
    case unknownKey
    /// A key the scenario needs and the file does not give.
    case missingKey
    /// A value of the wrong type: text where a number belongs, a fraction for a count.
    case typeMismatch
    /// A value of the right type that its type refused (a bad distribution parameter).
    case invalidValue
    /// A value the model's validation refused.
    case validation
    /// A `--set` that is malformed or names a path that does not exist.
    case override
  }

  public var kind: Kind
  /// The file as the user named it.
  public var file: String
  /// 1-based line, or nil when the problem has no place in the file (a `--set`, a missing file).
  public var line: Int?
  /// 1-based column, counted in Unicode scalars.
  public var column: Int?
  /// The dotted key path, e.g. `levels.junior.headcount`; empty for the whole document.
  public var path: String
  /// The problem in the user's words: "got '-2'; expected a whole number >= 0".
  public var message: String
  /// The `KEY=VALUE` text of the `--set` that wrote the offending value, if one did.
  public var override: String?

  public init(
    kind: Kind, file: String, line: Int?, column: Int?, path: String, message: String,
    override: String? = nil
  ) {
    self.kind = kind
    self.file = file
    self.line = line
    self.column = column
    self.path = path
    self.message = message
    self.override = override
  }

  /// `file:12:5: levels.junior.headcount: got '-2'; expected a whole number >= 0`, or
  /// `--set levels.junior.headcount=x: levels.junior.headcount: got 'x'; ...` for a `--set`.
  public var description: String {
    var place: String
    if let override {
      place = "--set \(override)"
    } else {
      place = file
      if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
    }
    return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
  }
}

/// Every problem that stopped a scenario from loading; nothing was run.
public struct ScenarioLoadError: Error, Sendable, CustomStringConvertible {
  /// The file as the user named it.
  public var file: String
  /// All problems, `--set` ones first, then by line and column.
  public var issues: [ScenarioLoadIssue]

  public init(file: String, issues: [ScenarioLoadIssue]) {
    self.file = file
    self.issues = issues.sorted(by: ScenarioLoadError.reportOrder)
  }

  /// One issue per line, then `3 errors in scenarios/b2b.yaml`.
  public var description: String {
    let count = issues.count == 1 ? "1 error" : "\(issues.count) errors"
    return (issues.map(\.description) + ["\(count) in \(file)"]).joined(separator: "\n")
  }

  static func reportOrder(_ a: ScenarioLoadIssue, _ b: ScenarioLoadIssue) -> Bool {
    let ka = (a.override == nil ? 1 : 0, a.line ?? 0, a.column ?? 0)
    let kb = (b.override == nil ? 1 : 0, b.line ?? 0, b.column ?? 0)
    return ka < kb
  }
}
