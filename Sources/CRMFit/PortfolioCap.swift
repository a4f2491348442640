// The client portfolio at which a manager takes no new lead (`max_portfolio`), and the books the
// managers hold on the as-of date (`initial_clients`), from the clients file
// (docs/calibration.md, "Portfolio cap and opening books"). Without them a team that has filled
// its books is forecast with the throughput of its empty-book past.

/// A level's portfolio cap as found in the clients and opportunities of the last year.
public struct PortfolioCap: Sendable, Codable, Hashable {
  /// Days before the as-of date that count: one year, so that what a level's owners could take
  /// recently decides, not their books of years ago.
  public static let window = 365
  /// Owner-days at a book of at least the cap it needs: a month of full books.
  public static let minimumDaysAtCap = 30
  /// How far the lead rate must fall at the cap: below a quarter of the level's rate over all
  /// its owner-days with a book, so that the leads a full owner still gets (one that waited
  /// while a client left, one created on a day the owner was full and taken after) do not hide
  /// the stop. The level's whole rate rather than the rate under `k`: in a team that is filling
  /// up, the few owners with small books get the leads the full ones cannot take.
  public static let fall = 0.25

  /// The smallest book `k` at which the level's owners got new leads at less than ``fall`` of
  /// their rate at every book of 1 or more, with at least ``minimumDaysAtCap`` owner-days at `k` or more;
  /// nil when no book qualifies.
  public var cap: Int?
  /// The largest book an owner of the level held on a day a lead of theirs was created.
  public var largestBook: Int
  /// Leads of the level's owners created in the window (the sample).
  public var leads: Int
  /// Owner-days and leads at a book of ``cap`` or more (0 without a cap).
  public var daysAtCap = 0
  public var leadsAtCap = 0
  /// Leads per owner-day at books of 1 or more, and at cap or more (0 without a cap).
  public var rateAll = 0.0
  public var rateAtCap = 0.0
}

extension HistoryFit {
  /// Each owner's active clients on day `d` (days since the epoch): started before `d` and not
  /// ended before `d`; an end after `asOf` is not known yet, so such a client is active.
  static func books(_ clients: [Client], asOf: CalendarDay, from first: Int, to last: Int)
    -> [String: [Int]]
  {
    var delta: [String: [Int]] = [:]
    let count = last - first + 2
    for c in clients where c.start <= asOf {
      // Active on d when start < d ≤ end.
      let begin = max(first, c.start.daysSinceEpoch + 1)
      let end = c.end.flatMap { $0 <= asOf ? $0.daysSinceEpoch : nil } ?? last
      guard begin <= min(end, last) else { continue }
      delta[c.owner, default: Array(repeating: 0, count: count)][begin - first] += 1
      delta[c.owner]![min(end, last) - first + 1] -= 1
    }
    return delta.mapValues { d in
      var running = 0
      return d.dropLast().map { running += $0; return running }
    }
  }

  /// The portfolio caps of the levels and the opening books of the owners, from the clients
  /// known on `asOf`; empty without clients.
  static func portfolios(
    clients: [Client], opportunities: [Opportunity], levels: [LevelFit], asOf: CalendarDay
  ) -> (caps: [String: PortfolioCap], books: [String: Int]) {
    guard !clients.isEmpty else { return ([:], [:]) }
    let last = asOf.daysSinceEpoch
    let first = last - PortfolioCap.window + 1
    // One day past as-of: the book an owner carries into the forecast.
    let books = Self.books(clients, asOf: asOf, from: first, to: last + 1)
    var opening: [String: Int] = [:]
    for (owner, b) in books { opening[owner] = b[last + 1 - first] }
    var caps: [String: PortfolioCap] = [:]
    for level in levels {
      // Owner-days and leads created at each book size.
      var days: [Int: Int] = [:]
      var leadsAt: [Int: Int] = [:]
      for owner in level.owners {
        for b in books[owner]?.prefix(PortfolioCap.window) ?? [] { days[b, default: 0] += 1 }
      }
      let members = Set(level.owners)
      for o in opportunities where members.contains(o.owner) {
        let d = o.created.daysSinceEpoch
        guard d >= first, d <= last else { continue }
        leadsAt[books[o.owner]?[d - first] ?? 0, default: 0] += 1
      }
      let leads = leadsAt.values.reduce(0, +)
      guard leads > 0 else { continue }
      var found = PortfolioCap(cap: nil, largestBook: leadsAt.keys.max() ?? 0, leads: leads)
      let top = days.keys.max() ?? 0
      if top >= 2 {
        for k in 2...top {
          let daysAbove = days.filter { $0.key >= k }.values.reduce(0, +)
          let leadsAbove = leadsAt.filter { $0.key >= k }.values.reduce(0, +)
          // Book 0 is left out below: an empty book is mostly a new hire still ramping.
          let daysBelow = days.filter { $0.key >= 1 && $0.key < k }.values.reduce(0, +)
          let leadsBelow = leadsAt.filter { $0.key >= 1 && $0.key < k }.values.reduce(0, +)
          guard daysAbove >= PortfolioCap.minimumDaysAtCap, daysBelow > 0, leadsBelow > 0 else { continue }
          let all = Double(leadsBelow + leadsAbove) / Double(daysBelow + daysAbove)
          let above = Double(leadsAbove) / Double(daysAbove)
          if above < PortfolioCap.fall * all {
            found.cap = k
            found.daysAtCap = daysAbove
            found.leadsAtCap = leadsAbove
            found.rateAll = all
            found.rateAtCap = above
            break
          }
        }
      }
      caps[level.name] = found
    }
    return (caps, opening)
  }
}
