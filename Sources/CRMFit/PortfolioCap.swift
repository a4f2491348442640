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
  /// The level's owners whose cap changed within the window (a promotion): only their days
  /// after the change count.
  public var ownersChanged = 0
}

extension HistoryFit {
  /// Which owner held each client and when: `(owner, from, to)` in days since the epoch, the
  /// client in the owner's book on `d` when `from < d ≤ to` (`to` nil: still held on as-of).
  /// The clients file names the owner a client is with last, so a client handed on when its
  /// manager left would count in the new owner's book from its start, and the leaver's book
  /// would look empty before they left. A client whose account has a deal won on or before
  /// its start by another owner is that owner's until their exit, when the owners file gives
  /// one on or before as-of within the client's life, and the named owner's after it (the
  /// exit's date is known on as-of; an exit after as-of is not, and the client is the
  /// winner's then). A client without such a deal (on the books before the history, or an
  /// export without accounts) is counted from its start, but not before its named owner's
  /// hire.
  static func holdings(
    _ clients: [Client], opportunities: [Opportunity], owners: [Owner], asOf: CalendarDay
  ) -> [(owner: String, from: Int, to: Int?)] {
    // Each account's won deals known on as-of, by close, to find the one a client came from.
    var won: [String: [(closed: Int, owner: String)]] = [:]
    for o in opportunities where o.status == .won && !o.account.isEmpty {
      guard let closed = o.closed, closed <= asOf else { continue }
      won[o.account, default: []].append((closed.daysSinceEpoch, o.owner))
    }
    var exit: [String: Int] = [:]
    var hire: [String: Int] = [:]
    for o in owners {
      if let e = o.exited, e <= asOf { exit[o.owner] = e.daysSinceEpoch }
      if let h = o.hired { hire[o.owner] = h.daysSinceEpoch }
    }
    var held: [(owner: String, from: Int, to: Int?)] = []
    for c in clients where c.start <= asOf {
      let start = c.start.daysSinceEpoch
      let end = c.end.flatMap { $0 <= asOf ? $0.daysSinceEpoch : nil }
      let winner = won[c.account]?.filter { $0.closed <= start }
        .max { $0.closed < $1.closed }?.owner
      if let winner, winner != c.owner {
        if let e = exit[winner], start < e, end.map({ e < $0 }) ?? true {
          held.append((winner, start, e))
          held.append((c.owner, e, end))
        } else {
          held.append((winner, start, end))
        }
      } else {
        let from = winner == nil ? max(start, (hire[c.owner] ?? start) - 1) : start
        if end.map({ from < $0 }) ?? true { held.append((c.owner, from, end)) }
      }
    }
    return held
  }

  /// Each owner's book on every day from `first` to `last` (days since the epoch), from
  /// ``holdings(_:opportunities:owners:asOf:)``.
  static func books(
    _ held: [(owner: String, from: Int, to: Int?)], from first: Int, to last: Int
  ) -> [String: [Int]] {
    var delta: [String: [Int]] = [:]
    let count = last - first + 2
    for h in held {
      let begin = max(first, h.from + 1)
      let end = min(h.to ?? last, last)
      guard begin <= end else { continue }
      delta[h.owner, default: Array(repeating: 0, count: count)][begin - first] += 1
      delta[h.owner]![end - first + 1] -= 1
    }
    return delta.mapValues { d in
      var running = 0
      return d.dropLast().map { running += $0; return running }
    }
  }

  /// The portfolio caps of the levels and the opening books of the owners, from the clients
  /// known on `asOf`; empty without clients.
  static func portfolios(
    clients: [Client], opportunities: [Opportunity], owners: [Owner], levels: [LevelFit],
    asOf: CalendarDay
  ) -> (caps: [String: PortfolioCap], books: [String: Int]) {
    guard !clients.isEmpty else { return ([:], [:]) }
    let last = asOf.daysSinceEpoch
    let first = last - PortfolioCap.window + 1
    let held = holdings(clients, opportunities: opportunities, owners: owners, asOf: asOf)
    // One day past as-of: the book an owner carries into the forecast.
    let books = Self.books(held, from: first, to: last + 1)
    var opening: [String: Int] = [:]
    for (owner, b) in books { opening[owner] = b[last + 1 - first] }
    // Each owner's leads by day of the window.
    var leadsOn: [String: [Int]] = [:]
    for o in opportunities {
      let d = o.created.daysSinceEpoch
      guard d >= first, d <= last else { continue }
      leadsOn[o.owner, default: Array(repeating: 0, count: PortfolioCap.window)][d - first] += 1
    }
    var caps: [String: PortfolioCap] = [:]
    for level in levels {
      var tally = BookTally()
      var changes = 0
      for owner in level.owners {
        let book = Array(books[owner]?.prefix(PortfolioCap.window) ?? [])
        let leads = leadsOn[owner] ?? Array(repeating: 0, count: PortfolioCap.window)
        let since = PortfolioCap.lastChange(book: book, leads: leads)
        if since > 0 { changes += 1 }
        for d in since..<PortfolioCap.window {
          // An owner without a client in the file has no book: 0 on every day.
          tally.add(book: book.isEmpty ? 0 : book[d], leads: leads[d])
        }
      }
      guard tally.leadCount > 0 else { continue }
      var found = PortfolioCap(
        cap: nil, largestBook: tally.largestBookAtLead, leads: tally.leadCount)
      found.ownersChanged = changes
      if let stop = tally.stop() {
        found.cap = stop.book
        found.daysAtCap = stop.daysAbove
        found.leadsAtCap = stop.leadsAbove
        found.rateAll = stop.rateAll
        found.rateAtCap = stop.rateAbove
      }
      caps[level.name] = found
    }
    return (caps, opening)
  }
}

