// The fit: from an export known at an as-of date to estimates with intervals
// (docs/calibration.md, "Estimators").
import Foundation

/// How to fit: the as-of date, the funnel's stage order, the model's calendar.
public struct FitOptions: Sendable {
  /// Only what was known on this day is used; a deal closed later is open on it.
  public var asOf: CalendarDay
  /// The funnel's stages in order; nil takes the order from the stage history, else from the
  /// deals (docs/calibration.md, "Stages").
  public var stages: [String]?
  /// Working days a month of the written scenario (`calendar.days_per_month`).
  public var daysPerMonth = 21
  /// The written scenario's name.
  public var name = "fitted"
  /// Half-life in months of a decision's weight in the stage probabilities the scenario runs
  /// with (``StageFit/recent``); nil chooses it from the data among
  /// ``HistoryFit/stageHalfLifeCandidates``, infinity weighs the whole history alike.
  public var stageHalfLifeMonths: Double? = nil
  /// With clients, fit each level's `max_portfolio` and the owners' opening books
  /// (``PortfolioCap``). Off by default: on the simulated histories measured it raised no
  /// team coverage and put the model behind the run rate on a steady team (docs/calibration.md,
  /// "With the portfolio cap").
  public var portfolioCap = false

  /// Fit as of `asOf`, the rest at its default.
  public init(asOf: CalendarDay) { self.asOf = asOf }
}

/// A problem that stops the fit (the data cannot give a scenario).
public enum FitError: Error, Sendable, CustomStringConvertible, Equatable {
  case noOpportunities(asOf: String)
  case unknownStage(stage: String, row: Int, stages: [String])

  public var description: String {
    switch self {
    case .noOpportunities(let asOf):
      "no opportunity was created on or before the as-of date \(asOf): nothing to fit"
    case .unknownStage(let stage, let row, let stages):
      "opportunities row \(row): stage '\(stage)' is not one of --stages \(stages.joined(separator: ","))"
    }
  }
}

/// One funnel stage as fitted.
public struct StageFit: Sendable, Codable {
  /// The stage's name.
  public var name: String
  /// Closed deals that reached the stage.
  public var reached: Int
  /// Success probability of the stage (deals that passed it / deals decided at or past it).
  public var probability: Estimate
  /// The same with each decision weighted by its age (``FitOptions/stageHalfLifeMonths``):
  /// the stage's level on the as-of date. Nil when the whole history is weighed alike.
  public var recent: Estimate? = nil
  /// What the written scenario runs with: ``recent``, else ``probability``.
  public var level: Estimate {
    get { recent ?? probability }
    set { if recent != nil { recent = newValue } else { probability = newValue } }
  }
  /// Working days from entering the stage to its outcome (the next stage entered, or the
  /// close), from the stage history; nil without one.
  public var durationDays: Estimate?
}

/// One segment as fitted: its share of leads and its deal size.
public struct SegmentFit: Sendable, Codable {
  /// The segment's name (`all` when the export has none).
  public var name: String
  /// Share of the opportunities created.
  public var share: Estimate
  /// The deal size family chosen by AIC, nil when fewer than two won deals have an amount.
  public var dealSize: FamilyFit?
  /// Every candidate family's fit, for the report.
  public var candidates: [FamilyFit]
  /// Won amounts (> 0) of the segment, for the report.
  public var amounts: [Double]
}

/// One manager level as fitted.
public struct LevelFit: Sendable, Codable {
  /// The level's name.
  public var name: String
  /// Managers employed on the as-of date.
  public var headcount: Int
  /// The level's win rate (won / closed).
  public var winRate: Estimate
  /// The level's conversion of its deals decided at the last stage over the team's: the
  /// scenario's `win_multiplier`.
  public var winMultiplier: Double
  /// The level's owners with a seat in a per-owner scenario: those employed on the as-of
  /// date and those holding a deal open on it.
  public var owners: [String]
  /// Open deals on the as-of date by stage name.
  public var openByStage: [String: [Double]]
}

