internal import SalesModel

/// How the loader spells a coding key in a file: the snake_case of its Swift name.
enum FileKey {
  /// `dealSize` is `deal_size`; a name without capitals (`seed`, `deal_size`) stays as it is.
  static func of(_ name: String) -> String {
    guard name.contains(where: \.isUppercase) else { return name }
    var key = ""
    for c in name {
      if c.isUppercase {
        if !key.isEmpty { key.append("_") }
        key += c.lowercased()
      } else {
        key.append(c)
      }
    }
    return key
  }
}

/// The values that the keys of a ``SectionDefaults`` type take when a file leaves them out.
///
/// They are read by encoding the type's `defaults` through its own coding keys, so a key's
/// default is found under the same name the decoder asks for.
struct KeyDefaults {
  private var values: [String: Any] = [:]
  private var required: Set<String> = []

  /// The defaults of `type`, or nil when it is not a ``SectionDefaults`` type.
  init?(of type: Any.Type) {
    guard let section = type as? any SectionDefaults.Type else { return nil }
    self.init(section)
  }

  private init<Section: SectionDefaults>(_ section: Section.Type) {
    let capture = DefaultsCapture()
    do {
      try Section.defaults.encode(to: capture)
    } catch {
      preconditionFailure("\(Section.self).defaults cannot be encoded: \(error)")
    }
    values = capture.values
    required = Set(Section.requiredKeys.map { FileKey.of($0.stringValue) })
  }

  /// The default for `key` (a file key), or nil when the key is required or has none.
  func value(forKey key: String) -> Any? {
    required.contains(key) ? nil : values[key]
  }
}

/// An encoder that keeps each top-level value of a mapping by file key, without encoding it.
private final class DefaultsCapture: Encoder {
  var values: [String: Any] = [:]
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(Keys(capture: self))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    preconditionFailure("a scenario section is a mapping")
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    preconditionFailure("a scenario section is a mapping")
  }

  struct Keys<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let capture: DefaultsCapture
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
      capture.values[FileKey.of(key.stringValue)] = value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      preconditionFailure("a section's defaults are whole values")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      preconditionFailure("a section's defaults are whole values")
    }

    mutating func superEncoder() -> any Encoder { capture }
    mutating func superEncoder(forKey key: Key) -> any Encoder { capture }
  }
}
