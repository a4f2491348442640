internal import Yams

/// Where a node of the scenario came from: a line and column of the file, or a `--set`.
struct SourceLocation: Hashable, Sendable {
  var line: Int
  var column: Int
  /// Index into the loader's overrides when the node was written by `--set`, else nil.
  var override: Int?

  static func file(_ mark: Mark?) -> SourceLocation {
    SourceLocation(line: mark?.line ?? 1, column: mark?.column ?? 1, override: nil)
  }
}

/// A YAML document with every alias expanded, each node knowing where it was written.
///
/// The loader converts Yams' tree into this one so that expansion is measured (and bounded)
/// in one place, overrides can edit it, and the decoder needs no YAML schema of Yams.
struct SourceNode: Sendable {
  enum Kind: Sendable {
    case scalar(Scalar)
    case mapping([Entry])
    case sequence([SourceNode])
  }

  struct Scalar: Hashable, Sendable {
    var text: String
    /// Quoted, block or `!!str`-tagged: always a string, never a number, bool or null.
    var isQuoted: Bool

    /// A plain `~`, `null` or nothing at all (YAML 1.2 core schema).
    var isNull: Bool {
      !isQuoted
        && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }
  }

  struct Entry: Sendable {
    var key: String
    var keyLocation: SourceLocation
    var value: SourceNode
  }

  var kind: Kind
  var location: SourceLocation

  static func null(at location: SourceLocation) -> SourceNode {
    SourceNode(kind: .scalar(Scalar(text: "", isQuoted: false)), location: location)
  }

  var entries: [Entry]? {
    if case .mapping(let e) = kind { return e }
    return nil
  }

  var elements: [SourceNode]? {
    if case .sequence(let e) = kind { return e }
    return nil
  }

  var scalar: Scalar? {
    if case .scalar(let s) = kind { return s }
    return nil
  }

  /// The value of `key` in a mapping.
  func value(forKey key: String) -> SourceNode? {
    entries?.first(where: { $0.key == key })?.value
  }

  /// How a user would recognise this node in a message: `'5'`, `a mapping`, `a list`, `nothing`.
  var shortDescription: String {
    switch kind {
    case .scalar(let s):
      if s.isNull { return "nothing" }
      let text = s.text.count > 40 ? String(s.text.prefix(37)) + "..." : s.text
      return "'\(text)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    }
  }

  /// The `name:` of a list element, when it is usable as a path component.
  var nameForPath: String? {
    guard let name = value(forKey: "name")?.scalar, !name.isNull else { return nil }
    let text = name.text
    if text.isEmpty || text.contains(".") || text.contains("=") || Int(text) != nil { return nil }
    return text
  }

  /// Stamps every node of this subtree as written by override number `index`.
  mutating func markAsOverride(_ index: Int, location: SourceLocation) {
    self.location = location
    switch kind {
    case .scalar: break
    case .mapping(var entries):
      for i in entries.indices {
        entries[i].keyLocation = location
        entries[i].value.markAsOverride(index, location: location)
      }
      kind = .mapping(entries)
    case .sequence(var elements):
      for i in elements.indices { elements[i].markAsOverride(index, location: location) }
      kind = .sequence(elements)
    }
  }
}

/// Why a composed YAML tree was refused before decoding.
enum SourceTreeRefusal: Error {
  case tooManyNodes(limit: Int, at: SourceLocation)
  case tooDeep(limit: Int, at: SourceLocation)
  case nonScalarKey(at: SourceLocation)
  case duplicateKey(String, at: SourceLocation)
}

/// Converts Yams' node tree, expanding aliases while counting, so that a billion-laughs file
/// is refused after `maxNodes` steps instead of being walked to its end.
struct SourceTreeBuilder {
  var maxNodes: Int
  var maxDepth: Int
  private(set) var count = 0

  init(maxNodes: Int, maxDepth: Int) {
    self.maxNodes = maxNodes
    self.maxDepth = maxDepth
  }

  mutating func build(_ node: Node, depth: Int = 0) throws(SourceTreeRefusal) -> SourceNode {
    let location = SourceLocation.file(node.mark)
    count += 1
    if count > maxNodes { throw .tooManyNodes(limit: maxNodes, at: location) }
    if depth > maxDepth { throw .tooDeep(limit: maxDepth, at: location) }
    switch node {
    case .scalar(let s):
      let quoted =
        s.style == .singleQuoted || s.style == .doubleQuoted || s.style == .literal
        || s.style == .folded || s.tag.rawValue == Tag.Name.str.rawValue
      return SourceNode(kind: .scalar(.init(text: s.string, isQuoted: quoted)), location: location)
    case .alias:
      // Yams resolves aliases while composing; an `.alias` case only appears in built trees.
      return .null(at: location)
    case .sequence(let seq):
      var elements: [SourceNode] = []
      elements.reserveCapacity(seq.count)
      for element in seq { elements.append(try build(element, depth: depth + 1)) }
      return SourceNode(kind: .sequence(elements), location: location)
    case .mapping(let map):
      var entries: [SourceNode.Entry] = []
      entries.reserveCapacity(map.count)
      var seen = Set<String>()
      for (key, value) in map {
        count += 1
        guard case .scalar(let k) = key else { throw .nonScalarKey(at: .file(key.mark)) }
        if !seen.insert(k.string).inserted { throw .duplicateKey(k.string, at: .file(key.mark)) }
        entries.append(
          .init(
            key: k.string, keyLocation: .file(key.mark), value: try build(value, depth: depth + 1)))
      }
      return SourceNode(kind: .mapping(entries), location: location)
    }
  }
}
