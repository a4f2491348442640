import FunnelSim
import SalesModel
import Stochastic

/// The inputs a sales director changes, read from a scenario: each is a scenario key the page
/// writes back as a `--set` override, with its unit, so the form and `validate` speak of the
/// same keys (an error's key path finds its field).
struct EditableInputs {
  /// One field of the form.
  struct Field {
    /// The key path the field overrides, e.g. `levels.junior.headcount`.
    var key: String
    var label: String
    var unit: String
    /// The scenario's value, as YAML text.
    var value: String
  }

  /// A titled group of fields.
  struct Group {
    var title: String
    var fields: [Field]
  }

  var groups: [Group]
  /// Planned hires of new managers per level and month (the `careers.planned_hires` list).
  var hireLevels: [String]
  var hireCounts: [[Int]]
  /// Planned transfers, which the grid does not show: written back unchanged.
  var keptHires: [String]
  var horizonMonths: Int

  static let hiresKey = "careers.planned_hires"

  init(_ s: Scenario) {
    let money = MetricUnit.currency
    var groups: [Group] = []
    groups.append(
      Group(
        title: "Team by level",
        fields: s.levels.flatMap { level in
          let k = "levels.\(level.name)"
          return [
            Field(
              key: "\(k).headcount", label: "\(level.name): managers at the start",
              unit: "managers", value: "\(level.headcount)"),
            Field(
              key: "\(k).meetings_per_day", label: "\(level.name): meeting capacity",
              unit: "meetings per working day", value: "\(level.meetingsPerDay)"),
            Field(
              key: "\(k).annual_quota", label: "\(level.name): quota",
              unit: "\(money) per year", value: Self.number(level.annualQuota)),
          ]
        }))
    var leads: [Field] = []
    if s.leads.inbound.enabled {
      leads.append(
        Field(
          key: "leads.inbound.per_month", label: "Inbound leads", unit: "leads per month",
          value: Self.number(s.leads.inbound.perMonth)))
    }
    if s.leads.outbound.enabled {
      leads.append(
        Field(
          key: "leads.outbound.contact_rate", label: "Outbound: cold calls that find a lead",
          unit: "share of calls (0–1)", value: Self.number(s.leads.outbound.contactRate)))
    }
    if s.leads.referrals.enabled {
      leads.append(
        Field(
          key: "leads.referrals.per_client_per_month", label: "Referrals",
          unit: "leads per client per month",
          value: Self.number(s.leads.referrals.perClientPerMonth)))
    }
    if !leads.isEmpty { groups.append(Group(title: "Leads by channel", fields: leads)) }
    groups.append(
      Group(
        title: "Conversion by funnel stage",
        fields: s.funnel.stages.map {
          Field(
            key: "funnel.stages.\($0.name).probability",
            label: $0.name.replacingOccurrences(of: "_", with: " "),
            unit: "share passing (0–1)", value: Self.number($0.probability))
        }))
    var people: [Field] = []
    if s.careers.hiring.enabled {
      people.append(Self.timeToHire(s.careers.hiring.timeToHireDays))
    }
    if s.careers.attrition.enabled {
      people.append(
        Field(
          key: "careers.attrition.annual_rate", label: "Managers leaving",
          unit: "share per year (0–1)", value: Self.number(s.careers.attrition.annualRate)))
    }
    if !people.isEmpty { groups.append(Group(title: "Hiring and attrition", fields: people)) }
    groups.append(
      Group(
        title: "Client churn by segment",
        fields: s.segments.map {
          Field(
            key: "segments.\($0.name).churn_per_month",
            label: $0.name.replacingOccurrences(of: "_", with: " "),
            unit: "share of clients per month (0–1)", value: Self.number($0.churnPerMonth))
        }))
    self.groups = groups

    horizonMonths = s.horizonMonths
    hireLevels = s.levels.map(\.name)
    hireCounts = s.levels.map { level in
      (1...s.horizonMonths).map { month in
        s.careers.plannedHires.filter {
          $0.level == level.name && $0.month == month && $0.`as` == .new
        }.reduce(0) { $0 + $1.count }
      }
    }
    keptHires = s.careers.plannedHires.filter { $0.`as` != .new }.map {
      "{level: \($0.level), month: \($0.month), count: \($0.count), as: \($0.`as`.rawValue)}"
    }
  }

  /// Time to hire: the distribution's mean when it has one (the spread stays as written),
  /// otherwise a constant that replaces it.
  static func timeToHire(_ d: Distribution) -> Field {
    let unit = "working days"
    switch d {
    case .exponential(let mean), .lognormal(let mean, _), .truncatedNormal(let mean, _, _, _),
      .poisson(let mean):
      return Field(
        key: "careers.hiring.time_to_hire_days.mean", label: "Time to hire (mean)", unit: unit,
        value: number(mean))
    case .constant(let v):
      return Field(
        key: "careers.hiring.time_to_hire_days", label: "Time to hire", unit: unit, value: number(v)
      )
    default:
      // A shape without a mean parameter (uniform, gamma...): the field shows the mean and
      // writes a constant, which the page says.
      return Field(
        key: "careers.hiring.time_to_hire_days", label: "Time to hire (replaces the spread)",
        unit: unit, value: number(d.mean))
    }
  }

  /// A number as YAML writes it: whole numbers without `.0`.
  static func number(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
  }

  var json: JSONValue {
    .object([
      (
        "groups",
        .array(
          groups.map { g in
            .object([
              ("title", .string(g.title)),
              (
                "fields",
                .array(
                  g.fields.map { f in
                    .object([
                      ("key", .string(f.key)), ("label", .string(f.label)),
                      ("unit", .string(f.unit)), ("value", .string(f.value)),
                    ])
                  })
              ),
            ])
          })
      ),
      (
        "hires",
        .object([
          ("key", .string(Self.hiresKey)),
          ("levels", .array(hireLevels.map { .string($0) })),
          ("months", .int(horizonMonths)),
          ("counts", .array(hireCounts.map { .array($0.map { .int($0) }) })),
          ("kept", .array(keptHires.map { .string($0) })),
        ])
      ),
    ])
  }
}
