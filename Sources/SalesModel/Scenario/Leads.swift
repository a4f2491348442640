// docs/scenario-format.md, "leads"; docs/model.md, sections 5.1 (Arrival), 5.5 (Finite market) and 6.4 (Outbound leads).
public import Stochastic

/// Lead channels and the optional finite market.
public struct Leads: Sendable, SectionDefaults {
  /// Inbound leads (Poisson).
  public var inbound = Inbound.off
  /// Cold calls with the calls left over.
  public var outbound = Outbound.off
  /// Clients referring new leads.
  public var referrals = Referrals.off
  /// Conferences and exhibitions.
  public var events = Events.off
  /// A finite market.
  public var market = Market.off
  /// Working days an unassigned lead waits before it is lost.
  public var patienceDays = Distribution.constant(5)

  /// Every channel off, an unlimited market, five days of patience.
  public static let defaults = Leads()
}

/// Inbound leads: a Poisson stream with monthly seasonality.
public struct Inbound: Sendable, SwitchablePart {
  /// Whether inbound leads arrive.
  public var enabled = true
  /// Mean leads per month.
  public var perMonth: Double
  /// Twelve multipliers, January first; empty means flat.
  public var seasonality: [Double] = []
  /// Segments of the leads; empty means equal shares.
  public var segmentMix: [SegmentShare] = []

  /// Flat, equal shares.
  public static let defaults = Inbound(perMonth: 0)
  /// `per_month`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.perMonth] }
}

/// Outbound leads: calls left over after the pipeline's calls, each connecting with a rate.
public struct Outbound: Sendable, SwitchablePart {
  /// Whether managers make cold calls.
  public var enabled = true
  /// Chance that a cold call finds a lead.
  public var contactRate: Double
  /// Segments of the leads; empty means equal shares.
  public var segmentMix: [SegmentShare] = []

  /// Equal shares.
  public static let defaults = Outbound(contactRate: 0)
  /// `contact_rate`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.contactRate] }
}

/// Referral leads: each client refers at a rate per month.
public struct Referrals: Sendable, SwitchablePart {
  /// Whether clients refer leads.
  public var enabled = true
  /// Mean referrals per client per month.
  public var perClientPerMonth: Double
  /// Segments of the leads; empty means equal shares.
  public var segmentMix: [SegmentShare] = []

  /// Equal shares.
  public static let defaults = Referrals(perClientPerMonth: 0)
  /// `per_client_per_month`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.perClientPerMonth] }
}

/// Event leads: batches on dates.
public struct Events: Sendable, SwitchablePart {
  /// Whether events bring leads.
  public var enabled = true
  /// The batches of leads, by month.
  public var batches: [EventBatch] = []
  /// Segments of the leads; empty means equal shares.
  public var segmentMix: [SegmentShare] = []

  /// No batches.
  public static let defaults = Events()
}

/// A conference or exhibition bringing a batch of leads on the first working day of a month.
public struct EventBatch: Codable, Sendable {
  /// The month (1-based) on whose first working day the leads arrive.
  public var month: Int
  /// How many leads arrive.
  public var leads: Int
}

/// A share of a channel's leads that belong to a segment.
public struct SegmentShare: Codable, Sendable {
  /// The segment's name.
  public var segment: String
  /// Its share of the channel's leads.
  public var share: Double
}

/// A finite market: arrivals thin as prospects are used up; a lost prospect returns after a cooling-off.
public struct Market: Sendable, SwitchablePart {
  /// Whether the market is finite.
  public var enabled = true
  /// Prospects per segment; unlisted segments are unlimited.
  public var sizes: [MarketSize] = []
  /// Working days before a lost prospect or churned client can be a lead again.
  public var coolingOffDays = 126
  /// How a segment's size limits arrivals (docs/model.md, 5.5).
  public var mode = MarketMode.thinning
  /// Whether a churned client's account comes back after the cooling-off; false keeps it out
  /// for good.
  public var churnedReturn = true

  /// Unlimited, six months of cooling-off.
  public static let defaults = Market()
}

/// How a finite market limits arrivals (docs/model.md, 5.5).
public enum MarketMode: String, Codable, CaseIterable, Sendable {
  /// An arrival becomes a lead with the share of the segment's prospects still available.
  case thinning
  /// A list of accounts worked in order: every arrival takes the next account not yet worked
  /// while any is left; after that only an account returned from cooling-off.
  case list
}

/// The number of prospects of a segment in a finite market.
public struct MarketSize: Codable, Sendable {
  /// The segment's name.
  public var segment: String
  /// Prospects of the segment.
  public var prospects: Int
}
