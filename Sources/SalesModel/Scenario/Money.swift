// docs/scenario-format.md, "money"; docs/model.md, sections 7.2 (commission) and 9.6 (cash).

/// The money a finance team asks for: how commission is earned, payment fees, collection
/// delays, annual raises, fixed overhead, and the monthly cash series.
public struct Money: Sendable, SwitchablePart {
  /// Whether the section applies.
  public var enabled = true
  /// How commission is earned and paid.
  public var commission = Commission.defaults
  /// Share of each bill lost to payment processing.
  public var paymentFeeShare = 0.0
  /// Months between a bill and its cash coming in.
  public var collectionDelayMonths = 0
  /// Salaries grow by this share at each 12-month anniversary of a manager's hire day (the
  /// start for the managers present at the start).
  public var annualRaise = 0.0
  /// Fixed cost per month (rent, tools): in cash out, not in the cost of sales, RUB.
  public var overheadPerMonth = 0.0

  /// Commission on bookings, no fees, no delay, no raises, no overhead.
  public static let defaults = Money()
}

/// How commission is earned and paid (docs/model.md, 7.2).
public struct Commission: Sendable, SectionDefaults {
  /// What the level's `commission_rate` applies to.
  public var basis = CommissionBasis.bookings
  /// On `billed`: the client's billing months (from its first) that earn commission.
  public var billedMonths = 12
  /// On `billed`: whether commission of bills after the earner has left is forfeited.
  public var forfeitOnExit = true
  /// Share of each commission that goes to the lead's sourcer when not the closer.
  public var sourcerShare = 0.0

  /// On bookings at the win, nothing to the sourcer.
  public static let defaults = Commission()
}

/// What commission is a share of.
public enum CommissionBasis: String, Codable, CaseIterable, Sendable {
  /// The deal's value, at the win.
  case bookings
  /// Each bill of the client in its first `billed_months` billing months, when billed.
  case billed
}
