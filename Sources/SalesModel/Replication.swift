internal import DiscreteEvent
internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// What the kernel schedules. Everything happens on whole working days; within a day the
/// priority fixes the order (docs/model.md, "Order within a day").
enum Event {
  case dayStart(Int32)
  case stageDone(lead: Int32)
  /// A vacancy is refilled; `predecessor` is the manager who left (their key keys the hire).
  case hire(level: Int32, predecessor: Int32)
  case dayWork(Int32)
  case monthEnd(Int32)
}

enum Priority {
  static let dayStart: Int32 = 0
  static let stageDone: Int32 = 1
  static let hire: Int32 = 1
  static let dayWork: Int32 = 2
  static let monthEnd: Int32 = 3
}

enum Channel: UInt8 {
  case inbound, outbound, referral, event
  var metric: Metric {
    switch self {
    case .inbound: .leadsInbound
    case .outbound: .leadsOutbound
    case .referral: .leadsReferral
    case .event: .leadsEvent
    }
  }
}

/// A FIFO of leads threaded through `Lead.next` (no allocation per lead).
struct LeadQueue {
  var head: Int32 = -1
  var tail: Int32 = -1
  var count: Int = 0
}

struct Lead {
  var key: UInt64 = 0
  var dealSize: Double = 0
  var arrivalDay: Int32 = 0
  var expiresDay: Int32 = 0
  var patience: Int32 = 0
  var manager: Int32 = -1
  var next: Int32 = -1
  var segment: Int16 = 0
  var stage: Int8 = 0
  var highest: Int8 = -1
  var channel: Channel = .inbound
  var reschedules: UInt8 = 0
  /// Times the lead has re-entered its current stage (after a departing manager); with the
  /// stage it names the occasion of the stage's keyed draws.
  var entries: UInt8 = 0
  var counted = false
  var alive = false
}

struct Manager {
  /// Fixed by the manager's place in the plan (docs/model.md, section 12), so that the same
  /// manager in two scenarios draws the same vacation, attrition and outbound luck.
  var key: UInt64
  var level: Int
  var active = true
  var hireDay: Int
  var tenureAtHire: Int
  var experienceAtHire: Int
  var vacationStart: Int
  var openLeads = 0
  var clients = 0
  var clientHead: Int32 = -1
  var calls = LeadQueue()
  var meetings = LeadQueue()
  var waitingRequests = 0
  /// Arrival day of the oldest unanswered request (meaningful while `waitingRequests > 0`).
  var oldestRequestDay = 0
  var periodBookings = 0.0
  var lastAttainment = 0.0
  var hasAttainment = false
  var monthRequestsClosed = 0
  var monthBreaches = 0
  var breachShare = 0.0
}

struct Client {
  /// Fixed by the won lead's key (or drawn for an initial client): keys the client's draws.
  var key: UInt64 = 0
  var value = 0.0
  var mrr = 0.0
  var billed = 0.0
  var manager: Int32 = -1
  var prev: Int32 = -1
  var next: Int32 = -1
  var segment: Int16 = 0
  var termEndMonth: Int32 = 0
  var alive = false
}

/// Per-group sums that become means and shares at the end.
enum Aux: Int, CaseIterable {
  case cycleSum, answered, responseSum, withinSLA, callsUsed, callsAvailable, meetingsUsed,
    meetingsAvailable, serviceUsed, serviceAvailable, exposure, attainmentSum, atOrAbove

  /// The number of cases, as a constant (`allCases` would build an array per use).
  static var count: Int { atOrAbove.rawValue + 1 }
}

/// The mutable state of one replication.
struct Replication {
  let model: SalesModel
  let replication: Int
  var sim = Simulation<Event>(start: 0)

  // Streams of world facts drawn in a fixed order, and one scratch stream reseeded per keyed
  // draw (docs/model.md, sections 5.2 and 12).
  let sInbound, sEvents, scratch: RandomStream
  /// Salts of the manager keys: initial managers and planned hires.
  let staffSalt, plannedSalt: UInt64
  /// Planned hires so far (all levels): the ordinal that keys the next one.
  var plannedOrdinal: UInt64 = 0
  /// e^-mean of the daily request count of one client of each segment, and of the daily
  /// referral count of one client.
  let noRequestChance: [Double]
  let referralMean: Double
  let noReferralChance: Double

  var leads: [Lead] = []
  var freeLeads: [Int32] = []
  var waiting = LeadQueue()
  var pushed = LeadQueue()
  var managers: [Manager] = []
  var clients: [Client] = []
  var freeClients: [Int32] = []
  var orphanHead: Int32 = -1
  var requestRing: [Int32] = []
  let ringSize: Int
  var supportRing: [Int]
  var supportWaiting = 0
  var escalationWaitSum = 0.0
  var escalationsServed = 0.0

  var marketAvailable: [Int]
  var marketReturns: [(day: Int, segment: Int16)] = []
  var marketReturnsHead = 0

  let perGroup: Int
  let groups: Int
  var c: [Double]
  var aux: [Double]
  var stageOutcomes: [Double]
  var stageSuccesses: [Double]
  var responseHistogram: [Double]
  var samples: [[Double]]
  var team = [Double](repeating: 0, count: TeamMetric.count)

  var activeClients = 0
  var activeManagers = 0
  var closedBilled = 0.0
  var requestsAnswered = 0.0
  var requestsAbandoned = 0.0
  var monthRevenue = 0.0
  var monthBookings = 0.0
  var seriesRevenue: [Double]
  var seriesBookings: [Double]
  var seriesClients: [Double]
  var seriesHeadcount: [Double]
  var roundRobinCursor = -1
  var planFromQuotas = 0.0
  /// log(1 - p) of the contact rate and the escalation share, for binomial draws.
  let logNoContact: Double
  let logNoEscalation: Double

