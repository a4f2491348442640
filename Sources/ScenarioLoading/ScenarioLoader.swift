internal import Foundation
public import SalesModel
internal import Yams

/// Bounds that keep a hostile or mistaken scenario file from exhausting the machine.
public struct LoadLimits: Hashable, Sendable {
  /// Largest file accepted, in bytes; checked before the file is read whole.
  public var maxFileBytes: Int
  /// Most YAML nodes after aliases are expanded; an alias bomb stops here.
  public var maxNodes: Int
  /// Deepest nesting of mappings and lists.
  public var maxDepth: Int

  public init(maxFileBytes: Int = 4 << 20, maxNodes: Int = 200_000, maxDepth: Int = 64) {
    self.maxFileBytes = maxFileBytes
    self.maxNodes = maxNodes
    self.maxDepth = maxDepth
  }

  /// 4 MiB, 200 000 nodes, 64 levels: far above any hand-written scenario.
  public static let `default` = LoadLimits()
}

/// Reads a scenario file into any `Decodable` type, reporting every problem at once.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(Scenario.self, contentsOf: "scenarios/b2b.yaml",
///                                        overrides: [ScenarioOverride("seed=7")])
/// ```
/// Errors name the file, line, column and key path; see docs/scenario-errors.md.
///
/// For `Decodable` authors: a wrong leaf read through a keyed or unkeyed container
/// (`decode(Int.self, forKey:)`) is recorded and a placeholder (0, "", false) returned, so the
/// rest of the file is still checked; the load fails anyway. To probe ("is it a number?") use a
/// single-value container, which throws as usual, or `decodeIfPresent`/`contains`. A type that
/// reads `allKeys` checks its own unknown keys (as distributions do).
public enum ScenarioLoader {
  /// Reads, decodes and validates the file at `path`.
  public static func load<T: Decodable & ValidatedDocument>(
    _ type: T.Type, contentsOf path: String, overrides: [ScenarioOverride] = [],
    limits: LoadLimits = .default
  ) throws(ScenarioLoadError) -> T {
    let text = try readText(path, limits: limits)
    return try load(type, text: text, file: path, overrides: overrides, limits: limits)
  }

  /// Decodes and validates YAML `text`; `file` names it in messages.
  public static func load<T: Decodable & ValidatedDocument>(
    _ type: T.Type, text: String, file: String, overrides: [ScenarioOverride] = [],
    limits: LoadLimits = .default
  ) throws(ScenarioLoadError) -> T {
    let decoded = try decodeDocument(
      type, text: text, file: file, overrides: overrides, limits: limits)
    var issues = decoded.issues
    // Unknown keys do not change the decoded value, so its meaning is still checked and every
    // problem is reported in one go. After a type error the value holds placeholders, whose
    // validation would only add noise.
    if let value = decoded.value, decoded.onlyUnknownKeys {
      var report = ValidationReport()
      value.validate(into: &report)
      issues += report.issues.map {
        issue(for: $0, in: decoded.root, file: file, overrides: overrides)
      }
      if issues.isEmpty { return value }
    }
    throw failure(file, issues)
  }

  /// Decodes YAML `text` without checking its meaning, for a document edited before it is
  /// validated; every other problem is reported as ``load(_:text:file:overrides:limits:)``
  /// reports it.
  public static func decode<T: Decodable>(
    _ type: T.Type, text: String, file: String, overrides: [ScenarioOverride] = [],
    limits: LoadLimits = .default
  ) throws(ScenarioLoadError) -> T {
    let decoded = try decodeDocument(
      type, text: text, file: file, overrides: overrides, limits: limits)
    if let value = decoded.value, decoded.issues.isEmpty { return value }
    throw failure(file, decoded.issues)
  }

  /// A decoded document with the problems found on the way.
  private struct Decoded<T> {
    var value: T?
    var issues: [ScenarioLoadIssue]
    /// Whether the only problems are unknown keys, so the value is worth validating.
    var onlyUnknownKeys: Bool
    var root: SourceNode
  }

  private static func failure(_ file: String, _ issues: [ScenarioLoadIssue]) -> ScenarioLoadError {
    var issues = issues
    if issues.isEmpty {
      // Defensive: a decode that failed without saying why still must not pass.
      issues.append(
        .init(
          kind: .invalidValue, file: file, line: nil, column: nil, path: "",
          message: "could not be read"))
    }
    return ScenarioLoadError(file: file, issues: issues)
  }

