// docs/scenario-format.md, "quota"; docs/model.md, sections 7.3 (Sandbagging) and 9 (Month end).

/// Quotas and the behaviour they cause.
public struct Quota: Sendable, SwitchablePart {
  /// Whether attainment is measured against quotas.
  public var enabled = true
  /// The quota period; each level's `annual_quota` is prorated to it.
  public var period = QuotaPeriod.month
  /// Pushing deals into the next period.
  public var sandbagging = Sandbagging.off

  /// Monthly, no sandbagging.
  public static let defaults = Quota()
}

/// The length of a quota period.
public enum QuotaPeriod: String, Codable, CaseIterable, Sendable {
  case month, quarter, year

  /// Months in the period.
  public var months: Int {
    switch self {
    case .month: 1
    case .quarter: 3
    case .year: 12
    }
  }
}

/// Deals pushed into the next period once a share of the quota is reached.
public struct Sandbagging: Sendable, SwitchablePart {
  /// Whether managers push deals.
  public var enabled = true
  /// Deals are pushed once period bookings reach this share of the quota.
  public var afterShare = 1.0

  /// Pushed once the quota is met.
  public static let defaults = Sandbagging()
}