/// Owner-days and leads by book size, and the book at which the leads stop.
struct BookTally {
  var days: [Int] = []
  var leads: [Int] = []

  mutating func add(book: Int, leads count: Int) {
    if book >= days.count {
      days += Array(repeating: 0, count: book + 1 - days.count)
      leads += Array(repeating: 0, count: book + 1 - leads.count)
    }
    days[book] += 1
    leads[book] += count
  }

  var leadCount: Int { leads.reduce(0, +) }
  var largestBookAtLead: Int { leads.lastIndex { $0 > 0 } ?? 0 }

  /// The smallest book `k ≥ 2` with at least ``PortfolioCap/minimumDaysAtCap`` days at `k` or
  /// more, at which the lead rate falls below ``PortfolioCap/fall`` of the rate at every book
  /// of 1 or more; nil when none does.
  func stop() -> (book: Int, daysAbove: Int, leadsAbove: Int, rateAll: Double, rateAbove: Double)? {
    guard days.count > 2 else { return nil }
    // Book 0 is left out: an empty book is mostly a new hire still ramping.
    let allDays = days.dropFirst().reduce(0, +)
    let allLeads = leads.dropFirst().reduce(0, +)
    var daysAbove = allDays - days[1]
    var leadsAbove = allLeads - leads[1]
    for k in 2..<days.count {
      defer {
        daysAbove -= days[k]
        leadsAbove -= leads[k]
      }
      let daysBelow = allDays - daysAbove
      let leadsBelow = allLeads - leadsAbove
      guard daysAbove >= PortfolioCap.minimumDaysAtCap, daysBelow > 0, leadsBelow > 0 else {
        continue
      }
      let all = Double(allLeads) / Double(allDays)
      let above = Double(leadsAbove) / Double(daysAbove)
      if above < PortfolioCap.fall * all { return (k, daysAbove, leadsAbove, all, above) }
    }
    return nil
  }
}

extension PortfolioCap {
  /// What confirms a change of an owner's cap: within ``changeDays`` days of a lead at a book
  /// above the stop their earlier days showed, leads at such books at ``changeShare`` of the
  /// owner's rate at any book of 1 or more, and at least ``changeLeads``. An owner at their cap
  /// still gets the odd lead (see ``fall``), and one whose stop was found a client or two under
  /// the cap gets leads at a churn's pace; a promoted owner gets them at their usual pace
  /// until their book reaches the new cap.
  static let changeDays = 30
  static let changeShare = 0.5
  static let changeLeads = 3

  /// The first day of the window (0-based) from which `book` and `leads` (one entry per day;
  /// `book` empty: no clients) show one cap: the last day on which the owner got leads again,
  /// as confirmed above, at a book above the stop their earlier days showed. A promotion raises a
  /// manager's cap (docs/calibration.md, "Portfolio cap and opening books"), and the owners
  /// file gives only the level after it; 0 when the cap did not change.
  static func lastChange(book: [Int], leads: [Int]) -> Int {
    guard !book.isEmpty else { return 0 }
    var since = 0
    var tally = BookTally()
    for d in book.indices {
      if leads[d] > 0, let stop = tally.stop(), book[d] > stop.book {
        let end = min(book.count, d + changeDays)
        let confirming = (d..<end).reduce(0) { $0 + (book[$1] > stop.book ? leads[$1] : 0) }
        let needed = max(Double(changeLeads), changeShare * stop.rateAll * Double(changeDays))
        if Double(confirming) >= needed {
          since = d
          tally = BookTally()
        }
      }
      tally.add(book: book[d], leads: leads[d])
    }
    return since
  }
}
