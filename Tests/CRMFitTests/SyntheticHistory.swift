import CGSL
import CRMFit
import Foundation

/// A CRM history drawn from known parameters, written in the shared export format, so that
/// the fit can be checked against the truth.
struct SyntheticHistory {
  var leadsPerMonth = 120.0
  var stages = ["qualify", "proposal", "negotiation"]
  var probabilities = [0.6, 0.5, 0.5]
  /// Each stage lasts gamma(shape, scale) calendar days.
  var stageShape = 2.0
  var stageScale = 5.0
  /// Level name and last-stage multiplier; owners are split evenly.
  var levels: [(name: String, multiplier: Double, owners: Int)] = [("junior", 0.8, 5), ("senior", 1.2, 5)]
  /// Segment, share of leads, lognormal μ and σ of the amount.
  var segments: [(name: String, share: Double, mu: Double, sigma: Double)] = [
    ("smb", 0.7, log(50_000), 0.5), ("enterprise", 0.3, log(200_000), 0.4),
  ]
  /// Monthly churn hazard of clients.
  var churnHazard = 0.03
  /// Service requests per client-month and mean first response (calendar days, exponential).
  var requestsPerClientMonth = 1.5
  var start = CalendarDay(year: 2023, month: 1, day: 1)!
  /// The day the export is taken: later deals are cut off, later closes are still open.
  var exportDay = CalendarDay(year: 2024, month: 12, day: 31)!
  var seed: UInt = 7

  var meanMultiplier: Double {
    let total = levels.reduce(0) { $0 + $1.owners }
    return levels.reduce(0.0) { $0 + $1.multiplier * Double($1.owners) } / Double(total)
  }
  /// The team's true win rate (leads routed evenly over owners).
  var winRate: Double {
    probabilities.dropLast().reduce(1, *) * probabilities.last! * meanMultiplier
  }

  struct Files {
    var opportunities = "id,owner,created,close_date,status,stage,amount,segment,channel,account\n"
    var stageHistory = "id,stage,date\n"
    var owners = "owner,level,hire_date,exit_date,team,city\n"
    var clients = "account,owner,start,end,monthly_value\n"
    var requests = "account,created,first_response,resolved\n"
    var count = 0
  }

  func generate() -> Files {
    GSLInit.configure()
    let rng = gsl_rng_alloc(fs_mt19937_rng_type())!
    defer { gsl_rng_free(rng) }
    gsl_rng_set(rng, seed)
    var files = Files()
    var owners: [(String, Int)] = []
    for (l, level) in levels.enumerated() {
      for k in 0..<level.owners {
        let name = "\(level.name)_\(k)"
        owners.append((name, l))
        files.owners += "\(name),\(level.name),2022-01-01,,north,moscow\n"
      }
    }
    let gapDays = 365.25 / 12 / leadsPerMonth
    var t = Double(start.daysSinceEpoch)
    var id = 0
    var next = 0
    while true {
      t += gsl_ran_exponential(rng, gapDays)
      let created = CalendarDay(daysSinceEpoch: Int(t))
      if created > exportDay { break }
      id += 1
      let (owner, level) = owners[next % owners.count]
      next += 1
      let u = gsl_rng_uniform(rng)
      var acc = 0.0
      var segment = segments[0]
      for s in segments {
        acc += s.share
        if u < acc {
          segment = s
          break
        }
      }
      var day = Double(created.daysSinceEpoch)
      var status = "open"
      var stageReached = 0
      var closed: CalendarDay?
      var history = ""
      for k in stages.indices {
        let entered = CalendarDay(daysSinceEpoch: Int(day))
        if entered > exportDay { break }
        stageReached = k
        history += "D\(id),\(stages[k]),\(entered)\n"
        day += gsl_ran_gamma(rng, stageShape, stageScale)
        var p = probabilities[k]
        if k == stages.count - 1 { p *= levels[level].multiplier }
        let pass = gsl_rng_uniform(rng) < p
        let outcome = CalendarDay(daysSinceEpoch: Int(day))
        if outcome > exportDay { break }
        if !pass {
          status = "lost"
          closed = outcome
          break
        }
        if k == stages.count - 1 {
          status = "won"
          closed = outcome
        }
      }
      files.stageHistory += history
      var amount = ""
      if status == "won" {
        let a = gsl_ran_lognormal(rng, segment.mu, segment.sigma)
        amount = String(format: "%.2f", a)
        // The deal becomes a client.
        let clientStart = closed!
        let life = gsl_ran_exponential(rng, 1 / churnHazard) * 365.25 / 12
        let end = CalendarDay(daysSinceEpoch: clientStart.daysSinceEpoch + Int(life))
        files.clients +=
          "A\(id),\(owner),\(clientStart),\(end <= exportDay ? end.description : ""),\(String(format: "%.2f", a / 12))\n"
        // Requests: a Poisson stream over the client's life up to the export.
        var r = Double(clientStart.daysSinceEpoch)
        let last = Double(min(end, exportDay).daysSinceEpoch)
        while true {
          r += gsl_ran_exponential(rng, 365.25 / 12 / requestsPerClientMonth)
          if r > last { break }
          let c = CalendarDay(daysSinceEpoch: Int(r))
          let response = CalendarDay(daysSinceEpoch: Int(r + gsl_ran_exponential(rng, 2)))
          files.requests += "A\(id),\(c),\(response <= exportDay ? response.description : ""),\n"
        }
      }
      files.opportunities +=
        "D\(id),\(owner),\(created),\(closed.map(\.description) ?? ""),\(status),\(stages[stageReached]),\(amount),\(segment.name),\(id % 3 == 0 ? "web" : "partner"),A\(id)\n"
      files.count += 1
    }
    return files
  }

  /// Writes the files into `folder` under the shared format's names.
  func write(to folder: String) throws -> Files {
    let f = generate()
    for (name, text) in [
      ("opportunities.csv", f.opportunities), ("stage_history.csv", f.stageHistory),
      ("owners.csv", f.owners), ("clients.csv", f.clients), ("requests.csv", f.requests),
    ] {
      try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }
    return f
  }
}

enum GSLInit {
  static let configured: Void = { gsl_set_error_handler_off() }()
  static func configure() { _ = configured }
}

extension Estimate {
  /// Whether the interval, widened to a familywise 95% level over `checks` checks made on one
  /// sample (Bonferroni: each at 1 − 0.05 / checks), holds `truth`. A test that checks many
  /// estimates of one fixed-seed sample at 95% each would otherwise miss one by chance.
  func covers(_ truth: Double, familywiseOver checks: Int) -> Bool {
    let widen = gsl_cdf_ugaussian_Qinv(0.025 / Double(checks)) / 1.96
    return truth >= value - widen * (value - lower) && truth <= value + widen * (upper - value)
  }
}
