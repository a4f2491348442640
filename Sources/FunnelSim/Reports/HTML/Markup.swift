/// Escaping and number writing shared by the HTML page and its SVG charts.
///
/// Every piece of text that reaches the page (scenario names, labels, level names) goes
/// through ``escape(_:)``; every coordinate goes through ``number(_:)``, which never writes
/// NaN or infinity, so a malformed value can at worst misplace a mark, never break the file.
enum Markup {
  /// `s` safe inside element content and inside double- or single-quoted attributes.
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      // Control characters other than tab and newline are not allowed in XML 1.0.
      case let c where c.value < 0x20 && c != "\t" && c != "\n": out += " "
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A coordinate with at most one decimal, without a trailing `.0`; non-finite values
  /// (which callers never pass on purpose) become 0 and huge ones are clamped.
  static func number(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let tenths = Int((Swift.min(Swift.max(v, -1e9), 1e9) * 10).rounded())
    let magnitude = Swift.abs(tenths)
    var s = tenths < 0 ? "-" : ""
    s += String(magnitude / 10)
    if magnitude % 10 != 0 { s += "." + String(magnitude % 10) }
    return s
  }

  /// `name="value"` pairs for an element, values escaped.
  static func attributes(_ pairs: [(String, String)]) -> String {
    pairs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
  }
}
