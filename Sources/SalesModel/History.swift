// One replication's history, as a CRM would have recorded it (docs/output-format.md, "CRM
// export"): the sink the replication calls when it is recording, and what it returns.

/// One replication's history in model days (0 is the first working day of the horizon).
///
/// Made by ``SalesModel/history(replication:seed:)``; `funnelsim run --export-crm` writes it
/// as CSV files with calendar dates.
public struct History: Sendable {
  /// How an opportunity stands at the end of the horizon.
  public enum Status: String, Sendable { case won, lost, open }

  /// A lead, from its creation to its close or the end of the horizon.
  public struct Opportunity: Sendable {
    /// The opportunity's number, also its account's (`A<id>`).
    public var id: Int
    /// The manager who last worked it, or nil if nobody ever did.
    public var owner: Int?
    /// The day it arrived; negative for a deal open at the start (its age).
    public var created: Int
    /// The day it was won, lost or expired; nil while open.
    public var closed: Int?
    public var status: Status
    /// The furthest stage reached (an index into the funnel), or nil if none.
    public var stage: Int?
    /// The value won, or the segment's deal size drawn for the lead while not won.
    public var amount: Double
    public var segment: Int
    public var channel: String
  }

  /// A stage an opportunity entered for the first time.
  public struct StageEntry: Sendable {
    public var id: Int
    public var stage: Int
    public var day: Int
  }

  /// A manager of the team at some time during the horizon.
  public struct Owner: Sendable {
    /// The manager's number (its place in the model's list of managers).
    public var owner: Int
    /// The level at the end of the horizon (after promotions).
    public var level: Int
    /// The day the manager joined; those on the team at the start joined `tenureMonths` before.
    public var hireDay: Int
    public var tenureMonths: Int
    /// The day the manager left, nil while employed.
    public var exitDay: Int?
  }

  /// A client, from its first day on the books to its churn (nil while active).
  public struct Client: Sendable {
    /// The account: the won opportunity's number, or a number of its own (`initial`) for a
    /// client on the books at the start or brought by a transfer.
    public var account: Int
    public var initial: Bool
    /// The manager the client was with last, or nil if it was never attached to one.
    public var owner: Int?
    public var start: Int
    public var end: Int?
    /// Monthly recurring revenue at the start (0 for one-off revenue).
    public var monthlyValue: Double
  }

  /// A service request of a manager's clients (the model does not say which client's).
  public struct Request: Sendable {
    public var owner: Int
    public var created: Int
    /// The day it was answered, nil if abandoned or still waiting at the end.
    public var answered: Int?
  }

  public var opportunities: [Opportunity] = []
  public var stageEntries: [StageEntry] = []
  public var owners: [Owner] = []
  public var clients: [Client] = []
  public var requests: [Request] = []
  /// The replication's metrics, for checking the history against them.
  public var outcome: ReplicationOutcome
}

/// The sink a recording replication calls; `Replication.recorder` is nil otherwise, so that a
/// normal run pays one branch per hook and allocates nothing.
final class HistoryRecorder {
  /// The day being simulated, set at each day start (events carry no day of their own here).
  var day = 0
  var opportunities: [History.Opportunity] = []
  var stageEntries: [History.StageEntry] = []
  var clients: [History.Client] = []
  var requests: [History.Request] = []
  var exits: [Int: Int] = [:]
  /// The opportunity in each lead slot and the client record in each client slot (slots are
  /// reused, records are not).
  var leadRecord: [Int] = []
  var clientRecord: [Int] = []
  /// The account of the deal being won, for the client it creates.
  var wonAccount: Int?
  var nextInitialAccount = 0
  /// Per manager, the requests waiting: one entry per request, oldest first.
  var waiting: [[Int]] = []
  var waitingHead: [Int] = []

  func created(_ slot: Int, _ lead: Lead) {
    if leadRecord.count <= slot {
      leadRecord.append(contentsOf: repeatElement(-1, count: slot + 1 - leadRecord.count))
    }
    leadRecord[slot] = opportunities.count
    opportunities.append(
      .init(
        id: opportunities.count + 1, owner: nil, created: Int(lead.arrivalDay), closed: nil,
        status: .open, stage: nil, amount: lead.dealSize, segment: Int(lead.segment),
        channel: lead.channel == .opening ? "opening" : "\(lead.channel)"))
  }

  func entered(_ slot: Int, stage: Int, owner: Int) {
    let r = leadRecord[slot]
    opportunities[r].owner = owner
    if stage > opportunities[r].stage ?? -1 {
      opportunities[r].stage = stage
      stageEntries.append(.init(id: opportunities[r].id, stage: stage, day: day))
    }
  }

  func closed(_ slot: Int, _ status: History.Status, value: Double? = nil) {
    let r = leadRecord[slot]
    wonAccount = nil
    opportunities[r].status = status
    opportunities[r].closed = day
    if let value {
      opportunities[r].amount = value
      wonAccount = opportunities[r].id
    }
  }

  func clientStarted(_ slot: Int, monthlyValue: Double) {
    if clientRecord.count <= slot {
      clientRecord.append(contentsOf: repeatElement(-1, count: slot + 1 - clientRecord.count))
    }
    clientRecord[slot] = clients.count
    let account: Int
    if let won = wonAccount {
      account = won
    } else {
      nextInitialAccount += 1
      account = nextInitialAccount
    }
    clients.append(
      .init(
        account: account, initial: wonAccount == nil, owner: nil, start: day, end: nil,
        monthlyValue: monthlyValue))
    wonAccount = nil
  }

  func clientAttached(_ slot: Int, to owner: Int) { clients[clientRecord[slot]].owner = owner }

  func clientEnded(_ slot: Int) { clients[clientRecord[slot]].end = day }

  func left(_ owner: Int) { exits[owner] = day }

  func requestsArrived(_ owner: Int, _ n: Int) {
    if waiting.count <= owner {
      waiting.append(contentsOf: repeatElement([], count: owner + 1 - waiting.count))
      waitingHead.append(contentsOf: repeatElement(0, count: owner + 1 - waitingHead.count))
    }
    for _ in 0..<n {
      waiting[owner].append(requests.count)
      requests.append(.init(owner: owner, created: day, answered: nil))
    }
  }

  /// The `n` oldest waiting requests of `owner` are answered today, or abandoned.
  func requestsDone(_ owner: Int, _ n: Int, answered: Bool) {
    for _ in 0..<n where waitingHead[owner] < waiting[owner].count {
      if answered { requests[waiting[owner][waitingHead[owner]]].answered = day }
      waitingHead[owner] += 1
    }
  }
}

extension SalesModel {
  /// Runs replication `replication` of a run seeded `seed` while recording its history; the
  /// replication and its metrics are the same as ``simulate(replication:seed:)``'s.
  public func history(replication: Int, seed: UInt64) throws -> History {
    var r = Replication(model: self, replication: replication, seed: seed)
    let recorder = HistoryRecorder()
    r.recorder = recorder
    r.run()
    let outcome = try r.finish()
    var history = History(outcome: outcome)
    history.opportunities = recorder.opportunities
    history.stageEntries = recorder.stageEntries
    history.clients = recorder.clients
    history.requests = recorder.requests
    history.owners = r.managers.indices.map { m in
      let man = r.managers[m]
      return .init(
        owner: m, level: man.level, hireDay: man.hireDay, tenureMonths: man.tenureAtHire,
        exitDay: recorder.exits[m])
    }
    return history
  }
}
