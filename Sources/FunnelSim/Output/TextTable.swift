import SalesModel

/// A plain-text table with aligned columns, for terminal reports.
struct TextTable {
  enum Alignment { case left, right }

  var headers: [String]
  var alignments: [Alignment]
  var rows: [[String]] = []

  init(headers: [String], alignments: [Alignment]? = nil) {
    self.headers = headers
    self.alignments =
      alignments ?? [.left] + Array(repeating: .right, count: Swift.max(0, headers.count - 1))
  }

  mutating func append(_ row: [String]) { rows.append(row) }

  func rendered(indent: Int = 2) -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = Swift.max(widths[i], cell.count)
      }
    }
    let pad = String(repeating: " ", count: indent)
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, width) in widths.enumerated() {
        let cell = i < cells.count ? cells[i] : ""
        let fill = String(repeating: " ", count: width - cell.count)
        parts.append(alignments[i] == .left ? cell + fill : fill + cell)
      }
      var text = pad + parts.joined(separator: "  ")
      while text.last == " " { text.removeLast() }
      return text
    }
    var out = [line(headers)]
    out.append(pad + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    out += rows.map(line)
    return out.joined(separator: "\n")
  }
}

/// Human formatting of a value in its unit, for tables.
enum Format {
  /// `12,345,678` for money, `62.3%` for shares, `12.3` for counts and durations.
  static func value(_ v: Double?, unit: MetricUnit) -> String {
    guard let v, v.isFinite else { return "–" }
    switch unit {
    case .share: return fixed(v * 100, decimals: 1) + "%"
    case .money: return grouped(v.rounded())
    default:
      if abs(v) >= 10_000 { return grouped(v.rounded()) }
      return fixed(v, decimals: abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : 2)
    }
  }

  /// A closed interval in its unit.
  static func interval(_ low: Double?, _ high: Double?, unit: MetricUnit) -> String {
    guard let low, let high else { return "–" }
    return value(low, unit: unit) + " … " + value(high, unit: unit)
  }

  static func fixed(_ v: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (v * scale).rounded() / scale
    if decimals == 0 { return grouped(r) }
    let negative = r < 0
    let magnitude = abs(r)
    let whole = magnitude.rounded(.down)
    var fraction = String(Int(((magnitude - whole) * scale).rounded()))
    fraction = String(repeating: "0", count: Swift.max(0, decimals - fraction.count)) + fraction
    return (negative ? "-" : "") + grouped(whole) + "." + fraction
  }

  /// Thousands separated by commas.
  static func grouped(_ v: Double) -> String {
    let negative = v < 0
    var digits = String(Int64(abs(v).rounded()))
    var groups: [Substring] = []
    while digits.count > 3 {
      groups.insert(digits.suffix(3), at: 0)
      digits.removeLast(3)
    }
    groups.insert(Substring(digits), at: 0)
    return (negative ? "-" : "") + groups.joined(separator: ",")
  }
}
