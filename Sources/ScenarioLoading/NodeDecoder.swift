internal import SalesModel

/// A coding key of the loader's own paths: a mapping key or a list index.
struct PathKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
  init(_ component: ScenarioPathComponent) {
    switch component {
    case .key(let k): self.init(stringValue: k)
    case .index(let i): self.init(intValue: i)
    }
  }
}

/// Thrown once a problem is in the session's list, so enclosing levels only unwind.
struct AlreadyRecorded: Error {}

/// The state of one decode: the problems found and, per mapping, the keys the types asked for.
///
/// A class because every container of one decode shares it; a decode runs on one thread.
final class DecodingSession {
  struct Problem {
    var kind: ScenarioLoadIssue.Kind
    var path: ScenarioPath
    var location: SourceLocation
    var message: String
  }

  /// A mapping some type opened with a keyed container.
  struct MappingUse {
    var node: SourceNode
    var asked: Set<String> = []
    var readAllKeys = false
  }

  let root: SourceNode
  private(set) var problems: [Problem] = []
  private(set) var mappings: [ScenarioPath: MappingUse] = [:]
  /// Key defaults per ``SectionDefaults`` type, found once per decode.
  private var keyDefaults: [ObjectIdentifier: KeyDefaults] = [:]
  /// The last outcome of `init(from:)` per path: true when it returned a value.
  private var outcomes: [ScenarioPath: Bool] = [:]

  init(root: SourceNode) { self.root = root }

  func record(
    _ kind: ScenarioLoadIssue.Kind, _ path: ScenarioPath, _ location: SourceLocation,
    _ message: String
  ) {
    problems.append(Problem(kind: kind, path: path, location: location, message: message))
  }

  func openMapping(_ node: SourceNode, at path: ScenarioPath) {
    if mappings[path] == nil { mappings[path] = MappingUse(node: node) }
  }

  func ask(_ key: String, at path: ScenarioPath) { mappings[path]?.asked.insert(key) }
  func askAll(at path: ScenarioPath) { mappings[path]?.readAllKeys = true }
  func readsAllKeys(at path: ScenarioPath) -> Bool { mappings[path]?.readAllKeys ?? false }

  /// The defaults of `type`'s keys, when it is a ``SectionDefaults`` type.
  func defaults(of type: Any.Type) -> KeyDefaults? {
    let id = ObjectIdentifier(type)
    if let found = keyDefaults[id] { return found }
    guard let found = KeyDefaults(of: type) else { return nil }
    keyDefaults[id] = found
    return found
  }

  // MARK: Values

  /// Reads a leaf; on a mismatch records it and returns a placeholder so decoding goes on.
  func leaf<T: ScalarValue>(_ type: T.Type, _ node: SourceNode, _ path: ScenarioPath) -> T {
    if let s = node.scalar, let value = T.parse(s) { return value }
    record(.typeMismatch, path, node.location, T.mismatch(node))
    return T.placeholder
  }

  /// Reads a leaf strictly: a mismatch is thrown for the caller's type to handle.
  func strictLeaf<T: ScalarValue>(_ type: T.Type, _ node: SourceNode, _ path: ScenarioPath) throws
    -> T
  {
    if let s = node.scalar, let value = T.parse(s) { return value }
    throw DecodingError.typeMismatch(
      T.self, .init(codingPath: path.map(PathKey.init), debugDescription: T.mismatch(node)))
  }

  /// Decodes any value at `path`, recording what its `init(from:)` throws.
  ///
  /// With `recover`, a leaf or enum case that does not fit is recorded and replaced by a
  /// placeholder, so the enclosing type goes on and later errors are found too.
  func decode<T: Decodable>(_ type: T.Type, _ node: SourceNode, _ path: ScenarioPath, recover: Bool)
    throws -> T
  {
    if let scalarType = T.self as? any ScalarValue.Type {
      if recover { return leaf(scalarType, node, path) as! T }
      return try strictLeaf(scalarType, node, path) as! T
    }
    let before = problems.count
    do {
      let value = try T(
        from: NodeDecoder(node: node, path: path, session: self, defaults: defaults(of: T.self)))
      outcomes[path] = true
      return value
    } catch {
      outcomes[path] = false
      if error is AlreadyRecorded { throw error }
      // A refusal right after a recorded leaf error is usually caused by its placeholder.
      let consequential: Bool
      if case DecodingError.dataCorrupted = error {
        consequential = problems.count > before
      } else {
        consequential = false
      }
      if !consequential { recordThrown(error, type: T.self, node: node, path: path) }
      if recover, problems.count > before, let placeholder = Self.firstCase(of: T.self) {
        return placeholder
      }
      throw AlreadyRecorded()
    }
  }

