import Foundation

extension PartialResult {
  /// Decodes and checks a part file's bytes (see ``read(path:)``); the error does not name
  /// the file, the caller does.
  static func decodeChecked(_ bytes: [UInt8]) throws(MergeError) -> PartialResult {
    if bytes.isEmpty { throw MergeError("the file is empty (0 bytes): not a FunnelSim part") }
    let data = Data(bytes)
    struct Header: Decodable { var format: String? }
    let header: Header
    do { header = try JSONDecoder().decode(Header.self, from: data) } catch {
      throw MergeError(JSONSyntax.problem(in: bytes) ?? "not a FunnelSim part (not a JSON object)")
    }
    guard let format = header.format else {
      throw MergeError("not a FunnelSim part (no 'format' field)")
    }
    if earlierFormatIdentifiers.contains(format) {
      throw MergeError(
        "written by an earlier FunnelSim in format '\(format)', which carries no digest to "
          + "check; run its shard again with this version (format '\(formatIdentifier)')")
    }
    guard format == formatIdentifier else {
      throw MergeError("format '\(format)' is not one this version reads ('\(formatIdentifier)')")
    }
    if let problem = JSONSyntax.problem(in: bytes) { throw MergeError(problem) }
    let part: PartialResult
    do { part = try JSONDecoder().decode(PartialResult.self, from: data) } catch let error
      as DecodingError
    {
      throw MergeError(describe(error))
    } catch {
      throw MergeError("not a FunnelSim part")
    }
    if let problem = part.structuralProblem() { throw MergeError(problem) }
    guard part.digest != nil else {
      throw MergeError("no 'digest' field: the part cannot prove it is undamaged")
    }
    // The digest covers the bytes as written, not a re-encoding, so that every change shows
    // (even to a key the decoder would ignore or a default it would fill in).
    let prefix = Array(digestPrefix.utf8)
    let hexEnd = prefix.count + 64
    guard bytes.count > hexEnd + 2, bytes.starts(with: prefix),
      bytes[hexEnd] == UInt8(ascii: "\""), bytes[hexEnd + 1] == UInt8(ascii: ",")
    else {
      throw MergeError(
        "the digest is not at the start of the file, where FunnelSim writes it: the part was "
          + "rewritten by another program; run its shard again")
    }
    let stored = String(decoding: bytes[prefix.count..<hexEnd], as: UTF8.self)
    var hash = SHA256()
    hash.update([UInt8(ascii: "{")])
    hash.update(bytes[(hexEnd + 2)...])
    let actual = hash.finalize()
    guard stored == actual else {
      throw MergeError(
        "the content does not match its digest (a value was changed, a bit flipped or an "
          + "entry dropped after the part was written); run its shard again. Stored "
          + "sha256:\(stored), content sha256:\(actual)")
    }
    return part
  }

