import SalesModel
import TestSupport
import Testing

/// A replication reports each simulated day and can be stopped between days.
@Suite struct DayProgressTests {
  @Test func watchingTheDaysChangesNothingAndCountsEveryDay() throws {
    let model = try SalesModel(scenario: ScenarioFiles.load("b2b-consulting"))
    for r in 0..<3 {
      var reported: [Int] = []
      let watched = try model.simulate(replication: r, seed: 5) { day in
        reported.append(day)
        return true
      }
      #expect(watched == (try model.simulate(replication: r, seed: 5)))
      #expect(reported == Array(1...model.simulatedDays))
    }
    #expect(model.simulatedDays == model.horizonMonths * model.workingDaysPerMonth)
  }

  @Test func aReplicationAskedToStopThrowsBeforeItsNextDay() throws {
    let model = try SalesModel(scenario: ScenarioFiles.load("b2b-consulting"))
    var last = 0
    #expect(throws: ReplicationStopped.self) {
      try model.simulate(replication: 0, seed: 5) { day in
        last = day
        return day < 30
      }
    }
    #expect(last == 30)
  }
}
