// The records of a CRM export, as the fit sees them (docs/calibration.md, "Input files").

/// How an opportunity stood when the export was taken.
public enum DealStatus: String, Sendable, Hashable {
  case won, lost, open
}

/// One opportunity (deal) of the export.
public struct Opportunity: Sendable, Hashable {
  /// The export's id of the deal.
  public var id: String
  /// The manager who owns it.
  public var owner: String
  /// The day the deal was created (or engaged).
  public var created: CalendarDay
  /// The day it was won or lost; nil while open.
  public var closed: CalendarDay?
  /// Won, lost or open.
  public var status: DealStatus
  /// The furthest funnel stage reached, as written; empty when not given.
  public var stage: String
  /// The deal's value; nil when empty.
  public var amount: Double?
  /// Product or segment; empty when not given.
  public var segment: String
  /// Lead source or channel; empty when not given.
  public var channel: String
  /// The client account; empty when not given.
  public var account: String
  /// The row of the file it came from (the header is row 1).
  public var row: Int

  /// A deal with every field given.
  public init(
    id: String, owner: String, created: CalendarDay, closed: CalendarDay?, status: DealStatus,
    stage: String = "", amount: Double? = nil, segment: String = "", channel: String = "",
    account: String = "", row: Int = 0
  ) {
    self.id = id
    self.owner = owner
    self.created = created
    self.closed = closed
    self.status = status
    self.stage = stage
    self.amount = amount
    self.segment = segment
    self.channel = channel
    self.account = account
    self.row = row
  }
}

/// One stage entered by a deal (a row of `stage_history.csv`).
public struct StageEntry: Sendable, Hashable {
  public var id: String
  public var stage: String
  public var date: CalendarDay
  public init(id: String, stage: String, date: CalendarDay) {
    self.id = id
    self.stage = stage
    self.date = date
  }
}

/// One manager (a row of `owners.csv`).
public struct Owner: Sendable, Hashable {
  public var owner: String
  /// The level's name; empty when not given.
  public var level: String
  public var hired: CalendarDay?
  /// nil while employed.
  public var exited: CalendarDay?
  public var team: String
  public var city: String
  public init(
    owner: String, level: String, hired: CalendarDay? = nil, exited: CalendarDay? = nil,
    team: String = "", city: String = ""
  ) {
    self.owner = owner
    self.level = level
    self.hired = hired
    self.exited = exited
    self.team = team
    self.city = city
  }
}

/// One client contract (a row of `clients.csv`).
public struct Client: Sendable, Hashable {
  public var account: String
  public var owner: String
  public var start: CalendarDay
  /// nil while active.
  public var end: CalendarDay?
  public var monthlyValue: Double?
  public init(
    account: String, owner: String, start: CalendarDay, end: CalendarDay?, monthlyValue: Double?
  ) {
    self.account = account
    self.owner = owner
    self.start = start
    self.end = end
    self.monthlyValue = monthlyValue
  }
}

/// One service request (a row of `requests.csv`).
public struct ServiceRequest: Sendable, Hashable {
  public var account: String
  public var created: CalendarDay
  /// nil while unanswered.
  public var firstResponse: CalendarDay?
  public var resolved: CalendarDay?
  public init(
    account: String, created: CalendarDay, firstResponse: CalendarDay?, resolved: CalendarDay?
  ) {
    self.account = account
    self.created = created
    self.firstResponse = firstResponse
    self.resolved = resolved
  }
}

/// A row the reader could not use: where, which column, and what was expected.
public struct RowProblem: Sendable, Hashable, CustomStringConvertible {
  /// The file as named by the user.
  public var file: String
  /// The row (the header is row 1).
  public var row: Int
  /// The column's header as written in the file.
  public var column: String
  /// What was found and what was expected.
  public var message: String

  public var description: String { "\(file): row \(row), column '\(column)': \(message)" }
}

/// Everything read from an export: the records and the rows that were left out.
public struct CRMExport: Sendable {
  public var opportunities: [Opportunity]
  public var stageHistory: [StageEntry]
  public var owners: [Owner]
  public var clients: [Client]
  public var requests: [ServiceRequest]
  /// Rows left out, each with its reason; the fit reports their count.
  public var problems: [RowProblem]

  /// An export of these records.
  public init(
    opportunities: [Opportunity], stageHistory: [StageEntry] = [], owners: [Owner] = [],
    clients: [Client] = [], requests: [ServiceRequest] = [], problems: [RowProblem] = []
  ) {
    self.opportunities = opportunities
    self.stageHistory = stageHistory
    self.owners = owners
    self.clients = clients
    self.requests = requests
    self.problems = problems
  }
}
