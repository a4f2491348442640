import Foundation
import Testing

@testable import FunnelSim

/// A part proves it is whole: damage of any kind is refused, naming what is wrong, and never
/// traps or merges into a different result.
@Suite struct PartIntegrityTests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func sha256MatchesTheStandardsVectors(text: String, digest: String) {
    #expect(SHA256.hex(of: Array(text.utf8)) == digest)
  }

  @Test func sha256OfAMillionAsAcrossBlockBoundaries() {
    var hash = SHA256()
    for _ in 0..<1000 { hash.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
    #expect(hash.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  private let fixture = PartFixture(kind: .run, walks: [40], total: 12)

  /// A fixture part as JSON text, changed by `damage`.
  private func damaged(_ damage: (inout [String: Any]) -> Void) throws -> [UInt8] {
    let part = try fixture.part(Shard(parsing: "1/3"))
    var object = try JSONSerialization.jsonObject(with: Data(part.encoded().utf8)) as! [String: Any]
    damage(&object)
    return Array(try JSONSerialization.data(withJSONObject: object))
  }

  private func refusal(_ bytes: [UInt8]) -> String? {
    do {
      _ = try PartialResult.decodeChecked(bytes)
      return nil
    } catch { return error.description }
  }

  @Test func anUndamagedPartIsReadBackWhole() throws {
    let part = try fixture.part(Shard(parsing: "1/3"))
    let read = try PartialResult.decodeChecked(Array(part.encoded().utf8))
    #expect(read.runs == part.runs)
    #expect(read.digest?.hasPrefix("sha256:") == true)
  }

  @Test func aChangedValueIsRefusedByItsDigest() throws {
    let text = try fixture.part(Shard(parsing: "1/3")).encoded()
    // Change one digit of the first value.
    let values = text.range(of: "\"values\":[")!.upperBound
    let digit = text[values...].firstIndex(where: \.isNumber)!
    var changed = text
    changed.replaceSubrange(digit...digit, with: text[digit] == "7" ? "8" : "7")
    #expect(refusal(Array(changed.utf8))?.contains("does not match its digest") == true)

    let scaled = try damaged { object in
      var runs = object["runs"] as! [[String: Any]]
      var outcomes = runs[0]["outcomes"] as! [[String: Any]]
      outcomes[0]["values"] = (outcomes[0]["values"] as! [Double]).map { $0 * 1000 }
      runs[0]["outcomes"] = outcomes
      object["runs"] = runs
    }
    // Rewritten by another program (here JSONSerialization): refused as well.
    #expect(refusal(scaled)?.contains("digest") == true)
  }

  @Test func everyBitFlipIsRefused() throws {
    let bytes = Array(try fixture.part(Shard(parsing: "1/3")).encoded().utf8)
    // Every 7th byte, one bit each: refused one way or another, never accepted or trapped.
    for offset in stride(from: 0, to: bytes.count - 1, by: 7) {
      var flipped = bytes
      flipped[offset] ^= 1 << UInt8(offset % 8)
      #expect(refusal(flipped) != nil, "flip at byte \(offset) was accepted")
    }
  }

  @Test func arraysOfTheWrongLengthAreNamed() throws {
    let short = try damaged { object in
      var runs = object["runs"] as! [[String: Any]]
      var outcomes = runs[0]["outcomes"] as! [[String: Any]]
      outcomes[2]["values"] = [] as [Double]
      runs[0]["outcomes"] = outcomes
      object["runs"] = runs
    }
    #expect(refusal(short) == "replication 6 has 0 values, its metric layout 1")

    let missing = try damaged { object in
      var runs = object["runs"] as! [[String: Any]]
      runs[0]["outcomes"] = Array((runs[0]["outcomes"] as! [Any]).dropLast())
      object["runs"] = runs
    }
    #expect(refusal(missing)?.contains("holds 3 replications, its shard 1/3 4 (4..<8)") == true)
  }

  @Test func aDroppedMonthIsNamed() throws {
    var part = try fixture.part(Shard(parsing: "0/3"))
    part.horizonMonths = 3
    part.runs[0].schema.series = [.init(key: "walk", group: "team", unit: .count, label: "Walk")]
    for i in part.runs[0].outcomes.indices { part.runs[0].outcomes[i].series = [[1, 2, 3]] }
    part.runs[0].outcomes[1].series[0].removeLast()
    #expect(part.structuralProblem() == "replication 1: series walk.team has 2 months, expected 3")
  }

  @Test(arguments: [
    ("shard", #"{"index": 0, "count": 0}"#, "impossible"),
    ("shard", #"{"index": 3, "count": 3}"#, "impossible"),
    ("first_replication", "\(Int.max - 1)", "but shard 1/3 of 12 starts at 4"),
    ("total_replications", "0", "expected at least 1"),
    ("total_replications", "\(Int.max)", "first_replication is 4, but shard 1/3 of"),
    ("kind", #""bogus""#, "expected one of run, compare, sweep"),
    ("seed", #""five""#, "seed: expected a whole number"),
    ("format", #""funnelsim.partial/2""#, "earlier FunnelSim"),
    ("digest", "null", "no 'digest' field"),
  ])
  func impossibleHeadersAreRefusedWithoutTrapping(key: String, json: String, message: String)
    throws
  {
    let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
    let bytes = try damaged { $0[key] = value is NSNull ? nil : value }
    let why = refusal(bytes)
    #expect(why?.contains(message) == true, "\(why ?? "accepted")")
  }

  @Test func aMergeOfPartsBuiltInMemoryChecksThemToo() throws {
    var parts = try fixture.parts(shards: 2)
    parts[1].part.shard = Shard(uncheckedIndex: 0, count: 0)
    #expect {
      _ = try PartialMerge.combine(parts)
    } throws: { "\($0)".contains("part-1.json: shard 0/0 is impossible") }
  }

  @Test func aTruncatedPartSaysSoWithTheByteOffset() throws {
    let bytes = Array(try fixture.part(Shard(parsing: "1/3")).encoded().utf8)
    for cut in [1, 100, bytes.count / 2, bytes.count - 2] {
      let why = refusal(Array(bytes[..<cut]))
      #expect(why?.contains("the file ends at byte \(cut)") == true, "\(why ?? "accepted")")
      #expect(why?.contains("truncated") == true)
    }
    #expect(refusal([]) == "the file is empty (0 bytes): not a FunnelSim part")
    #expect(refusal(Array("{\"format\": 3,,}".utf8))?.contains("at byte 13") == true)
  }

  @Test func shardRangesNeverOverflow() throws {
    let last = try Shard(parsing: "999/1000")
    let r = last.replications(of: Int.max)
    #expect(r.upperBound == Int.max)
    #expect(r.lowerBound == Int.max / 1000 * 999 + Int.max % 1000 * 999 / 1000)
  }
}
