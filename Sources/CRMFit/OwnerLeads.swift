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

  /// Leads per day employed, `(count + ½) / days`: the half keeps an owner who had no lead in
  /// the window at a small share rather than none (at least a week counts as employed, so
  /// that a hire of a few days does not take the flow); 0 for an owner who has left.
  public var rate: Double { left ? 0 : (Double(count) + 0.5) / max(7, days) }

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