  private static func decodeDocument<T: Decodable>(
    _ type: T.Type, text: String, file: String, overrides: [ScenarioOverride],
    limits: LoadLimits
  ) throws(ScenarioLoadError) -> Decoded<T> {
    func refuse(_ kind: ScenarioLoadIssue.Kind, _ line: Int?, _ column: Int?, _ message: String)
      -> ScenarioLoadError
    {
      ScenarioLoadError(
        file: file,
        issues: [
          .init(kind: kind, file: file, line: line, column: column, path: "", message: message)
        ])
    }
    if text.utf8.count > limits.maxFileBytes {
      throw refuse(
        .tooLarge, nil, nil, "is \(text.utf8.count) bytes; the limit is \(limits.maxFileBytes)")
    }
    // Yams composes recursively: refuse absurd flow nesting (`[[[[...`) before it can overflow.
    if let mark = deepFlowNesting(text, limit: limits.maxDepth) {
      throw refuse(
        .tooLarge, mark.line, mark.column,
        "nesting deeper than \(limits.maxDepth) levels is refused")
    }
    if let c = TextChecks.firstControlCharacter(text) {
      throw refuse(
        .syntax, c.line, c.column,
        "the control character \(TextChecks.codePoint(c.scalar)) is not allowed in YAML")
    }
    do {
      try AliasKeyGuard.check(text)
    } catch {
      switch error {
      case .syntax(let error):
        let mark = YAMLErrors.mark(error)
        throw refuse(
          .syntax, mark?.line, mark?.column, "invalid YAML: \(YAMLErrors.problem(error))")
      case .complexKey(let mark):
        throw refuse(
          .syntax, mark?.line, mark?.column,
          "a mapping key must be a plain value, not a mapping or list")
      case .aliasKey(let mark):
        throw refuse(
          .syntax, mark?.line, mark?.column, "an alias (*name) may not be used as a mapping key")
      }
    }
    let composed: Node?
    do {
      composed = try Yams.compose(yaml: text)
    } catch {
      let mark = YAMLErrors.mark(error)
      throw refuse(.syntax, mark?.line, mark?.column, "invalid YAML: \(YAMLErrors.problem(error))")
    }
    var root: SourceNode
    if let composed {
      var builder = SourceTreeBuilder(maxNodes: limits.maxNodes, maxDepth: limits.maxDepth)
      do {
        root = try builder.build(composed)
      } catch {
        switch error {
        case .tooManyNodes(let limit, let at):
          throw refuse(
            .tooLarge, at.line, at.column,
            "the document expands to more than \(limit) values (are aliases `*name` repeating a large anchor?); refused"
          )
        case .tooDeep(let limit, let at):
          throw refuse(
            .tooLarge, at.line, at.column, "nesting deeper than \(limit) levels is refused")
        case .nonScalarKey(let at):
          throw refuse(
            .syntax, at.line, at.column,
            "a mapping key must be a plain value, not a mapping or list")
        case .duplicateKey(let key, let at):
          throw refuse(
            .syntax, at.line, at.column, "the key '\(key)' appears twice in the same mapping")
        }
      }
    } else {
      root = .null(at: SourceLocation(line: 1, column: 1))
    }

    var issues: [ScenarioLoadIssue] = []
    for (i, override) in overrides.enumerated() {
      do {
        try override.apply(to: &root, index: i, limits: limits)
      } catch {
        issues.append(
          .init(
            kind: .override, file: file, line: nil, column: nil, path: error.path,
            message: error.message,
            override: override.argument))
      }
    }

    let session = DecodingSession(root: root)
    let value = try? session.decode(T.self, root, [], recover: false)
    let unknownKeys = session.unknownKeys()
    let onlyUnknownKeys = issues.isEmpty && session.problems.isEmpty
    issues += (session.problems + unknownKeys).map {
      issue(for: $0, in: root, file: file, overrides: overrides)
    }
    return Decoded(value: value, issues: issues, onlyUnknownKeys: onlyUnknownKeys, root: root)
  }

  // MARK: Reporting

  private static func issue(
    for problem: DecodingSession.Problem, in root: SourceNode, file: String,
    overrides: [ScenarioOverride]
  ) -> ScenarioLoadIssue {
    place(
      ScenarioLoadIssue(
        kind: problem.kind, file: file, line: nil, column: nil,
        path: SourceTree.displayPath(problem.path, in: root), message: problem.message),
      at: problem.location, overrides: overrides)
  }

