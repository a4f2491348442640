import Testing
import SalesModel

@Suite struct SmokeTests {
  @Test func b2bConsultingRuns() throws {
    let scenario = try ScenarioFiles.load("b2b-consulting")
    let model = try SalesModel(scenario: scenario)
    let outcome = try model.simulate(replication: 0, seed: 1)
    for (d, v) in zip(model.schema.scalars, outcome.values) where d.group == "team" || d.group == "junior" {
      print(d.group, d.key, v)
    }
    print(outcome.series)
    print("events", outcome.events)
  }
}