  /// The first way this part's header or arrays contradict each other, or nil: shard and
  /// range in bounds, as many scenarios as the kind and grid say, and in every replication as
  /// many values, series and samples as the metric layout names and as many months in every
  /// series as the horizon. Checked before any arithmetic is done with these numbers.
  public func structuralProblem() -> String? {
    guard totalReplications >= 1 else {
      return "total_replications is \(totalReplications), expected at least 1"
    }
    guard shard.count >= 1, shard.index >= 0, shard.index < shard.count else {
      return "shard \(shard.index)/\(shard.count) is impossible (need 0 <= index < count)"
    }
    let expected = shard.replications(of: totalReplications)
    guard firstReplication == expected.lowerBound else {
      return "first_replication is \(firstReplication), but shard \(shard) of "
        + "\(totalReplications) starts at \(expected.lowerBound)"
    }
    guard horizonMonths >= 0 else { return "horizon_months is \(horizonMonths)" }
    switch kind {
    case .run where runs.count != 1:
      return "a run part holds \(runs.count) scenarios, expected 1"
    case .compare where runs.count < 2:
      return "a comparison part holds \(runs.count) scenarios, expected at least 2"
    case .sweep:
      var points = 1
      for axis in axes {
        let (product, overflow) = points.multipliedReportingOverflow(by: axis.values.count)
        guard !overflow else { return "the sweep grid is impossibly large" }
        points = product
      }
      if axes.isEmpty || points != runs.count {
        return "a sweep part holds \(runs.count) points, its grid \(axes.isEmpty ? 0 : points)"
      }
    default: break
    }
    for (r, run) in runs.enumerated() {
      let which =
        runs.count == 1
        ? "" : "\(kind == .sweep ? "grid point" : "scenario") \(r + 1) (\(run.name)): "
      if run.outcomes.count > expected.count
        || (!interrupted && run.outcomes.count != expected.count)
      {
        return "\(which)holds \(run.outcomes.count) replications, its shard \(shard) "
          + "\(expected.count) (\(expected.lowerBound)..<\(expected.upperBound))"
      }
      // The report's horizon is the first scenario's; a compared scenario may have its own,
      // the same in all its replications.
      var months: Int? = r == 0 ? horizonMonths : nil
      let schema = run.schema
      // A dated run names every month: reports read one label per month.
      if let labels = schema.monthLabels, labels.count != (months ?? labels.count) {
        return "\(which)names \(labels.count) months, its horizon \(months ?? 0)"
      }
      for (j, outcome) in run.outcomes.enumerated() {
        let at = "\(which)replication \(expected.lowerBound + j)"
        if outcome.values.count != schema.scalars.count {
          return
            "\(at) has \(outcome.values.count) values, its metric layout \(schema.scalars.count)"
        }
        if outcome.series.count != schema.series.count {
          return
            "\(at) has \(outcome.series.count) series, its metric layout \(schema.series.count)"
        }
        if outcome.samples.count != schema.samples.count {
          return
            "\(at) has \(outcome.samples.count) samples, its metric layout \(schema.samples.count)"
        }
        for (series, descriptor) in zip(outcome.series, schema.series) {
          let expectedMonths = months ?? series.count
          months = expectedMonths
          if series.count != expectedMonths {
            return
              "\(at): series \(descriptor.key).\(descriptor.group) has \(series.count) months, "
              + "expected \(expectedMonths)"
          }
        }
      }
    }
    return nil
  }

  /// A decoding error in the user's words: where in the file, and what was expected there.
  static func describe(_ error: DecodingError) -> String {
    func place(_ path: [any CodingKey]) -> String {
      var text = ""
      for key in path {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the top level" : text
    }
    func words(_ type: Any.Type) -> String {
      if type == String.self { return "text" }
      if type == Bool.self { return "true or false" }
      if type == Double.self { return "a number" }
      if type == Int.self || type == UInt64.self { return "a whole number" }
      let name = "\(type)"
      if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
      return "an object"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "'\(key.stringValue)' is missing in \(place(context.codingPath))"
    case .typeMismatch(let type, let context):
      return "\(place(context.codingPath)): expected \(words(type))"
    case .valueNotFound(let type, let context):
      return "\(place(context.codingPath)): null where \(words(type)) is expected"
    case .dataCorrupted(let context):
      let path = context.codingPath
      if path.last?.stringValue == "kind" {
        return "kind: expected one of run, compare, sweep"
      }
      // The syntax was checked first; the decoder gives no place for a number it cannot hold.
      if path.isEmpty {
        return "a number does not fit where it stands (e.g. a whole number beyond 64 bits)"
      }
      return "\(place(path)): a value out of range or of the wrong kind"
    @unknown default:
      return "not a FunnelSim part"
    }
  }
}

/// Finds where a file stops being JSON, to say so with a byte offset rather than with the
/// decoder's internal error.
enum JSONSyntax {
  /// Nesting deeper than any part needs is refused rather than followed.
  static let maximumDepth = 64