  /// A value to continue with after a required key was found missing: a scalar's
  /// placeholder or an empty list; nil for other types, whose decoding must stop.
  static func stand_in<T>(for type: T.Type) -> T? {
    if let scalar = T.self as? any ScalarValue.Type { return scalar.placeholder as? T }
    if let list = T.self as? any RangeReplaceableCollection.Type { return list.init() as? T }
    return nil
  }

  /// Records a missing required key (a `keyNotFound` error) without stopping.
  func recordMissing(_ error: any Error, type: Any.Type, node: SourceNode, path: ScenarioPath) {
    recordThrown(error, type: type, node: node, path: path)
  }

  private static func firstCase<T>(of type: T.Type) -> T? {
    guard let cases = T.self as? any CaseIterable.Type else { return nil }
    func first<C: CaseIterable>(_ c: C.Type) -> Any? { C.allCases.first }
    return first(cases) as? T
  }

  private static func caseNames(of type: Any.Type) -> [String]? {
    guard let cases = type as? any CaseIterable.Type else { return nil }
    func names<C: CaseIterable>(_ c: C.Type) -> [String] {
      C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
    }
    let all = names(cases)
    return all.isEmpty ? nil : all
  }

  /// A message for what a type expects, when the loader can tell.
  static func expectation(of type: Any.Type) -> String? {
    if let scalar = type as? any ScalarValue.Type { return scalar.expectation }
    if let names = caseNames(of: type) { return "one of " + names.joined(separator: ", ") }
    return nil
  }

  private func recordThrown(
    _ error: any Error, type: Any.Type, node: SourceNode, path: ScenarioPath
  ) {
    guard let error = error as? DecodingError else {
      record(.invalidValue, path, node.location, "got \(node.shortDescription); \(error)")
      return
    }
    switch error {
    case .keyNotFound(let key, let context):
      let errorPath = scenarioPath(context.codingPath + [key])
      let (_, parent) = locate(errorPath)
      record(.missingKey, errorPath, parent.location, context.debugDescription)
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      let errorPath = scenarioPath(context.codingPath)
      let (_, at) = locate(errorPath)
      record(.typeMismatch, errorPath, at.location, context.debugDescription)
    case .dataCorrupted(let context):
      let errorPath = scenarioPath(context.codingPath)
      let (found, at) = locate(errorPath)
      var message = context.debugDescription
      if errorPath == path, let names = Self.caseNames(of: type), let s = at.scalar {
        message = "got '\(s.text)'; expected one of " + names.joined(separator: ", ")
        if let match = Suggestion.closest(to: s.text, in: names) {
          message += "; did you mean '\(match)'?"
        }
      } else if found, message.hasPrefix("expected") {
        message = "got \(at.shortDescription); " + message
      }
      record(.invalidValue, errorPath, at.location, message)
    @unknown default:
      record(.invalidValue, path, node.location, "\(error)")
    }
  }

  // MARK: Paths

  /// Turns a coding path into a scenario path, reading integer keys as indices inside lists.
  func scenarioPath(_ codingPath: [any CodingKey]) -> ScenarioPath {
    var node: SourceNode? = root
    var result: ScenarioPath = []
    for key in codingPath {
      if let elements = node?.elements, let index = key.intValue ?? Int(key.stringValue) {
        result.append(.index(index))
        node = elements.indices.contains(index) ? elements[index] : nil
      } else {
        // A key a type named itself is spelled in snake_case in the file, unless written so.
        let written = node?.value(forKey: key.stringValue) != nil
        let name = written ? key.stringValue : FileKey.of(key.stringValue)
        result.append(.key(name))
        node = node?.value(forKey: name)
      }
    }
    return result
  }

