import TestSupport
import Testing
@testable import FunnelSim

@Suite struct OutputTests {
  @Test func jsonKeepsKeyOrderAndNeverWritesNaN() {
    let doc = JSONValue.object([
      ("b", .int(1)), ("a", .number(Double.nan)), ("c", .array([.number(0.5), .number(2)])),
      ("s", .string("quote \" and\nnewline")),
    ])
    #expect(
      doc.rendered(pretty: false)
        == #"{"b":1,"a":null,"c":[0.5,2],"s":"quote \" and\nnewline"}"#)
  }

  @Test func stringsWithoutSpecialCharactersAreWrittenAsTheyAre() {
    // The fast path for plain strings and the escaping path must agree on every character.
    let plain = ["", "win_rate", "Ø€ – “quotes” 😀", "delete\u{7F}"]
    for s in plain {
      #expect(JSONValue.string(s).rendered(pretty: false) == "\"" + s + "\"")
    }
    let special: [(String, String)] = [
      ("a\\b", #""a\\b""#), ("\u{1}é\t", #""\u0001é\t""#), ("end\"", #""end\"""#),
      ("\r\n", #""\r\n""#),
    ]
    for (s, expected) in special {
      #expect(JSONValue.string(s).rendered(pretty: false) == expected)
    }
  }

  @Test func numbersRoundTrip() {
    for v in [0.1, 1.0 / 3.0, 12345678.0, -2.5e-12, 6.02e23] {
      #expect(Double(JSONValue.format(v)) == v)
    }
  }

  @Test func formatsMoneySharesAndCounts() {
    #expect(Format.value(12_345_678.4, unit: .money) == "12,345,678")
    #expect(Format.value(0.6234, unit: .share) == "62.3%")
    #expect(Format.value(3.14159, unit: .count) == "3.14")
    #expect(Format.value(-1234.5, unit: .days) == "-1,235")  // halves round away from zero
    #expect(Format.value(nil, unit: .money) == "–")
    #expect(Format.fixed(-0.05, decimals: 1) == "-0.1")
    #expect(Format.fixed(2.5, decimals: 2) == "2.50")
  }

  @Test func csvQuotesOnlyWhenNeeded() {
    #expect(CSV.field("plain") == "plain")
    #expect(CSV.field("a,b") == "\"a,b\"")
    #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSV.number(.infinity) == "")
  }

  @Test func atomicWriteReplacesTheFileWhole() throws {
    let dir = try TemporaryDirectory()
    let path = dir.path + "/report.json"
    try AtomicFile.write("first\n", to: path)
    try AtomicFile.write("second\n", to: path)
    #expect(try dir.read("report.json") == "second\n")
    #expect(try dir.list() == ["report.json"])  // no temporary file left behind
  }

  @Test func atomicWriteIntoAMissingDirectoryFailsClearly() {
    #expect {
      try AtomicFile.write("x", to: "/nonexistent-dir-for-funnelsim/out.json")
    } throws: { error in
      "\(error)".contains("cannot write /nonexistent-dir-for-funnelsim/out.json")
    }
  }
}
