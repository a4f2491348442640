// docs/scenario-format.md, "careers"; docs/model.md, section 10 (Careers).
public import Stochastic

/// Careers: ramp-up, attrition, promotion, refilling vacancies, planned hires.
public struct Careers: Sendable, SectionDefaults {
  /// Productivity by month of tenure.
  public var ramp = Ramp.off
  /// Managers leaving.
  public var attrition = Attrition.off
  /// Moving up a level.
  public var promotion = Promotion.off
  /// Refilling vacancies.
  public var hiring = Hiring.off
  /// Hires on dates; they join even when `hiring` is off.
  public var plannedHires: [PlannedHire] = []
  /// Departures on dates; they happen even when `attrition` is off.
  public var plannedExits: [PlannedExit] = []

  /// Every part off, no planned hires.
  public static let defaults = Careers()
}

/// Productivity by month of tenure: `curve[k]` in month k (0-based), 1 after the curve ends.
public struct Ramp: Sendable, SwitchablePart {
  /// Whether new managers ramp up.
  public var enabled = true
  // Useful after about 6 months (seeds/003_532f36f32cb2a803.txt, expert opinion).
  /// Multipliers in tenure months 0, 1, ...
  public var curve = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85]

  /// Full productivity after six months.
  public static let defaults = Ramp()
}

/// Managers leaving: an annual rate, higher after a missed quota.
public struct Attrition: Sendable, SwitchablePart {
  /// Whether managers leave.
  public var enabled = true
  /// Chance to leave within a year.
  public var annualRate = 0.2
  /// Multiplies the monthly chance after a missed quota (the monthly hazard only).
  public var missedQuotaMultiplier = 1.0
  /// Time in the company, months, drawn by each manager at hire instead of the monthly
  /// hazard (docs/model.md, 10.4); nil means the hazard of `annualRate`.
  public var timeToExitMonths: Distribution?

  /// One in five a year.
  public static let defaults = Attrition()
}

/// Promotion into an open seat of the next level, at reviews, after the level's minimum
/// experience and a good attainment since the last review.
public struct Promotion: Sendable, SwitchablePart {
  /// Whether managers move up.
  public var enabled = true
  /// Review attainment needed: bookings over effective quota since the last review; 0 means
  /// none (and quota off means none).
  public var attainmentThreshold = 1.0
  /// Months of the year (1...12) at whose end reviews take place.
  public var reviewMonths = [12]

  /// Once a year at the end of December, for those at quota.
  public static let defaults = Promotion()
}

/// Refilling vacancies after a time to hire.
public struct Hiring: Sendable, SwitchablePart {
  /// Whether vacancies are refilled.
  public var enabled = true
  /// Working days from a departure to the new hire's first day.
  public var timeToHireDays = Distribution.constant(63)

  /// Three months to hire.
  public static let defaults = Hiring()
}

/// Managers who join on a planned month.
public struct PlannedHire: Sendable, SectionDefaults {
  /// The level they join.
  public var level: String
  /// Month (1-based) at whose first working day they join.
  public var month: Int
  /// How many join.
  public var count = 1
  /// `new`: ramps from an empty book; `transfer`: a ramped manager who brings a book.
  public var `as` = HireKind.new
  /// The role they join in; required when roles are declared.
  public var role: String?

  /// One manager, joining as new.
  public static let defaults = PlannedHire(level: "", month: 1)
  /// `level` and `month`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.level, CodingKeys.month] }
}

/// Managers who leave at the end of a planned month (docs/model.md, 10.4).
public struct PlannedExit: Sendable, SectionDefaults {
  /// The level they leave.
  public var level: String
  /// Month (1-based) at whose end they leave.
  public var month: Int
  /// How many leave: the longest-tenured of the level, ties to the lowest index.
  public var count = 1

  /// One manager.
  public static let defaults = PlannedExit(level: "", month: 1)
  /// `level` and `month`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.level, CodingKeys.month] }
}