  /// The node at `path`, or the deepest node on the way when the rest is absent (`found` false).
  func locate(_ path: ScenarioPath) -> (found: Bool, node: SourceNode) {
    SourceTree.locate(path, in: root)
  }

  // MARK: Unknown keys

  /// Every key present in a mapping that its type decoded but never asked for.
  ///
  /// In a mapping whose type stopped early, later keys were never asked for, so only a key
  /// that is a typo of a key reported missing is named (`sede` for a missing `seed`).
  func unknownKeys() -> [Problem] {
    let missing = Set(problems.filter { $0.kind == .missingKey }.map(\.path))
    var result: [Problem] = []
    for (path, use) in mappings where !use.readAllKeys {
      let complete = decodedCompletely(path)
      for entry in use.node.entries ?? [] where !use.asked.contains(entry.key) {
        if !complete {
          guard let match = Suggestion.closest(to: entry.key, in: use.asked),
            missing.contains(path + [.key(match)])
          else { continue }
        }
        let message =
          "unknown key '\(entry.key)'"
          + Suggestion.hint(for: entry.key, in: use.asked, noun: "keys")
        result.append(
          Problem(
            kind: .unknownKey, path: path + [.key(entry.key)], location: entry.keyLocation,
            message: message))
      }
    }
    return result
  }

  /// Whether the innermost `init(from:)` around `path` returned: otherwise it stopped early
  /// and keys it would have asked for later would look unknown.
  private func decodedCompletely(_ path: ScenarioPath) -> Bool {
    var prefix = path
    while true {
      if let outcome = outcomes[prefix] { return outcome }
      if prefix.isEmpty { return false }
      prefix.removeLast()
    }
  }
}

/// Decodes a value from one node of the source tree.
///
/// A keyed container finds a key under the snake_case of its Swift name (``FileKey``); a key
/// the file leaves out takes the value in `defaults`, when the type being decoded has them.
struct NodeDecoder: Decoder {
  let node: SourceNode
  let path: ScenarioPath
  let session: DecodingSession
  /// The defaults of the keys of the type decoded from `node`.
  var defaults: KeyDefaults? = nil

