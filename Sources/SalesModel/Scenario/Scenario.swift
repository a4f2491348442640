// The top level of a scenario file: docs/scenario-format.md, "Top level".

/// A whole sales organisation and its market, as written in a scenario file.
///
/// Every section but `levels`, `segments` and `funnel` may be left out; a part whose section
/// is absent, or says `enabled: false`, is switched off. Defaults are listed in
/// docs/scenario-format.md.
public struct Scenario: Sendable, ValidatedDocument, SectionDefaults {
  /// A short name for reports.
  public var name = "scenario"
  /// The run seed from which every random stream is derived.
  public var seed: UInt64 = 1
  /// How many independent replications to run.
  public var replications = 1000
  /// Simulated months.
  public var horizonMonths = 12
  /// Working days, holidays and vacations.
  public var calendar = WorkingCalendar.defaults
  /// Kinds of client (e.g. small business, key account).
  public var segments: [Segment]
  /// Manager levels, most junior first.
  public var levels: [Level]
  /// The sales stages a lead goes through.
  public var funnel: Funnel
  /// Ramp-up, attrition, promotion, refilling vacancies, planned hires.
  public var careers = Careers.defaults
  /// Where leads come from.
  public var leads = Leads.defaults
  /// Who gets a new lead.
  public var routing = Routing.defaults
  /// Clients after the sale: revenue, service, churn.
  public var portfolio = Portfolio.off
  /// Quotas, attainment, sandbagging.
  public var quota = Quota.off
  /// The team's bookings plan for the horizon; nil means the sum of everyone's quotas.
  public var planBookings: Double?
  /// A salary preset: each level's salary defaults to the city's figure for it; nil means none.
  public var city: City?
  /// Commission rules, fees, collections, raises, overhead and cash; nil section means off.
  public var money = Money.off
  /// Response managers answering requests by channel; off when absent.
  public var serviceDesk = ServiceDesk.off
  /// Roles beside levels; empty means one role that does everything (docs/model.md, 2).
  public var roles: [Role] = []
  /// The delay and fee of a hand-off between roles (docs/model.md, 5.6).
  public var handOff = HandOff.defaults

  /// Everything but the required sections at its default.
  public static let defaults = Scenario(segments: [], levels: [], funnel: .defaults)
  /// `segments`, `levels` and `funnel`.
  public static var requiredKeys: [any CodingKey] {
    [CodingKeys.segments, CodingKeys.levels, CodingKeys.funnel]
  }
}