  private static func issue(
    for validation: ValidationIssue, in root: SourceNode, file: String,
    overrides: [ScenarioOverride]
  ) -> ScenarioLoadIssue {
    let (found, node) = SourceTree.locate(validation.path, in: root)
    let written = node.scalar.map { $0.isNull ? "nothing" : $0.text }
    var message = ""
    if let value = validation.value ?? (found ? written : nil) {
      message = "got '\(value)'" + (found ? "" : " (default)") + "; "
    } else if !found {
      message = "(default) "
    }
    message += "expected \(validation.expected)"
    return place(
      ScenarioLoadIssue(
        kind: .validation, file: file, line: nil, column: nil,
        path: SourceTree.displayPath(validation.path, in: root), message: message),
      at: node.location, overrides: overrides)
  }

  private static func place(
    _ issue: ScenarioLoadIssue, at location: SourceLocation, overrides: [ScenarioOverride]
  ) -> ScenarioLoadIssue {
    var issue = issue
    if let i = location.override {
      issue.override = overrides[i].argument
    } else {
      issue.line = location.line
      issue.column = location.column
    }
    return issue
  }

  // MARK: Input guards

  private static func readText(_ path: String, limits: LoadLimits) throws(ScenarioLoadError)
    -> String
  {
    func refuse(_ message: String, _ kind: ScenarioLoadIssue.Kind = .unreadableFile)
      -> ScenarioLoadError
    {
      ScenarioLoadError(
        file: path,
        issues: [.init(kind: kind, file: path, line: nil, column: nil, path: "", message: message)])
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw refuse("no such file")
    }
    if isDirectory.boolValue { throw refuse("is a directory, not a scenario file") }
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
      size > limits.maxFileBytes
    {
      throw refuse(
        "is \(size) bytes; the limit is \(limits.maxFileBytes) (a scenario is a few kilobytes)",
        .tooLarge)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw refuse("cannot be read (permission?)")
    }
    defer { try? handle.close() }
    // Read at most one byte past the limit: a pipe or a growing file has no trustworthy size.
    let data: Data
    do {
      data = try handle.read(upToCount: limits.maxFileBytes + 1) ?? Data()
    } catch {
      throw refuse("cannot be read: \(error.localizedDescription)")
    }
    if data.count > limits.maxFileBytes {
      throw refuse("is larger than the limit of \(limits.maxFileBytes) bytes", .tooLarge)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      let at = TextChecks.firstInvalidUTF8(data)
      throw ScenarioLoadError(
        file: path,
        issues: [
          .init(
            kind: .unreadableFile, file: path, line: at?.line, column: at?.column, path: "",
            message: "is not UTF-8 text: invalid byte at offset \(at?.offset ?? 0)")
        ])
    }
    return text
  }

  /// Where flow brackets first nest deeper than `limit`, ignoring quotes and comments; nil if never.
  static func deepFlowNesting(_ text: String, limit: Int) -> (line: Int, column: Int)? {
    var depth = 0
    var line = 1
    var column = 0
    var quote: Character?
    var inComment = false
    var previous: Character = "\n"
    for c in text {
      column += 1
      if c == "\n" {
        line += 1
        column = 0
        inComment = false
        previous = c
        continue
      }
      if inComment { continue }
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "#", previous == " " || previous == "\t" || previous == "\n" {
        inComment = true
      } else if c == "\"" || c == "'", depth > 0 || previous == " " || previous == "\n" {
        quote = c
      } else if c == "[" || c == "{" {
        depth += 1
        if depth > limit { return (line, column) }
      } else if c == "]" || c == "}" {
        depth = max(0, depth - 1)
      }
      previous = c
    }
    return nil
  }
}

/// Line, column and wording of Yams' errors.
enum YAMLErrors {
  static func mark(_ error: any Error) -> Mark? {
    guard let error = error as? YamlError else { return nil }
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark
    case .duplicatedKeysInMapping(_, let context):
      return context.mark
    default:
      return nil
    }
  }

  /// The problem in libyaml's words; `withContext` adds where the enclosing construct began.
  static func problem(_ error: any Error, withContext: Bool = true) -> String {
    guard let error = error as? YamlError else { return "\(error)" }
    switch error {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      if let context, withContext {
        return
          "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
      }
      return problem
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate keys: " + duplicates.joined(separator: ", ")
    case .reader(let problem, _, _, _):
      return problem
    default:
      return "\(error)"
    }
  }
}
