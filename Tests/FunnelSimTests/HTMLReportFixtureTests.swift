import Foundation
import SalesModel
import Testing

@testable import FunnelSim

/// Realistic run reports made by hand, with the model's metric keys, for the HTML tests.
///
/// The numbers come from a tiny deterministic generator, not from the model: four levels
/// with rising quota attainment, a ramping monthly revenue, a five-stage funnel.
enum SyntheticRun {
  static let levels = ["junior", "middle", "senior", "lead"]
  static let stages = ["first_contact", "meeting", "proposal", "negotiation"]
  /// The catalogue's metrics this fixture fills, in catalogue order (a subset: the rest are
  /// absent from the reports, as they are when a part of the model is off).
  static let perGroup: [Metric] = [
    .leadsInbound, .leadsOutbound, .contacts, .meetingsHeld, .won, .lost, .winRate,
    .salesCycleDays, .bookings, .revenue, .clientsStart, .clientsEnd, .clientsNew,
    .clientsChurned, .churnRate, .headcountEnd, .salaryCost, .commissionCost,
    .quotaAttainmentMean, .quotaAtOrAbove,
  ]
  static let teamOnly: [TeamMetric] = [.leadsIn, .teamPlan, .planReached]

  /// The model's layout restricted to the metrics above: keys, units and labels all come from
  /// the catalogue.
  static func schema(levels: [String] = levels) -> OutcomeSchema {
    var scalars: [MetricDescriptor] = []
    for g in ["team"] + levels {
      for m in perGroup {
        scalars.append(MetricDescriptor(key: m.key, group: g, unit: m.unit, label: m.label))
      }
      for kind in StageMetric.allCases {
        for s in stages {
          scalars.append(
            MetricDescriptor(key: kind.key(s), group: g, unit: kind.unit, label: kind.label(s)))
        }
      }
    }
    scalars += teamOnly.map {
      MetricDescriptor(key: $0.key, group: "team", unit: $0.unit, label: $0.label)
    }
    let series =
      SeriesMetric.allCases.map {
        MetricDescriptor(key: $0.key, group: "team", unit: $0.unit, label: $0.label)
      }
      + levels.flatMap { level in
        SeriesMetric.perLevel.map {
          MetricDescriptor(key: $0.key, group: level, unit: $0.unit, label: $0.label)
        }
      }
    let samples = (["team"] + levels).flatMap { g in
      SampleMetric.allCases.map {
        MetricDescriptor(key: $0.key, group: g, unit: $0.unit, label: $0.label)
      }
    }
    return OutcomeSchema(scalars: scalars, series: series, samples: samples)
  }

