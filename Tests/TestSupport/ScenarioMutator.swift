import Foundation

/// Seeded mutations of a YAML text: values at the edges of their types, wrong types,
/// truncation and corrupted bytes, anchors, aliases and merge keys, deep nesting.
public struct ScenarioMutator {
  /// A scenario file's name and text.
  public struct File: Sendable {
    public var name: String
    public var text: String
  }

  private var state: UInt64

  /// A mutator whose mutations are fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The bundled scenarios, sorted by name.
  public static func bundledScenarios() throws -> [File] {
    let scenarios = ScenarioFiles.folder
    return try FileManager.default.contentsOfDirectory(atPath: scenarios.path).sorted()
      .filter { $0.hasSuffix(".yaml") }
      .map {
        File(
          name: $0,
          text: try String(contentsOf: scenarios.appendingPathComponent($0), encoding: .utf8))
      }
  }

  /// splitmix64: small, seeded, the same on every platform.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<n`.
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

  static let edgeValues = [
    "0", "-1", "1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "4294967296", "2147483648", "1e308", "-1e308", "1e-300", "-1e-300", "1e20", "1e300",
    ".nan", ".inf", "-.inf", "NaN", "\"NaN\"", "nan", "0.5", "2.5", "1e15", "1e9", "''", "~",
    "null", "[]", "{}", "true", "bogus", "[1, 2]", "{a: 1}", "0x10", "1_000", "-0",
    "{distribution: lognormal, mean: 1e-300, sd: 1}",
    "{distribution: lognormal, mean: 1, sd: 1e300}",
    "{distribution: weibull, shape: 1e-300, scale: 1}",
    "{distribution: uniform, min: 0, max: 1e308}",
  ]

  /// `text` changed by one to three seeded mutations.
  public mutating func mutate(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let rounds = 1 + below(3)
    for _ in 0..<rounds {
      switch below(12) {
      case 0...4: replaceValue(&lines)
      case 5:
        // Truncate the whole text at a byte.
        let joined = Array(lines.joined(separator: "\n").utf8)
        let cut = below(joined.count)
        lines = String(decoding: joined[..<cut], as: UTF8.self).components(separatedBy: "\n")
      case 6:
        // Corrupt a byte with a printable or control character.
        let i = below(lines.count)
        var scalars = Array(lines[i].unicodeScalars)
        let junk: [Unicode.Scalar] = [
          "\t", "\u{1}", "\u{7F}", ":", "-", "{", "[", "&", "*", "\"", "'", "#", "|", ">", "!",
        ]
        let c = junk[below(junk.count)]
        if scalars.isEmpty { scalars.append(c) } else { scalars[below(scalars.count)] = c }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        lines[i] = String(s)
      case 7:
        // Delete or duplicate a line.
        let i = below(lines.count)
        if below(2) == 0 { lines.remove(at: i) } else { lines.insert(lines[i], at: i) }
        if lines.isEmpty { lines = [""] }
      case 8:
        // An anchor on a value and an alias or merge key elsewhere.
        anchorAndAlias(&lines)
      case 9:
        // Deep nesting in flow or block style.
        let depth = 20 + below(120)
        let deep =
          below(2) == 0
          ? String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
          : String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        setValue(&lines, deep)
      case 10:
        // Change indentation of a line.
        let i = below(lines.count)
        lines[i] = below(2) == 0 ? "  " + lines[i] : String(lines[i].drop { $0 == " " })
      default:
        // An unknown key or a typo in a known one.
        let i = below(lines.count)
        if let colon = lines[i].firstIndex(of: ":"), colon > lines[i].startIndex {
          var line = lines[i]
          line.insert("x", at: colon)
          lines[i] = line
        }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Lines with a `key: value` whose value can be replaced.
  private func valueLines(_ lines: [String]) -> [Int] {
    lines.indices.filter { i in
      let t = lines[i].trimmingCharacters(in: .whitespaces)
      return !t.hasPrefix("#") && t.contains(": ")
    }
  }

  private mutating func replaceValue(_ lines: inout [String]) {
    setValue(&lines, Self.edgeValues[below(Self.edgeValues.count)])
  }

  /// Replaces one value of one `key: value` line (inside flow mappings too) by `value`.
  private mutating func setValue(_ lines: inout [String], _ value: String) {
    let candidates = valueLines(lines)
    guard !candidates.isEmpty else { return }
    let i = candidates[below(candidates.count)]
    let line = lines[i]
    var starts: [String.Index] = []
    var index = line.startIndex
    while let r = line.range(of: ": ", range: index..<line.endIndex) {
      starts.append(r.upperBound)
      index = r.upperBound
    }
    guard !starts.isEmpty else { return }
    let start = starts[below(starts.count)]
    let end = line[start...].firstIndex { ",}]#".contains($0) } ?? line.endIndex
    // A value that opens a flow collection or block is replaced whole, to its line's end.
    let opensCollection = line[start...].first.map { "{[".contains($0) } ?? false
    lines[i] = String(line[..<start]) + value + (opensCollection ? "" : String(line[end...]))
  }

  private mutating func anchorAndAlias(_ lines: inout [String]) {
    let candidates = valueLines(lines)
    guard candidates.count >= 2 else { return }
    let a = candidates[below(candidates.count)]
    let b = candidates[below(candidates.count)]
    guard let colonA = lines[a].range(of: ": "), let colonB = lines[b].range(of: ": ") else {
      return
    }
    lines[a].insert(contentsOf: "&x ", at: colonA.upperBound)
    if a == b { return }
    switch below(3) {
    case 0: lines[b] = String(lines[b][..<colonB.upperBound]) + "*x"
    case 1: lines[b] = String(lines[b][..<colonB.upperBound]) + "*undefined"
    default:
      let indent = String(lines[b].prefix { $0 == " " || $0 == "-" }).replacingOccurrences(
        of: "-", with: " ")
      lines.insert(indent + "<<: *x", at: b)
    }
  }
}
