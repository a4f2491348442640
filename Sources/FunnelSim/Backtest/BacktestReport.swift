// `funnelsim backtest` (docs/calibration.md, "Backtest"): fit at each origin on what was known
// then, forecast, and score the forecast and two baselines against what happened.

public import Backtest
public import CRMFit
public import Statistics
internal import Stochastic

/// The scores of the model's forecasts and of the baselines over every origin of a backtest.
public struct BacktestReport: Sendable {
  /// The forecasting methods compared.
  public enum Method: String, Sendable, CaseIterable {
    case model
    case runRate = "run_rate"
    case weightedPipeline = "weighted_pipeline"
  }

  /// The quantities scored, team totals per calendar month.
  public enum Quantity: String, Sendable, CaseIterable {
    case won, bookings
  }

  /// One forecast month of one origin: the forecast quantiles and what happened.
  public struct Month: Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// P10, P25, P50, P75, P90 per method and quantity, `[method][quantity]`.
    public var quantiles: [[[Double]]]
    public var actualWon: Int
    public var actualBookings: Double
  }

  /// One origin: the day the fit stopped, and its months (only those the data covers).
  public struct Origin: Sendable {
    public var asOf: String
    public var openDeals: Int
    public var months: [Month]
  }

  /// The scores of one method on one quantity.
  public struct Scores: Sendable {
    public var method: Method
    public var quantity: Quantity
    public var summary: ScoreSummary
    /// CRPS of this method minus the model's, per forecast month scored (paired).
    public var crpsDifference: [Double]
  }

  /// One owner's scores over the origins at which the owner had a seat in the per-owner
  /// forecast (`forecast --per-owner`).
  public struct OwnerScores: Sendable {
    public var owner: String
    /// `[method][quantity]`, in `Method.allCases` and `Quantity.allCases` order.
    public var summaries: [[ScoreSummary]]
  }

  public var asOf: String
  public var months: Int
  public var replications: Int
  public var seed: UInt64
  public var origins: [Origin]
  /// In `Method.allCases` order, won then bookings for each.
  public var scores: [Scores]
  /// The same over every owner's months (an owner's won deals and bookings in a month, from
  /// the per-owner forecast and per-owner baselines), pooled over the owners.
  public var ownerScores: [Scores]
  /// Per owner, sorted by name.
  public var owners: [OwnerScores]

  /// Mean CRPS difference (method minus model) with its 95% confidence interval; nil with
  /// fewer than two pairs. A positive difference means the model scores better.
  public func advantage(of method: Method, _ quantity: Quantity) -> Summary? {
    guard let s = scores.first(where: { $0.method == method && $0.quantity == quantity }) else {
      return nil
    }
    return try? Summary(s.crpsDifference)
  }

  /// The scores of `method` on `quantity`.
  public func summary(_ method: Method, _ quantity: Quantity) -> ScoreSummary {
    scores.first { $0.method == method && $0.quantity == quantity }!.summary
  }

  /// The scores of `method` on `quantity` over every owner's months.
  public func ownerSummary(_ method: Method, _ quantity: Quantity) -> ScoreSummary {
    ownerScores.first { $0.method == method && $0.quantity == quantity }!.summary
  }

  /// Mean CRPS difference (method minus model) over the owners' months, with its 95%
  /// confidence interval; nil with fewer than two pairs.
  public func ownerAdvantage(of method: Method, _ quantity: Quantity) -> Summary? {
    guard let s = ownerScores.first(where: { $0.method == method && $0.quantity == quantity })
    else { return nil }
    return try? Summary(s.crpsDifference)
  }
}

extension BacktestReport {
  /// The origin dates: `asOf` and the same day of the `origins - 1` months before it (the last
  /// day of a shorter month; the last day of each month when `asOf` is a month's last day),
  /// earliest first.
  public static func originDates(asOf: CalendarDay, origins: Int) -> [CalendarDay] {
    let c = asOf.components
    let monthEnd = c.day == CalendarDay.daysIn(year: c.year, month: c.month)
    return (0..<max(1, origins)).reversed().map { k in
      let first = CalendarDay.firstDay(ofMonthIndex: asOf.monthIndex - k)
      let f = first.components
      let length = CalendarDay.daysIn(year: f.year, month: f.month)
      let day = monthEnd ? length : min(c.day, length)
      return CalendarDay(daysSinceEpoch: first.daysSinceEpoch + day - 1)
    }
  }

