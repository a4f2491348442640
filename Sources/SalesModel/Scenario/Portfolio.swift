// docs/scenario-format.md, "portfolio"; docs/model.md, section 8 (Clients).

/// Clients after the sale.
public struct Portfolio: Sendable, SwitchablePart {
  /// Whether won deals become clients who bring revenue.
  public var enabled = true
  /// How a won deal turns into revenue.
  public var revenue = RevenueModel.recurring
  /// Contract term, months.
  public var contractMonths = 12
  /// Chance that a contract renews at its term end.
  public var renewalProbability = 0.8
  /// Chance per client-month of an upsell.
  public var upsellProbabilityPerMonth = 0.0
  /// An upsell multiplies mrr and value by 1 + uplift.
  public var upsellUplift = 0.0
  /// One-off revenue: chance per client-month of a repeat order.
  public var repeatOrderProbabilityPerMonth = 0.0
  /// A repeat order's size as a share of the contract value.
  public var repeatOrderShare = 0.0
  /// Whether the monthly churn hazard applies.
  public var churnEnabled = true
  /// Chance that a client churns when its manager leaves.
  public var reassignmentChurnShock = 0.0
  /// Service requests.
  public var service = Service.off
  /// A support team for hard requests.
  public var escalation = Escalation.off
  /// A new recurring client's bill growing from a first share to the full mrr (model.md, 8.2).
  public var revenueRamp = RevenueRamp.off

  /// Recurring yearly contracts renewed four times in five, churn on.
  public static let defaults = Portfolio()
}

/// How a won deal turns into revenue.
public enum RevenueModel: String, Codable, CaseIterable, Sendable {
  /// Value / contract months, billed each month.
  case recurring
  /// Value at the win, plus repeat orders.
  case oneOff = "one_off"
}

/// Service requests from clients, answered by their manager within an SLA.
public struct Service: Sendable, SwitchablePart {
  /// Whether clients send requests.
  public var enabled = true
  /// Manager time per request, hours.
  public var hoursPerRequest = 0.5
  /// A request answered this many working days or fewer after it arrived is within the SLA.
  public var slaDays = 1
  /// A request unanswered this long is abandoned (counted as a breach).
  public var abandonAfterDays = 20
  /// Churn hazard multiplier per unit of breach share: 1 + factor x share.
  public var breachChurnFactor = 1.0

  /// Half an hour a request, answered next day, abandoned after 20 days.
  public static let defaults = Service()
}

/// Requests handed on to a support team of limited capacity.
public struct Escalation: Sendable, SwitchablePart {
  /// Whether hard requests go to the support team.
  public var enabled = true
  /// Share of answered requests escalated.
  public var share = 0.1
  /// Requests the support team answers per working day.
  public var capacityPerDay = 10
  /// Added to the cost of sales, RUB per month.
  public var costPerMonth = 0.0

  /// One request in ten, ten a day, free.
  public static let defaults = Escalation()
}

/// A new recurring client's seat or usage ramp: its bill in billing month `j` (0-based from the
/// win) is `mrr x min(1, firstBillShare + (1 - firstBillShare) x j / months)` (docs/model.md, 8.2).
public struct RevenueRamp: Sendable, SwitchablePart {
  /// Whether new recurring clients ramp up.
  public var enabled = true
  /// Billing months until the bill reaches the full mrr.
  public var months = 3
  /// The first month's bill as a share of the full mrr.
  public var firstBillShare = 0.5

  /// Half the bill in the first month, full from the fourth.
  public static let defaults = RevenueRamp()
}
