import Foundation
import SalesModel
import Testing

@testable import ScenarioLoading

/// A classic "billion laughs": nine levels of nine-fold aliases, 9^9 strings from ~350 bytes.
func billionLaughs(keyAtTheEnd: Bool = false) -> String {
  var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
  var previous = "a"
  for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
    text +=
      "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
      + "]\n"
    previous = name
  }
  return keyAtTheEnd ? text + "? *i\n: 1\n" : text
}

@Suite struct LoadingLimitsTests {
  @Test func anAliasBombIsRefusedByTheNodeCount() {
    let text = billionLaughs()
    #expect(text.utf8.count < 400)
    let error = loadError(text)
    #expect(error?.issues.count == 1)
    #expect(error?.issues.first?.kind == .tooLarge)
    #expect(error?.issues.first?.message.contains("more than 200000 values") == true)
  }

  @Test func anAliasUsedAsAKeyIsRefusedBeforeItIsExpanded() {
    // Yams would hash the key's whole expansion while checking for duplicate keys.
    #expect(
      lines(loadError(billionLaughs(keyAtTheEnd: true))) == [
        "b2b.yaml:10:3: an alias (*name) may not be used as a mapping key"
      ])
    #expect(
      lines(loadError("a: &a [1, 2]\n[*a, *a]: 1\n")).first?.hasPrefix(
        "b2b.yaml:2:1: a mapping key must be a plain value") == true)
  }

  @Test func modestAliasesAreExpanded() throws {
    let text = validYAML.replacingOccurrences(of: "quota: 1000", with: "quota: &q 1000")
      .replacingOccurrences(of: "quota: 5000", with: "quota: *q")
    let s = try ScenarioLoader.load(TestScenario.self, text: text, file: "b2b.yaml")
    #expect(s.levels[1].quota == 1000)
  }

  @Test func anAsteriskInsideTextIsNotTakenForAnAlias() throws {
    let text = yaml(replacingLine: 13, with: "options: {tags: [\"*starred\", 'a *b', x*y]}")
    let s = try ScenarioLoader.load(TestScenario.self, text: text, file: "b2b.yaml")
    #expect(s.options.tags == ["*starred", "a *b", "x*y"])
  }

  @Test func absurdNestingIsRefusedWithItsPlace() {
    let error = loadError("seed: " + String(repeating: "[", count: 100_000))
    #expect(lines(error) == ["b2b.yaml:1:71: nesting deeper than 64 levels is refused"])
  }

  @Test func deepBlockNestingIsRefusedByTheParser() {
    let text = "seed: 1\nlevels:\n" + String(repeating: "- ", count: 100_000) + "x\n"
    #expect(loadError(text)?.issues.first?.kind == .syntax)
  }

  @Test func textOverTheSizeLimitIsRefused() {
    let error = loadError(validYAML, limits: LoadLimits(maxFileBytes: 100))
    #expect(error?.issues.first?.kind == .tooLarge)
    #expect(lines(error).first?.hasPrefix("b2b.yaml: is 2") == true)
  }

  @Test func aFileOverTheSizeLimitIsRefusedBeforeReading() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "loading-\(UUID()).yaml")
    try Data(repeating: UInt8(ascii: "#"), count: 5 << 20).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    do {
      _ = try ScenarioLoader.load(TestScenario.self, contentsOf: url.path)
      Issue.record("a 5 MiB file loaded")
    } catch {
      #expect(error.issues.first?.kind == .tooLarge)
      #expect(
        error.issues.first?.message
          == "is 5242880 bytes; the limit is 4194304 (a scenario is a few kilobytes)")
    }
  }

  @Test func aFileOnDiskLoadsAndNamesItselfInErrors() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "loading-\(UUID()).yaml")
    try validYAML.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(try ScenarioLoader.load(TestScenario.self, contentsOf: url.path).seed == 42)
    do {
      _ = try ScenarioLoader.load(
        TestScenario.self, contentsOf: url.path, overrides: [ScenarioOverride("sed=1")])
      Issue.record("a mistyped key loaded")
    } catch {
      #expect(error.description.hasSuffix("1 error in \(url.path)"))
    }
  }

  @Test func aMissingFileIsExplained() {
    do {
      _ = try ScenarioLoader.load(TestScenario.self, contentsOf: "no/such/scenario.yaml")
      Issue.record("a missing file loaded")
    } catch {
      #expect(
        error.description == "no/such/scenario.yaml: no such file\n1 error in no/such/scenario.yaml"
      )
    }
  }
}
