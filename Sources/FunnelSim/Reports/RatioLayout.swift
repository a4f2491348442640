public import SalesModel

/// Which scalars of a schema are ratios, and of which other scalars of the same group, as the
/// metric catalogue derives them; so that every report pools a ratio's numerator and
/// denominator over replications instead of averaging per-replication ratios
/// (docs/statistics.md, "Ratios across replications").
public struct RatioLayout: Sendable {
  /// How one scalar is summarised across replications.
  public enum Rule: Sendable, Equatable {
    /// A count, an amount or a 0/1 indicator: the mean of the replications.
    case scalar
    /// `value[numerator] / Σ value[denominators]`, pooled over replications.
    case ratio(numerator: Int, denominators: [Int])
    /// A figure of its own (a median, a percentile) that exists in a replication only when
    /// `value[index] > 0`.
    case definedWhen(Int)
  }

  /// One rule per scalar of the schema, in schema order.
  public let rules: [Rule]

  /// Reads the rules of `schema`'s scalars from the catalogue. A ratio whose terms are not in
  /// the schema (a part switched off) is summarised as a scalar.
  public init(_ schema: OutcomeSchema) {
    var index: [String: Int] = [:]
    for (i, d) in schema.scalars.enumerated() { index["\(d.key)\u{0}\(d.group)"] = i }
    func find(_ key: String, _ group: String) -> Int? { index["\(key)\u{0}\(group)"] }
    rules = schema.scalars.map { d in
      if let metric = Metric.allCases.first(where: { $0.key == d.key }) {
        switch metric.derivation {
        case .ratio(let numerator, let over):
          guard let n = find(numerator.key, d.group) else { return .scalar }
          let terms = over.compactMap { find($0.key, d.group) }
          return terms.count == over.count ? .ratio(numerator: n, denominators: terms) : .scalar
        case .computed(let definedWhen):
          guard let definedWhen, let i = find(definedWhen.key, d.group) else { return .scalar }
          return .definedWhen(i)
        case .counted:
          return .scalar
        }
      }
      if let team = TeamMetric.allCases.first(where: { $0.key == d.key }) {
        guard let ratio = team.ratio, let n = find(ratio.numerator.key, d.group),
          let b = find(ratio.denominator.key, d.group)
        else { return .scalar }
        return .ratio(numerator: n, denominators: [b])
      }
      for stageMetric in StageMetric.allCases {
        guard let ratio = stageMetric.ratio, let stage = stageMetric.stage(inKey: d.key) else {
          continue
        }
        guard let n = find(ratio.numerator.key(stage), d.group),
          let b = find(ratio.denominator.key(stage), d.group)
        else { return .scalar }
        return .ratio(numerator: n, denominators: [b])
      }
      if let desk = DeskMetric.allCases.first(where: { $0.key == d.key }) {
        guard let ratio = desk.ratio, let n = find(ratio.numerator.key, d.group),
          let b = find(ratio.denominator.key, d.group)
        else { return .scalar }
        return .ratio(numerator: n, denominators: [b])
      }
      for kind in DeskChannelMetric.allCases {
        guard let channel = kind.channel(inKey: d.key) else { continue }
        if let ratio = kind.ratio, let n = find(ratio.numerator.key(channel), d.group) {
          let terms = ratio.over.compactMap { find($0.key(channel), d.group) }
          return terms.count == ratio.over.count ? .ratio(numerator: n, denominators: terms) : .scalar
        }
        if let count = kind.definedWhen, let i = find(count.key(channel), d.group) {
          return .definedWhen(i)
        }
        return .scalar
      }
      return .scalar
    }
  }

  /// The numerator and denominator of scalar `i` in one replication's `values`; nil when it
  /// is not a ratio.
  public func terms(_ i: Int, in values: [Double]) -> (numerator: Double, denominator: Double)? {
    guard case .ratio(let n, let over) = rules[i] else { return nil }
    return (values[n], over.reduce(0) { $0 + values[$1] })
  }

  /// Whether scalar `i` exists in a replication with `values`: a ratio needs a denominator
  /// above 0, a figure with a `definedWhen` count needs that count above 0.
  public func isDefined(_ i: Int, in values: [Double]) -> Bool {
    switch rules[i] {
    case .scalar: true
    case .ratio: terms(i, in: values)!.denominator > 0
    case .definedWhen(let c): values[c] > 0
    }
  }

  /// Whether scalar `i` is summarised as a pooled ratio.
  public func isRatio(_ i: Int) -> Bool {
    if case .ratio = rules[i] { return true }
    return false
  }
}
