// docs/scenario-format.md, "segments"; docs/model.md, sections 5.1 (Arrival) and 8 (Clients).
public import Stochastic

/// A kind of client: deal size, churn and service load.
public struct Segment: Sendable, SectionDefaults {
  /// The segment's name, used in segment mixes, level restrictions and reports.
  public var name: String
  /// Contract value of a deal, RUB.
  public var dealSize: Distribution
  /// Base churn hazard per month.
  public var churnPerMonth = 0.02
  /// Service requests per client per month.
  public var requestsPerMonth = 1.0
  /// Units (seats, licences) per deal; with ``pricePerUnit`` the deal size is units x price and
  /// ``dealSize`` is not used (docs/model.md, 8.2).
  public var units: Distribution?
  /// Price of one unit, RUB.
  public var pricePerUnit: Double?
  /// Billed once, in a new client's first billing month, RUB (docs/model.md, 8.2).
  public var onboardingFee = 0.0

  /// Churn 2% a month, one request a month.
  public static let defaults = Segment(name: "", dealSize: .constant(0))
  /// `name` and `deal_size`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.name, CodingKeys.dealSize] }
}
