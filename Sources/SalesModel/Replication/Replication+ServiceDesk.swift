// The model, section 8.5 "Service desk" (docs/model.md): response managers answering the
// clients' requests by channel from one shared queue, in working minutes.

internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// A request for the desk. Times are on the desk's clock: working minutes since the desk's
/// first working minute, so a wait that spans a night counts only the working minutes.
struct DeskRequest {
  var arrival: Double
  var handling: Double
  /// When the caller hangs up if not answered (`.infinity`: never).
  var deadline: Double
  var channel: Int32
  var escalates: Bool
}

/// The desk's state in one replication (docs/model.md, 8.5). The working day is simulated
/// with a next-event loop over two kinds of event, arrivals (in time order) and response
/// managers becoming free: the same order of events the general future-event set would give,
/// without an entry per request (this runs for every request of every replication).
struct ServiceDeskState {
  struct Channel {
    /// `H(desk salt, FNV-1a of the name)`: keys the channel's draws, so that adding a channel
    /// leaves the others' requests alone.
    var key: UInt64
    var perClientPerMonth: Double
    var perMonth: Double
    var handling: Distribution
    var patience: Distribution?
    var sla: Double
    var escalationShare: Double
    /// The place of the channel's priority among the distinct priorities, lowest first.
    var priorityClass: Int
  }

  let channels: [Channel]
  let minutesPerDay: Double
  let headcount: Int
  let costPerMonth: Double
  /// Waiting requests, one FIFO per priority class, read from `heads`.
  var queues: [[DeskRequest]]
  var heads: [Int]
  var queued = 0
  /// When each response manager is next free.
  var free: [Double]
  /// The desk clock at the start of the current working day.
  var dayStart = 0.0
  /// Today's arrivals of every channel, merged in time order (reused day after day).
  var arrivals: [DeskRequest] = []
  /// ``DeskChannelMetric`` counts, channel after channel.
  var counts: [Double]
  /// Every answered request's wait, by channel, for the P90.
  var waits: [[Double]]
  var busy = 0.0

