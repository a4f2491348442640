// docs/explain.md, "Causes": each cause of a shortfall is a counterfactual switch of the
// scenario, a pure function from one `Scenario` to another, using the model's own keys.
public import SalesModel
import Stochastic
import Foundation

/// A named cause of a gap between a target and the forecast, and the switch that removes it.
///
/// The switch rewrites the scenario with the model's own keys (docs/model.md), so a variant
/// is a scenario like any other: validated, compiled and run with the same seed. A cause whose
/// switch leaves the scenario unchanged (the part is already off or already at its ideal)
/// does not apply to that scenario and contributes 0.
public enum ShortfallCause: String, CaseIterable, Sendable, Hashable {
  case ramp
  case attrition
  case vacancies
  case noShows = "no_shows"
  case capacity
  case leadVolume = "lead_volume"
  case bestLevel = "best_level"
  case sandbagging
  case serviceChurn = "service_churn"
  case patience
  case clientsStay = "clients_stay"

  /// The cause in a director's words, e.g. "Ramp-up of new managers".
  public var label: String {
    switch self {
    case .ramp: "Managers still ramping up"
    case .attrition: "Managers leaving"
    case .vacancies: "Time to fill vacancies"
    case .noShows: "Meeting no-shows"
    case .capacity: "Limited capacity"
    case .leadVolume: "Lead volume below the plan's need"
    case .bestLevel: "Levels converting below the best"
    case .sandbagging: "Sandbagging"
    case .serviceChurn: "Churn from service breaches"
    case .patience: "Leads lost waiting for a manager"
    case .clientsStay: "Clients lost when managers leave"
    }
  }

  /// What the switch changes, in the scenario's keys.
  public var counterfactual: String {
    switch self {
    case .ramp: "every manager fully ramped (careers.ramp off)"
    case .attrition: "nobody leaves (careers.attrition off)"
    case .vacancies:
      "vacancies filled the next working day (careers.hiring on, time_to_hire_days: 1)"
    case .noShows: "every meeting held (funnel.no_show off)"
    case .capacity:
      "meeting slots, max_open_leads and max_portfolio unlimited; calls_per_day too when "
        + "outbound is off"
    case .leadVolume:
      "every lead channel scaled by target / forecast (inbound per_month, event batches, "
        + "referral rate, outbound contact_rate)"
    case .bestLevel: "every level's win_multiplier at the best level's"
    case .sandbagging: "no deal pushed (quota.sandbagging off)"
    case .serviceChurn: "no churn from breaches (portfolio.service.breach_churn_factor: 0)"
    case .patience: "no lead expires waiting (leads.patience_days: the horizon)"
    case .clientsStay:
      "a departing manager's clients stay (departing_takes_clients: 0, "
        + "reassignment_churn_shock: 0)"
    }
  }

  /// A limit no manager reaches: the default of `max_open_leads` and `max_portfolio`.
  static let unlimited = 1_000_000
  /// Calls or meetings a day no queue fills: the largest a scenario may give
  /// (docs/scenario-format.md, "Limits").
  static let unlimitedPerDay = 100_000

  /// `scenario` with this cause removed. `leadFactor` is the lead volume the plan needs over
  /// today's (used by ``leadVolume`` only; 1 or less changes nothing).
  public func removed(from scenario: Scenario, leadFactor: Double) -> Scenario {
    var s = scenario
    switch self {
    case .ramp:
      s.careers.ramp.enabled = false
    case .attrition:
      s.careers.attrition.enabled = false
    case .vacancies:
      // Without departures or promotions no seat ever falls vacant: nothing to fill.
      guard s.careers.attrition.enabled || s.careers.promotion.enabled else { return s }
      s.careers.hiring.enabled = true
      // ceil⁺ makes one working day the shortest time to hire the model has (10.2).
      s.careers.hiring.timeToHireDays = .constant(1)
    case .noShows:
      s.funnel.noShow.enabled = false
    case .capacity:
      for l in s.levels.indices {
        s.levels[l].meetingsPerDay = max(s.levels[l].meetingsPerDay, Self.unlimitedPerDay)
        s.levels[l].maxOpenLeads = max(s.levels[l].maxOpenLeads, Self.unlimited)
        s.levels[l].maxPortfolio = max(s.levels[l].maxPortfolio, Self.unlimited)
        // With outbound on, every call not worked on the pipeline is a cold call: unlimited
        // calls would be unlimited leads, a change of lead volume rather than of capacity.
        if !s.leads.outbound.enabled {
          s.levels[l].callsPerDay = max(s.levels[l].callsPerDay, Self.unlimitedPerDay)
        }
      }
    case .leadVolume:
      guard leadFactor > 1, leadFactor.isFinite else { return s }
      if s.leads.inbound.enabled { s.leads.inbound.perMonth *= leadFactor }
      if s.leads.events.enabled {
        for b in s.leads.events.batches.indices {
          s.leads.events.batches[b].leads = Int(
            (Double(s.leads.events.batches[b].leads) * leadFactor).rounded())
        }
      }
      if s.leads.referrals.enabled { s.leads.referrals.perClientPerMonth *= leadFactor }
      if s.leads.outbound.enabled {
        s.leads.outbound.contactRate = min(1, s.leads.outbound.contactRate * leadFactor)
      }
    case .bestLevel:
      let best = s.levels.map(\.winMultiplier).max() ?? 1
      for l in s.levels.indices { s.levels[l].winMultiplier = best }
    case .sandbagging:
      s.quota.sandbagging.enabled = false
    case .serviceChurn:
      if s.portfolio.service.enabled { s.portfolio.service.breachChurnFactor = 0 }
    case .patience:
      // With a start date no month has more than 31 working days.
      let horizon = Double(s.horizonMonths * (s.calendar.startDate == nil ? s.calendar.daysPerMonth : 31))
      if case .constant(let days) = s.leads.patienceDays, days >= horizon { return s }
      s.leads.patienceDays = .constant(horizon)
    case .clientsStay:
      s.portfolio.reassignmentChurnShock = 0
      for l in s.levels.indices { s.levels[l].departingTakesClients = 0 }
    }
    return s
  }

  /// Whether removing the cause changes `scenario` at all (compared key by key, as the
  /// scenario would be written): a switch that changes nothing does not apply.
  public func applies(to scenario: Scenario, leadFactor: Double) -> Bool {
    ScenarioText.of(removed(from: scenario, leadFactor: leadFactor))
      != ScenarioText.of(scenario)
  }

  /// The cause named `name` (its raw value, e.g. `no_shows`), or nil.
  public init?(named name: String) { self.init(rawValue: name) }
}

/// A scenario as canonical text, for telling whether two scenarios are the same.
enum ScenarioText {
  static func of(_ scenario: Scenario) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Every value of a valid scenario is finite, so encoding cannot fail.
    return (try? encoder.encode(scenario)) ?? Data()
  }
}
