public import SalesModel
internal import Statistics

/// The answer to "what will happen": every metric of a scenario summarised across
/// replications, ready to print as a table, JSON or CSV.
///
/// A report is a pure function of the outcomes in replication order, so the same scenario and
/// seed give the same report byte for byte, whatever the thread count.
public struct RunReport: Sendable {
  /// The scenario's name and the file it came from.
  public var scenarioName: String
  public var scenarioFile: String
  public var seed: UInt64
  public var replications: Int
  public var horizonMonths: Int
  /// One summary per scalar metric, in schema order.
  public var metrics: [MetricSummary]
  /// One summary per pooled sample (e.g. quota attainment of every ramped manager-period).
  public var samples: [MetricSummary]
  /// Monthly series with their quantile bands.
  public var series: [SeriesSummary]
  /// Events fired by the kernel over all replications.
  public var events: UInt64
  /// `YYYY-MM` of each month when the scenario gives a start date; nil numbers months 1, 2, …
  public var monthLabels: [String]?

  /// Summarises `outcomes` (in replication order) laid out by `schema`, on up to `threads`
  /// threads; the report is the same for any thread count.
  public init(
    scenarioName: String, scenarioFile: String, seed: UInt64, horizonMonths: Int,
    schema: OutcomeSchema, outcomes: [ReplicationOutcome], threads: Int = 1
  ) {
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.seed = seed
    self.replications = outcomes.count
    self.horizonMonths = horizonMonths
    let layout = RatioLayout(schema)
    // Every summary depends on its own metric's values alone, so they are computed
    // independently, the pooled samples (the largest) first so that the threads finish
    // together on the many small ones.
    enum Part: Sendable {
      case metric(MetricSummary)
      case series(SeriesSummary)
    }
    let (sampleCount, seriesCount) = (schema.samples.count, schema.series.count)
    let jobs = sampleCount + seriesCount + schema.scalars.count
    let parts = concurrentMap(jobs, threads: threads) { job -> Part in
      if job < sampleCount {
        let d = schema.samples[job]
        let pooled = outcomes.flatMap { $0.samples[job] }
        var summary = MetricSummary(d, values: pooled)
        summary.histogram = SampleHistogram(pooled, unit: d.unit)
        return .metric(summary)
      }
      if job < sampleCount + seriesCount {
        let i = job - sampleCount
        return .series(
          SeriesSummary(
            schema.series[i], months: horizonMonths, replications: outcomes.map { $0.series[i] }))
      }
      let i = job - sampleCount - seriesCount
      return .metric(MetricSummary(schema.scalars[i], index: i, layout: layout, outcomes: outcomes))
    }
    var samples: [MetricSummary] = []
    var series: [SeriesSummary] = []
    var metrics: [MetricSummary] = []
    for (job, part) in parts.enumerated() {
      switch part {
      case .metric(let m) where job < sampleCount: samples.append(m)
      case .metric(let m): metrics.append(m)
      case .series(let s): series.append(s)
      }
    }
    self.metrics = metrics
    self.samples = samples
    self.series = series
    events = outcomes.reduce(0) { $0 &+ $1.events }
    monthLabels = schema.monthLabels
  }

  /// Month `m` (0-based) as the outputs name it: `2027-01` with a start date, else `m + 1`.
  func monthName(_ m: Int) -> String {
    if let monthLabels, m < monthLabels.count { return monthLabels[m] }
    return String(m + 1)
  }

  /// The summary of metric `key` for `group` (`team` or a level name), if reported.
  public func metric(_ key: String, group: String = "team") -> MetricSummary? {
    metrics.first { $0.descriptor.key == key && $0.descriptor.group == group }
  }

  /// The parts of the model named by the metrics marked switched off, in catalogue order
  /// (docs/model.md, sections 11 and 14): their metrics stay in the JSON, marked `off`, and
  /// are left out of every other format.
  public var partsOff: [ModelPart] {
    let off = Set(
      (metrics.map(\.descriptor) + samples.map(\.descriptor) + series.map(\.descriptor))
        .compactMap(\.switchedOff))
    return ModelPart.allCases.filter { off.contains($0) }
  }

  /// Levels in the order the schema first names them.
  public var groups: [String] {
    var seen: [String] = []
    for m in metrics where !seen.contains(m.descriptor.group) { seen.append(m.descriptor.group) }
    return seen
  }
}

/// A metric's distribution across replications.
public struct MetricSummary: Sendable {
  public var descriptor: MetricDescriptor
  public var statistics: SampleStatistics
  /// The observations' histogram; only pooled samples have one, and only when not empty.
  public var histogram: SampleHistogram?
  /// Replications in which the metric exists (for a ratio: its denominator is above 0); the
  /// count of values for a metric that always exists.
  public var defined: Int
  /// Whether the mean and interval are those of a pooled ratio (``Statistics/RatioEstimate``).
  public var isRatio: Bool = false

  init(_ descriptor: MetricDescriptor, values: [Double]) {
    self.descriptor = descriptor
    var statistics = SampleStatistics(values)
    statistics.fit(to: descriptor.unit, values: values)
    self.statistics = statistics
    defined = values.count
  }