  /// A splitmix64 stream: deterministic, platform-independent.
  struct Stream {
    var state: UInt64
    mutating func uniform() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return (Double(z >> 11) + 0.5) / 9_007_199_254_740_992
    }
    /// A standard normal by Box–Muller.
    mutating func normal() -> Double {
      (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
  }

  static func outcomes(replications: Int, months: Int = 12, levels: [String] = levels)
    -> [ReplicationOutcome]
  {
    let schema = schema(levels: levels)
    let headcount: [String: Double] = ["junior": 6, "middle": 5, "senior": 4, "lead": 2]
    let medianAttainment: [String: Double] = [
      "junior": 0.72, "middle": 0.95, "senior": 1.08, "lead": 1.22,
    ]
    let quotaPerQuarter: [String: Double] = [
      "junior": 900_000, "middle": 1_500_000, "senior": 2_400_000, "lead": 3_600_000,
    ]
    var rng = Stream(state: 20_260_101)
    var result: [ReplicationOutcome] = []
    for _ in 0..<replications {
      var v: [String: Double] = [:]
      var samples: [String: [Double]] = [:]
      let luck = exp(0.12 * rng.normal())
      for g in levels {
        let n = headcount[g] ?? 3
        var attainments: [Double] = []
        for _ in 0..<Int(n) * 4 {
          attainments.append(max(0, (medianAttainment[g] ?? 1) * luck * exp(0.35 * rng.normal())))
        }
        samples[g] = attainments
        let mean = attainments.reduce(0, +) / Double(attainments.count)
        let bookings = mean * (quotaPerQuarter[g] ?? 1e6) * n * 4
        let won = (bookings / 420_000).rounded()
        let leads = (won / 0.075 * exp(0.05 * rng.normal())).rounded()
        let reached = [0.82, 0.46, 0.62, 0.71].reduce(into: [leads]) {
          $0.append(($0.last! * $1).rounded())
        }
        v["bookings.\(g)"] = bookings
        v["revenue.\(g)"] = bookings * 0.83
        v["won.\(g)"] = won
        v["lost.\(g)"] = reached[4] - won
        v["win_rate.\(g)"] = won / max(1, reached[4])
        v["sales_cycle_days.\(g)"] = 38 + 6 * rng.normal()
        v["leads_inbound.\(g)"] = (leads * 0.6).rounded()
        v["leads_outbound.\(g)"] = (leads * 0.4).rounded()
        v["contacts.\(g)"] = reached[1]
        v["meetings_held.\(g)"] = reached[2]
        v["clients_start.\(g)"] = n * 12
        v["clients_new.\(g)"] = won
        v["clients_churned.\(g)"] = (n * 12 * 0.02 * 12 * exp(0.2 * rng.normal())).rounded()
        v["clients_end.\(g)"] = n * 12 + won - v["clients_churned.\(g)"]!
        v["churn_rate.\(g)"] = 0.02 * exp(0.2 * rng.normal())
        v["headcount_end.\(g)"] = n - (rng.uniform() < 0.3 ? 1 : 0)
        v["salary_cost.\(g)"] =
          n * 12
          * ["junior": 28_000, "middle": 40_000, "senior": 60_000, "lead": 120_000][
            g, default: 50_000]
        v["commission_cost.\(g)"] = bookings * 0.03
        v["quota_attainment_mean.\(g)"] = mean
        v["quota_attainment_at_or_above.\(g)"] =
          Double(attainments.filter { $0 >= 1 }.count) / Double(attainments.count)
        for (i, s) in stages.enumerated() {
          v["reached_\(s).\(g)"] = reached[i + 1]
          v["conversion_\(s).\(g)"] =
            (i + 2 < reached.count ? reached[i + 2] : won) / max(1, reached[i + 1])
        }
      }
      // The team adds up its levels; shares are recomputed from the sums.
      for (k, u) in perGroup.map({ ($0.key, $0.unit) })
        + stages.map({ (StageMetric.reached.key($0), MetricUnit.count) })
      where u != .share && u != .days {
        v["\(k).team"] = levels.reduce(0) { $0 + (v["\(k).\($1)"] ?? 0) }
      }
      for k in [
        "sales_cycle_days", "win_rate", "churn_rate", "quota_attainment_mean",
        "quota_attainment_at_or_above",
      ] + stages.map({ "conversion_\($0)" }) {
        v["\(k).team"] =
          levels.reduce(0) { $0 + (v["\(k).\($1)"] ?? 0) } / Double(max(1, levels.count))
      }
      v["leads_in.team"] = levels.reduce(0) {
        $0 + (v["leads_inbound.\($1)"] ?? 0) + (v["leads_outbound.\($1)"] ?? 0)
      }
      v["team_plan.team"] = 95_000_000
      v["team_plan_reached.team"] = (v["bookings.team"] ?? 0) >= 95_000_000 ? 1 : 0
      samples["team"] = levels.flatMap { samples[$0] ?? [] }

      let yearly = v["revenue.team"] ?? 0
      var revenue: [Double] = []
      var bookings: [Double] = []
      var clients: [Double] = []
      var heads: [Double] = []
      let ramp = (1...months).map { 0.55 + 0.45 * Double($0 - 1) / Double(max(1, months - 1)) }
      let rampSum = ramp.reduce(0, +)
      var c = v["clients_start.team"] ?? 0
      for m in 0..<months {
        revenue.append(max(0, yearly * ramp[m] / rampSum * exp(0.18 * rng.normal())))
        bookings.append(
          max(0, (v["bookings.team"] ?? 0) * ramp[m] / rampSum * exp(0.25 * rng.normal())))
        c +=
          ((v["clients_new.team"] ?? 0) - (v["clients_churned.team"] ?? 0)) / Double(months) + 2
          * rng.normal()
        clients.append(c.rounded())
        heads.append(17 - (rng.uniform() < Double(m) / 40 ? 1 : 0))
      }
      let commission = bookings.map { $0 * 0.05 }
      let salary = heads.map { $0 * 150_000 }
      let cashIn = revenue.map { $0 * 0.98 }
      let cashOut = zip(salary, commission).map { $0 + $1 }
      var running = 0.0
      let cashCumulative = zip(cashIn, cashOut).map { cashIn, cashOut in
        running += cashIn - cashOut
        return running
      }
      let team = [
        revenue, bookings, clients, heads, bookings.map { ($0 / 400_000).rounded() },
        commission, salary, cashIn, cashOut, cashCumulative,
      ]
      result.append(
        ReplicationOutcome(
          values: schema.scalars.map { v["\($0.key).\($0.group)"] ?? 0 },
          // In the order of `SeriesMetric.allCases`; won deals follow bookings at a typical
          // deal of 400,000, commission is 5% of bookings, a manager costs 150,000 a month,
          // and cash comes in net of a 2% payment fee in the month billed.
          series: team + levels.indices.flatMap { l in
            // Each level takes a share of the team's month that grows with seniority.
            let share = Double(l + 1) / Double(levels.count * (levels.count + 1) / 2)
            return SeriesMetric.perLevel.map { metric in
              team[metric.rawValue].map { $0 * share }
            }
          },
          samples: schema.samples.map { samples[$0.group] ?? [] },
          events: 40_000))
    }
    return result
  }

  static func report(
    replications: Int = 200, name: String = "B2B consulting, Moscow",
    file: String = "scenarios/b2b-consulting.yaml",
    levels: [String] = levels
  ) -> RunReport {
    RunReport(
      scenarioName: name, scenarioFile: file, seed: 42, horizonMonths: 12,
      schema: schema(levels: levels),
      outcomes: outcomes(replications: replications, levels: levels))
  }
}
