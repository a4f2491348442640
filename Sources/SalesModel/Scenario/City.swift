// docs/scenario-format.md, "Salary presets (`city`)".

/// A city whose typical monthly incomes by level preset each level's salary.
public enum City: String, Codable, CaseIterable, Sendable {
  case moscow
  case saintPetersburg = "saint_petersburg"
  case ekaterinburg
  case nizhnyNovgorod = "nizhny_novgorod"

  /// Monthly salary, RUB, of the seed's level `seedLevel` (1…4; above 4 takes level 4's figure):
  /// midpoints of the seed's ranges, "up to" figures as given.
  public func salaryPerMonth(seedLevel: Int) -> Double {
    let table: [Double] =
      switch self {
      case .moscow: [27_500, 40_000, 60_000, 120_000]
      case .saintPetersburg: [21_500, 30_000, 47_000, 95_000]
      case .ekaterinburg: [17_500, 25_000, 38_000, 75_000]
      case .nizhnyNovgorod: [13_500, 20_000, 28_000, 55_000]
      }
    return table[min(max(seedLevel, 1), table.count) - 1]
  }
}

extension Scenario {
  /// The monthly salary of the level at `index`: its own `salaryPerMonth`, else the `city`
  /// preset for its seed level (its `seedLevel`, else its position counted from 1), else 0.
  public func salaryPerMonth(ofLevel index: Int) -> Double {
    let level = levels[index]
    if let own = level.salaryPerMonth { return own }
    guard let city else { return 0 }
    return city.salaryPerMonth(seedLevel: level.seedLevel ?? index + 1)
  }
}