  /// Summarises scalar `i` over `outcomes`. A ratio is the pooled ratio with its delta-method
  /// interval; its spread (sd, extremes, quantiles) is that of the replications where it is
  /// defined, so an empty denominator never counts as 0. A figure defined only in some
  /// replications (a median of deals) is summarised over those.
  init(
    _ descriptor: MetricDescriptor, index i: Int, layout: RatioLayout,
    outcomes: [ReplicationOutcome]
  ) {
    let definedValues = outcomes.compactMap {
      layout.isDefined(i, in: $0.values) ? $0.values[i] : nil
    }
    self.init(descriptor, values: definedValues)
    statistics.count = outcomes.count
    guard layout.isRatio(i) else { return }
    isRatio = true
    let terms = outcomes.map { layout.terms(i, in: $0.values)! }
    // A share is bounded by 1 only when it is a proportion (numerator never above its
    // denominator): a mean attainment is a share too, and exceeds 1.
    let proportion =
      descriptor.unit == .share && terms.allSatisfy { $0.numerator <= $0.denominator }
    let ratio = try? RatioEstimate(
      numerators: terms.map(\.numerator), denominators: terms.map(\.denominator),
      range: proportion ? 0...1 : 0...Double.greatestFiniteMagnitude)
    statistics.mean = ratio?.estimate
    statistics.ciLow = ratio?.confidenceInterval?.lowerBound
    statistics.ciHigh = ratio?.confidenceInterval?.upperBound
  }
}

/// A monthly series: for each month, the mean and the P10/P50/P90 across replications.
public struct SeriesSummary: Sendable {
  public var descriptor: MetricDescriptor
  public var mean: [Double]
  public var p10: [Double]
  public var p50: [Double]
  public var p90: [Double]

  init(_ descriptor: MetricDescriptor, months: Int, replications: [[Double]]) {
    self.descriptor = descriptor
    mean = []
    p10 = []
    p50 = []
    p90 = []
    for month in 0..<months {
      // A band needs no standard deviation or interval: they would cost a pass and a
      // Student-t quantile per month for figures no output shows.
      let s = try? MeanAndQuantiles(replications.map { month < $0.count ? $0[month] : 0 })
      mean.append(s?.mean ?? 0)
      p10.append(s?.p10 ?? 0)
      p50.append(s?.p50 ?? 0)
      p90.append(s?.p90 ?? 0)
    }
  }
}

/// Counts of a pooled sample in fixed bins, so reports of different runs line up.
///
/// Shares (unit `share`, 1.0 = 100%) use the edges 0, 0.1, ..., 2.0: twenty bins of ten
/// percentage points, with `above` counting everything over 200% and `below` anything under
/// 0. Other units use Freedman–Diaconis bins over the sample's range (at most 50). Bins are
/// half-open, `[edges[i], edges[i+1])`, except the last, which holds its upper edge.
public struct SampleHistogram: Sendable, Hashable {
  /// Bin edges, strictly increasing; one more than there are counts.
  public var edges: [Double]
  /// Observations in each bin.
  public var counts: [Int]
  /// Observations below `edges.first`.
  public var below: Int
  /// Observations above `edges.last`.
  public var above: Int

  /// The edges used for shares: 0 to 2.0 by 0.1 (each edge computed as `i / 10`, exactly).
  public static let shareEdges: [Double] = (0...20).map { Double($0) / 10 }

  /// Bins `values` for `unit`; nil for an empty sample or one that cannot be binned.
  init?(_ values: [Double], unit: MetricUnit) {
    guard !values.isEmpty else { return nil }
    let binning: Histogram.Binning =
      unit == .share ? .edges(Self.shareEdges) : .freedmanDiaconis(maximumBins: 50)
    guard let h = try? Histogram(values, binning: binning) else { return nil }
    self.init(edges: h.edges, counts: h.counts, below: h.below, above: h.above)
  }

  /// A histogram from its parts (e.g. read back from JSON).
  public init(edges: [Double], counts: [Int], below: Int, above: Int) {
    self.edges = edges
    self.counts = counts
    self.below = below
    self.above = above
  }
}

/// What limits a level's sales (docs/model.md, section 11, "The binding resource").
public enum BindingResource: String, Sendable, CaseIterable {
  case meetingSlots = "meeting_slots"
  case calls = "calls"
  case serviceHours = "service_hours"
  case leads = "leads"

  /// The utilisation metric of a capacity, in the order that breaks ties.
  static let capacities: [(BindingResource, Metric)] = [
    (.meetingSlots, .utilisationMeetings), (.calls, .utilisationCalls),
    (.serviceHours, .utilisationService),
  ]

  /// The pooled utilisation from which a capacity binds: the occupancy a contact centre plans
  /// at most.
  public static let threshold = 0.85

  /// The words of a report.
  public var label: String {
    switch self {
    case .meetingSlots: "meeting slots"
    case .calls: "calls"
    case .serviceHours: "service hours"
    case .leads: "leads"
    }
  }
}

extension RunReport {
  /// The binding resource of `level`: the capacity with the highest pooled utilisation if it
  /// is at least ``BindingResource/threshold`` (ties in the order meeting slots, calls,
  /// service hours), else leads. A capacity the level does not have (undefined utilisation) is
  /// not a candidate. Nil for a group without any utilisation metric.
  public func bindingResource(_ level: String) -> (resource: BindingResource, utilisation: Double?)?
  {
    var best: (BindingResource, Double)?
    var any = false
    for (resource, metric) in BindingResource.capacities {
      guard let m = self.metric(metric.key, group: level), m.descriptor.isShown else { continue }
      any = true
      guard let u = m.statistics.mean else { continue }
      if u > best?.1 ?? -1 { best = (resource, u) }
    }
    guard any else { return nil }
    if let best, best.1 >= BindingResource.threshold { return (best.0, best.1) }
    return (.leads, best?.1)
  }

  /// Levels (not the team) with the share of ramped periods that booked nothing above
  /// `1 − attain`, with that share (docs/model.md, 9.5).
  public func zeroBookingLevels(attain: Double) -> [(level: String, share: Double)] {
    groups.filter { $0 != "team" }.compactMap { level in
      guard let z = metric(Metric.zeroBookingShare.key, group: level)?.statistics.mean,
        z > 1 - attain
      else { return nil }
      return (level, z)
    }
  }
}