  init(model: SalesModel, replication: Int, seed: UInt64) {
    self.model = model
    self.replication = replication
    func stream(_ name: String) -> RandomStream {
      RandomStream(seed: seed, replication: replication, name: name)
    }
    sInbound = stream("leads.inbound")
    sEvents = stream("leads.events")
    scratch = RandomStream(seed: 0)
    staffSalt = StreamSeed.derive(seed: seed, replication: replication, name: "staff.initial")
    plannedSalt = StreamSeed.derive(seed: seed, replication: replication, name: "staff.planned")
    noRequestChance = model.segments.map { exp(-$0.requestsPerDay) }
    referralMean =
      model.scenario.leads.referrals.perClientPerMonth / Double(model.scenario.calendar.daysPerMonth)
    noReferralChance = exp(-referralMean)
    ringSize = model.scenario.portfolio.service.abandonAfterDays + 1
    logNoContact = log1p(-min(model.scenario.leads.outbound.contactRate, 0.999_999_999))
    logNoEscalation = log1p(-min(model.scenario.portfolio.escalation.share, 0.999_999_999))
    supportRing = [Int](repeating: 0, count: max(model.days, 1))
    marketAvailable = model.marketSize
    perGroup = model.layout.perGroup
    groups = model.layout.groups.count
    c = [Double](repeating: 0, count: groups * perGroup)
    aux = [Double](repeating: 0, count: groups * Aux.count)
    stageOutcomes = [Double](repeating: 0, count: groups * model.stages.count)
    stageSuccesses = stageOutcomes
    responseHistogram = [Double](repeating: 0, count: groups * ringSize)
    samples = [[Double]](repeating: [], count: groups)
    let months = model.scenario.horizonMonths
    seriesRevenue = [Double](repeating: 0, count: months)
    seriesBookings = seriesRevenue
    seriesClients = seriesRevenue
    seriesHeadcount = seriesRevenue
  }

  var serviceOn: Bool {
    model.scenario.portfolio.enabled && model.scenario.portfolio.service.enabled
  }
  var escalationOn: Bool {
    model.scenario.portfolio.enabled && model.scenario.portfolio.escalation.enabled
  }

  // MARK: counters

  @inline(__always) mutating func add(_ m: Metric, _ level: Int, _ v: Double = 1) {
    c[m.rawValue] += v
    if level >= 0 { c[(level + 1) * perGroup + m.rawValue] += v }
  }
  @inline(__always) mutating func addAux(_ a: Aux, _ level: Int, _ v: Double) {
    let n = Aux.count
    aux[a.rawValue] += v
    if level >= 0 { aux[(level + 1) * n + a.rawValue] += v }
  }
  @inline(__always) func value(_ m: Metric, _ group: Int) -> Double {
    c[group * perGroup + m.rawValue]
  }
  @inline(__always) func auxValue(_ a: Aux, _ group: Int) -> Double {
    aux[group * Aux.count + a.rawValue]
  }

  // MARK: running

  mutating func run() {
    setUp()
    if model.days > 0 { sim.schedule(.dayStart(0), at: 0, priority: Priority.dayStart) }
    let end = Double(model.days - 1) + 0.5
    while let event = sim.next(until: end) {
      switch event {
      case .dayStart(let d): dayStart(Int(d))
      case .stageDone(let lead): stageDone(Int(lead), Int(sim.now))
      case .hire(let level, let predecessor):
        let key = keyedBits(managers[Int(predecessor)].key, Purpose.replacementKey.rawValue)
        hire(level: Int(level), day: Int(sim.now), key: key)
      case .dayWork(let d): dayWork(Int(d))
      case .monthEnd(let d): monthEnd(Int(d))
      }
    }
  }

  mutating func setUp() {
    for (l, level) in model.levels.enumerated() {
      let levelSalt = keyedBits(staffSalt, level.nameKey)
      for index in 0..<level.headcount {
        let key = keyedBits(levelSalt, UInt64(index))
        scratch.reseed(keyedBits(key, .initialStaff, 0))
        let tenure = max(0, Int(level.tenureMonths.sample(scratch).rounded(.down)))
        let sampled = max(0, Int(level.experienceMonths.sample(scratch).rounded(.down)))
        let m = addManager(
          level: l, day: 0, tenure: tenure, experience: max(level.minExperience, sampled), key: key)
        if model.scenario.portfolio.enabled { addInitialClients(m) }
      }
      add(.headcountStart, l, Double(level.headcount))
    }
  }

  @discardableResult
  mutating func addManager(level: Int, day: Int, tenure: Int, experience: Int, key: UInt64)
    -> Int
  {
    let vacationStart = Int(keyedUniform(key, .vacation, 0) * Double(model.daysPerYear))
    managers.append(
      Manager(
        key: key, level: level, hireDay: day, tenureAtHire: tenure, experienceAtHire: experience,
        vacationStart: vacationStart))
    requestRing.append(contentsOf: repeatElement(0, count: ringSize))
    activeManagers += 1
    return managers.count - 1
  }

