// The model, section 2 "Entities" (docs/model.md), and the state of one replication.

internal import CPrefetch
internal import DiscreteEvent
internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

enum Channel: UInt8 {
  case inbound, outbound, referral, event
  /// A deal open at the start (docs/model.md, section 3.1).
  case opening
  var metric: Metric {
    switch self {
    case .inbound: .leadsInbound
    case .outbound: .leadsOutbound
    case .referral: .leadsReferral
    case .event: .leadsEvent
    case .opening: .leadsOpening
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
  /// The lead before it in its segment's waiting queue (meaningful while it waits).
  var prev: Int32 = -1
  /// The lead's place in the order of arrival into waiting: routing takes the oldest first
  /// across segments, and an expiry entry names the wait it was made for.
  var waitOrder: UInt64 = 0
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
  /// Whether the lead holds an account of its segment's list (docs/model.md, 5.5).
  var account = false
  /// The manager the lead was first assigned to (docs/model.md, 7.2): earns the sourcer's share
  /// of commission when another manager closes it; -1 until then.
  var sourcer: Int32 = -1
}

/// A manager's record. The fields a stage outcome reads and writes (and the day's work
/// reads first) come first, in its first 128 bytes: at a large team a stage outcome finds the
/// record outside the caches, and fetches (and prefetches, `prefetchStageOutcomes`) those two
/// lines, not the whole record. The rest is read by the day's work, which walks the managers in
/// index order, and at month end.
struct Manager {
  // What a stage outcome reads and writes.
  var level: Int
  /// The manager's role (docs/model.md, 2): kept through promotions; 0, the only role, when
  /// the scenario declares none.
  var role = 0
  var openLeads = 0
  var clients = 0
  /// Multiplies the last stage's success probability for life (docs/model.md, 7.1): drawn at
  /// hire from the level's `skill_spread`, keyed, so the same seat has the same skill in every
  /// scenario.
  var skill = 1.0
  var hireDay: Int
  var tenureAtHire: Int
  var active = true
  var calls = LeadQueue()
  var meetings = LeadQueue()
  /// The level and ranks last filed in the routing and reassignment trees (`refreshRanks`);
  /// level -1: never filed.
  var rankedLevel = -1
  var routeRank: UInt64 = 0
  var clientRank: UInt64 = 0
  var periodBookings = 0.0

  // The rest.
  /// Fixed by the manager's place in the plan (docs/model.md, section 12), so that the same
  /// manager in two scenarios draws the same vacation, attrition and outbound luck.
  var key: UInt64
  var experienceAtHire: Int
  var vacationStart: Int
  var clientHead: Int32 = -1
  var waitingRequests = 0
  /// Arrival day of the oldest unanswered request (meaningful while `waitingRequests > 0`).
  var oldestRequestDay = 0
  var lastAttainment = 0.0
  var hasAttainment = false
  /// Bookings and effective quota of the quota periods closed since the last review or the
  /// hire: the review attainment (docs/model.md, 10.3).
  var reviewBookings = 0.0
  var reviewQuota = 0.0
  var monthRequestsClosed = 0
  var monthBreaches = 0
  var breachShare = 0.0
  /// The month at whose end the manager leaves by its time in the company (docs/model.md,
  /// 10.4); -1: the monthly hazard decides; `Int32.max`: not within the horizon.
  var exitMonth: Int32 = -1
  /// The keyed vacation uniform `u` (docs/model.md, section 1): spread or dated vacations
  /// place their blocks from it in each year.
  var vacationShare = 0.0

  /// The bytes at the start of the record that a stage outcome touches (through
  /// `periodBookings`; a test checks the layout).
  static var hotBytes: Int { 128 }
}

struct Client {
  /// Fixed by the won lead's key (or drawn for an initial client): keys the client's draws.
  var key: UInt64 = 0
  /// `H(key, referrals)`: the first hash of the client's keyed draws of referrals, the same
  /// every time (docs/model.md, 5.2), kept to hash once a draw.
  var referralsKey: UInt64 = 0
  /// The time of the client's next referral (working days), the number of referral times drawn,
  /// and the day whose referrals list holds the client (-1: none within the horizon). Its
  /// service requests are in ``ClientRequests``.
  var nextReferral = 0.0
  var referralTimes: UInt32 = 0
  var referralDay: Int32 = -1
  var value = 0.0
  var mrr = 0.0
  var billed = 0.0
  var manager: Int32 = -1
  var prev: Int32 = -1
  var next: Int32 = -1
  var segment: Int16 = 0
  var termEndMonth: Int32 = 0
  var alive = false
  /// Whether the client holds an account of its segment's list (docs/model.md, 5.5).
  var account = false
  /// The month of the win: billing month `j` is `month - startMonth` (docs/model.md, 8.2); far
  /// in the past for a client present at the start or brought, who is already ramped.
  var startMonth: Int32 = Client.rampedLongAgo
  /// The segment's onboarding fee, until billed in the first billing month.
  var onboardingDue = 0.0
  /// Who earns commission on the client's bills, and at what rate (docs/model.md, 7.2).
  var closer: Int32 = -1
  var sourcer: Int32 = -1
  var commissionRate = 0.0

  /// The `startMonth` of a client whose ramp and commission months are long over.
  static let rampedLongAgo: Int32 = -1_000_000
}

/// What the day's request draws read of a client (docs/model.md, section 6), apart from the
/// rest of ``Client``, in `Replication.clientRequests` at the client's index: a day visits
/// the clients who ask, which at a large team are spread over more memory than the caches
/// hold, so each visit costs a cache miss; reading 32 bytes instead of a whole client keeps
/// four times as many of them in the cache.
struct ClientRequests {
  /// `H(key, requests)`: the first hash of the client's keyed draws of requests, the same
  /// every time (docs/model.md, 5.2), kept to hash once a draw.
  var key: UInt64 = 0
  /// The time of the client's next request (working days, or month time with a start date).
  var next = 0.0
  /// Request times drawn so far: the ordinal of the next gap.
  var times: UInt32 = 0
  /// The day whose requests list holds the client; -1: none within the horizon, or the client
  /// has left (a reused slot may still be listed under a day).
  var day: Int32 = -1
  /// The client's manager, as `Client.manager`; -1: an orphan, whose requests are lost.
  var manager: Int32 = -1
  var segment: Int16 = 0
}

/// The mutable state of one replication.
struct Replication {
  let model: SalesModel
  let replication: Int
  /// Every event falls on a whole day, so the whole-day future-event set fires them in the
  /// documented order at O(1) each.
  var sim = DaySimulation<Event>(priorities: Priority.dayStart...Priority.monthEnd)

  // Streams of world facts drawn in a fixed order, and one scratch stream reseeded per keyed
  // draw (docs/model.md, sections 5.2 and 12).
  let sInbound, sEvents, scratch: RandomStream
  /// Salts of the manager keys: initial managers and planned hires.
  let staffSalt, plannedSalt: UInt64
  /// Planned hires so far (all levels): the ordinal that keys the next one.
  var plannedOrdinal: UInt64 = 0
  /// The rate of one client's referrals, per working day.
  let referralMean: Double
  let referralsOn: Bool
  /// Per day, the clients whose next referral falls on it (docs/model.md, section 4): a day
  /// visits the clients who refer, not every client.
  var referralsDue: DayLists<Int32>
  /// The last day whose referrals are drawn: a new client's referral times start after it.
  var referralsDrawnThrough = -1

  var leads = RecordArray<Lead>()
  var freeLeads: [Int32] = []
  /// Leads waiting for a manager, one queue per segment and role that owns the lead's stage, at
  /// `segment * roleCount + role` (linked both ways, so an expiring lead leaves from anywhere),
  /// and their number.
  var waiting: [LeadQueue]
  var waitingCount = 0
  /// The last `Lead.waitOrder` handed out.
  var waitOrders: UInt64 = 0
  /// The waiting leads to expire on each day, with the wait they were filed for: expiry costs
  /// one visit per wait instead of a walk over every waiting lead every day.
  var expiring: DayLists<(lead: Int32, order: UInt64)>
  /// The day's expiries taken out of `expiring`, kept with its capacity from day to day.
  var dayExpiries: [(lead: Int32, order: UInt64)] = []
  /// The last day whose expiries are done.
  var expiredThrough = -1
  var pushed = LeadQueue()
  var managers = RecordArray<Manager>()
  /// Whether the stage outcomes and the day's work prefetch the records they will read: from
  /// `prefetchFromManagers` managers at the start, below which the records mostly sit in the
  /// caches and the look ahead would only cost instructions.
  var prefetching = false
  /// The active managers in index order; a departure leaves a hole, closed at month end, so
  /// that the day's work and the month's loops skip everyone who has left.
  var activeList: [Int32] = []
  var activeListHasLeavers = false
  /// Per segment and role, as `waiting`, the managers of the role a lead of the segment may be
  /// routed to, ranked by the routing policy (docs/model.md, 5.3).
  var routable: [ManagerTree]
  /// Per segment, the active managers of a role that holds clients allowed it, ranked by their
  /// number of clients, and last every such manager: where a reassigned client goes
  /// (docs/model.md, 10.2).
  var reassignable: [ManagerTree]
  /// The requests each manager's clients make today (docs/model.md, section 6).
  var dayRequests = RecordArray<Int>()
  /// Per day, the clients whose next request falls on it: a day visits the clients who ask.
  var requestsDue: DayLists<Int32>
  /// The last day whose requests are drawn: a new client's request times start after it.
  var requestsDrawnThrough = -1
  /// The day's list of clients (requests or referrals) taken out of its calendar, kept with
  /// its capacity from day to day.
  var dayList: [Int32] = []
  /// The plain per-level limits routing reads on every lead, copied out of the compiled levels
  /// so that a read copies no distribution; the capacities per (level, role) cell, at
  /// `level * roleCount + role`.
  let levelSegments: [UInt64]
  let cellMaxOpenLeads: [Int]
  let cellMaxPortfolio: [Int]
  let cellCalls: [Int]
  let cellMeetings: [Int]
  let cellServiceHours: [Double]
  /// The requests a day's service hours answer, per cell: `⌊hours / hours_per_request + 10⁻⁹⌋`.
  let cellServiceCapacity: [Int]
  /// Roles (docs/model.md, 2 and 5.6): their number (1 without declared roles), the first
  /// role group in the counters (0: no role groups), what each does, each stage's owner.
  let roleCount: Int
  let firstRoleGroup: Int
  let roleProspects: [Bool]
  let roleHoldsClients: [Bool]
  let roleAnswersRequests: [Bool]
  let stageRole: [Int]
  let handOffDelay: Int
  let handOffFee: Double
  /// Per segment: the mean daily requests of one client.
  let requestMeans: [Double]
  /// Switches and figures of the scenario read on every manager-day, copied out once: reading
  /// them through the scenario copies the enclosing parts (with their arrays) on the hot path.
  let serviceOn, escalationOn: Bool
  let vacationDays: Int
  let alternateSchedule: Bool
  let noShow: NoShow
  let outboundOn: Bool
  let contactRate: Double
  let hoursPerRequest: Double
  let slaDays: Int
  let escalationShare: Double
  let routingPolicy: RoutingPolicy
  /// Read on every lead, deal or win: a copy of the enclosing part of the scenario would
  /// retain every array and distribution in it.
  let marketOn: Bool
  let sandbaggingOn: Bool
  let portfolioOn: Bool
  let contractMonths: Int
  let oneOffRevenue: Bool
  var clients = RecordArray<Client>()
  /// Per client, at its index, what the day's request draws read (``ClientRequests``).
  var clientRequests = RecordArray<ClientRequests>()
  /// One bit per client index: the clients due on the day being drawn, visited in index order
  /// (all zero between days).
  var dueClients = RecordArray<UInt64>()
  var freeClients: [Int32] = []
  var orphanHead: Int32 = -1
  var requestRing = RecordArray<Int32>()
  let ringSize: Int
  var supportRing: [Int]
  var supportWaiting = 0
  /// The arrival day of the oldest escalated request still waiting for support.
  var supportOldest = 0

  var marketAvailable: [Int]
  var marketReturns: [(day: Int, segment: Int16)] = []
  var marketReturnsHead = 0
  /// Accounts of each segment's list not yet worked, and those out for good (list mode,
  /// docs/model.md 5.5).
  var marketFresh: [Int]
  var marketExcluded: [Int]

  let perGroup: Int
  /// The offset of stage 0's `reached_` in a group: the catalogue's number, kept here because
  /// the counters use it on every event.
  let reachedBase: Int
  let groups: Int
  var c: RecordArray<Double>
  var stageOutcomes: RecordArray<Double>
  var stageSuccesses: RecordArray<Double>
  var responseHistogram: RecordArray<Double>
  var samples: [[Double]]
  /// The value of every deal won, per group, for the median (reserved once per replication).
  var dealValues: [[Double]]
  var team = [Double](repeating: 0, count: TeamMetric.count)
  /// Set only by `SalesModel.history`: every hook below is one branch when it is nil.
  var recorder: HistoryRecorder?
  /// The service desk (docs/model.md, 8.5); nil when it is off.
  var desk: ServiceDeskState?
  /// Working days the desk has been open.
  var deskWorkingDays = 0

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
  var monthWon = 0.0
  var seriesWon: [Double]
  /// The per-level series of the current month (``SeriesMetric/perLevel``): level l's at
  /// `l * perLevel.count + index`, ``perLevelSlot(_:level:)``; the roles' after the levels',
  /// role r as level `levels + r`.
  var monthByLevel: [Double]
  /// The per-level series (``SeriesMetric/perLevel``), level after level, then role after role.
  var seriesByLevel: [[Double]]
  /// Per series (by raw value), its place in ``SeriesMetric/perLevel`` (-1: team only), read on
  /// every bill rather than searched.
  let perLevelIndex: [Int]
  /// Per role, the last manager given a lead under round robin.
  var roundRobinCursor: [Int]
  /// Team commission and salaries of the current month, and their series.
  var monthCommission = 0.0
  var monthSalary = 0.0
  /// Hand-off fees of the current month: cash out (docs/model.md, 9.6).
  var monthHandOffCost = 0.0
  var seriesCommission: [Double]
  var seriesSalary: [Double]
  /// Per month, the bills net of payment fees: the cash they bring `collection_delay_months`
  /// later (docs/model.md, 9.6).
  var billedNet: [Double]
  var seriesCashIn: [Double]
  var seriesCashOut: [Double]
  var seriesCashCumulative: [Double]
  /// The `money` figures read on every bill, copied out once.
  let moneyOn: Bool
  let commissionOnBills: Bool
  let commissionMonths: Int
  let forfeitOnExit: Bool
  let sourcerShare: Double
  let paymentFeeShare: Double
  let annualRaise: Double
  /// The revenue ramp: months (0 when off) and the first bill's share.
  let rampMonths: Int
  let firstBillShare: Double
  var planFromQuotas = 0.0
  /// Hires in flight `H_L` by level: scheduled to refill a seat, not yet joined (10.2, 10.3).
  var hiresInFlight: [Int]
  /// The binomial draws of cold calls that connect and of answered requests that escalate.
  let coldCallContacts: FixedChanceBinomial
  let escalations: FixedChanceBinomial
  /// Vacations split into `vacation_blocks` blocks, or years of varying length (a start date):
  /// the general rule of docs/model.md section 1 rather than the one-block shortcut.
  let spreadVacations: Bool
  let vacationBlocks: Int
  /// With a start date: client referrals and requests run in month time (section 1), at
  /// these rates per month.
  let referralsPerMonth: Double
  let requestsPerMonth: [Double]

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
    let portfolio = model.scenario.portfolio
    referralMean =
      model.scenario.leads.referrals.perClientPerMonth
      / Double(model.scenario.calendar.daysPerMonth)
    referralsOn = model.scenario.leads.referrals.enabled && referralMean > 0
    referralsDue = DayLists(days: referralsOn ? model.days : 0)
    requestsDue = DayLists(
      days: portfolio.enabled && portfolio.service.enabled ? model.days : 0)
    ringSize = model.scenario.portfolio.service.abandonAfterDays + 1
    coldCallContacts = model.coldCallContacts
    escalations = model.escalations
    supportRing = [Int](repeating: 0, count: max(model.days, 1))
    marketAvailable = model.marketSize
    marketFresh = model.marketSize
    marketExcluded = [Int](repeating: 0, count: model.marketSize.count)
    perGroup = model.layout.perGroup
    reachedBase = model.layout.offset(.reached, stage: 0, group: 0)
    groups = model.layout.groups.count
    c = RecordArray(repeating: 0, count: groups * perGroup)
    stageOutcomes = RecordArray(repeating: 0, count: groups * model.stages.count)
    // Storage of its own: copies of a `RecordArray` share it.
    stageSuccesses = RecordArray(repeating: 0, count: groups * model.stages.count)
    responseHistogram = RecordArray(repeating: 0, count: groups * ringSize)
    samples = [[Double]](repeating: [], count: groups)
    dealValues = samples
    let months = model.scenario.horizonMonths
    seriesRevenue = [Double](repeating: 0, count: months)
    seriesBookings = seriesRevenue
    seriesClients = seriesRevenue
    seriesHeadcount = seriesRevenue
    seriesWon = seriesRevenue
    seriesCommission = seriesRevenue
    seriesSalary = seriesRevenue
    billedNet = seriesRevenue
    seriesCashIn = seriesRevenue
    seriesCashOut = seriesRevenue
    seriesCashCumulative = seriesRevenue
    let money = model.scenario.money
    moneyOn = money.enabled
    commissionOnBills = money.enabled && money.commission.basis == .billed
    commissionMonths = money.commission.billedMonths
    forfeitOnExit = money.enabled && money.commission.forfeitOnExit
    sourcerShare = money.enabled ? money.commission.sourcerShare : 0
    paymentFeeShare = money.enabled ? money.paymentFeeShare : 0
    annualRaise = money.enabled ? money.annualRaise : 0
    let ramp = portfolio.revenueRamp
    rampMonths = ramp.enabled && portfolio.revenue == .recurring ? ramp.months : 0
    firstBillShare = ramp.firstBillShare
    let roles = model.roles
    let seriesGroups = model.levels.count + (roles.declared ? roles.count : 0)
    monthByLevel = [Double](repeating: 0, count: SeriesMetric.perLevel.count * seriesGroups)
    perLevelIndex = SeriesMetric.allCases.map { SeriesMetric.perLevel.firstIndex(of: $0) ?? -1 }
    seriesByLevel = [[Double]](
      repeating: seriesRevenue, count: SeriesMetric.perLevel.count * seriesGroups)
    hiresInFlight = [Int](repeating: 0, count: model.levels.count)
    roleCount = roles.count
    firstRoleGroup = roles.declared ? 1 + model.levels.count : 0
    roleProspects = roles.prospects
    roleHoldsClients = roles.holdsClients
    roleAnswersRequests = roles.answersRequests
    stageRole = roles.stageRole
    handOffDelay = model.scenario.handOff.delayDays
    handOffFee = model.scenario.handOff.fee
    roundRobinCursor = [Int](repeating: -1, count: roles.count)
    waiting = [LeadQueue](repeating: LeadQueue(), count: model.segments.count * roles.count)
    expiring = DayLists(days: max(model.days, 1))
    // One tree each, never `repeating:`: copies of a tree share its nodes.
    routable = (0..<model.segments.count * roles.count).map { _ in ManagerTree() }
    reassignable = (0..<model.segments.count + 1).map { _ in ManagerTree() }
    levelSegments = model.levels.map(\.segmentMask)
    cellMaxOpenLeads = roles.maxOpenLeads
    cellMaxPortfolio = roles.maxPortfolio
    cellCalls = roles.calls
    cellMeetings = roles.meetings
    cellServiceHours = roles.serviceHours
    let perRequest = portfolio.service.hoursPerRequest
    cellServiceCapacity = roles.serviceHours.map { hours in
      // Validation bounds the ratio when the service is on; off, it is never read.
      let x = (hours / perRequest + 1e-9).rounded(.down)
      return portfolio.enabled && portfolio.service.enabled && x >= 0 && x < 1e15 ? Int(x) : 0
    }
    requestMeans = model.segments.map(\.requestsPerDay)
    serviceOn = portfolio.enabled && portfolio.service.enabled
    escalationOn = portfolio.enabled && portfolio.escalation.enabled
    vacationDays = model.scenario.calendar.vacationDaysPerYear
    vacationBlocks = max(model.scenario.calendar.vacationBlocks, 1)
    spreadVacations = vacationBlocks > 1 || model.calendar.isDated
    referralsPerMonth = model.scenario.leads.referrals.perClientPerMonth
    requestsPerMonth = model.segments.map(\.requestsPerMonth)
    alternateSchedule = model.scenario.funnel.schedule == .alternate
    noShow = model.scenario.funnel.noShow
    outboundOn = model.scenario.leads.outbound.enabled
    contactRate = model.scenario.leads.outbound.contactRate
    hoursPerRequest = portfolio.service.hoursPerRequest
    slaDays = portfolio.service.slaDays
    escalationShare = portfolio.escalation.share
    routingPolicy = model.scenario.routing.policy
    marketOn = model.scenario.leads.market.enabled
    sandbaggingOn = model.scenario.quota.enabled && model.scenario.quota.sandbagging.enabled
    portfolioOn = portfolio.enabled
    contractMonths = portfolio.contractMonths
    oneOffRevenue = portfolio.revenue == .oneOff
    if model.scenario.serviceDesk.enabled {
      desk = ServiceDeskState(
        model.scenario.serviceDesk,
        salt: StreamSeed.derive(seed: seed, replication: replication, name: "desk"))
    }
  }

}

extension Replication {
  @inline(__always) static func push(
    _ i: Int, _ q: inout LeadQueue, _ leads: inout RecordArray<Lead>
  ) {
    leads[i].next = -1
    if q.tail >= 0 { leads[Int(q.tail)].next = Int32(i) } else { q.head = Int32(i) }
    q.tail = Int32(i)
    q.count += 1
  }

