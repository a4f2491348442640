import Foundation
import TestSupport
import Testing

@testable import FunnelSim

/// A fixed-seed batch of mutants of a valid part file, each decoded and checked as `merge`
/// reads it: none may trap (a trap ends the test run), be refused without saying what is
/// wrong, or be accepted unless its bytes are the original's.
@Suite struct PartFuzzTests {
  static let mutants = 600
  static let redigestedMutants = 600

  private static func original() throws -> [UInt8] {
    let fixture = PartFixture(kind: .compare, walks: [20, 30], total: 12)
    return Array(try fixture.part(Shard(parsing: "1/3")).encoded().utf8)
  }

  private static func refusal(_ bytes: [UInt8]) -> String? {
    do {
      _ = try PartialResult.decodeChecked(bytes)
      return nil
    } catch { return error.description }
  }

  /// A refusal must say what is wrong in the user's words, not in Swift's.
  private static func wording(_ why: String) -> String? {
    if why.count < 12 { return "too short to name what is wrong: \(why)" }
    for swift in ["DecodingError", "Error(", "Swift.", "CodingKeys", "Optional(", "Context("]
    where why.contains(swift) {
      return "a Swift type name in: \(why)"
    }
    return nil
  }

  @Test func noMutantTrapsOrIsAcceptedAndEveryRefusalSaysWhy() throws {
    let original = try Self.original()
    #expect(Self.refusal(original) == nil)
    var mutator = PartMutator(seed: 0x9A27)
    var refused = 0
    var unchanged = 0
    for _ in 0..<Self.mutants {
      let mutant = mutator.mutate(original)
      guard let why = Self.refusal(mutant) else {
        // The digest covers every byte after itself, so only the original bytes are accepted.
        if mutant == original {
          unchanged += 1
        } else {
          Issue.record("accepted a changed part:\n\(String(decoding: mutant, as: UTF8.self))")
        }
        continue
      }
      refused += 1
      if let problem = Self.wording(why) { Issue.record(Comment(rawValue: problem)) }
    }
    // A mutation may leave the bytes as they were (a digit replaced by itself); they must be
    // few, or the batch tests little.
    #expect(refused > Self.mutants * 9 / 10, "refused \(refused), unchanged \(unchanged)")
  }

  /// The same mutations with the digest written again over the changed bytes, as a program
  /// that knows the format could: the structural checks behind the digest must then hold
  /// alone. A mutant may be accepted (a changed value is still a valid part), but none traps
  /// and every refusal says why.
  @Test func redigestedMutantsReachTheStructuralChecksWithoutTrapping() throws {
    let original = try Self.original()
    var mutator = PartMutator(seed: 0x5A17)
    var refused = 0
    var accepted = 0
    for _ in 0..<Self.redigestedMutants {
      let mutant = PartMutator.redigested(mutator.mutate(original))
      guard let why = Self.refusal(mutant) else {
        accepted += 1
        continue
      }
      refused += 1
      if let problem = Self.wording(why) { Issue.record(Comment(rawValue: problem)) }
    }
    #expect(refused > Self.redigestedMutants / 4, "refused \(refused), accepted \(accepted)")
    #expect(accepted > 0)
  }
}

/// Seeded mutations of a part file's bytes: truncation, bit flips, changed digits, numbers at
/// the edges of their types, removed and duplicated keys, values of the wrong type, deep
/// nesting and inserted whitespace.
struct PartMutator {
  var random: ScenarioMutator

  init(seed: UInt64) { random = ScenarioMutator(seed: seed) }

  static let edgeNumbers = [
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-1", "0", "-0",
    "4294967296", "1e308", "-1e308", "1e309", "1e-400", "NaN", "Infinity", "-Infinity",
    "\"NaN\"", "0.5", "1.0e", "01", "1E+2",
  ]
  static let wrongTypes = [
    "\"text\"", "true", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "\"\\u0000\"",
  ]

  mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
    var bytes = bytes
    for _ in 0..<(1 + random.below(2)) {
      guard !bytes.isEmpty else { return bytes }
      switch random.below(9) {
      case 0: bytes = Array(bytes[..<random.below(bytes.count)])
      case 1: bytes[random.below(bytes.count)] ^= 1 << UInt8(random.below(8))
      case 2:
        let digits = bytes.indices.filter { (48...57).contains(bytes[$0]) }
        if let i = pick(digits) { bytes[i] = UInt8(48 + random.below(10)) }
      case 3:
        if let r = pick(numberRanges(bytes)) {
          bytes.replaceSubrange(r, with: Array(pick(Self.edgeNumbers)!.utf8))
        }
      case 4:
        if let (key, value) = pick(members(bytes)) {
          bytes.removeSubrange(key.lowerBound..<value.upperBound)
        }
      case 5:
        if let (key, value) = pick(members(bytes)) {
          bytes.insert(contentsOf: bytes[key.lowerBound..<value.upperBound], at: value.upperBound)
        }
      case 6:
        if let (_, value) = pick(members(bytes)) {
          bytes.replaceSubrange(value.dropFirst(), with: Array(pick(Self.wrongTypes)!.utf8))
        }
      case 7:
        if let (_, value) = pick(members(bytes)) {
          let depth = 10 + random.below(200)
          let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
          bytes.replaceSubrange(value.dropFirst(), with: Array(deep.utf8))
        }
      default:
        bytes.insert(pick([32, 10, 9, 13])!, at: random.below(bytes.count + 1))
      }
    }
    return bytes
  }

  private mutating func pick<T>(_ items: [T]) -> T? {
    items.isEmpty ? nil : items[random.below(items.count)]
  }

  /// The ranges of the numbers outside strings.
  private func numberRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var i = 0
    var inString = false
    while i < bytes.count {
      let b = bytes[i]
      if inString {
        if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { inString = false }
        i += 1
      } else if b == UInt8(ascii: "\"") {
        inString = true
        i += 1
      } else if b == UInt8(ascii: "-") || (48...57).contains(b) {
        let start = i
        while i < bytes.count, "+-.eE0123456789".utf8.contains(bytes[i]) { i += 1 }
        ranges.append(start..<i)
      } else {
        i += 1
      }
    }
    return ranges
  }

  /// Every object member as the range of `,"key"` (or `"key"` after `{`) and the range of
  /// `:value` that follows it.
  private func members(_ bytes: [UInt8]) -> [(Range<Int>, Range<Int>)] {
    var found: [(Range<Int>, Range<Int>)] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "\""), i > 0,
        bytes[i - 1] == UInt8(ascii: ",") || bytes[i - 1] == UInt8(ascii: "{")
      {
        var end = i + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
        if end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: ":"),
          let valueEnd = skipValue(bytes, from: end + 2)
        {
          let keyStart = bytes[i - 1] == UInt8(ascii: ",") ? i - 1 : i
          found.append((keyStart..<end + 1, end + 1..<valueEnd))
        }
      }
      i += 1
    }
    return found
  }

  /// The end of the JSON value starting at `start`, or nil if the bytes end first.
  private func skipValue(_ bytes: [UInt8], from start: Int) -> Int? {
    var depth = 0
    var inString = false
    var i = start
    while i < bytes.count {
      let b = bytes[i]
      if inString {
        if b == UInt8(ascii: "\\") {
          i += 1
        } else if b == UInt8(ascii: "\"") {
          inString = false
          if depth == 0 { return i + 1 }
        }
      } else {
        switch b {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          if depth == 0 { return i }
          depth -= 1
          if depth == 0 { return i + 1 }
        case UInt8(ascii: ","): if depth == 0 { return i }
        default: break
        }
      }
      i += 1
    }
    return nil
  }

  /// `bytes` with the digest at their start computed again over the rest, when it is where
  /// FunnelSim writes it.
  static func redigested(_ bytes: [UInt8]) -> [UInt8] {
    let prefix = Array(PartialResult.digestPrefix.utf8)
    let hexEnd = prefix.count + 64
    guard bytes.count > hexEnd + 2, bytes.starts(with: prefix) else { return bytes }
    var hash = SHA256()
    hash.update([UInt8(ascii: "{")])
    hash.update(bytes[(hexEnd + 2)...])
    return prefix + Array(hash.finalize().utf8) + bytes[hexEnd...]
  }
}