  mutating func addInitialClients(_ m: Int) {
    let level = model.levels[managers[m].level]
    guard level.initialClients > 0 else { return }
    // Weights: the inbound mix restricted to the level's segments (equal if that is empty).
    var weights = [Double](repeating: 0, count: model.segments.count)
    var previous = 0.0
    for s in weights.indices {
      let cum = model.inboundMix.cumulative[s].isInfinite ? 1.0 : model.inboundMix.cumulative[s]
      if level.segmentMask & (1 << UInt64(s)) != 0 { weights[s] = cum - previous }
      previous = cum
    }
    var total = weights.reduce(0, +)
    if total <= 0 {
      for s in weights.indices where level.segmentMask & (1 << UInt64(s)) != 0 { weights[s] = 1 }
      total = weights.reduce(0, +)
    }
    guard total > 0 else { return }
    let term = model.scenario.portfolio.contractMonths
    scratch.reseed(keyedBits(managers[m].key, .initialClients, 0))
    for _ in 0..<level.initialClients {
      let u = scratch.uniform() * total
      var s = 0
      var acc = weights[0]
      while s < weights.count - 1 && u >= acc {
        s += 1
        acc += weights[s]
      }
      let value = model.segments[s].dealSize.sample(scratch) * level.dealSize
      let remaining = min(term - 1, Int(scratch.uniform() * Double(term)))
      let key = scratch.nextUInt64()
      let client = newClient(segment: s, value: value, termEnd: remaining, key: key)
      attach(client, to: m)
      add(.clientsStart, managers[m].level)
    }
  }

  // MARK: the day

  mutating func dayStart(_ d: Int) {
    let dpm = model.daysPerMonth
    let month = d / dpm
    sim.schedule(.dayWork(Int32(d)), at: Double(d), priority: Priority.dayWork)
    if d % dpm == dpm - 1 {
      sim.schedule(.monthEnd(Int32(d)), at: Double(d), priority: Priority.monthEnd)
    }
    if d + 1 < model.days {
      sim.schedule(.dayStart(Int32(d + 1)), at: Double(d + 1), priority: Priority.dayStart)
    }
    let scenario = model.scenario
    if d % dpm == 0 {
      for (level, count) in model.plannedHiresByMonth[month] {
        for _ in 0..<count {
          // Keyed by the seat, not the level: the n-th planned hire of two plans shares its
          // luck (vacation, attrition, the prospects its cold calls reach) whatever its level.
          let key = keyedBits(plannedSalt, plannedOrdinal)
          plannedOrdinal += 1
          hire(level: level, day: d, key: key)
        }
      }
      let period = scenario.quota.period.months
      if month > 0 && month % period == 0 { releasePushed(d) }
      let batch = model.eventLeadsByMonth[month]
      for _ in 0..<batch { arrive(.event, day: d, seed: sEvents.nextUInt64()) }
    }
    if scenario.leads.market.enabled {
      while marketReturnsHead < marketReturns.count && marketReturns[marketReturnsHead].day <= d {
        marketAvailable[Int(marketReturns[marketReturnsHead].segment)] += 1
        marketReturnsHead += 1
      }
      if marketReturnsHead > 1024 && marketReturnsHead * 2 > marketReturns.count {
        marketReturns.removeFirst(marketReturnsHead)
        marketReturnsHead = 0
      }
    }
    if scenario.leads.inbound.enabled {
      let n = sInbound.poisson(model.inboundPerDay[month % 12])
      for _ in 0..<n { arrive(.inbound, day: d, seed: sInbound.nextUInt64()) }
    }
    if scenario.leads.referrals.enabled && referralMean > 0 { referrals(day: d) }
  }

  mutating func dayWork(_ d: Int) {
    routeWaiting(d)
    let holiday = model.holidayOfYear[d % model.daysPerYear]
    var m = 0
    while m < managers.count {
      if managers[m].active { work(m, day: d, holiday: holiday) }
      m += 1
    }
    if escalationOn && !holiday { supportDay(d) }
  }

  // MARK: leads

  /// Each client refers `Poisson(per_client_per_month / dpm)` leads a day, keyed by the
  /// client and the day, so a client common to two scenarios refers the same leads in both.
  mutating func referrals(day d: Int) {
    var client = 0
    while client < clients.count {
      if clients[client].alive {
        let key = clients[client].key
        let n = keyedPoisson(
          keyedBits(key, .referrals, UInt64(d)), mean: referralMean,
          zeroChance: noReferralChance, scratch: scratch)
        var j = 0
        while j < n {
          arrive(.referral, day: d, seed: keyedBits(key, .referralLead, UInt64(d) << 32 | UInt64(j)))
          j += 1
        }
      }
      client += 1
    }
  }

  /// Creates a lead of `channel` whose attributes come from the scratch stream seeded with
  /// `seed`; nil when the market has no prospect of the drawn segment left.
  mutating func newLead(_ channel: Channel, day: Int, seed: UInt64) -> Int? {
    let stream = scratch
    stream.reseed(seed)
    let mix: SalesModel.Mix
    switch channel {
    case .inbound: mix = model.inboundMix
    case .outbound: mix = model.outboundMix
    case .referral: mix = model.referralMix
    case .event: mix = model.eventMix
    }
    let segment = mix.segment(stream.uniform())
    if model.scenario.leads.market.enabled {
      let size = model.marketSize[segment]
      let u = stream.uniform()
      if size >= 0 {
        if u * Double(size) >= Double(marketAvailable[segment]) {
          team[TeamMetric.marketRejected.rawValue] += 1
          return nil
        }
        marketAvailable[segment] -= 1
      }
    }
    let dealSize = model.segments[segment].dealSize.sample(stream)
    let patience = Int32(min(1e6, model.scenario.leads.patienceDays.sample(stream).rounded(.up)))
    let key = stream.nextUInt64()
    let i: Int
    if let free = freeLeads.popLast() {
      i = Int(free)
    } else {
      leads.append(Lead())
      i = leads.count - 1
    }
    leads[i] = Lead(
      key: key, dealSize: dealSize, arrivalDay: Int32(day), expiresDay: 0, patience: patience,
      segment: Int16(segment), channel: channel, alive: true)
    team[TeamMetric.leadsIn.rawValue] += 1
    add(channel.metric, -1)
    return i
  }

  mutating func arrive(_ channel: Channel, day: Int, seed: UInt64) {
    guard let i = newLead(channel, day: day, seed: seed) else { return }
    enqueueWaiting(i, day: day)
  }