/// One owner as fitted.
public struct OwnerFit: Sendable, Codable {
  public var owner: String
  public var level: String
  /// The win rate shrunk toward the level's (beta-binomial empirical Bayes).
  public var winRate: Estimate
  /// Opportunities closed per month while the owner had deals (capacity).
  public var closedPerMonth: Estimate
  /// The Beta posterior of the shrunk win rate, `(α + k, β + n − k)`: parameter sets draw the
  /// owner's rate from it.
  public var winRatePosterior = BetaParameters(alpha: 1, beta: 1)
}

/// A deal open on the as-of date: it enters the simulation in its stage with its age.
public struct OpenDeal: Sendable, Codable, Hashable {
  public var id: String
  public var owner: String
  public var level: String
  /// Index into ``HistoryFit/stages``.
  public var stage: Int
  /// Working days since it was created.
  public var ageDays: Double
  /// Working days since it entered its stage, from the stage history (its created date for
  /// the first stage); nil when unknown.
  public var inStageDays: Double? = nil
}

/// Everything fitted from an export, with the inputs the report compares against.
public struct HistoryFit: Sendable {
  /// The as-of date.
  public var asOf: CalendarDay
  /// The funnel's stages in order.
  public var stages: [String]
  /// Working days a month.
  public var daysPerMonth: Int
  /// The written scenario's name.
  public var name: String
  /// Opportunities used (created on or before as-of).
  public var opportunitiesUsed: Int
  /// Rows left out by the reader.
  public var problems: [RowProblem]
  /// The first and last calendar months of lead data.
  public var firstMonth: CalendarDay
  /// Leads (opportunities created) per month.
  public var leadsPerMonth: Estimate
  /// Twelve seasonal multipliers, January first, mean 1; nil (flat) with fewer than two
  /// full years of data.
  public var seasonality: [Double]?
  /// Leads per month of each channel (empty when the export has none).
  public var leadsPerChannel: [String: Estimate]
  /// Twelve seasonal multipliers of each channel (January first, mean 1), by the rule of
  /// ``seasonality`` applied to the channel's own deals from its first one; a channel with
  /// fewer than two full years is left out.
  public var seasonalityPerChannel: [String: [Double]]
  /// Won / closed of all closed deals.
  public var winRate: Estimate
  /// The product of the stage probabilities the scenario runs with (``StageFit/level``): the
  /// win rate of a lead of a level with multiplier 1 in the written scenario. Unlike
  /// ``winRate`` it counts what the open deals have passed, so it is not biased down by the
  /// deals still open on the as-of date.
  public var funnelWinRate: Double { stageFits.reduce(1.0) { $0 * $1.level.value } }
  /// Per stage, in funnel order.
  public var stageFits: [StageFit]
  /// Kaplan–Meier median time to close (working days), open deals censored.
  public var timeToClose: Estimate?
  /// Won deals' sales cycle (working days): gamma by censored maximum likelihood.
  public var wonCycle: FamilyFit?
  /// Per segment.
  public var segments: [SegmentFit]
  /// Per level, in order.
  public var levels: [LevelFit]
  /// Per owner.
  public var owners: [OwnerFit]
  /// Monthly churn hazard of clients (censored exponential), nil without clients.
  public var churnHazard: Estimate?
  /// Requests per client-month, nil without requests and clients.
  public var requestsPerClientMonth: Estimate?
  /// Working days to the first response, nil without answered requests.
  public var responseDays: Estimate?
  /// Deals open on the as-of date.
  public var openDeals: [OpenDeal]
  /// Won deals per calendar month (for the report), from `firstMonth`.
  public var wonPerMonth: [Int]
  /// Sales cycles of won deals, working days (for the report).
  public var wonCycles: [Double]
  /// Staff turnover from the owners file; nil without hire or exit dates.
  public var careers: CareerFit?
  /// Each owner's leads of the last ``OwnerLeads/window`` days before as-of, for the per-owner
  /// lead shares.
  public var ownerLeads: [String: OwnerLeads] = [:]
  /// The variance of the factor on an owner's monthly won rate (``OwnerLeads/extraVariation``),
  /// the team's part included.
  public var ownerWonVariation = 0.0
  /// Per stage, how long deals stay in it, from the stage history (nil without one, or for a
  /// stage no deal has left): the days an opening deal has left in its stage.
  public var stageTimeLeft: [StageTimeLeft?] = []
  /// The half-life in months of the decisions' weights in ``StageFit/recent`` (infinity: the
  /// whole history alike).
  public var stageHalfLifeMonths = Double.infinity
  /// Each level's portfolio cap by level name (empty without a clients file).
  public var portfolioCaps: [String: PortfolioCap] = [:]
  /// Each owner's active clients on the as-of date (empty without a clients file).
  public var openingBooks: [String: Int] = [:]
  /// Each seat's `remaining_days` by seat and stage (``seatStageKey(_:_:)``), computed once.
  var remainingDaysText: [String: String] = [:]
}