  /// "not valid JSON …" with the byte offset of the first error, or nil for valid JSON.
  static func problem(in bytes: [UInt8]) -> String? {
    var scanner = Scanner(bytes: bytes)
    do throws(Scanner.Failure) {
      scanner.skipSpace()
      try scanner.value(depth: 0)
      scanner.skipSpace()
      if scanner.i < bytes.count {
        throw Scanner.Failure.unexpected(scanner.i, "text after the end of the JSON")
      }
      return nil
    } catch {
      switch error {
      case .truncated:
        return "not valid JSON: the file ends at byte \(bytes.count) in the middle of a value "
          + "(truncated)"
      case .unexpected(let offset, let what):
        return "not valid JSON at byte \(offset): \(what)"
      }
    }
  }

  private struct Scanner {
    enum Failure: Error {
      case truncated
      case unexpected(Int, String)
    }
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
    }

    func peek() throws(Failure) -> UInt8 {
      guard i < bytes.count else { throw .truncated }
      return bytes[i]
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
      guard try peek() == byte else { throw .unexpected(i, "expected \(what)") }
      i += 1
    }

    mutating func value(depth: Int) throws(Failure) {
      guard depth < JSONSyntax.maximumDepth else { throw .unexpected(i, "nested too deeply") }
      switch try peek() {
      case UInt8(ascii: "{"):
        i += 1
        skipSpace()
        if try peek() == UInt8(ascii: "}") {
          i += 1
          return
        }
        while true {
          skipSpace()
          guard try peek() == UInt8(ascii: "\"") else {
            throw .unexpected(i, "expected a key in quotes")
          }
          try string()
          skipSpace()
          try expect(UInt8(ascii: ":"), "':' after a key")
          skipSpace()
          try value(depth: depth + 1)
          skipSpace()
          if try peek() == UInt8(ascii: ",") {
            i += 1
            continue
          }
          try expect(UInt8(ascii: "}"), "',' or '}'")
          return
        }
      case UInt8(ascii: "["):
        i += 1
        skipSpace()
        if try peek() == UInt8(ascii: "]") {
          i += 1
          return
        }
        while true {
          skipSpace()
          try value(depth: depth + 1)
          skipSpace()
          if try peek() == UInt8(ascii: ",") {
            i += 1
            continue
          }
          try expect(UInt8(ascii: "]"), "',' or ']'")
          return
        }
      case UInt8(ascii: "\""): try string()
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
      default: throw .unexpected(i, "expected a value")
      }
    }

    mutating func literal(_ word: String) throws(Failure) {
      for byte in word.utf8 { try expect(byte, "'\(word)'") }
    }

    mutating func digits() throws(Failure) {
      let start = i
      while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
      if i == start {
        _ = try peek()
        throw .unexpected(i, "expected a digit")
      }
    }

    mutating func number() throws(Failure) {
      if bytes[i] == UInt8(ascii: "-") { i += 1 }
      try digits()
      if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
        i += 1
        try digits()
      }
      if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
          i += 1
        }
        try digits()
      }
    }

    /// A string, with its escapes and its UTF-8 checked.
    mutating func string() throws(Failure) {
      i += 1
      while true {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "\""):
          i += 1
          return
        case UInt8(ascii: "\\"):
          i += 1
          let escaped = try peek()
          if escaped == UInt8(ascii: "u") {
            for _ in 0..<4 {
              i += 1
              guard Character(Unicode.Scalar(try peek())).isHexDigit else {
                throw .unexpected(i, "expected four hex digits after \\u")
              }
            }
          } else if !"\"\\/bfnrt".utf8.contains(escaped) {
            throw .unexpected(i, "an unknown escape")
          }
          i += 1
        case 0..<0x20: throw .unexpected(i, "a control character inside text")
        case 0x80...:
          let length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 0
          guard length > 0, byte < 0xf5 else { throw .unexpected(i, "invalid UTF-8") }
          for k in 1..<length {
            guard i + k < bytes.count else { throw .truncated }
            guard bytes[i + k] & 0xc0 == 0x80 else { throw .unexpected(i + k, "invalid UTF-8") }
          }
          i += length
        default: i += 1
        }
      }
    }
  }
}
