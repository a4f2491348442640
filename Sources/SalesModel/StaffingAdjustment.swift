// docs/model.md, sections 3 (Initialisation) and 10.1 (Hires): a staffing mix applied to a
// scenario without rewriting its headcounts, so that a search over mixes gives a hire the same
// meaning as a planned hire in a file.

/// How the managers a staffing mix adds to a level join (docs/model.md, 10.1).
public enum HireKind: String, Sendable, Hashable, CaseIterable, Codable {
  /// Tenure 0, no clients, no open deals: the hire ramps from an empty book.
  case new
  /// A ramped manager who brings a book, as if an initial manager of the level.
  case transfer
}

/// A change of the starting team of a scenario, applied when a replication sets up and in the
/// planned hires of ``hireMonth``; every array is indexed by level in file order, and a missing
/// entry is 0.
///
/// Removed seats are the last indices of a level's `headcount`: they are still drawn, and their
/// initial clients and opening deals stay with the company (reassigned on day 0), so the book
/// and pipeline do not depend on the mix. Transfer seats are extra initial managers (indices
/// `headcount`, `headcount + 1`, …), ramped, with their book. New hires join as new on the first
/// working day of ``hireMonth``, keyed after the file's planned hires of that month. The seat
/// plan (`headcount_plan`) stays the file's.
public struct StaffingAdjustment: Sendable, Hashable {
  /// Initial managers removed from each level (the last of its `headcount`).
  public var removedSeats: [Int]
  /// Ramped managers with their book added to each level on day 0.
  public var transferSeats: [Int]
  /// Managers of each level who join as new in ``hireMonth``.
  public var newHires: [Int]
  /// The month (1-based) whose first working day the new hires join.
  public var hireMonth: Int

  /// An adjustment stated seat by seat.
  public init(
    removedSeats: [Int] = [], transferSeats: [Int] = [], newHires: [Int] = [], hireMonth: Int = 1
  ) {
    self.removedSeats = removedSeats
    self.transferSeats = transferSeats
    self.newHires = newHires
    self.hireMonth = hireMonth
  }

  /// The adjustment that turns the file's `headcounts` into `mix`, level by level: a level with
  /// fewer managers in the mix loses its last seats; one with more gains them as `hires`
  /// (new hires in `hireMonth`, or transfers on day 0).
  public init(mix: [Int], headcounts: [Int], hires: HireKind, hireMonth: Int = 1) {
    precondition(mix.count == headcounts.count, "a mix names every level")
    let extra = zip(mix, headcounts).map { max(0, $0 - $1) }
    self.init(
      removedSeats: zip(mix, headcounts).map { max(0, $1 - $0) },
      transferSeats: hires == .transfer ? extra : [],
      newHires: hires == .new ? extra : [], hireMonth: hireMonth)
  }

  /// No change: the scenario's own team.
  public static let none = StaffingAdjustment()

  /// Whether the adjustment changes nothing.
  public var isNone: Bool {
    removedSeats.allSatisfy { $0 == 0 } && transferSeats.allSatisfy { $0 == 0 }
      && newHires.allSatisfy { $0 == 0 }
  }

  func removed(_ level: Int) -> Int { level < removedSeats.count ? removedSeats[level] : 0 }
  func transfers(_ level: Int) -> Int { level < transferSeats.count ? transferSeats[level] : 0 }
  func hires(_ level: Int) -> Int { level < newHires.count ? newHires[level] : 0 }

  /// What is wrong with the adjustment for `scenario`, in the words of a validation report.
  func issues(for scenario: Scenario) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    let n = scenario.levels.count
    for (name, values) in [
      ("removed_seats", removedSeats), ("transfer_seats", transferSeats), ("new_hires", newHires),
    ] {
      if values.count > n {
        issues.append(
          ValidationIssue(
            path: [.key("staffing"), .key(name)], value: "\(values.count) levels",
            expected: "at most one entry per level (\(n))"))
      }
      for (l, v) in values.enumerated() where v < 0 {
        issues.append(
          ValidationIssue(
            path: [.key("staffing"), .key(name), .index(l)], value: "\(v)",
            expected: "a whole number >= 0"))
      }
    }
    for (l, level) in scenario.levels.enumerated() where removed(l) > level.headcount {
      issues.append(
        ValidationIssue(
          path: [.key("staffing"), .key("removed_seats"), .index(l)], value: "\(removed(l))",
          expected: "at most the headcount of \(level.name) (\(level.headcount))"))
    }
    if !newHires.allSatisfy({ $0 == 0 })
      && !(1...max(1, scenario.horizonMonths)).contains(hireMonth)
    {
      issues.append(
        ValidationIssue(
          path: [.key("staffing"), .key("hire_month")], value: "\(hireMonth)",
          expected: "a month of the horizon, 1...\(scenario.horizonMonths)"))
    }
    // A seat's role is not part of a mix yet: a mix of a scenario with roles would have to
    // say which role each added or removed seat has.
    if !isNone && !scenario.roles.isEmpty {
      issues.append(
        ValidationIssue(
          path: [.key("roles")], value: "\(scenario.roles.count) roles",
          expected: "a scenario without roles: staffing mixes do not split seats by role yet"))
    }
    return issues
  }
}
