// docs/scenario-format.md, "service_desk"; docs/model.md, section 8.5 (Service desk).
public import Stochastic

/// A desk of response managers who answer the clients' requests by channel (phone, chat,
/// mail) from one shared queue, within each channel's SLA; off unless a file writes it.
public struct ServiceDesk: Sendable, SwitchablePart {
  /// Whether the desk takes part in the simulation.
  public var enabled = true
  /// The kinds of request the desk answers, e.g. phone, chat and mail.
  public var channels: [DeskChannel] = []
  /// Who answers: headcount, working hours and pay.
  public var responseManagers = ResponseManagers.defaults

  /// No channels, one response manager for eight hours.
  public static let defaults = ServiceDesk()
}

/// One kind of request the desk answers, with its own load, handling time and SLA.
public struct DeskChannel: Sendable, SectionDefaults {
  /// The channel's name, used in the keys of its outputs (`desk_requests_phone`).
  public var name: String
  /// Requests per live client per month.
  public var requestsPerClientPerMonth = 0.0
  /// Requests per month that do not depend on the clients (added to the clients' requests).
  public var requestsPerMonth = 0.0
  /// A response manager's time for one request, minutes.
  public var handlingMinutes: Distribution
  /// A request answered within this many working minutes of its arrival is within the SLA.
  public var slaMinutes = 20.0
  /// The share of requests the desk aims to answer within the SLA (e.g. 0.8 for 80/20).
  public var targetShare = 0.8
  /// Lower is answered first; equal priorities are answered in order of arrival.
  public var priority = 0
  /// How long a caller waits before hanging up, working minutes; nil: nobody abandons.
  public var patienceMinutes: Distribution?
  /// The share of answered requests handed on to the support team (docs/model.md, 8.4).
  public var escalationShare = 0.0

  /// A channel that nobody uses.
  public static let defaults = DeskChannel(name: "", handlingMinutes: .constant(0))
  /// `name` and `handling_minutes`.
  public static var requiredKeys: [any CodingKey] {
    [CodingKeys.name, CodingKeys.handlingMinutes]
  }
}

/// The response managers of a service desk.
public struct ResponseManagers: Sendable, SectionDefaults {
  /// Response managers answering at the same time.
  public var headcount = 1
  /// Working hours of the desk per working day.
  public var hoursPerDay = 8.0
  /// Monthly salary of one response manager, RUB.
  public var salaryPerMonth = 0.0

  /// One response manager for eight hours, unpaid.
  public static let defaults = ResponseManagers()
}
