/// A JSON document with keys kept in the order they were written.
///
/// Reports are written with this rather than `JSONEncoder` so that key order follows the
/// report's logic (headline first) and the bytes are the same on every platform and run.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    a.rendered(pretty: false) == b.rendered(pretty: false)
  }

  /// An optional number; nil and non-finite values become `null`, so a report never holds NaN.
  public static func number(_ value: Double?) -> JSONValue {
    guard let v = value, v.isFinite else { return .null }
    return .number(v)
  }

  /// The document as text; `pretty` indents by two spaces. Ends without a newline.
  public func rendered(pretty: Bool = true) -> String {
    var out = ""
    write(into: &out, pretty: pretty, indent: 0)
    return out
  }

  private func write(into out: inout String, pretty: Bool, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .number(let d): out += JSONValue.format(d)
    case .string(let s): JSONValue.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      // Arrays of plain numbers stay on one line: monthly series remain readable.
      let flat = !pretty || items.allSatisfy { $0.isScalar }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += flat && pretty ? ", " : "," }
        if !flat { JSONValue.newline(&out, indent + 1) }
        item.write(into: &out, pretty: pretty, indent: indent + 1)
      }
      if !flat { JSONValue.newline(&out, indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        if pretty { JSONValue.newline(&out, indent + 1) }
        JSONValue.escape(key, into: &out)
        out += pretty ? ": " : ":"
        value.write(into: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { JSONValue.newline(&out, indent) }
      out += "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private static func newline(_ out: inout String, _ indent: Int) {
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// Shortest text that reads back as the same double; integral values without ".0".
  static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == d.rounded(), abs(d) < 1e15 {
      return d == 0 ? "0" : String(Int64(d))
    }
    return "\(d)"
  }

  private static func escape(_ s: String, into out: inout String) {
    out += "\""
    // Keys, labels and names almost never need escaping: one scan of the bytes, then one
    // append, instead of an append per character.
    let (quote, backslash) = (UInt8(ascii: "\""), UInt8(ascii: "\\"))
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == quote || $0 == backslash }) {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let c where c.value < 0x20:
        let hex = String(c.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
