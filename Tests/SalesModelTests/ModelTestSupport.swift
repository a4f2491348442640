import SalesModel
import Statistics
import TestSupport

/// Runs replications and reads values by key and group.
struct Runner {
  let model: SalesModel

  init(_ scenario: Scenario) throws { model = try SalesModel(scenario: scenario) }
  init(yaml: String) throws { try self.init(ScenarioFiles.decode(yaml)) }

  func index(_ key: String, _ group: String = "team") -> Int {
    guard let i = model.schema.scalars.firstIndex(where: { $0.key == key && $0.group == group })
    else {
      fatalError("no metric \(group).\(key)")
    }
    return i
  }

  func outcomes(_ n: Int, seed: UInt64 = 7) throws -> [ReplicationOutcome] {
    try (0..<n).map { try model.simulate(replication: $0, seed: seed) }
  }

  func accumulate(_ outcomes: [ReplicationOutcome], _ key: String, _ group: String = "team")
    -> Accumulator
  {
    let i = index(key, group)
    var a = Accumulator()
    for o in outcomes { a.add(o.values[i]) }
    return a
  }

  func values(_ outcomes: [ReplicationOutcome], _ key: String, _ group: String = "team") -> [Double]
  {
    let i = index(key, group)
    return outcomes.map { $0.values[i] }
  }
}

/// A small scenario with every optional part off; tests switch on what they examine.
func minimalScenario(
  stages: String = "- {name: close, probability: 0.3, duration_days: 1, uses: none}",
  levels: String = "- {name: rep, headcount: 1, tenure_months: 24}",
  extra: String = ""
) -> String {
  """
  name: minimal
  seed: 11
  replications: 10
  horizon_months: 12
  segments:
    - {name: smb, deal_size: 100000, churn_per_month: 0.0}
  levels:
    \(levels.replacingOccurrences(of: "\n", with: "\n  "))
  funnel:
    stages:
      \(stages.replacingOccurrences(of: "\n", with: "\n    "))
  \(extra.replacingOccurrences(of: "\n", with: "\n"))
  """
}

/// The pooled ratio `ΣA / ΣB` over replications and its delta-method interval
/// (docs/statistics.md, "Ratios across replications"), with `z` standing in for the t quantile
/// (the tests use at least 30 replications).
struct PooledRatio {
  let estimate: Double
  let halfWidth: Double

  init(_ a: [Double], _ b: [Double], z: Double = 3.2905) {
    let n = Double(a.count)
    let sumB = b.reduce(0, +)
    estimate = a.reduce(0, +) / sumB
    var squares = 0.0
    for (x, y) in zip(a, b) {
      let e = x - estimate * y
      squares += e * e
    }
    halfWidth = z * (squares / (n - 1)).squareRoot() / (n.squareRoot() * sumB / n)
  }

  func contains(_ x: Double) -> Bool { abs(x - estimate) <= halfWidth }
}
