import SalesModel
public import Statistics

/// How a desk staffing analysis runs: replications per headcount tried, the seed they share
/// (common random numbers: every headcount sees the same requests), threads.
public struct DeskStaffingOptions: Sendable {
  public var replications: Int
  public var seed: UInt64
  public var threads: Int?
  /// The most headcounts simulated per search before it gives up.
  public var maxEvaluations = 60

  public init(replications: Int, seed: UInt64, threads: Int? = nil) {
    self.replications = replications
    self.seed = seed
    self.threads = threads
  }
}

/// One headcount simulated for a channel or for the shared desk: the pooled share of requests
/// answered within the SLA, per channel, over the replications.
public struct DeskStaffingEvaluation: Sendable {
  /// Response managers.
  public var headcount: Int
  /// Per channel simulated, in the order of ``DeskStaffingResult/channels``' members tried.
  public var shares: [RatioEstimate]
  /// Whether every channel's pooled share reaches its target.
  public var meets: Bool
}

/// The staffing answer for one channel of the desk.
public struct DeskChannelStaffing: Sendable {
  public var name: String
  /// Requests per working minute, from the simulation of the scenario as written.
  public var arrivalsPerMinute: Double
  /// The mean of `handling_minutes`.
  public var handlingMinutes: Double
  public var slaMinutes: Double
  public var targetShare: Double
  /// The Erlang C headcount for the target (M/M/c, no abandonment); nil without requests.
  public var erlangC: Int?
  /// Erlang C's share within the SLA at that headcount.
  public var erlangCShare: Double?
  /// The fewest dedicated response managers the simulation says meet the target; nil when
  /// none up to the limit of the search did.
  public var simulated: Int?
  /// Every headcount simulated for this channel alone, in the order tried.
  public var evaluated: [DeskStaffingEvaluation]

  /// The evaluation of the chosen headcount (or the largest tried, when none met).
  public var chosen: DeskStaffingEvaluation? {
    evaluated.first { $0.headcount == simulated } ?? evaluated.max { $0.headcount < $1.headcount }
  }
}

/// The answer of `funnelsim desk`: per channel the Erlang C and the simulated headcount of
/// dedicated response managers, and the headcount of one shared desk that meets every
/// channel's target (docs/quota-and-staffing.md, "Service desk").
public struct DeskStaffingResult: Sendable {
  public var scenarioName: String
  public var scenarioFile: String
  public var seed: UInt64
  public var replications: Int
  /// The desk's headcount in the scenario.
  public var currentHeadcount: Int
  /// Working minutes of one response manager over the horizon.
  public var workingMinutes: Double
  public var channels: [DeskChannelStaffing]
  /// The fewest response managers of one shared desk (priorities as written) meeting every
  /// channel's target; nil when none up to the limit did.
  public var shared: Int?
  /// Every shared headcount simulated, in the order tried.
  public var sharedEvaluated: [DeskStaffingEvaluation]
}