  mutating func enqueueWaiting(_ i: Int, day: Int) {
    leads[i].manager = -1
    leads[i].expiresDay = Int32(day) + leads[i].patience
    Self.push(i, &waiting, &leads)
  }

  @inline(__always) static func push(_ i: Int, _ q: inout LeadQueue, _ leads: inout [Lead]) {
    leads[i].next = -1
    if q.tail >= 0 { leads[Int(q.tail)].next = Int32(i) } else { q.head = Int32(i) }
    q.tail = Int32(i)
    q.count += 1
  }

  @inline(__always) static func pop(_ q: inout LeadQueue, _ leads: inout [Lead]) -> Int {
    let i = Int(q.head)
    q.head = leads[i].next
    if q.head < 0 { q.tail = -1 }
    q.count -= 1
    return i
  }

  mutating func freeLead(_ i: Int) {
    leads[i].alive = false
    freeLeads.append(Int32(i))
  }

  mutating func returnToMarket(segment: Int, day: Int) {
    guard model.scenario.leads.market.enabled, model.marketSize[segment] >= 0 else { return }
    marketReturns.append((day + model.scenario.leads.market.coolingOffDays, Int16(segment)))
  }

  @inline(__always) func eligible(_ m: Int, segment: Int) -> Bool {
    let man = managers[m]
    let level = model.levels[man.level]
    return man.active && level.segmentMask & (1 << UInt64(segment)) != 0
      && man.openLeads < level.maxOpenLeads && man.clients < level.maxPortfolio
  }

  /// The manager a lead of `segment` goes to under the routing policy, or nil.
  mutating func route(segment: Int) -> Int? {
    let n = managers.count
    guard n > 0 else { return nil }
    switch model.scenario.routing.policy {
    case .roundRobin:
      var k = 1
      while k <= n {
        let m = (roundRobinCursor + k) % n
        if m >= 0, eligible(m, segment: segment) {
          roundRobinCursor = m
          return m
        }
        k += 1
      }
      return nil
    case .leastLoaded:
      var best = -1
      for m in 0..<n where eligible(m, segment: segment) {
        if best < 0 || managers[m].openLeads < managers[best].openLeads { best = m }
      }
      return best >= 0 ? best : nil
    case .mostSeniorFirst:
      var best = -1
      for m in 0..<n where eligible(m, segment: segment) {
        if best < 0 || managers[m].level > managers[best].level
          || (managers[m].level == managers[best].level
            && managers[m].openLeads < managers[best].openLeads)
        {
          best = m
        }
      }
      return best >= 0 ? best : nil
    }
  }

  mutating func routeWaiting(_ d: Int) {
    var full: UInt64 = 0
    var previous: Int32 = -1
    var cursor = waiting.head
    while cursor >= 0 {
      let i = Int(cursor)
      let next = leads[i].next
      let segment = Int(leads[i].segment)
      var taken = false
      if d > Int(leads[i].expiresDay) {
        taken = true
        team[TeamMetric.leadsExpired.rawValue] += 1
        returnToMarket(segment: segment, day: d)
        freeLead(i)
      } else if full & (1 << UInt64(segment)) == 0 {
        if let m = route(segment: segment) {
          taken = true
          assign(i, to: m, day: d)
        } else {
          full |= 1 << UInt64(segment)
        }
      }
      if taken {
        if previous >= 0 { leads[Int(previous)].next = next } else { waiting.head = next }
        if next < 0 { waiting.tail = previous }
        waiting.count -= 1
      } else {
        previous = cursor
      }
      cursor = next
    }
  }

  mutating func assign(_ i: Int, to m: Int, day: Int) {
    leads[i].manager = Int32(m)
    managers[m].openLeads += 1
    let level = managers[m].level
    if !leads[i].counted {
      leads[i].counted = true
      c[(level + 1) * perGroup + leads[i].channel.metric.rawValue] += 1
    }
    enterStage(i, Int(leads[i].stage), day: day)
  }

  mutating func enterStage(_ i: Int, _ k: Int, day: Int) {
    leads[i].stage = Int8(k)
    let m = Int(leads[i].manager)
    let level = managers[m].level
    if k > Int(leads[i].highest) {
      leads[i].highest = Int8(k)
      leads[i].entries = 0
      let s = model.stages.count
      stageReached(k, level, s)
    } else {
      leads[i].entries &+= 1
    }
    switch model.stages[k].uses {
    case .call: Self.push(i, &managers[m].calls, &leads)
    case .meeting: Self.push(i, &managers[m].meetings, &leads)
    case .none: scheduleOutcome(i, stage: k, day: day)
    }
  }

  @inline(__always) mutating func stageReached(_ k: Int, _ level: Int, _ s: Int) {
    let base = Metric.count + k
    c[base] += 1
    c[(level + 1) * perGroup + base] += 1
    _ = s
  }

  mutating func scheduleOutcome(_ i: Int, stage k: Int, day: Int) {
    let duration = model.stages[k].duration
    if case .constant = duration {
    } else {
      scratch.reseed(keyedBits(leads[i].key, .stageDuration, stageOccasion(i, k)))
    }
    let x = duration.sample(scratch)
    let days = max(1, Int(min(x, 1e7).rounded(.up)))
    sim.schedule(.stageDone(lead: Int32(i)), at: Double(day + days), priority: Priority.stageDone)
  }

  /// The occasion of lead `i`'s keyed draws in stage `k`: the stage and its re-entries.
  @inline(__always) func stageOccasion(_ i: Int, _ k: Int) -> UInt64 {
    UInt64(k) | UInt64(leads[i].entries) << 8
  }

  func ramp(_ m: Int, day: Int) -> Double {
    let curve = model.rampCurve
    if curve.isEmpty { return 1 }
    let t = managers[m].tenureAtHire + (day - managers[m].hireDay) / model.daysPerMonth
    return t < curve.count ? curve[t] : 1
  }