extension HistoryFit {
  /// Fits `export` as known on `options.asOf`.
  public static func fit(_ export: CRMExport, options: FitOptions) throws(FitError) -> HistoryFit {
    let asOf = options.asOf
    let time = ModelTime(daysPerMonth: options.daysPerMonth)
    let opportunities = export.opportunities.filter { $0.created <= asOf }
    guard !opportunities.isEmpty else { throw .noOpportunities(asOf: asOf.description) }

    // What each deal was on the as-of date.
    func statusAtAsOf(_ o: Opportunity) -> DealStatus {
      guard let c = o.closed, c <= asOf else { return .open }
      return o.status
    }
    var historyByDeal: [String: [StageEntry]] = [:]
    for e in export.stageHistory where e.date <= asOf { historyByDeal[e.id, default: []].append(e) }

    let stages = try stageOrder(opportunities, history: historyByDeal, options: options)
    let stageIndex = Dictionary(stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let last = stages.count - 1

    /// Furthest stage index known on the as-of date; nil when unknown.
    func furthestStage(_ o: Opportunity, status: DealStatus) -> Int? {
      if status == .won { return last }
      if let entries = historyByDeal[o.id] {
        return entries.compactMap { stageIndex[$0.stage] }.max()
      }
      if !o.stage.isEmpty, let k = stageIndex[o.stage] {
        // A deal closed after the as-of date shows its later stage: not known then.
        if status == .open, o.closed != nil { return 0 }
        return k
      }
      return status == .open ? 0 : nil
    }

    // Leads.
    let firstCreated = opportunities.map(\.created).min()!
    // Leads are counted from the first close on: before it an export holds only the deals
    // still open then (those created and closed earlier are missing, as when an export starts
    // with the open deals carried into it), so its counts there are too low.
    let firstClose = opportunities.compactMap { o in o.closed.flatMap { $0 <= asOf ? $0 : nil } }
      .min()
    let leadStart = max(firstCreated, firstClose ?? firstCreated)
    let counted = opportunities.filter { $0.created >= leadStart }
    func exposure(from start: CalendarDay) -> Double {
      max(
        1.0 / Double(options.daysPerMonth),
        time.months(calendarDays: Double(asOf.daysSinceEpoch - start.daysSinceEpoch + 1)))
    }
    let leads = Estimators.poissonRate(events: counted.count, exposure: exposure(from: leadStart))
    let seasonality = seasonalFactors(opportunities, asOf: asOf)
    // Each channel from its own first deal (or the first close, if later): a channel that
    // starts later must not be diluted by the months before it.
    var perChannel: [String: (count: Int, first: CalendarDay)] = [:]
    for o in counted where !o.channel.isEmpty {
      let entry = perChannel[o.channel] ?? (0, o.created)
      perChannel[o.channel] = (entry.count + 1, min(entry.first, o.created))
    }
    let leadsPerChannel = perChannel.mapValues { channel in
      Estimators.poissonRate(events: channel.count, exposure: exposure(from: channel.first))
    }
    var seasonalityPerChannel: [String: [Double]] = [:]
    for channel in perChannel.keys {
      let own = opportunities.filter { $0.channel == channel }
      if let factors = seasonalFactors(own, asOf: asOf) { seasonalityPerChannel[channel] = factors }
    }

    // Win rates.
    var closedWon = 0
    var closedAll = 0
    var lostAtStage = [Int](repeating: 0, count: stages.count)
    var decidedAtOrPast = [Int](repeating: 0, count: stages.count)
    var wonAmounts: [String: [Double]] = [:]
    var wonCycles: [Double] = []
    var openAges: [Double] = []
    var openDealsRaw: [(Opportunity, Int, Double)] = []
    var perOwner: [String: (won: Int, closed: Int, first: Int, lastDay: Int, lastDecided: Int)] = [:]
    var unknownStageLost = 0
    var timesToClose: [Double] = []
    var closedFlags: [Bool] = []
    var lastStageDecisions: [(owner: String, day: CalendarDay, won: Bool)] = []
    let firstMonthIndex = firstCreated.monthIndex
    var wonPerMonth = [Int](repeating: 0, count: asOf.monthIndex - firstMonthIndex + 1)
    for o in opportunities {
      let status = statusAtAsOf(o)
      let ageDays = time.workingDays(
        calendarDays: Double(((status == .open ? asOf : o.closed!).daysSinceEpoch) - o.created.daysSinceEpoch))
      timesToClose.append(max(0.5, ageDays))
      closedFlags.append(status != .open)
      var entry = perOwner[o.owner] ?? (0, 0, o.created.daysSinceEpoch, o.created.daysSinceEpoch, 0)
      entry.first = min(entry.first, o.created.daysSinceEpoch)
      entry.lastDay = max(entry.lastDay, (status == .open ? asOf : o.closed!).daysSinceEpoch)
      let k = furthestStage(o, status: status)
      switch status {
      case .open:
        openAges.append(max(0.5, ageDays))
        openDealsRaw.append((o, k ?? 0, ageDays))
        // An open deal in stage k has passed every stage before it.
        if let k, k > 0 { for j in 0..<k { decidedAtOrPast[j] += 1 } }
      case .won, .lost:
        closedAll += 1
        entry.closed += 1
        if status == .won {
          closedWon += 1
          entry.won += 1
          wonCycles.append(max(0.5, ageDays))
          wonPerMonth[o.closed!.monthIndex - firstMonthIndex] += 1
          if let a = o.amount, a > 0 { wonAmounts[segmentName(o), default: []].append(a) }
        }
        if let k {
          for j in 0...k { decidedAtOrPast[j] += 1 }
          if status == .lost { lostAtStage[k] += 1 }
          if k == last {
            entry.lastDecided += 1
            // The ramp acts on the last stage (model.md 7.1): its decisions, by the owner's
            // tenure on the day, show it without the mix of early losses.
            lastStageDecisions.append((o.owner, o.closed!, status == .won))
          }
        } else {
          unknownStageLost += 1
        }
      }
      perOwner[o.owner] = entry
    }
    let winRate = Estimators.proportion(successes: closedWon, trials: closedAll)
    var stageFits: [StageFit] = stages.indices.map { k in
      let passed = decidedAtOrPast[k] - lostAtStage[k]
      return StageFit(
        name: stages[k], reached: decidedAtOrPast[k],
        probability: decidedAtOrPast[k] > 0
          ? Estimators.proportion(successes: passed, trials: decidedAtOrPast[k])
          : Estimate(value: 1, n: 0, lower: 0, upper: 1))
    }
    // The last stage's own conversion, before lost deals of unknown stage are folded in: the
    // levels' multipliers compare theirs with it.
    let lastConversion = stageFits[last].probability.value
    // Lost deals of unknown stage count in no stage: the last stage takes them, lowering the
    // stages' product by the share they are of the closed deals.
    if unknownStageLost > 0, closedAll > 0 {
      let factor = Double(closedAll - unknownStageLost) / Double(closedAll)
      stageFits[last].probability.value *= factor
    }
    let deals = opportunities.map { o in
      let status = statusAtAsOf(o)
      return DealOnAsOf(opportunity: o, status: status, stage: furthestStage(o, status: status))
    }
    let recent = recentStageProbabilities(
      deals, history: historyByDeal, stageIndex: stageIndex, stages: stages.count, asOf: asOf,
      halfLifeMonths: options.stageHalfLifeMonths, time: time)
    for k in stageFits.indices { stageFits[k].recent = recent.estimates[k] }

    // Time in each stage, from the stage history: entering the stage to entering the next one,
    // or to the close for the stage a closed deal ended in.
    if !historyByDeal.isEmpty {
      var inStage = [[Double]](repeating: [], count: stages.count)
      let byId = Dictionary(opportunities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      for (id, entries) in historyByDeal {
        let path = entries.compactMap { e in stageIndex[e.stage].map { (k: $0, date: e.date) } }
          .sorted { $0.date < $1.date }
        for (i, step) in path.enumerated() {
          let end: CalendarDay?
          if i + 1 < path.count {
            end = path[i + 1].date
          } else if let o = byId[id], statusAtAsOf(o) != .open {
            end = o.closed
          } else {
            end = nil
          }
          if let end {
            inStage[step.k].append(
              time.workingDays(calendarDays: Double(end.daysSinceEpoch - step.date.daysSinceEpoch)))
          }
        }
      }
      for k in stages.indices where inStage[k].count >= 2 {
        stageFits[k].durationDays = Estimators.mean(inStage[k])
      }
    }

    // Time to close and the won cycle.
    let km = KaplanMeier(durations: timesToClose, observed: closedFlags)
    // An open deal is a future win with about the team's win rate: its age enters the won
    // cycle's likelihood as a censored value for that share of the open deals (the oldest
    // ones are dropped first, as they are the likeliest to be lost).
    let censoredShare = Int((Double(openAges.count) * winRate.value).rounded())
    let censored = Array(openAges.sorted().prefix(censoredShare))
    let wonCycle = FamilyFit.fit(.gamma, values: wonCycles, censored: censored)

    // Segments.
    var segmentCounts: [String: Int] = [:]
    for o in opportunities { segmentCounts[segmentName(o), default: 0] += 1 }
    let segmentNames = segmentCounts.keys.sorted()
    let pooledAmounts = wonAmounts.values.flatMap { $0 }
    let pooledFit = FamilyFit.best(values: pooledAmounts)
    let segments = segmentNames.map { name -> SegmentFit in
      let amounts = wonAmounts[name] ?? []
      let best = amounts.count >= 10 ? FamilyFit.best(values: amounts) : nil
      return SegmentFit(
        name: name,
        share: Estimators.proportion(successes: segmentCounts[name]!, trials: opportunities.count),
        dealSize: best?.chosen ?? pooledFit?.chosen,
        candidates: best?.all ?? pooledFit?.all ?? [], amounts: amounts)
    }

    // Levels and owners.
    let (levelOf, levelNames, employed) = levelsOnAsOf(
      export.owners, opportunities: opportunities, openOwners: Set(openDealsRaw.map { $0.0.owner }),
      asOf: asOf)
    var levels: [LevelFit] = []
    var owners: [OwnerFit] = []
    for name in levelNames {
      let members = perOwner.keys.filter { levelOf($0) == name }.sorted()
      let won = members.reduce(0) { $0 + perOwner[$1]!.won }
      let closed = members.reduce(0) { $0 + perOwner[$1]!.closed }
      let rate = Estimators.proportion(successes: won, trials: closed)
      let lastDecided = members.reduce(0) { $0 + perOwner[$1]!.lastDecided }
      let levelLast = lastDecided > 0 ? Double(won) / Double(lastDecided) : lastConversion
      var openByStage: [String: [Double]] = [:]
      for (o, k, age) in openDealsRaw where levelOf(o.owner) == name {
        openByStage[stages[k], default: []].append(age)
      }
      let openOwners = Set(openDealsRaw.filter { levelOf($0.0.owner) == name }.map(\.0.owner))
      let seated = employed[name] ?? []
      levels.append(
        LevelFit(
          name: name,
          headcount: max(seated.count, openOwners.isEmpty && !export.owners.isEmpty ? 0 : 1),
          winRate: rate,
          winMultiplier: lastConversion > 0 ? levelLast / lastConversion : 1,
          owners: (Set(seated).union(openOwners)).sorted(), openByStage: openByStage))
      let shrunk = Estimators.shrunkProportions(
        members.map { (perOwner[$0]!.won, perOwner[$0]!.closed) })
      for (i, owner) in members.enumerated() {
        let e = perOwner[owner]!
        let months = max(1, time.months(calendarDays: Double(e.lastDay - e.first + 1)))
        var fitted = OwnerFit(
          owner: owner, level: name, winRate: shrunk.estimates[i],
          closedPerMonth: Estimators.poissonRate(events: e.closed, exposure: months))
        fitted.winRatePosterior = BetaParameters(
          alpha: shrunk.prior.alpha + Double(e.won), beta: shrunk.prior.beta + Double(e.closed - e.won))
        owners.append(fitted)
      }
    }

    // Clients and requests.
    var churn: Estimate?
    var requestRate: Estimate?
    var response: Estimate?
    let clients = export.clients.filter { $0.start <= asOf }
    if !clients.isEmpty {
      var events = 0
      var exposure = 0.0
      for c in clients {
        let end = c.end.map { min($0, asOf) } ?? asOf
        exposure += time.months(calendarDays: Double(end.daysSinceEpoch - c.start.daysSinceEpoch))
        if let e = c.end, e <= asOf { events += 1 }
      }
      churn = Estimators.poissonRate(events: events, exposure: exposure)
      let requests = export.requests.filter { $0.created <= asOf }
      if !export.requests.isEmpty {
        requestRate = Estimators.poissonRate(events: requests.count, exposure: exposure)
        let answered = requests.compactMap { r -> Double? in
          guard let f = r.firstResponse, f <= asOf else { return nil }
          return time.workingDays(calendarDays: Double(f.daysSinceEpoch - r.created.daysSinceEpoch))
        }
        if !answered.isEmpty { response = Estimators.mean(answered) }
      }
    }

    // The time each open deal has spent in its stage: since its last entry into it.
    func inStage(_ o: Opportunity, _ k: Int) -> Double? {
      let entered =
        historyByDeal[o.id]?.filter { stageIndex[$0.stage] == k }.map(\.date).max()
        ?? (k == 0 ? o.created : nil)
      return entered.map {
        time.workingDays(calendarDays: Double(asOf.daysSinceEpoch - $0.daysSinceEpoch))
      }
    }
    let openDeals = openDealsRaw.map { o, k, age in
      OpenDeal(
        id: o.id, owner: o.owner, level: levelOf(o.owner), stage: k, ageDays: age,
        inStageDays: inStage(o, k))
    }
    let closedOn = Dictionary(
      opportunities.compactMap { o in statusAtAsOf(o) == .open ? nil : (o.id, o.closed!) },
      uniquingKeysWith: { a, _ in a })
    var fit = HistoryFit(
      asOf: asOf, stages: stages, daysPerMonth: options.daysPerMonth, name: options.name,
      opportunitiesUsed: opportunities.count, problems: export.problems,
      firstMonth: CalendarDay.firstDay(ofMonthIndex: firstMonthIndex), leadsPerMonth: leads,
      seasonality: seasonality, leadsPerChannel: leadsPerChannel,
      seasonalityPerChannel: seasonalityPerChannel, winRate: winRate,
      stageFits: stageFits, timeToClose: km.median, wonCycle: wonCycle, segments: segments,
      levels: levels, owners: owners, churnHazard: churn, requestsPerClientMonth: requestRate,
      responseDays: response, openDeals: openDeals, wonPerMonth: wonPerMonth, wonCycles: wonCycles)
    fit.stageHalfLifeMonths = recent.halfLifeMonths
    fit.careers = CareerFit.fit(
      owners: export.owners, levels: levelNames, observedFrom: leadStart, asOf: asOf, time: time,
      closes: lastStageDecisions)
    fit.ownerWonVariation = OwnerLeads.extraVariation(opportunities, asOf: asOf)
    fit.ownerLeads = OwnerLeads.recent(
      opportunities, owners: export.owners, asOf: asOf, segment: segmentName)
    (fit.portfolioCaps, fit.openingBooks) = portfolios(
      clients: options.portfolioCap ? export.clients : [], opportunities: opportunities,
      owners: export.owners, levels: levels, asOf: asOf)
    if !historyByDeal.isEmpty {
      fit.stageTimeLeft = stageStays(
        historyByDeal, stageIndex: stageIndex, stages: stages.count, closedOn: { closedOn[$0] },
        asOf: asOf, time: time)
      fit.remainingDaysText = fit.remainingDaysOfEverySeat()
    }
    return fit
  }

  static func segmentName(_ o: Opportunity) -> String { o.segment.isEmpty ? "all" : o.segment }

  /// The funnel's stages: given, from the stage history, or from the deals.
  static func stageOrder(
    _ opportunities: [Opportunity], history: [String: [StageEntry]], options: FitOptions
  ) throws(FitError) -> [String] {
    if let given = options.stages, !given.isEmpty {
      for o in opportunities where !o.stage.isEmpty && !given.contains(o.stage) {
        throw .unknownStage(stage: o.stage, row: o.row, stages: given)
      }
      return given
    }
    if !history.isEmpty {
      // Each stage's mean position in the deals' histories (by date).
      var sum: [String: (Double, Int)] = [:]
      for entries in history.values {
        for (i, e) in entries.sorted(by: { $0.date < $1.date }).enumerated() {
          let s = sum[e.stage] ?? (0, 0)
          sum[e.stage] = (s.0 + Double(i), s.1 + 1)
        }
      }
      return sum.keys.sorted {
        let a = sum[$0]!.0 / Double(sum[$0]!.1)
        let b = sum[$1]!.0 / Double(sum[$1]!.1)
        return a != b ? a < b : $0 < $1
      }
    }
    // Without history: the won deals' stage is last; the others by the median age at which
    // lost deals ended there (deals lost later in the funnel ran longer).
    var wonStage: [String: Int] = [:]
    var lostAges: [String: [Int]] = [:]
    for o in opportunities where !o.stage.isEmpty {
      switch o.status {
      case .won: wonStage[o.stage, default: 0] += 1
      case .lost:
        if let c = o.closed { lostAges[o.stage, default: []].append(c.daysSinceEpoch - o.created.daysSinceEpoch) }
      case .open: if lostAges[o.stage] == nil { lostAges[o.stage] = [] }
      }
    }
    let lastStage = wonStage.max { $0.value < $1.value }?.key
    func median(_ v: [Int]) -> Double {
      guard !v.isEmpty else { return .infinity }
      let s = v.sorted()
      return Double(s[s.count / 2])
    }
    var names = lostAges.keys.filter { $0 != lastStage }.sorted {
      let a = median(lostAges[$0]!)
      let b = median(lostAges[$1]!)
      return a != b ? a < b : $0 < $1
    }
    names.append(lastStage ?? "deal")
    return names
  }

  /// Twelve multipliers (January first, mean 1) from full calendar months, when every month
  /// of the year was seen at least twice; nil otherwise.
  static func seasonalFactors(_ opportunities: [Opportunity], asOf: CalendarDay) -> [Double]? {
    let first = opportunities.map(\.created).min()!
    // Only whole months: the first month counts when the data starts on its first day.
    let startMonth = first.components.day == 1 ? first.monthIndex : first.monthIndex + 1
    let asOfNext = CalendarDay(daysSinceEpoch: asOf.daysSinceEpoch + 1)
    let endMonth = asOfNext.components.day == 1 ? asOf.monthIndex : asOf.monthIndex - 1
    guard endMonth - startMonth + 1 >= 24 else { return nil }
    var counts = [Int](repeating: 0, count: endMonth - startMonth + 1)
    for o in opportunities {
      let m = o.created.monthIndex
      if m >= startMonth && m <= endMonth { counts[m - startMonth] += 1 }
    }
    var sum = [Double](repeating: 0, count: 12)
    var seen = [Int](repeating: 0, count: 12)
    for (i, c) in counts.enumerated() {
      let moy = (startMonth + i) % 12
      sum[moy] += Double(c)
      seen[moy] += 1
    }
    let rates = (0..<12).map { sum[$0] / Double(seen[$0]) }
    let mean = rates.reduce(0, +) / 12
    guard mean > 0 else { return nil }
    return rates.map { $0 / mean }
  }

  /// Each owner's level, the levels in order and the headcount of each on the as-of date.
  static func levelsOnAsOf(
    _ owners: [Owner], opportunities: [Opportunity], openOwners: Set<String>, asOf: CalendarDay
  ) -> (levelOf: @Sendable (String) -> String, names: [String], employed: [String: [String]]) {
    let known = owners.filter { ($0.hired ?? asOf) <= asOf }
    if known.isEmpty {
      // One level; its managers are those with a deal open on the as-of date or created in the
      // last 90 days.
      var active = openOwners
      for o in opportunities where asOf.daysSinceEpoch - o.created.daysSinceEpoch <= 90 {
        active.insert(o.owner)
      }
      return ({ _ in "sales" }, ["sales"], ["sales": active.sorted()])
    }
    var names: [String] = []
    var map: [String: String] = [:]
    var employed: [String: [String]] = [:]
    for o in known {
      // `team` names the whole team in reports, so a level cannot be called that.
      let level = o.level.isEmpty ? "sales" : o.level == "team" ? "team_level" : o.level
      if !names.contains(level) { names.append(level) }
      map[o.owner] = level
      if o.exited.map({ $0 > asOf }) ?? true { employed[level, default: []].append(o.owner) }
    }
    let fallback = names[0]
    let frozen = map
    return ({ frozen[$0] ?? fallback }, names, employed)
  }
}

extension HistoryFit {
  /// The chance that a deal now in stage `k` is won: the product of the probabilities of
  /// stage `k` and every later stage (a level with multiplier 1). For the weighted-pipeline
  /// baseline of a backtest.
  public func winProbability(fromStage k: Int) -> Double {
    guard stageFits.indices.contains(k) else { return 0 }
    return stageFits[k...].reduce(1.0) { $0 * $1.probability.value }
  }

  /// The mean value of a won deal over the segments, weighted by their shares of the leads;
  /// 1 when no won deal has an amount (bookings then count deals, as in the scenario).
  public var meanDealSize: Double {
    let total = segments.reduce(0.0) { $0 + $1.share.value }
    guard total > 0 else { return 1 }
    return segments.reduce(0.0) { $0 + $1.share.value / total * ($1.dealSize?.mean.value ?? 1) }
  }
}
