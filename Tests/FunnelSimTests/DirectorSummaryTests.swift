import FunnelSim
import SalesModel
import Testing

@Suite struct DirectorSummaryTests {
  @Test func validateShowsLeadsPerManagerAgainstCapacityForEveryLevel() throws {
    let s = try LoadedScenario.load(path: BundledScenario.path("b2b-consulting")).scenario
    let lines = DirectorSummary.lines(s).filter {
      $0.hasPrefix("leads per manager per month against capacity, ")
    }
    #expect(lines.count == s.levels.count, "\(lines)")
    for (line, level) in zip(lines, s.levels) {
      // The first stage uses calls: capacity is calls a day times working days a month.
      let capacity = Double(level.callsPerDay * s.calendar.daysPerMonth)
      #expect(line.contains(", \(level.name): "), "\(line)")
      #expect(line.contains("\((capacity * 100).rounded() / 100) calls ("), "\(line)")
      #expect(
        line.hasSuffix("(capacity exceeds leads)") || line.hasSuffix("(leads exceed capacity)"))
    }
  }

  @Test func validateShowsSkillSpreadBesideTheWinRateOnlyWhereAboveZero() throws {
    var s = try LoadedScenario.load(path: BundledScenario.path("b2b-consulting")).scenario
    for i in s.levels.indices { s.levels[i].skillSpread = 0 }
    s.levels[0].skillSpread = 0.35
    let line = try #require(
      DirectorSummary.lines(s).first { $0.hasPrefix("effective win rate from first contact: ") })
    let parts = line.dropFirst("effective win rate from first contact: ".count)
      .components(separatedBy: ", ")
    #expect(parts.count == s.levels.count, "\(line)")
    #expect(parts[0].hasPrefix(s.levels[0].name + " "))
    #expect(parts[0].hasSuffix("% (skill spread 0.35)"), "\(line)")
    for part in parts.dropFirst() { #expect(!part.contains("skill spread"), "\(line)") }
  }
}