  mutating func stageDone(_ i: Int, _ d: Int) {
    let m = Int(leads[i].manager)
    if !managers[m].active {
      enqueueWaiting(i, day: d)
      return
    }
    let k = Int(leads[i].stage)
    let level = managers[m].level
    let s = model.stages.count
    let p = min(1, model.stages[k].probability * model.levels[level].win * ramp(m, day: d))
    stageOutcomes[k] += 1
    stageOutcomes[(level + 1) * s + k] += 1
    if keyedUniform(leads[i].key, k) < p {
      stageSuccesses[k] += 1
      stageSuccesses[(level + 1) * s + k] += 1
      if k == s - 1 { close(i, manager: m, day: d) } else { enterStage(i, k + 1, day: d) }
    } else {
      lose(i, manager: m, day: d)
    }
  }

  mutating func lose(_ i: Int, manager m: Int, day: Int) {
    add(.lost, managers[m].level)
    managers[m].openLeads -= 1
    returnToMarket(segment: Int(leads[i].segment), day: day)
    freeLead(i)
  }

  /// The quota of manager `m` for the months `first...last`, prorated by presence and ramp.
  func effectiveQuota(_ m: Int, first: Int, last: Int) -> Double {
    let man = managers[m]
    let level = model.levels[man.level]
    let dpm = model.daysPerMonth
    let monthly = level.quota / Double(model.scenario.quota.period.months)
    var q = 0.0
    for j in first...last {
      let start = j * dpm
      if man.hireDay >= start + dpm { continue }
      let present = man.hireDay <= start ? 1.0 : Double(start + dpm - man.hireDay) / Double(dpm)
      q += monthly * present * ramp(m, day: max(start, man.hireDay))
    }
    return q
  }

  func periodBounds(month: Int) -> (Int, Int) {
    let p = model.scenario.quota.period.months
    let first = (month / p) * p
    return (first, min(first + p - 1, model.scenario.horizonMonths - 1))
  }

  mutating func close(_ i: Int, manager m: Int, day d: Int) {
    let quota = model.scenario.quota
    if quota.enabled && quota.sandbagging.enabled {
      let (first, last) = periodBounds(month: d / model.daysPerMonth)
      let q = effectiveQuota(m, first: first, last: last)
      if q > 0 && managers[m].periodBookings >= quota.sandbagging.afterShare * q {
        managers[m].openLeads -= 1
        add(.pushedDeals, managers[m].level)
        Self.push(i, &pushed, &leads)
        return
      }
    }
    managers[m].openLeads -= 1
    win(i, manager: m, day: d)
  }

  mutating func releasePushed(_ d: Int) {
    while pushed.count > 0 {
      let i = Self.pop(&pushed, &leads)
      let m = Int(leads[i].manager)
      if managers[m].active {
        win(i, manager: m, day: d)
      } else {
        add(.lost, managers[m].level)
        returnToMarket(segment: Int(leads[i].segment), day: d)
        freeLead(i)
      }
    }
  }

  mutating func win(_ i: Int, manager m: Int, day d: Int) {
    let level = managers[m].level
    let l = model.levels[level]
    let value = leads[i].dealSize * l.dealSize
    add(.won, level)
    add(.bookings, level, value)
    add(.commissionCost, level, value * l.commission)
    addAux(.cycleSum, level, Double(d - Int(leads[i].arrivalDay)))
    managers[m].periodBookings += value
    monthBookings += value
    let portfolio = model.scenario.portfolio
    if portfolio.enabled {
      let month = d / model.daysPerMonth
      let client = newClient(
        segment: Int(leads[i].segment), value: value, termEnd: month + portfolio.contractMonths - 1,
        key: keyedBits(leads[i].key, Purpose.clientKey.rawValue))
      attach(client, to: m)
      add(.clientsNew, level)
      if portfolio.revenue == .oneOff { bill(client, value, level: level) }
    }
    freeLead(i)
  }

  // MARK: a manager's day

  func onVacation(_ m: Int, day: Int) -> Bool {
    let v = model.scenario.calendar.vacationDaysPerYear
    if v == 0 { return false }
    let y = model.daysPerYear
    return ((day % y) - managers[m].vacationStart + y) % y < v
  }

  mutating func work(_ m: Int, day d: Int, holiday: Bool) {
    let levelIndex = managers[m].level
    let level = model.levels[levelIndex]
    if serviceOn { serviceArrivals(m, day: d) }
    if holiday || onVacation(m, day: d) { return }
    if serviceOn { serve(m, day: d, hours: level.serviceHours, level: levelIndex) }

    let alternate = model.scenario.funnel.schedule == .alternate
    let meetingDay = d % 2 == 1
    // Meetings.
    let slots = alternate ? (meetingDay ? 2 * level.meetings : 0) : level.meetings
    addAux(.meetingsAvailable, levelIndex, Double(slots))
    var used = 0
    var budget = managers[m].meetings.count
    let noShow = model.scenario.funnel.noShow
    while used < slots && budget > 0 {
      budget -= 1
      used += 1
      let i = Self.pop(&managers[m].meetings, &leads)
      if noShow.enabled
        && keyedUniform(
          leads[i].key, .noShow,
          stageOccasion(i, Int(leads[i].stage)) | UInt64(leads[i].reschedules) << 16)
          < noShow.probability
      {
        add(.noShows, levelIndex)
        if Int(leads[i].reschedules) >= noShow.maxReschedules {
          lose(i, manager: m, day: d)
        } else {
          leads[i].reschedules += 1
          Self.push(i, &managers[m].meetings, &leads)
        }
        continue
      }
      add(.meetingsHeld, levelIndex)
      scheduleOutcome(i, stage: Int(leads[i].stage), day: d)
    }
    addAux(.meetingsUsed, levelIndex, Double(used))

    // Calls: the pipeline's calls first, then cold calls with what is left.
    let calls = alternate ? (meetingDay ? 0 : 2 * level.calls) : level.calls
    addAux(.callsAvailable, levelIndex, Double(calls))
    var callsUsed = 0
    budget = managers[m].calls.count
    while callsUsed < calls && budget > 0 {
      budget -= 1
      callsUsed += 1
      let i = Self.pop(&managers[m].calls, &leads)
      if leads[i].stage == 0 { add(.contacts, levelIndex) }
      scheduleOutcome(i, stage: Int(leads[i].stage), day: d)
    }
    let outbound = model.scenario.leads.outbound
    if outbound.enabled && callsUsed < calls {
      let connects =
        outbound.contactRate >= 1
        ? calls - callsUsed
        : outbound.contactRate <= 0 ? 0 : coldCallConnections(m, calls: calls - callsUsed, day: d)
      callsUsed = calls
      for j in 0..<connects {
        outboundLead(m, day: d, seed: keyedBits(managers[m].key, .outboundLead, UInt64(d) << 32 | UInt64(j)))
      }
    }
    addAux(.callsUsed, levelIndex, Double(callsUsed))
  }

