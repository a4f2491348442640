// `funnelsim forecast`: fit, opening pipeline and simulation in one step
// (docs/calibration.md, "Forecast"; the JSON in docs/output-format.md).
public import CRMFit
import Foundation
import SalesModel
import ScenarioLoading
import Statistics

/// A forecast of won deals and bookings by month from a fitted history.
///
/// ```swift
/// let fit = try HistoryFit.fit(export, options: FitOptions(asOf: asOf))
/// let forecast = try Forecast.run(fit, months: 6, replications: 1000)
/// forecast.monthly[0].bookings.p50
/// ```
public struct Forecast: Sendable {
  /// P10, P50, P90 and the mean of a quantity across replications.
  public struct Band: Sendable, Codable, Hashable {
    public var mean: Double
    public var p10: Double
    public var p50: Double
    public var p90: Double

    /// The band of `values` (nearest-rank quantiles of the sorted sample).
    public init(_ values: [Double]) {
      let s = values.sorted()
      func q(_ p: Double) -> Double {
        guard !s.isEmpty else { return 0 }
        return s[min(s.count - 1, max(0, Int((p * Double(s.count)).rounded(.up)) - 1))]
      }
      mean = s.isEmpty ? 0 : s.reduce(0, +) / Double(s.count)
      p10 = q(0.1)
      p50 = q(0.5)
      p90 = q(0.9)
    }
  }

  /// One calendar month of the forecast.
  public struct Month: Sendable, Codable {
    /// `YYYY-MM`: month 1 is the month after the as-of date.
    public var month: String
    /// Deals won in the month.
    public var won: Band
    /// Bookings in the month.
    public var bookings: Band
  }

  /// One level's totals over the forecast.
  public struct Level: Sendable, Codable {
    public var name: String
    public var headcount: Int
    /// Deals open on the as-of date that the level carries in.
    public var openDeals: Int
    public var won: Band
    public var bookings: Band
  }

  /// The as-of date.
  public var asOf: String
  /// Months forecast.
  public var months: Int
  public var replications: Int
  public var seed: UInt64
  /// Deals open on the as-of date, entered in their stages with their ages.
  public var openDeals: Int
  /// By month, team.
  public var monthly: [Month]
  /// Team totals over the forecast.
  public var totalWon: Band
  public var totalBookings: Band
  /// By level (by owner with `perOwner`), totals over the forecast.
  public var levels: [Level]
  /// Whether `levels` are owners, each a level of one manager.
  public var perOwner: Bool
  /// The bookings plan for the forecast's months, when given.
  public var plan: Double?
  /// Share of replications whose total bookings reach the plan, with its Wilson 95% interval.
  public var planProbability: Estimate?
  /// The fitted scenario that was run (YAML).
  public var scenario: String
  /// Won deals per month of every replication (`[month][replication]`): the predictive sample
  /// for scoring (CRPS, PIT).
  public var wonSamples: [[Double]]
  /// Bookings per month of every replication (`[month][replication]`).
  public var bookingsSamples: [[Double]]
  /// Won deals per month of every replication by level, in the order of ``levels`` (by owner
  /// with `perOwner`): `[level][month][replication]`, from the levels' monthly series.
  public var levelWonSamples: [[[Double]]]
  /// Bookings per month of every replication by level: `[level][month][replication]`.
  public var levelBookingsSamples: [[[Double]]]