  @inline(__always) static func pop(
    _ q: inout LeadQueue, _ leads: inout RecordArray<Lead>
  ) -> Int {
    let i = Int(q.head)
    q.head = leads[i].next
    // The next lead popped is most likely this one's successor: start fetching it now.
    if q.head < 0 { q.tail = -1 } else { leads.prefetch(Int(q.head)) }
    q.count -= 1
    return i
  }
}

extension Replication {
  /// Stage outcomes several places ahead in today's outcomes whose lead and manager to start
  /// loading: at a large team both records are read at random from arrays larger than the
  /// caches, and an outcome's own work (a keyed draw, scheduling, counting) hides the fetch.
  static var outcomeLookahead: Int { 4 }

  /// Prefetches for the coming stage outcomes (the kernel's look ahead into today's bucket):
  /// the lead and the manager's first lines of the outcome `outcomeLookahead` places ahead, and
  /// for the next one, whose manager is in the cache by now, the last leads of the manager's
  /// queues, which its next stage may join. Only hints: the order and the results are those of
  /// the plain loop.
  @inline(__always) func prefetchStageOutcomes() {
    if case .stageDone(let lead, let manager)? = sim.upcoming(Self.outcomeLookahead) {
      leads.prefetch(Int(lead))
      managers.prefetch(Int(manager), bytes: Manager.hotBytes)
    }
    if case .stageDone(_, let manager)? = sim.upcoming(0) {
      let m = Int(manager)
      if m < managers.count {
        leads.prefetch(Int(managers[m].calls.tail))
        leads.prefetch(Int(managers[m].meetings.tail))
      }
    }
  }