  /// Keyed by the manager and the day: the gaps between connections are the same whatever
  /// the number of free calls, so one more or one fewer call changes the count by at most one.
  func coldCallConnections(_ m: Int, calls: Int, day d: Int) -> Int {
    scratch.reseed(keyedBits(managers[m].key, .outboundContacts, UInt64(d)))
    return scratch.binomial(calls, logFailure: logNoContact)
  }

  mutating func outboundLead(_ m: Int, day d: Int, seed: UInt64) {
    guard let i = newLead(.outbound, day: d, seed: seed) else { return }
    add(.contacts, managers[m].level)
    let segment = Int(leads[i].segment)
    // The call that found the lead was its first contact.
    let start = model.stages.count > 1 ? 1 : 0
    if start == 1 {
      leads[i].highest = 0
      stageReached(0, managers[m].level, model.stages.count)
    }
    leads[i].stage = Int8(start)
    if eligible(m, segment: segment) {
      assign(i, to: m, day: d)
    } else {
      enqueueWaiting(i, day: d)
    }
  }

  mutating func serviceArrivals(_ m: Int, day d: Int) {
    let base = m * ringSize
    let slot = d % ringSize
    // Requests still waiting from `ringSize` days ago have waited past the abandonment limit.
    let expired = Int(requestRing[base + slot])
    if expired > 0 {
      requestRing[base + slot] = 0
      managers[m].waitingRequests -= expired
      abandon(expired, manager: m)
    }
    // Each client's requests are its own Poisson count, keyed by the client and the day; their
    // sum is Poisson with the manager's total rate.
    var n = 0
    var client = managers[m].clientHead
    while client >= 0 {
      let c = Int(client)
      let segment = Int(clients[c].segment)
      n += keyedPoisson(
        keyedBits(clients[c].key, .requests, UInt64(d)),
        mean: model.segments[segment].requestsPerDay, zeroChance: noRequestChance[segment],
        scratch: scratch)
      client = clients[c].next
    }
    if n > 0 {
      if managers[m].waitingRequests == 0 { managers[m].oldestRequestDay = d }
      requestRing[base + slot] = Int32(n)
      managers[m].waitingRequests += n
      add(.requests, managers[m].level, Double(n))
    }
  }

  mutating func abandon(_ n: Int, manager m: Int) {
    add(.abandonedRequests, managers[m].level, Double(n))
    requestsAbandoned += Double(n)
    managers[m].monthRequestsClosed += n
    managers[m].monthBreaches += n
  }

  mutating func serve(_ m: Int, day d: Int, hours: Double, level: Int) {
    let service = model.scenario.portfolio.service
    addAux(.serviceAvailable, level, hours)
    guard managers[m].waitingRequests > 0 else { return }
    var capacity = Int((hours / service.hoursPerRequest + 1e-9).rounded(.down))
    let base = m * ringSize
    var age = min(ringSize - 1, d - managers[m].oldestRequestDay)
    var served = 0
    var escalationSeeded = false
    while age >= 0 && capacity > 0 {
      let slot = base + (d - age) % ringSize
      let waitingThere = Int(requestRing[slot])
      if waitingThere > 0 {
        let n = min(waitingThere, capacity)
        requestRing[slot] -= Int32(n)
        capacity -= n
        served += n
        let x = Double(n)
        addAux(.answered, level, x)
        addAux(.responseSum, level, x * Double(age))
        responseHistogram[age] += x
        responseHistogram[(level + 1) * ringSize + age] += x
        if age <= service.slaDays {
          addAux(.withinSLA, level, x)
        } else {
          managers[m].monthBreaches += n
        }
        managers[m].monthRequestsClosed += n
        requestsAnswered += x
        if escalationOn {
          let share = model.scenario.portfolio.escalation.share
          if !escalationSeeded && share > 0 && share < 1 {
            scratch.reseed(keyedBits(managers[m].key, .escalation, UInt64(d)))
            escalationSeeded = true
          }
          let e =
            share >= 1 ? n : share <= 0 ? 0 : scratch.binomial(n, logFailure: logNoEscalation)
          if e > 0 {
            add(.escalations, level, Double(e))
            supportRing[d] += e
            supportWaiting += e
          }
        }
      }
      if requestRing[slot] > 0 { break }
      age -= 1
    }
    managers[m].waitingRequests -= served
    // Unanswered requests now start at the day of the slot the scan stopped at.
    managers[m].oldestRequestDay = d - max(age, 0)
    addAux(.serviceUsed, level, Double(served) * service.hoursPerRequest)
  }