/// The search behind `funnelsim desk`.
public enum DeskStaffing {
  /// Errors that stop the analysis before it starts.
  public struct Refusal: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Simulates `loaded` as written to measure each channel's arrival rate, then searches the
  /// headcount of each channel alone and of the shared desk, one headcount at a time from the
  /// Erlang C answer (or the offered load), with the same seed for every headcount.
  public static func analyse(_ loaded: LoadedScenario, options: DeskStaffingOptions) throws
    -> DeskStaffingResult
  {
    let desk = loaded.scenario.serviceDesk
    guard desk.enabled, !desk.channels.isEmpty else {
      throw Refusal(
        description: "\(loaded.file): the scenario has no service_desk section (or it is "
          + "switched off), so there is no desk to staff; add one as in docs/scenario-format.md")
    }
    let runner = ReplicationRunner(threads: options.threads)
    let range = 0..<options.replications
    let asWritten = try runner.run(loaded.model, seed: options.seed, replications: range)
    let schema = loaded.model.schema
    func index(_ key: String) -> Int? {
      schema.scalars.firstIndex { $0.key == key && $0.group == "team" }
    }
    let headcount = desk.responseManagers.headcount
    let available = index(DeskMetric.availableMinutes.key).map { i in
      asWritten.reduce(0) { $0 + $1.values[i] } / Double(asWritten.count)
    } ?? 0
    let minutes = available / Double(headcount)
    var channels: [DeskChannelStaffing] = []
    for ch in desk.channels {
      let requests = index(DeskChannelMetric.requests.key(ch.name)).map { i in
        asWritten.reduce(0) { $0 + $1.values[i] } / Double(asWritten.count)
      } ?? 0
      let rate = minutes > 0 ? requests / minutes : 0
      let h = ch.handlingMinutes.mean
      let erlang =
        rate > 0
        ? ErlangC.agents(
          arrivalsPerMinute: rate, handlingMinutes: h, targetShare: ch.targetShare,
          within: ch.slaMinutes) : nil
      var alone = loaded.scenario
      alone.serviceDesk.channels = [ch]
      let load = rate * h
      let (found, tried) = try search(
        alone, from: erlang ?? max(1, Int(load) + 1), runner: runner, options: options)
      channels.append(
        DeskChannelStaffing(
          name: ch.name, arrivalsPerMinute: rate, handlingMinutes: h, slaMinutes: ch.slaMinutes,
          targetShare: ch.targetShare, erlangC: erlang,
          erlangCShare: erlang.map {
            ErlangC(arrivalsPerMinute: rate, handlingMinutes: h, agents: $0)
              .shareAnswered(within: ch.slaMinutes)
          }, simulated: found, evaluated: tried))
    }
    let totalLoad = channels.reduce(0) { $0 + $1.arrivalsPerMinute * $1.handlingMinutes }
    let (shared, sharedTried) = try search(
      loaded.scenario, from: max(1, Int(totalLoad) + 1), runner: runner, options: options)
    return DeskStaffingResult(
      scenarioName: loaded.scenario.name, scenarioFile: loaded.file, seed: options.seed,
      replications: options.replications, currentHeadcount: headcount, workingMinutes: minutes,
      channels: channels, shared: shared, sharedEvaluated: sharedTried)
  }

  /// The fewest response managers with which every channel of `scenario`'s desk meets its
  /// target, searching one at a time from `start`: down while the one below still meets it,
  /// up until one does.
  static func search(
    _ scenario: Scenario, from start: Int, runner: ReplicationRunner, options: DeskStaffingOptions
  ) throws -> (Int?, [DeskStaffingEvaluation]) {
    var tried: [DeskStaffingEvaluation] = []
    func evaluate(_ c: Int) throws -> DeskStaffingEvaluation {
      if let done = tried.first(where: { $0.headcount == c }) { return done }
      var s = scenario
      s.serviceDesk.responseManagers.headcount = c
      let model = try SalesModel(scenario: s)
      let outcomes = try runner.run(
        model, seed: options.seed, replications: 0..<options.replications)
      let schema = model.schema
      func column(_ key: String) -> [Double] {
        guard
          let i = schema.scalars.firstIndex(where: {
            $0.key == key && $0.group == "team"
          })
        else { return [Double](repeating: 0, count: outcomes.count) }
        return outcomes.map { $0.values[i] }
      }
      var meets = true
      var shares: [RatioEstimate] = []
      for ch in s.serviceDesk.channels {
        let within = column(DeskChannelMetric.answeredWithinSLA.key(ch.name))
        let answered = column(DeskChannelMetric.answered.key(ch.name))
        let abandoned = column(DeskChannelMetric.abandoned.key(ch.name))
        let share = try RatioEstimate(
          numerators: within, denominators: zip(answered, abandoned).map(+), range: 0...1)
        shares.append(share)
        if (share.estimate ?? 1) < ch.targetShare { meets = false }
      }
      let e = DeskStaffingEvaluation(headcount: c, shares: shares, meets: meets)
      tried.append(e)
      return e
    }
    let limit = Scenario.maximumResponseManagers
    var c = min(max(start, 1), limit)
    if try evaluate(c).meets {
      while c > 1, tried.count < options.maxEvaluations, try evaluate(c - 1).meets { c -= 1 }
      return (c, tried)
    }
    while c < limit && tried.count < options.maxEvaluations {
      c += 1
      if try evaluate(c).meets { return (c, tried) }
    }
    return (nil, tried)
  }
}