  /// Runs the backtest of `export`: at each origin, fits with `fitOptions(origin)`, forecasts
  /// `months` months with `replications` runs, builds both baselines from the same data, and
  /// scores every month whose actuals the export holds in full (months before the export's
  /// last month).
  ///
  /// - Throws: the fit's ``FitError`` for an origin without data, or a model error.
  public static func run(
    _ export: CRMExport, asOf: CalendarDay, months: Int, origins: Int, replications: Int,
    seed: UInt64, parameterSets: Int = Forecast.defaultParameterSets, threads: Int? = nil,
    fitOptions: (CalendarDay) -> FitOptions
  ) throws -> BacktestReport {
    // What happened: won deals and bookings by calendar month.
    var wonByMonth: [Int: Int] = [:]
    var bookedByMonth: [Int: Double] = [:]
    var valuesByMonth: [Int: [Double]] = [:]
    // The same per owner, keyed by owner then month.
    var ownerWon: [String: [Int: Int]] = [:]
    var ownerBooked: [String: [Int: Double]] = [:]
    var ownerValues: [String: [Int: [Double]]] = [:]
    var lastDay = CalendarDay(daysSinceEpoch: Int.min / 2)
    for o in export.opportunities {
      lastDay = max(lastDay, o.created)
      if let c = o.closed { lastDay = max(lastDay, c) }
      guard o.status == .won, let closed = o.closed else { continue }
      let m = closed.monthIndex
      wonByMonth[m, default: 0] += 1
      ownerWon[o.owner, default: [:]][m, default: 0] += 1
      if let a = o.amount, a > 0 {
        bookedByMonth[m, default: 0] += a
        valuesByMonth[m, default: []].append(a)
        ownerBooked[o.owner, default: [:]][m, default: 0] += a
        ownerValues[o.owner, default: [:]][m, default: []].append(a)
      }
    }
    let amountById = Dictionary(
      export.opportunities.map { ($0.id, $0.amount) }, uniquingKeysWith: { a, _ in a })
    let createdById = Dictionary(
      export.opportunities.map { ($0.id, $0.created) }, uniquingKeysWith: { a, _ in a })
    let lastComplete = lastDay.monthIndex - 1

    var summaries = [[ScoreSummary]](
      repeating: [ScoreSummary](repeating: ScoreSummary(), count: Quantity.allCases.count),
      count: Method.allCases.count)
    var differences = [[[Double]]](
      repeating: [[Double]](repeating: [], count: Quantity.allCases.count),
      count: Method.allCases.count)
    var pooled = summaries
    var pooledDifferences = differences
    var perOwner: [String: [[ScoreSummary]]] = [:]
    var originReports: [Origin] = []
    let levels = [0.1, 0.25, 0.5, 0.75, 0.9]

    for (k, origin) in originDates(asOf: asOf, origins: origins).enumerated() {
      let fit = try HistoryFit.fit(export, options: fitOptions(origin))
      let forecast = try Forecast.run(
        fit, months: months, replications: replications, seed: seed, parameterSets: parameterSets,
        threads: threads)
      let first = CalendarDay(daysSinceEpoch: origin.daysSinceEpoch + 1).monthIndex
      let stream = RandomStream(
        seed: StreamSeed.derive(seed: seed, replication: k, name: "backtest.baselines"))
      // The randomised PIT's uniforms on a stream of their own, one per month and quantity and
      // the same for every method: a method's coverage then depends neither on how many draws
      // the baselines make nor on luck the others do not share.
      let tieBreaks = RandomStream(
        seed: StreamSeed.derive(seed: seed, replication: k, name: "backtest.pit"))

      // Baselines from what was known at the origin: the three months before the first
      // forecast month, the deals open at the origin, the win rates and cycle of the fit.
      let recent = (first - 3)..<first
      let recentWon = recent.map { wonByMonth[$0] ?? 0 }
      let recentValues = recent.flatMap { valuesByMonth[$0] ?? [] }
      let draws = max(replications, 200)
      let runRate = Baseline.runRate(
        recentWon: recentWon, recentValues: recentValues, months: months, draws: draws,
        stream: stream)
      var winFromStage = [Double](repeating: 0, count: fit.stageFits.count)
      var after = 1.0
      for s in fit.stageFits.indices.reversed() {
        after *= fit.stageFits[s].probability.value
        winFromStage[s] = after
      }
      let cycle = pipelineCycle(fit)
      func pipelineDeals(_ deals: [OpenDeal]) -> [Baseline.OpenDeal] {
        deals.map {
          Baseline.OpenDeal(
            stage: $0.stage, amount: amountById[$0.id] ?? nil,
            closeMonth: expectedCloseMonth(
              created: createdById[$0.id] ?? origin, cycleCalendarDays: cycle.calendarDays,
              firstMonth: first))
        }
      }
      let pipeline = Baseline.weightedPipeline(
        open: pipelineDeals(fit.openDeals),
        winRateByStage: winFromStage,
        cycleMonths: cycle.months,
        newWinsPerMonth: Double(recentWon.reduce(0, +)) / Double(recent.count),
        wonValues: recentValues.isEmpty ? fit.segments.flatMap(\.amounts) : recentValues,
        months: months, draws: draws, stream: stream)

      var monthReports: [Month] = []
      for h in 0..<months where first + h <= lastComplete {
        let m = first + h
        let actual = [Double(wonByMonth[m] ?? 0), bookedByMonth[m] ?? 0]
        let model = [
          SampledForecast(samples: forecast.wonSamples[h])!,
          SampledForecast(samples: forecast.bookingsSamples[h])!,
        ]
        let forecasts = [
          model, [runRate.won[h], runRate.bookings[h]], [pipeline.won[h], pipeline.bookings[h]],
        ]
        var quantiles: [[[Double]]] = []
        let u = actual.map { _ in tieBreaks.uniform() }
        for (i, byQuantity) in forecasts.enumerated() {
          var row: [[Double]] = []
          for (q, f) in byQuantity.enumerated() {
            summaries[i][q].add(f, observed: actual[q], u: u[q])
            differences[i][q].append(f.crps(actual[q]) - model[q].crps(actual[q]))
            row.append(levels.map { f.quantile($0) })
          }
          quantiles.append(row)
        }
        monthReports.append(
          Month(
            month: String(CalendarDay.firstDay(ofMonthIndex: m).description.prefix(7)),
            quantiles: quantiles, actualWon: wonByMonth[m] ?? 0, actualBookings: actual[1]))
      }
      originReports.append(
        Origin(asOf: origin.description, openDeals: fit.openDeals.count, months: monthReports))

      // Per owner: `forecast --per-owner` (each owner a level of one manager with their own
      // win rate and open deals) against the owner's own months, and both baselines from the
      // owner's own history and open deals. A stream of its own, so that adding owners does not
      // change the team's scores.
      let scored = (0..<months).filter { first + $0 <= lastComplete }
      guard !scored.isEmpty else { continue }
      let byOwner = try Forecast.run(
        fit, months: months, replications: replications, seed: seed, perOwner: true,
        parameterSets: parameterSets, threads: threads)
      let ownerStream = RandomStream(
        seed: StreamSeed.derive(seed: seed, replication: k, name: "backtest.owners"))
      let ownerTieBreaks = RandomStream(
        seed: StreamSeed.derive(seed: seed, replication: k, name: "backtest.owners.pit"))
      for (i, seat) in fit.seats(perOwner: true).enumerated() {
        guard let owner = seat.owner else { continue }
        let won = ownerWon[owner] ?? [:]
        let booked = ownerBooked[owner] ?? [:]
        let values = ownerValues[owner] ?? [:]
        let ownRecentWon = recent.map { won[$0] ?? 0 }
        let ownRecentValues = recent.flatMap { values[$0] ?? [] }
        // An owner without a recent win draws values from the team's recent wins.
        let valuePool = ownRecentValues.isEmpty ? recentValues : ownRecentValues
        let ownRunRate = Baseline.runRate(
          recentWon: ownRecentWon, recentValues: valuePool, months: months, draws: draws,
          stream: ownerStream)
        let ownPipeline = Baseline.weightedPipeline(
          open: pipelineDeals(fit.openDeals.filter { $0.owner == owner }),
          winRateByStage: winFromStage,
          cycleMonths: cycle.months,
          newWinsPerMonth: Double(ownRecentWon.reduce(0, +)) / Double(recent.count),
          wonValues: valuePool.isEmpty ? fit.segments.flatMap(\.amounts) : valuePool,
          months: months, draws: draws, stream: ownerStream)
        var own = perOwner[owner] ?? summaries.map { $0.map { _ in ScoreSummary() } }
        for h in scored {
          let m = first + h
          let actual = [Double(won[m] ?? 0), booked[m] ?? 0]
          let model = [
            SampledForecast(samples: byOwner.levelWonSamples[i][h])!,
            SampledForecast(samples: byOwner.levelBookingsSamples[i][h])!,
          ]
          let forecasts = [
            model, [ownRunRate.won[h], ownRunRate.bookings[h]],
            [ownPipeline.won[h], ownPipeline.bookings[h]],
          ]
          let u = actual.map { _ in ownerTieBreaks.uniform() }
          for (j, byQuantity) in forecasts.enumerated() {
            for (q, f) in byQuantity.enumerated() {
              own[j][q].add(f, observed: actual[q], u: u[q])
              pooled[j][q].add(f, observed: actual[q], u: u[q])
              pooledDifferences[j][q].append(f.crps(actual[q]) - model[q].crps(actual[q]))
            }
          }
        }
        perOwner[owner] = own
      }
    }
    func scores(_ summaries: [[ScoreSummary]], _ differences: [[[Double]]]) -> [Scores] {
      var scores: [Scores] = []
      for (i, method) in Method.allCases.enumerated() {
        for (q, quantity) in Quantity.allCases.enumerated() {
          scores.append(
            Scores(
              method: method, quantity: quantity, summary: summaries[i][q],
              crpsDifference: differences[i][q]))
        }
      }
      return scores
    }
    return BacktestReport(
      asOf: asOf.description, months: months, replications: replications, seed: seed,
      origins: originReports, scores: scores(summaries, differences),
      ownerScores: scores(pooled, pooledDifferences),
      owners: perOwner.keys.sorted().map { OwnerScores(owner: $0, summaries: perOwner[$0]!) })
  }
}

extension BacktestReport {
  /// The weighted pipeline's cycle: the median won cycle known at the origin (the fit's, in
  /// working days) in calendar days and in months; one month without a won deal.
  static func pipelineCycle(_ fit: HistoryFit) -> (calendarDays: Double, months: Double) {
    let working = fit.wonCycles.isEmpty ? Double(fit.daysPerMonth) : median(fit.wonCycles)
    let calendarDays = working * 365.25 / (12 * Double(fit.daysPerMonth))
    return (calendarDays, calendarDays * 12 / 365.25)
  }

  /// The month ahead (0 the first forecast month, `firstMonth` its index) in which a deal
  /// created on `created` is expected to close: its created day plus the cycle, as a CRM's
  /// default close date; 0 when that day has passed (an overdue deal is expected now).
  static func expectedCloseMonth(created: CalendarDay, cycleCalendarDays: Double, firstMonth: Int)
    -> Int
  {
    let close = CalendarDay(
      daysSinceEpoch: created.daysSinceEpoch + Int(cycleCalendarDays.rounded()))
    return max(0, close.monthIndex - firstMonth)
  }
}

/// The median of a non-empty sample.
private func median(_ values: [Double]) -> Double {
  let s = values.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