  mutating func supportDay(_ d: Int) {
    var capacity = model.scenario.portfolio.escalation.capacityPerDay
    var day = supportOldest
    while capacity > 0 && supportWaiting > 0 && day <= d {
      let n = min(supportRing[day], capacity)
      if n > 0 {
        supportRing[day] -= n
        supportWaiting -= n
        capacity -= n
        escalationWaitSum += Double(n * (d - day))
        escalationsServed += Double(n)
      }
      if supportRing[day] == 0 { day += 1 }
    }
    supportOldest = supportWaiting == 0 ? d : day
  }
  var supportOldest = 0

  // MARK: hires and departures

  mutating func hire(level: Int, day: Int, key: UInt64) {
    let experience = model.levels[level].minExperience
    addManager(level: level, day: day, tenure: 0, experience: experience, key: key)
    add(.hires, level)
  }

  mutating func depart(_ m: Int, day d: Int) {
    let level = managers[m].level
    managers[m].active = false
    activeManagers -= 1
    add(.exits, level)
    // Clients: some leave with the manager, the rest are reassigned with a churn shock.
    let takes = model.levels[level].takesClients
    let shock = model.scenario.portfolio.reassignmentChurnShock
    let managerKey = managers[m].key
    var cursor = managers[m].clientHead
    while cursor >= 0 {
      let client = Int(cursor)
      cursor = clients[client].next
      detach(client)
      let clientKey = clients[client].key
      if takes > 0 && keyedUniform(clientKey, .departureTakes, managerKey) < takes {
        add(.clientsTaken, level)
        removeClient(client)
      } else if shock > 0 && keyedUniform(clientKey, .departureShock, managerKey) < shock {
        add(.clientsChurned, level)
        returnToMarket(segment: Int(clients[client].segment), day: d)
        removeClient(client)
      } else {
        reassign(client)
      }
    }
    // Open leads in the manager's queues go back to routing; leads between stages follow
    // when their stage ends.
    while managers[m].calls.count > 0 {
      enqueueWaiting(Self.pop(&managers[m].calls, &leads), day: d)
    }
    while managers[m].meetings.count > 0 {
      enqueueWaiting(Self.pop(&managers[m].meetings, &leads), day: d)
    }
    managers[m].openLeads = 0
    // Unanswered requests of the departing manager are abandoned.
    if managers[m].waitingRequests > 0 {
      abandon(managers[m].waitingRequests, manager: m)
      managers[m].waitingRequests = 0
      for k in 0..<ringSize { requestRing[m * ringSize + k] = 0 }
    }
    let hiring = model.scenario.careers.hiring
    if hiring.enabled {
      scratch.reseed(keyedBits(managerKey, .timeToHire, 0))
      let t = max(1, Int(min(hiring.timeToHireDays.sample(scratch), 1e7).rounded(.up)))
      if d + t < model.days {
        sim.schedule(
          .hire(level: Int32(level), predecessor: Int32(m)), at: Double(d + t),
          priority: Priority.hire)
      }
    }
  }

  /// Gives a client to the active manager with the fewest clients among those allowed its
  /// segment (any active manager if none is); an orphan when nobody is active.
  mutating func reassign(_ client: Int) {
    let segment = Int(clients[client].segment)
    var best = -1
    var bestAllowed = false
    for m in managers.indices where managers[m].active {
      let allowed = model.levels[managers[m].level].segmentMask & (1 << UInt64(segment)) != 0
      if best < 0 || (allowed && !bestAllowed)
        || (allowed == bestAllowed && managers[m].clients < managers[best].clients)
      {
        best = m
        bestAllowed = allowed
      }
    }
    if best >= 0 { attach(client, to: best) } else { attachOrphan(client) }
  }

  // MARK: clients

  mutating func newClient(segment: Int, value: Double, termEnd: Int, key: UInt64) -> Int {
    let i: Int
    if let free = freeClients.popLast() {
      i = Int(free)
    } else {
      clients.append(Client())
      i = clients.count - 1
    }
    let term = Double(model.scenario.portfolio.contractMonths)
    clients[i] = Client(
      key: key, value: value, mrr: model.scenario.portfolio.revenue == .recurring ? value / term : 0,
      segment: Int16(segment), termEndMonth: Int32(termEnd), alive: true)
    activeClients += 1
    return i
  }

  mutating func attach(_ client: Int, to m: Int) {
    clients[client].manager = Int32(m)
    clients[client].prev = -1
    clients[client].next = managers[m].clientHead
    if managers[m].clientHead >= 0 { clients[Int(managers[m].clientHead)].prev = Int32(client) }
    managers[m].clientHead = Int32(client)
    managers[m].clients += 1
  }

  mutating func attachOrphan(_ client: Int) {
    clients[client].manager = -1
    clients[client].prev = -1
    clients[client].next = orphanHead
    if orphanHead >= 0 { clients[Int(orphanHead)].prev = Int32(client) }
    orphanHead = Int32(client)
  }

  mutating func detach(_ client: Int) {
    let m = Int(clients[client].manager)
    let prev = clients[client].prev
    let next = clients[client].next
    if prev >= 0 {
      clients[Int(prev)].next = next
    } else if m >= 0 {
      managers[m].clientHead = next
    } else {
      orphanHead = next
    }
    if next >= 0 { clients[Int(next)].prev = prev }
    if m >= 0 {
      managers[m].clients -= 1
    }
    clients[client].manager = -1
  }

  /// Removes a detached client from the books.
  mutating func removeClient(_ client: Int) {
    closedBilled += clients[client].billed
    clients[client].alive = false
    freeClients.append(Int32(client))
    activeClients -= 1
  }

  @inline(__always) mutating func bill(_ client: Int, _ amount: Double, level: Int) {
    clients[client].billed += amount
    add(.revenue, level, amount)
    monthRevenue += amount
  }