  var codingPath: [any CodingKey] { path.map(PathKey.init) }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard let entries = node.entries else {
      throw DecodingError.typeMismatch(
        [String: Any].self,
        .init(
          codingPath: codingPath,
          debugDescription: "got \(node.shortDescription); expected a mapping"))
    }
    session.openMapping(node, at: path)
    return KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, entries: entries))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard let elements = node.elements else {
      throw DecodingError.typeMismatch(
        [Any].self,
        .init(
          codingPath: codingPath, debugDescription: "got \(node.shortDescription); expected a list")
      )
    }
    return UnkeyedNodeContainer(decoder: self, elements: elements)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    SingleValueNodeContainer(decoder: self)
  }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let decoder: NodeDecoder
  let values: [String: SourceNode]

  init(decoder: NodeDecoder, entries: [SourceNode.Entry]) {
    self.decoder = decoder
    var values: [String: SourceNode] = [:]
    for entry in entries { values[entry.key] = entry.value }
    self.values = values
  }

  var codingPath: [any CodingKey] { decoder.codingPath }
  var allKeys: [Key] {
    decoder.session.askAll(at: decoder.path)
    return values.keys.compactMap { Key(stringValue: $0) }
  }

  /// How the file spells `key`: its snake_case, or as given when a type that read every key
  /// of the mapping (a dictionary, a distribution) asks for one written otherwise.
  private func fileKey(_ key: Key) -> String {
    let name = FileKey.of(key.stringValue)
    if name != key.stringValue, values[name] == nil, values[key.stringValue] != nil,
      decoder.session.readsAllKeys(at: decoder.path)
    {
      return key.stringValue
    }
    return name
  }

  private func value(_ key: Key) -> SourceNode? {
    let name = fileKey(key)
    decoder.session.ask(name, at: decoder.path)
    return values[name]
  }

  private func path(_ key: Key) -> ScenarioPath { decoder.path + [.key(fileKey(key))] }

  private func required<T>(_ key: Key, _ type: T.Type) throws -> SourceNode {
    guard let node = value(key) else {
      let expected = DecodingSession.expectation(of: type).map { "; expected \($0)" } ?? ""
      throw DecodingError.keyNotFound(
        PathKey(stringValue: fileKey(key)),
        .init(codingPath: codingPath, debugDescription: "required key is missing" + expected))
    }
    return node
  }

  func contains(_ key: Key) -> Bool { value(key) != nil }

  func decodeNil(forKey key: Key) throws -> Bool {
    guard let node = value(key) else { return true }
    return node.scalar?.isNull ?? false
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    let written = value(key)
    if let fallback = decoder.defaults?.value(forKey: fileKey(key)) as? T {
      guard let written, written.scalar?.isNull != true else { return fallback }
      do {
        return try decoder.session.decode(T.self, written, path(key), recover: true)
      } catch is AlreadyRecorded {
        // Recorded; the default lets the enclosing type carry on and find later errors.
        return fallback
      }
    }
    if written == nil, let placeholder = DecodingSession.stand_in(for: T.self) {
      // A missing leaf or list is recorded and stood in for, so the rest of the enclosing
      // type is still read and its errors reported in the same run.
      do { _ = try required(key, type) } catch {
        decoder.session.recordMissing(error, type: T.self, node: decoder.node, path: decoder.path)
      }
      return placeholder
    }
    let node = try required(key, type)
    return try decoder.session.decode(T.self, node, path(key), recover: true)
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    guard let node = value(key), node.scalar?.isNull != true else { return nil }
    do {
      return try decoder.session.decode(T.self, node, path(key), recover: true)
    } catch is AlreadyRecorded {
      // Recorded; nil lets the enclosing type apply its default and carry on.
      return nil
    }
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try NodeDecoder(
      node: try required(key, [String: Any].self), path: path(key),
      session: decoder.session
    )
    .container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try NodeDecoder(
      node: try required(key, [Any].self), path: path(key),
      session: decoder.session
    )
    .unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder { decoder }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    NodeDecoder(
      node: value(key) ?? .null(at: decoder.node.location), path: path(key),
      session: decoder.session)
  }
}

struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
  let decoder: NodeDecoder
  let elements: [SourceNode]
  private(set) var currentIndex = 0

  init(decoder: NodeDecoder, elements: [SourceNode]) {
    self.decoder = decoder
    self.elements = elements
  }

  var codingPath: [any CodingKey] { decoder.codingPath }
  var count: Int? { elements.count }
  var isAtEnd: Bool { currentIndex >= elements.count }

  private mutating func next<T>(_ type: T.Type) throws -> (SourceNode, ScenarioPath) {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        type, .init(codingPath: codingPath, debugDescription: "the list has too few elements"))
    }
    defer { currentIndex += 1 }
    return (elements[currentIndex], decoder.path + [.index(currentIndex)])
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd, elements[currentIndex].scalar?.isNull == true else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    let (node, path) = try next(type)
    return try decoder.session.decode(T.self, node, path, recover: true)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let (node, path) = try next([String: Any].self)
    return try NodeDecoder(node: node, path: path, session: decoder.session).container(
      keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    let (node, path) = try next([Any].self)
    return try NodeDecoder(node: node, path: path, session: decoder.session).unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder {
    let (node, path) = try next(Any.self)
    return NodeDecoder(node: node, path: path, session: decoder.session)
  }
}

struct SingleValueNodeContainer: SingleValueDecodingContainer {
  let decoder: NodeDecoder
  var codingPath: [any CodingKey] { decoder.codingPath }

  func decodeNil() -> Bool { decoder.node.scalar?.isNull == true }

  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    // Strict: a type probing "is this a number?" must see a throw, not a recorded error.
    try decoder.session.decode(T.self, decoder.node, decoder.path, recover: false)
  }
}
