internal import Yams

/// A `--set KEY=VALUE` that replaces or adds one value of a scenario before it is decoded.
///
/// `KEY` is a dotted path. In a list, a component is either an index (`levels.0.headcount`)
/// or the `name:` of an element (`levels.junior.headcount`). `VALUE` is read as YAML: `5`,
/// `0.3`, `true`, `junior`, `[1, 2]`, `{distribution: exponential, mean: 3}`; an empty value
/// is null. The key may be new in its mapping: the unknown-key check still catches typos.
public struct ScenarioOverride: Hashable, Sendable, CustomStringConvertible {
  /// The argument as the user typed it, `levels.junior.headcount=5`.
  public var argument: String

  /// Keeps the argument as typed; it is checked when the scenario loads, with the others.
  public init(_ argument: String) { self.argument = argument }

  /// The text before the first `=`.
  public var key: String { String(argument.prefix(while: { $0 != "=" })) }

  /// The text after the first `=`, or nil when there is no `=`.
  public var value: String? {
    guard let eq = argument.firstIndex(of: "=") else { return nil }
    return String(argument[argument.index(after: eq)...])
  }

  public var description: String { argument }
}

/// Why one `--set` could not be applied.
struct OverrideFailure: Error {
  var path: String
  var message: String
}

extension ScenarioOverride {
  /// Applies the override to `root`, stamping the new nodes as override number `index`.
  func apply(to root: inout SourceNode, index: Int, limits: LoadLimits) throws(OverrideFailure) {
    guard let valueText = value else {
      throw OverrideFailure(path: "", message: "expected KEY=VALUE, e.g. levels.junior.headcount=5")
    }
    let components = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if key.isEmpty || components.contains(where: \.isEmpty) {
      throw OverrideFailure(
        path: key, message: "the key must be a dotted path such as levels.junior.headcount")
    }
    var node = try parseValue(valueText, limits: limits)
    let location = SourceLocation(line: 1, column: 1, override: index)
    node.markAsOverride(index, location: location)
    try Self.set(node, at: components[...], in: &root, walked: [], location: location)
  }

  private func parseValue(_ text: String, limits: LoadLimits) throws(OverrideFailure) -> SourceNode
  {
    let composed: Node?
    do {
      composed = try Yams.compose(yaml: text)
    } catch {
      throw OverrideFailure(
        path: key,
        message:
          "the value '\(text)' is not valid YAML: \(YAMLErrors.problem(error, withContext: false))")
    }
    guard let composed else { return .null(at: .file(nil)) }
    var builder = SourceTreeBuilder(maxNodes: limits.maxNodes, maxDepth: limits.maxDepth)
    do {
      return try builder.build(composed)
    } catch {
      throw OverrideFailure(path: key, message: "the value is too large or too deeply nested")
    }
  }

  private static func set(
    _ value: SourceNode, at components: ArraySlice<String>, in node: inout SourceNode,
    walked: [String], location: SourceLocation
  ) throws(OverrideFailure) {
    let component = components.first!
    let rest = components.dropFirst()
    let here = (walked + [component]).joined(separator: ".")
    let parent = walked.isEmpty ? "the top level" : "'\(walked.joined(separator: "."))'"
    switch node.kind {
    case .mapping(var entries):
      if let i = entries.firstIndex(where: { $0.key == component }) {
        if rest.isEmpty {
          entries[i].value = value
        } else {
          try set(
            value, at: rest, in: &entries[i].value, walked: walked + [component], location: location
          )
        }
      } else if rest.isEmpty {
        entries.append(.init(key: component, keyLocation: location, value: value))
      } else {
        let hint = Suggestion.hint(for: component, in: entries.map(\.key), noun: "keys")
        throw OverrideFailure(
          path: here,
          message: "\(parent) has no key '\(component)', so nothing below it can be set" + hint)
      }
      node.kind = .mapping(entries)
    case .sequence(var elements):
      let index: Int
      if let i = Int(component) {
        guard elements.indices.contains(i) else {
          throw OverrideFailure(
            path: here,
            message: "index \(i) is out of range: \(parent) has \(elements.count) elements")
        }
        index = i
      } else if let i = elements.firstIndex(where: {
        $0.value(forKey: "name")?.scalar?.text == component
      }) {
        index = i
      } else {
        let names = elements.compactMap { $0.value(forKey: "name")?.scalar?.text }
        let hint =
          names.isEmpty
          ? "; use an index from 0 to \(elements.count - 1)"
          : Suggestion.hint(for: component, in: names, noun: "names")
        throw OverrideFailure(
          path: here, message: "\(parent) has no element named '\(component)'" + hint)
      }
      if rest.isEmpty {
        elements[index] = value
      } else {
        try set(
          value, at: rest, in: &elements[index], walked: walked + [component], location: location)
      }
      node.kind = .sequence(elements)
    case .scalar:
      throw OverrideFailure(
        path: here,
        message: "\(parent) is a single value (\(node.shortDescription)), not a mapping or a list")
    }
  }
}
