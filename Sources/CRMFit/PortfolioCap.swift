// The client portfolio at which a manager takes no new lead (`max_portfolio`), and the books the
// managers hold on the as-of date (`initial_clients`), from the clients file
// (docs/calibration.md, "Portfolio cap and opening books"). Without them a team that has filled
// its books is forecast with the throughput of its empty-book past.

/// A level's portfolio cap as found in the clients and opportunities of the last year.
public struct PortfolioCap: Sendable, Codable, Hashable {
  /// Days before the as-of date that count: one year, so that what a level's owners could take
  /// recently decides, not their books of years ago.
  public static let window = 365
  /// Owner-days at a book of at least ``found`` the cap needs to be written: a month of a full
  /// book with no new lead, so that a level whose books never filled up gets no cap.
  public static let minimumDaysAtCap = 30

  /// `1 +` the largest book an owner of the level held on a day a lead of theirs was created.
  public var found: Int
  /// Leads of the level's owners created in the window (the sample of ``found``).
  public var leads: Int
  /// Owner-days of the window at a book of ``found`` or more (no lead created on any of them).
  public var daysAtCap: Int

  /// The cap to write, nil when the books never stayed full long enough to show one.
  public var cap: Int? { leads > 0 && daysAtCap >= Self.minimumDaysAtCap ? found : nil }
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
      let members = Set(level.owners)
      var largest = -1
      var leads = 0
      for o in opportunities where members.contains(o.owner) {
        let d = o.created.daysSinceEpoch
        guard d >= first, d <= last else { continue }
        leads += 1
        largest = max(largest, books[o.owner]?[d - first] ?? 0)
      }
      guard leads > 0 else { continue }
      let found = largest + 1
      let days = members.reduce(0) { sum, owner in
        sum + (books[owner]?.prefix(PortfolioCap.window).filter { $0 >= found }.count ?? 0)
      }
      caps[level.name] = PortfolioCap(found: found, leads: leads, daysAtCap: days)
    }
    return (caps, opening)
  }
}