  // MARK: month end

  mutating func monthEnd(_ d: Int) {
    let month = d / model.daysPerMonth
    let portfolio = model.scenario.portfolio
    if portfolio.enabled { portfolioMonth(month, day: d) }
    for m in managers.indices {
      let closed = managers[m].monthRequestsClosed
      managers[m].breachShare = closed > 0 ? Double(managers[m].monthBreaches) / Double(closed) : 0
      managers[m].monthRequestsClosed = 0
      managers[m].monthBreaches = 0
    }
    // Salaries for the days of this month each manager was employed (before anyone leaves).
    let monthStart = month * model.daysPerMonth
    for m in managers.indices where managers[m].active {
      let days = d + 1 - max(managers[m].hireDay, monthStart)
      add(
        .salaryCost, managers[m].level, model.levels[managers[m].level].salaryPerDay * Double(days))
    }
    let quota = model.scenario.quota
    if quota.enabled {
      let (_, last) = periodBounds(month: month)
      if month == last { closeQuotaPeriod(month: month) }
    }
    let careers = model.scenario.careers
    if careers.attrition.enabled {
      for m in managers.indices where managers[m].active {
        var p = model.attritionPerMonth
        if managers[m].hasAttainment && managers[m].lastAttainment < 1 {
          p *= careers.attrition.missedQuotaMultiplier
        }
        if keyedUniform(managers[m].key, .attrition, UInt64(month)) < min(p, 1) {
          depart(m, day: d)
        }
      }
    }
    if careers.promotion.enabled {
      let threshold = careers.promotion.attainmentThreshold
      for m in managers.indices where managers[m].active {
        let level = managers[m].level
        guard level + 1 < model.levels.count else { continue }
        let experience =
          managers[m].experienceAtHire + (d + 1 - managers[m].hireDay) / model.daysPerMonth
        let good =
          threshold <= 0 || (managers[m].hasAttainment && managers[m].lastAttainment >= threshold)
        if experience >= model.levels[level + 1].minExperience && good {
          managers[m].level = level + 1
          add(.promotions, level + 1)
        }
      }
    }
    if orphanHead >= 0 && activeManagers > 0 {
      while orphanHead >= 0 {
        let client = Int(orphanHead)
        detach(client)
        reassign(client)
      }
    }
    seriesRevenue[month] = monthRevenue
    seriesBookings[month] = monthBookings
    seriesClients[month] = Double(activeClients)
    seriesHeadcount[month] = Double(activeManagers)
    monthRevenue = 0
    monthBookings = 0
    let support = model.scenario.portfolio.escalation
    if escalationOn && support.costPerMonth > 0 {
      team[TeamMetric.supportCost.rawValue] += support.costPerMonth
    }
  }

  mutating func portfolioMonth(_ month: Int, day d: Int) {
    let p = model.scenario.portfolio
    let breachFactor = p.service.enabled ? p.service.breachChurnFactor : 0
    let occasion = UInt64(month)
    for client in clients.indices where clients[client].alive {
      let key = clients[client].key
      let m = Int(clients[client].manager)
      let level = m >= 0 ? managers[m].level : -1
      switch p.revenue {
      case .recurring: bill(client, clients[client].mrr, level: level)
      case .oneOff:
        if p.repeatOrderProbabilityPerMonth > 0
          && keyedUniform(key, .repeatOrder, occasion) < p.repeatOrderProbabilityPerMonth
        {
          bill(client, p.repeatOrderShare * clients[client].value, level: level)
        }
      }
      addAux(.exposure, level, 1)
      let segment = Int(clients[client].segment)
      if Int(clients[client].termEndMonth) == month {
        if keyedUniform(key, .renewal, occasion) < p.renewalProbability {
          clients[client].termEndMonth += Int32(p.contractMonths)
        } else {
          add(.clientsChurned, level)
          detach(client)
          returnToMarket(segment: segment, day: d)
          removeClient(client)
          continue
        }
      }
      if p.churnEnabled {
        let retention = level >= 0 ? model.levels[level].retention : 1
        let breach = m >= 0 ? managers[m].breachShare : (p.service.enabled ? 1 : 0)
        let hazard = min(1, model.segments[segment].churn * retention * (1 + breachFactor * breach))
        if keyedUniform(key, .churn, occasion) < hazard {
          add(.clientsChurned, level)
          detach(client)
          returnToMarket(segment: segment, day: d)
          removeClient(client)
          continue
        }
      }
      if p.upsellProbabilityPerMonth > 0
        && keyedUniform(key, .upsell, occasion) < p.upsellProbabilityPerMonth
      {
        clients[client].mrr *= 1 + p.upsellUplift
        clients[client].value *= 1 + p.upsellUplift
      }
    }
  }

  mutating func closeQuotaPeriod(month: Int) {
    let (first, last) = periodBounds(month: month)
    let n = Aux.count
    for m in managers.indices where managers[m].active {
      let level = managers[m].level
      let q = effectiveQuota(m, first: first, last: last)
      guard q > 0 else {
        managers[m].periodBookings = 0
        continue
      }
      planFromQuotas += q
      let attainment = managers[m].periodBookings / q
      managers[m].lastAttainment = attainment
      managers[m].hasAttainment = true
      managers[m].periodBookings = 0
      var ramped = managers[m].hireDay <= first * model.daysPerMonth
      if ramped {
        for j in first...last where ramp(m, day: j * model.daysPerMonth) < 1 { ramped = false }
      }
      if ramped {
        samples[0].append(attainment)
        samples[level + 1].append(attainment)
        add(.rampedPeriods, level)
        addAux(.attainmentSum, level, attainment)
        if attainment >= 1 { addAux(.atOrAbove, level, 1) }
      }
      _ = n
    }
  }
}