  /// Simulates `fit`'s scenario for `months` from its opening pipeline; with `perOwner` each
  /// owner is a level of one manager (their own win rate and open deals), and ``levels`` are
  /// the owners.
  ///
  /// The replications are split evenly over `parameterSets` sets of parameters drawn from
  /// their sampling distributions (``ParameterDraw``; set 0 is the fit itself when there is one
  /// set), so the forecast's spread includes what the history leaves uncertain.
  ///
  /// Runs each set's scenario twice on the same random numbers: once as fitted (bookings),
  /// once with every deal worth 1 (its monthly bookings are the deals won). A deal's size is
  /// drawn from its own keyed stream, so the two runs see the same deals.
  ///
  /// - Throws: the scenario's load error (a bug in the writer, never bad data), or a model
  ///   error.
  public static func run(
    _ fit: HistoryFit, months: Int, replications: Int = 1000, seed: UInt64 = 1,
    plan: Double? = nil, perOwner: Bool = false, parameterSets: Int = defaultParameterSets,
    threads: Int? = nil
  ) throws -> Forecast {
    var settings = HistoryFit.RunSettings()
    settings.horizonMonths = months
    settings.replications = replications
    settings.seed = seed
    settings.planBookings = plan
    settings.perOwner = perOwner
    let yaml = fit.scenarioYAML(settings)
    let draw = ParameterDraw(fit)
    let sets = max(1, min(parameterSets, replications))
    let runner = ReplicationRunner(threads: threads)
    var outcomes: [ReplicationOutcome] = []
    var firstSchema: OutcomeSchema?
    for set in 0..<sets {
      // Set `set` runs replications [start, end): the same replication numbers, so the same
      // random numbers, as with one set.
      let range = (set * replications / sets)..<((set + 1) * replications / sets)
      let drawn = sets == 1 ? fit : draw.sample(set: set, of: sets, seed: seed)
      let text = sets == 1 ? yaml : drawn.scenarioYAML(settings)
      let scenario = try ScenarioLoader.load(Scenario.self, text: text, file: "fitted scenario")
      let model = try SalesModel(scenario: scenario)
      if firstSchema == nil { firstSchema = model.schema }
      outcomes += try runner.run(model, seed: seed, replications: range)
    }
    let schema = firstSchema!
    let bookingsSeries = schema.series.firstIndex { $0.key == SeriesMetric.bookings.key }!
    let bookings = (0..<months).map { m in outcomes.map { $0.series[bookingsSeries][m] } }
    // The team's first: the schema lists the team's series before the levels'.
    let wonSeries = schema.series.firstIndex { $0.key == SeriesMetric.won.key }!
    let won = (0..<months).map { m in outcomes.map { $0.series[wonSeries][m] } }
    let first = CalendarDay(daysSinceEpoch: fit.asOf.daysSinceEpoch + 1).monthIndex
    let monthly = (0..<months).map { m in
      Month(
        month: String(CalendarDay.firstDay(ofMonthIndex: first + m).description.prefix(7)),
        won: Band(won[m]), bookings: Band(bookings[m]))
    }
    let totals = outcomes.map { $0.series[bookingsSeries].prefix(months).reduce(0, +) }
    let totalWon = outcomes.map { $0.series[wonSeries].prefix(months).reduce(0, +) }
    func scalar(_ key: String, _ group: String) -> Int? {
      schema.scalars.firstIndex { $0.key == key && $0.group == group }
    }
    let seats = fit.seats(perOwner: perOwner)
    // A seat's monthly series, found by its level's name; every seat is a level of the written
    // scenario, so the zeros stand only for a level the schema would not list.
    func levelSeries(_ metric: SeriesMetric, _ level: String) -> [[Double]] {
      guard let i = schema.series.firstIndex(where: { $0.key == metric.key && $0.group == level })
      else { return Array(repeating: Array(repeating: 0, count: outcomes.count), count: months) }
      return (0..<months).map { m in outcomes.map { $0.series[i][m] } }
    }
    let levels = seats.map { l -> Level in
      let w = scalar(Metric.won.key, l.name).map { i in outcomes.map { $0.values[i] } } ?? []
      let b = scalar(Metric.bookings.key, l.name).map { i in outcomes.map { $0.values[i] } } ?? []
      return Level(
        name: l.name, headcount: l.headcount, openDeals: l.openByStage.values.reduce(0) { $0 + $1.count },
        won: Band(w), bookings: Band(b))
    }
    var probability: Estimate?
    if let plan {
      let reached = totals.count { $0 >= plan }
      if let p = try? Proportion(successes: reached, trials: totals.count) {
        let w = p.wilsonInterval(level: 0.95) ?? 0...1
        probability = Estimate(
          value: p.estimate, n: totals.count, lower: w.lowerBound, upper: w.upperBound)
      }
    }
    return Forecast(
      asOf: fit.asOf.description, months: months, replications: replications, seed: seed,
      openDeals: fit.openDeals.count, monthly: monthly, totalWon: Band(totalWon),
      totalBookings: Band(totals), levels: levels, perOwner: perOwner, plan: plan, planProbability: probability,
      scenario: yaml, wonSamples: won, bookingsSamples: bookings,
      levelWonSamples: seats.map { levelSeries(.won, $0.name) },
      levelBookingsSamples: seats.map { levelSeries(.bookings, $0.name) })
  }
}