  /// Prefetches for the day's work on the manager at `k` in the active list on day `d`: its
  /// record and what its request arrivals read, today's slot of its request ring and its count
  /// of the day's requests (`2 * dayWorkLookahead` ahead), then the first leads of its queues,
  /// which its work pops (`dayWorkLookahead` ahead, the record being in the cache by then).
  /// The ring and the counts are walked in index order, but between two managers the work
  /// reads leads and records at random, and at a large team the two loads were a third of the
  /// request arrivals' time.
  @inline(__always) func prefetchDayWork(_ k: Int, day d: Int) {
    let ahead = k + 2 * Self.dayWorkLookahead
    if ahead < activeList.count {
      let m = Int(activeList[ahead])
      managers.prefetch(m, bytes: Manager.hotBytes)
      if serviceOn {
        requestRing.prefetch(m * ringSize + d % ringSize, bytes: 1)
        dayRequests.prefetch(m, bytes: 1)
      }
    }
    let next = k + Self.dayWorkLookahead
    if next < activeList.count {
      let m = Int(activeList[next])
      leads.prefetch(Int(managers[m].meetings.head))
      leads.prefetch(Int(managers[m].calls.head))
    }
  }

  /// Prefetches for the day's request draws (`drawRequests`), a word of the due clients'
  /// bitmap at a time: the request state of the clients of word `next` (-1: none), drawn after
  /// those of `word`, and the day's request count of the manager of each client of `word`,
  /// whose state the previous call asked for. At a large team the clients' request state
  /// spans tens of megabytes and the managers' counts more than the L2 cache, read at random:
  /// the two loads were more than half of the draws' time at 100,000 managers.
  @inline(__always) func prefetchDueRequests(_ word: Int, next: Int) {
    var bits = next >= 0 ? dueClients[next] : 0
    while bits != 0 {
      clientRequests.prefetch(next << 6 | bits.trailingZeroBitCount)
      bits &= bits - 1
    }
    bits = dueClients[word]
    while bits != 0 {
      let m = Int(clientRequests[word << 6 | bits.trailingZeroBitCount].manager)
      if m >= 0 { dayRequests.prefetch(m, bytes: 1) }
      bits &= bits - 1
    }
  }

  static var dayWorkLookahead: Int { 2 }
  /// About where a team's lead and manager records outgrow a core's 1.25 MiB L2 cache.
  static var prefetchFromManagers: Int { 1_000 }
}
