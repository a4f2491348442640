import Foundation
import SalesModel
import ScenarioLoading
import TestSupport
import Testing

/// Conservation laws and reproducibility over many replications.
@Suite struct InvariantTests {
  static let scenarios = [
    "b2b-consulting", "b2c-retail", "key-accounts", "staffing-two-juniors", "staffing-one-senior",
    "saas-sdr-ae",
  ]

  @Test(arguments: scenarios)
  func everyReplicationKeepsTheConservationLaws(_ name: String) throws {
    let model = try SalesModel(scenario: ScenarioFiles.load(name))
    let replications = name == "b2c-retail" ? 12 : 40
    for r in 0..<replications {
      let o = try model.simulate(replication: r, seed: 99)
      #expect(o.values.allSatisfy { $0.isFinite })
      #expect(
        o.series.count == model.schema.series.count
          && o.series.allSatisfy { $0.count == model.horizonMonths })
      #expect(o.samples.count == model.schema.samples.count)
    }
  }

  /// Read through the schema, as a report does: every level's monthly won deals, bookings,
  /// revenue, commission and salaries add up to its totals, and month by month the levels add
  /// up to the team (revenue: at most, as orphans' bills are the team's; headcount: exactly).
  @Test(arguments: ["b2b-consulting", "key-accounts"])
  func perLevelMonthlySeriesAddUpToTheLevelsAndTheTeam(_ name: String) throws {
    let scenario = try ScenarioFiles.load(name)
    let model = try SalesModel(scenario: scenario)
    let schema = model.schema
    func series(_ key: String, _ group: String) -> Int? {
      schema.series.firstIndex { $0.key == key && $0.group == group }
    }
    func scalar(_ key: String, _ group: String) -> Int {
      schema.scalars.firstIndex { $0.key == key && $0.group == group }!
    }
    let levels = scenario.levels.map(\.name)
    var wonSomewhere = 0.0
    for r in 0..<10 {
      let o = try model.simulate(replication: r, seed: 17)
      let totals: [SeriesMetric: Metric] = [
        .won: .won, .bookings: .bookings, .revenue: .revenue, .commission: .commissionCost,
        .salary: .salaryCost,
      ]
      for metric in SeriesMetric.perLevel {
        let team = try #require(series(metric.key, "team"))
        var overLevels = [Double](repeating: 0, count: model.horizonMonths)
        for level in levels {
          let s = try #require(series(metric.key, level))
          if let total = totals[metric].map({ o.values[scalar($0.key, level)] }) {
            #expect(abs(o.series[s].reduce(0, +) - total) <= 1e-6 * max(1, total))
          }
          for m in overLevels.indices { overLevels[m] += o.series[s][m] }
        }
        for m in overLevels.indices {
          let gap = o.series[team][m] - overLevels[m]
          let tolerance = 1e-6 * max(1, o.series[team][m])
          #expect(metric == .revenue ? gap >= -tolerance : abs(gap) <= tolerance, "\(metric.key)")
        }
      }
      wonSomewhere += o.values[scalar(SeriesMetric.won.key, "team")]
    }
    #expect(wonSomewhere > 0)
  }

  @Test func stressedScenarioKeepsTheConservationLaws() throws {
    // Everything on and overloaded: high attrition, tiny capacity, finite market, sandbagging.
    var s = try ScenarioFiles.load("b2b-consulting")
    s.careers.attrition.annualRate = 0.9
    s.careers.attrition.missedQuotaMultiplier = 2
    s.leads.inbound.perMonth = 400
    s.leads.market = try ScenarioLoader.decode(
      Market.self,
      text: "{sizes: [{segment: small_business, prospects: 300}], cooling_off_days: 30}",
      file: "market.yaml")
    s.quota.sandbagging.enabled = true
    s.quota.sandbagging.afterShare = 0.5
    s.quota.period = .quarter
    s.routing.policy = .leastLoaded
    s.funnel.schedule = .alternate
    let model = try SalesModel(scenario: s)
    for r in 0..<40 { _ = try model.simulate(replication: r, seed: 5) }
  }

  @Test func sameSeedGivesTheSameOutcome() throws {
    let model = try SalesModel(scenario: ScenarioFiles.load("b2b-consulting"))
    let a = try model.simulate(replication: 3, seed: 42)
    let b = try model.simulate(replication: 3, seed: 42)
    let c = try model.simulate(replication: 4, seed: 42)
    #expect(a == b)
    #expect(a != c)
  }

  @Test func threadOrderDoesNotChangeOutcomes() throws {
    let model = try SalesModel(scenario: ScenarioFiles.load("b2b-consulting"))
    let n = 32
    let sequential = try (0..<n).map { try model.simulate(replication: $0, seed: 8) }
    let results = Results(n)
    DispatchQueue.concurrentPerform(iterations: n) { k in
      let r = n - 1 - k  // reverse order, on several threads
      results.set(r, try? model.simulate(replication: r, seed: 8))
    }
    for r in 0..<n { #expect(results.get(r) == sequential[r]) }
  }
}

final class Results: @unchecked Sendable {
  private var items: [ReplicationOutcome?]
  private let lock = NSLock()
  init(_ n: Int) { items = Array(repeating: nil, count: n) }
  func set(_ i: Int, _ o: ReplicationOutcome?) {
    lock.lock()
    items[i] = o
    lock.unlock()
  }
  func get(_ i: Int) -> ReplicationOutcome? {
    lock.lock()
    defer { lock.unlock() }
    return items[i]
  }
}
