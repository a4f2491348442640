// Each owner's share of the lead flow, for the per-owner forecast (docs/calibration.md,
// "Per owner"): routing in a real team is not an even split (capacity, caps on open leads,
// segments a level may not take, the owner's own prospecting).

/// The parameters of a beta distribution.
public struct BetaParameters: Sendable, Codable, Hashable {
  public var alpha: Double
  public var beta: Double
  public init(alpha: Double, beta: Double) {
    self.alpha = alpha
    self.beta = beta
  }
}

/// One owner's opportunities created in the last ``window`` days before the as-of date.
public struct OwnerLeads: Sendable, Codable, Hashable {
  /// Days before the as-of date that count: the three months of the run rate.
  public static let window = 91

  /// Days of the window the owner was employed (the whole window without an owners file).
  public var days: Double
  /// Opportunities created in the window, by segment name.
  public var bySegment: [String: Int]

  /// Opportunities created in the window.
  public var count: Int { bySegment.values.reduce(0, +) }

  /// Whether the owner had left by the as-of date: no new lead goes to them.
  public var left = false
  /// Multiplies the owner's rate: 1 in the fit, drawn per parameter set of a forecast.
  public var factor = 1.0

  /// Leads per day employed, `(count + ½) / days`: the half keeps an owner who had no lead in
  /// the window at a small share rather than none (at least a week counts as employed, so
  /// that a hire of a few days does not take the flow); 0 for an owner who has left; times
  /// ``factor``.
  public var rate: Double { left ? 0 : factor * (Double(count) + 0.5) / max(7, days) }

  /// Every owner's leads of the window, created in `(asOf − window, asOf]`.
  static func recent(
    _ opportunities: [Opportunity], owners: [Owner], asOf: CalendarDay,
    segment: (Opportunity) -> String
  ) -> [String: OwnerLeads] {
    let first = asOf.daysSinceEpoch - window + 1
    var result: [String: OwnerLeads] = [:]
    let employment = Dictionary(owners.map { ($0.owner, $0) }, uniquingKeysWith: { a, _ in a })
    func days(_ owner: String) -> Double {
      guard let o = employment[owner] else { return Double(window) }
      let start = max(first, o.hired?.daysSinceEpoch ?? first)
      let end = min(asOf.daysSinceEpoch, o.exited?.daysSinceEpoch ?? asOf.daysSinceEpoch)
      return Double(max(0, end - start + 1))
    }
    for o in opportunities where o.created.daysSinceEpoch >= first && o.created <= asOf {
      result[o.owner, default: OwnerLeads(days: days(o.owner), bySegment: [:])]
        .bySegment[segment(o), default: 0] += 1
    }
    for o in owners where result[o.owner] == nil {
      result[o.owner] = OwnerLeads(days: days(o.owner), bySegment: [:])
    }
    for o in owners where o.exited.map({ $0 <= asOf }) ?? false {
      result[o.owner]?.left = true
    }
    return result
  }
}

extension OwnerLeads {
  /// The variation of an owner's monthly won count beyond Poisson,
  /// `v_o = max(0, Σ_i (S_i − (T_i − 1) m_i) / Σ_i (T_i − 1) m_i²)` pooled
  /// over the owners with at least six whole months (`T_i` months strictly between the months of
  /// their first and last deal known on as-of, won counts of mean `m_i` and sum of squared
  /// deviations `S_i`): for counts Poisson with a rate varying by a factor of mean 1 and
  /// variance `v`, `E[S_i] = (T_i − 1)(m_i + v m_i²)`.
  static func extraVariation(_ opportunities: [Opportunity], asOf: CalendarDay) -> Double {
    var span: [String: (first: Int, last: Int)] = [:]
    var won: [String: [Int: Int]] = [:]
    for o in opportunities {
      let closed = o.closed.flatMap { $0 <= asOf ? $0 : nil }
      let last = (closed ?? o.created).monthIndex
      let s = span[o.owner] ?? (o.created.monthIndex, last)
      span[o.owner] = (min(s.first, o.created.monthIndex), max(s.last, last))
      if o.status == .won, let c = closed { won[o.owner, default: [:]][c.monthIndex, default: 0] += 1 }
    }
    var numerator = 0.0
    var denominator = 0.0
    for (owner, s) in span where s.last - s.first - 1 >= 6 {
      let counts = ((s.first + 1)..<s.last).map { Double(won[owner]?[$0] ?? 0) }
      let t = Double(counts.count)
      let m = counts.reduce(0, +) / t
      guard m > 0 else { continue }
      let squares = counts.reduce(0) { $0 + ($1 - m) * ($1 - m) }
      numerator += squares - (t - 1) * m
      denominator += (t - 1) * m * m
    }
    guard denominator > 0 else { return 0 }
    return max(0, numerator / denominator)
  }
}
