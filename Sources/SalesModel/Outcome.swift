/// What one replication of a model produces, laid out by an ``OutcomeSchema``.
///
/// The model fixes the schema once per scenario; every replication fills the same slots in
/// the same order, so summaries, comparisons and partial results need no names per value.
public struct ReplicationOutcome: Sendable, Hashable, Codable {
  /// One value per ``OutcomeSchema/scalars`` entry.
  public var values: [Double]
  /// One monthly series per ``OutcomeSchema/series`` entry, each `horizonMonths` long.
  public var series: [[Double]]
  /// One bag of observations per ``OutcomeSchema/samples`` entry (e.g. the attainment of
  /// every ramped manager-period), pooled across replications for quantiles and histograms.
  public var samples: [[Double]]
  /// Events the kernel fired in this replication.
  public var events: UInt64

  public init(values: [Double], series: [[Double]], samples: [[Double]], events: UInt64) {
    self.values = values
    self.series = series
    self.samples = samples
    self.events = events
  }
}

/// Names, groups and units of the values in every ``ReplicationOutcome`` of a scenario.
public struct OutcomeSchema: Sendable, Hashable, Codable {
  public var scalars: [MetricDescriptor]
  public var series: [MetricDescriptor]
  public var samples: [MetricDescriptor]
  /// `YYYY-MM` of each simulated month when the scenario gives a start date; nil (and left
  /// out of stored results) otherwise.
  public var monthLabels: [String]? = nil

  public init(
    scalars: [MetricDescriptor], series: [MetricDescriptor], samples: [MetricDescriptor]
  ) {
    self.scalars = scalars
    self.series = series
    self.samples = samples
  }
}

/// One reported quantity: what it is, for whom, in which unit.
public struct MetricDescriptor: Sendable, Hashable, Codable {
  /// A stable machine name in snake_case, e.g. `bookings` or `quota_attainment`.
  public var key: String
  /// `team` for the whole organisation, or a level's name (e.g. `junior`).
  public var group: String
  /// What the value is measured in; written as the unit's name (`count`, `share`, `days`, or
  /// the currency).
  public var unit: MetricUnit
  /// A short human label, e.g. "Bookings".
  public var label: String
  /// The part of the model, switched off in the scenario, that the value needs: it is then
  /// always 0 or undefined, and reports leave it out (docs/model.md, sections 11 and 14). Nil
  /// for a value the scenario produces.
  public var switchedOff: ModelPart?

  public init(
    key: String, group: String, unit: MetricUnit, label: String, switchedOff: ModelPart? = nil
  ) {
    self.key = key
    self.group = group
    self.unit = unit
    self.label = label
    self.switchedOff = switchedOff
  }

  /// Whether reports show the value: its parts are all on.
  public var isShown: Bool { switchedOff == nil }
}

/// A conservation law broken in a replication: always a bug in the model, never bad input.
public struct InvariantViolation: Error, CustomStringConvertible, Sendable {
  public var replication: Int
  public var law: String
  public var details: String
  public init(replication: Int, law: String, details: String) {
    self.replication = replication
    self.law = law
    self.details = details
  }
  public var description: String {
    "invariant broken in replication \(replication): \(law) (\(details))"
  }
}