  init(_ desk: ServiceDesk, salt: UInt64) {
    let priorities = Array(Set(desk.channels.map(\.priority))).sorted()
    channels = desk.channels.map { c in
      Channel(
        key: keyedBits(
          salt, c.name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }),
        perClientPerMonth: c.requestsPerClientPerMonth,
        perMonth: c.requestsPerMonth, handling: c.handlingMinutes,
        patience: c.patienceMinutes, sla: c.slaMinutes, escalationShare: c.escalationShare,
        priorityClass: priorities.firstIndex(of: c.priority)!)
    }
    minutesPerDay = desk.responseManagers.hoursPerDay * 60
    headcount = desk.responseManagers.headcount
    costPerMonth = Double(headcount) * desk.responseManagers.salaryPerMonth
    queues = [[DeskRequest]](repeating: [], count: priorities.count)
    heads = [Int](repeating: 0, count: priorities.count)
    free = [Double](repeating: 0, count: headcount)
    counts = [Double](repeating: 0, count: channels.count * DeskChannelMetric.allCases.count)
    waits = [[Double]](repeating: [], count: channels.count)
  }

  @inline(__always) mutating func count(_ m: DeskChannelMetric, _ channel: Int, _ v: Double = 1) {
    counts[channel * DeskChannelMetric.allCases.count + m.rawValue] += v
  }

  func value(_ m: DeskChannelMetric, _ channel: Int) -> Double {
    counts[channel * DeskChannelMetric.allCases.count + m.rawValue]
  }

  /// One working day `d` of a month of `monthDays` working days (`n_m`, section 1) with
  /// `clients` live clients; returns the requests escalated today.
  mutating func workDay(_ d: Int, monthDays: Double, clients: Int, scratch: RandomStream) -> Int {
    let w = minutesPerDay
    arrivals.removeAll(keepingCapacity: true)
    for (i, ch) in channels.enumerated() {
      let perClientPerDay = ch.perClientPerMonth / monthDays
      let perMinute = (Double(clients) * perClientPerDay + ch.perMonth / monthDays) / w
      guard perMinute > 0 else { continue }
      var t = 0.0
      var n: UInt64 = 0
      while true {
        let occasion = UInt64(d) << 32 | n
        t += -log1p(-keyedUniform(ch.key, .deskArrivals, occasion)) / perMinute
        if t >= w { break }
        scratch.reseed(keyedBits(ch.key, .deskHandling, occasion))
        let handling = max(0, ch.handling.sample(scratch))
        var deadline = Double.infinity
        if let patience = ch.patience {
          scratch.reseed(keyedBits(ch.key, .deskPatience, occasion))
          deadline = dayStart + t + max(0, patience.sample(scratch))
        }
        let escalates =
          ch.escalationShare > 0
          && keyedUniform(ch.key, .deskEscalation, occasion) < ch.escalationShare
        arrivals.append(
          DeskRequest(
            arrival: dayStart + t, handling: handling, deadline: deadline, channel: Int32(i),
            escalates: escalates))
        count(.requests, i)
        n += 1
      }
    }
    arrivals.sort { $0.arrival < $1.arrival }
    var escalated = 0
    for a in arrivals {
      // Whoever is free by the arrival takes the waiting requests first; then the arrival
      // queues, and is answered at once if someone is still free.
      escalated += answer(upTo: a.arrival)
      enqueue(a)
      escalated += answer(upTo: a.arrival)
    }
    dayStart += w
    escalated += answer(upTo: dayStart)
    return escalated
  }

  mutating func enqueue(_ r: DeskRequest) {
    queues[channels[Int(r.channel)].priorityClass].append(r)
    queued += 1
  }

  /// The waiting request answered next: the head of the lowest non-empty priority class.
  mutating func popNext() -> DeskRequest {
    var k = 0
    while heads[k] == queues[k].count { k += 1 }
    let r = queues[k][heads[k]]
    heads[k] += 1
    queued -= 1
    if heads[k] == queues[k].count {
      queues[k].removeAll(keepingCapacity: true)
      heads[k] = 0
    } else if heads[k] > 1024 && heads[k] * 2 > queues[k].count {
      queues[k].removeFirst(heads[k])
      heads[k] = 0
    }
    return r
  }

  /// Response managers free at or before `limit` answer waiting requests, the first free
  /// first; a request whose caller has hung up by then is abandoned instead. Returns the
  /// answered requests that escalate.
  mutating func answer(upTo limit: Double) -> Int {
    var escalated = 0
    while queued > 0 {
      // A linear scan: desks are small, and a heap would cost more below a few dozen.
      var s = 0
      for j in 1..<max(free.count, 1) where free[j] < free[s] { s = j }
      if free[s] > limit { break }
      let r = popNext()
      let start = max(free[s], r.arrival)
      let ch = Int(r.channel)
      if r.deadline < start {
        count(.abandoned, ch)
        continue
      }
      let wait = start - r.arrival
      count(.answered, ch)
      count(.waitMinutesTotal, ch, wait)
      if wait <= channels[ch].sla { count(.answeredWithinSLA, ch) }
      waits[ch].append(wait)
      if r.escalates {
        count(.escalated, ch)
        escalated += 1
      }
      busy += r.handling
      free[s] = start + r.handling
    }
    return escalated
  }

  /// The values of the desk's outputs at the end of the horizon (`months` long), in the
  /// layout's order: the ``DeskMetric``s, then each channel's ``DeskChannelMetric``s.
  mutating func finish(months: Int, workingDays: Int) -> [Double] {
    let end = dayStart
    // Requests still waiting: abandoned if their caller has hung up by the end.
    for k in queues.indices {
      for r in queues[k][heads[k]...] {
        count(r.deadline < end ? .abandoned : .waitingEnd, Int(r.channel))
      }
    }
    var overrun = 0.0
    for f in free where f > end { overrun += f - end }
    let busyInHorizon = busy - overrun
    let available = Double(headcount) * minutesPerDay * Double(workingDays)
    var values = [Double](repeating: 0, count: DeskMetric.allCases.count)
    values[DeskMetric.busyMinutes.rawValue] = busyInHorizon
    values[DeskMetric.availableMinutes.rawValue] = available
    values[DeskMetric.utilisation.rawValue] = available > 0 ? busyInHorizon / available : 0
    values[DeskMetric.cost.rawValue] = costPerMonth * Double(months)
    for ch in channels.indices {
      let answered = value(.answered, ch)
      let offered = answered + value(.abandoned, ch)
      counts[ch * DeskChannelMetric.allCases.count + DeskChannelMetric.withinSLAShare.rawValue] =
        offered > 0 ? value(.answeredWithinSLA, ch) / offered : 0
      counts[ch * DeskChannelMetric.allCases.count + DeskChannelMetric.waitMean.rawValue] =
        answered > 0 ? value(.waitMinutesTotal, ch) / answered : 0
      counts[ch * DeskChannelMetric.allCases.count + DeskChannelMetric.waitP90.rawValue] =
        nearestRank90(&waits[ch])
    }
    return values + counts
  }

  /// The 90th percentile by nearest rank: the `ceil(0.9 n)`-th smallest; 0 when empty.
  func nearestRank90(_ xs: inout [Double]) -> Double {
    guard !xs.isEmpty else { return 0 }
    xs.sort()
    let rank = Int((0.9 * Double(xs.count)).rounded(.up))
    return xs[max(rank, 1) - 1]
  }

  /// Law 12 of section 13, per channel: requests = answered + abandoned + waiting at the end;
  /// answered within the SLA ≤ answered; minutes answering ≤ minutes available. Nil when all hold.
  func brokenLaw(_ values: [Double]) -> String? {
    for ch in channels.indices {
      let requests = value(.requests, ch)
      let settled = value(.answered, ch) + value(.abandoned, ch) + value(.waitingEnd, ch)
      if requests != settled {
        return "desk channel \(ch): requests \(requests) != answered + abandoned + waiting \(settled)"
      }
      if value(.answeredWithinSLA, ch) > value(.answered, ch) {
        return "desk channel \(ch): answered within the SLA > answered"
      }
    }
    let busy = values[DeskMetric.busyMinutes.rawValue]
    let available = values[DeskMetric.availableMinutes.rawValue]
    if busy > available * (1 + 1e-9) + 1e-6 {
      return "desk minutes answering \(busy) > minutes available \(available)"
    }
    return nil
  }
}

extension Replication {
  /// The desk's working day (docs/model.md, 8.5), after the managers' work: closed on holidays.
  mutating func deskDay(_ d: Int, holiday: Bool) {
    guard !holiday else { return }
    deskWorkingDays += 1
    let monthDays = Double(model.calendar.monthLength(model.calendar.month(ofDay: d)))
    let escalated = desk!.workDay(
      d, monthDays: monthDays, clients: activeClients, scratch: scratch)
    // The support team of 8.4 exists only with service and escalation on (section 14).
    if escalated > 0 && serviceOn && escalationOn {
      supportRing[d] += escalated
      supportWaiting += escalated
    }
  }
}
