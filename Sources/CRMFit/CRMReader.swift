// Reading the CSV files of an export with header and status mapping (docs/calibration.md).
import Foundation
import SwiftCSV

/// The files of an export.
public enum CRMFile: String, CaseIterable, Sendable {
  case opportunities, stageHistory = "stage_history", owners, clients, requests

  /// The fields of the file, in the shared export format's column order.
  public var fields: [String] {
    switch self {
    case .opportunities:
      ["id", "owner", "created", "close_date", "status", "stage", "amount", "segment", "channel", "account"]
    case .stageHistory: ["id", "stage", "date"]
    case .owners: ["owner", "level", "hire_date", "exit_date", "team", "city"]
    case .clients: ["account", "owner", "start", "end", "monthly_value"]
    case .requests: ["account", "created", "first_response", "resolved"]
    }
  }

  /// Fields a file must have (a header for each, after mapping).
  var required: [String] {
    switch self {
    case .opportunities: ["id", "owner", "created", "status"]
    case .stageHistory: ["id", "stage", "date"]
    case .owners: ["owner"]
    case .clients: ["account", "start"]
    case .requests: ["created"]
    }
  }

  var dateFields: Set<String> {
    ["created", "close_date", "date", "hire_date", "exit_date", "start", "end", "first_response", "resolved"]
  }
}

/// A preset for a CRM's own export: its column names and status values.
public enum CRMPreset: String, CaseIterable, Sendable {
  /// A Salesforce opportunity report (`Opportunity ID`, `Opportunity Owner`, `Created Date`,
  /// `Close Date`, `Stage`, `Amount`, `Type`, `Lead Source`, `Account Name`; the status is the
  /// stage: `Closed Won` / `Closed Lost`).
  case salesforce
  /// A HubSpot deals export (`Record ID`, `Deal owner`, `Create Date`, `Close Date`,
  /// `Deal Stage`, `Amount`, `Deal Type`, `Original Source`, `Associated Company`; the status is
  /// the stage: `Closed Won` / `Closed Lost`).
  case hubspot

  /// Opportunity field -> header.
  public var columns: [String: String] {
    switch self {
    case .salesforce:
      [
        "id": "Opportunity ID", "owner": "Opportunity Owner", "created": "Created Date",
        "close_date": "Close Date", "status": "Stage", "stage": "Stage", "amount": "Amount",
        "segment": "Type", "channel": "Lead Source", "account": "Account Name",
      ]
    case .hubspot:
      [
        "id": "Record ID", "owner": "Deal owner", "created": "Create Date",
        "close_date": "Close Date", "status": "Deal Stage", "stage": "Deal Stage",
        "amount": "Amount", "segment": "Deal Type", "channel": "Original Source",
        "account": "Associated Company",
      ]
    }
  }

  /// The status values of won and lost deals.
  public var won: [String] { ["Closed Won"] }
  public var lost: [String] { ["Closed Lost"] }
}

/// How to read an export: header mapping, status values, date format, strictness.
public struct CRMReadOptions: Sendable {
  /// Per file, field -> the header that holds it (unmapped fields use the field's own name).
  public var columns: [CRMFile: [String: String]] = [:]
  /// Status values of won deals (compared ignoring case and surrounding spaces).
  public var won: [String] = ["won"]
  /// Status values of lost deals; any other status is open.
  public var lost: [String] = ["lost"]
  /// The date format; nil detects it per file.
  public var dateFormat: DateFormat?
  /// Refuse the files when any row is bad, instead of leaving the row out.
  public var strict = false

  /// The shared export format's own headers and status values.
  public init() {}

  /// The options of a preset, to which `--column`, `--won` and `--lost` may add.
  public init(preset: CRMPreset) {
    columns[.opportunities] = preset.columns
    won = preset.won
    lost = preset.lost
  }

  /// Adds a `--column` mapping: `field=header` (the opportunities file) or
  /// `FILE:field=header` with FILE one of `opportunities`, `stage_history`, `owners`,
  /// `clients`, `requests`.
  public mutating func addColumn(_ text: String) throws(CRMReadError) {
    guard let eq = text.firstIndex(of: "=") else { throw .badColumnMapping(text) }
    var left = String(text[..<eq])
    let header = String(text[text.index(after: eq)...])
    var file = CRMFile.opportunities
    if let colon = left.firstIndex(of: ":") {
      guard let f = CRMFile(rawValue: String(left[..<colon])) else {
        throw .badColumnMapping(text)
      }
      file = f
      left = String(left[left.index(after: colon)...])
    }
    guard file.fields.contains(left), !header.isEmpty else { throw .badColumnMapping(text) }
    columns[file, default: [:]][left] = header
  }
}

/// A problem that stops reading: a missing file or column, ambiguous dates, or bad rows under
/// `--strict`.
public enum CRMReadError: Error, Sendable, CustomStringConvertible, Equatable {
  case unreadable(file: String, reason: String)
  case missingColumn(file: String, field: String, header: String, headers: [String])
  case ambiguousDates(file: String, column: String, example: String)
  case unknownDates(file: String, column: String, example: String)
  case badColumnMapping(String)
  case badRows(file: String, count: Int, first: [RowProblem])

  public var description: String {
    switch self {
    case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
    case .missingColumn(let file, let field, let header, let headers):
      return
        "\(file): no column '\(header)' for the field \(field); the header has: \(headers.joined(separator: ", ")) (map one with --column \(field)=HEADER)"
    case .ambiguousDates(let file, let column, let example):
      return
        "\(file): column '\(column)': dates such as '\(example)' read both day-first and month-first; say which with --date-format day-first or --date-format month-first"
    case .unknownDates(let file, let column, let example):
      return
        "\(file): column '\(column)': '\(example)' is not a date in any known form (YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY)"
    case .badColumnMapping(let text):
      return
        "--column '\(text)': expected field=HEADER or FILE:field=HEADER, FILE one of \(CRMFile.allCases.map(\.rawValue).joined(separator: ", ")), field one of that file's fields"
    case .badRows(let file, let count, let first):
      return "\(file): \(count) bad row(s), refused (--strict):\n"
        + first.map { "  \($0)" }.joined(separator: "\n")
    }
  }
}

/// Reads the files of an export.
public enum CRMReader {
  /// Reads the opportunity export and any further files given.
  ///
  /// Bad rows are left out and listed in ``CRMExport/problems``; with `options.strict` any bad
  /// row refuses the file.
  public static func read(
    opportunities: String, stageHistory: String? = nil, owners: String? = nil,
    clients: String? = nil, requests: String? = nil, options: CRMReadOptions = .init()
  ) throws(CRMReadError) -> CRMExport {
    var export = CRMExport(opportunities: [])
    let o = try Table.load(path: opportunities, file: .opportunities, options: options)
    export.opportunities = try o.opportunities(options: options, problems: &export.problems)
    if let stageHistory {
      let t = try Table.load(path: stageHistory, file: .stageHistory, options: options)
      export.stageHistory = try t.stageEntries(problems: &export.problems)
    }
    if let owners {
      let t = try Table.load(path: owners, file: .owners, options: options)
      export.owners = try t.owners(problems: &export.problems)
    }
    if let clients {
      let t = try Table.load(path: clients, file: .clients, options: options)
      export.clients = try t.clients(problems: &export.problems)
    }
    if let requests {
      let t = try Table.load(path: requests, file: .requests, options: options)
      export.requests = try t.requests(problems: &export.problems)
    }
    if options.strict, !export.problems.isEmpty {
      throw .badRows(
        file: export.problems[0].file, count: export.problems.count,
        first: Array(export.problems.prefix(20)))
    }
    return export
  }

  /// Reads the export in the shared format from a folder (`opportunities.csv` and whichever
  /// of `stage_history.csv`, `owners.csv`, `clients.csv`, `requests.csv` exist).
  public static func read(folder: String, options: CRMReadOptions = .init()) throws(CRMReadError)
    -> CRMExport
  {
    func optional(_ name: String) -> String? {
      let path = (folder as NSString).appendingPathComponent(name)
      return FileManager.default.fileExists(atPath: path) ? path : nil
    }
    return try read(
      opportunities: (folder as NSString).appendingPathComponent("opportunities.csv"),
      stageHistory: optional("stage_history.csv"), owners: optional("owners.csv"),
      clients: optional("clients.csv"), requests: optional("requests.csv"), options: options)
  }
}

/// One CSV file with its fields located and its date format fixed.
struct Table {
  let path: String
  let rows: [[String]]
  /// field -> (column index, header as written).
  let columns: [String: (index: Int, header: String)]
  let dateFormat: DateFormat

  static func load(path: String, file: CRMFile, options: CRMReadOptions) throws(CRMReadError)
    -> Table
  {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw .unreadable(file: path, reason: "\(error.localizedDescription)")
    }
    let csv: EnumeratedCSV
    do {
      // The byte-order mark some spreadsheet programs write would otherwise stick to the
      // first header.
      let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
      csv = try EnumeratedCSV(string: body, delimiter: .comma, loadColumns: false)
    } catch {
      throw .unreadable(file: path, reason: "not CSV: \(error)")
    }
    let headers = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
    let mapping = options.columns[file] ?? [:]
    var columns: [String: (Int, String)] = [:]
    for field in file.fields {
      let header = mapping[field] ?? field
      if let i = headers.firstIndex(where: { $0.caseInsensitiveCompare(header) == .orderedSame }) {
        columns[field] = (i, headers[i])
      } else if file.required.contains(field) || mapping[field] != nil {
        throw .missingColumn(file: path, field: field, header: header, headers: headers)
      }
    }
    let rows = csv.rows
    var format = options.dateFormat
    if format == nil {
      // One format per file: detect it from every date column together, so that a column
      // whose days all happen to be at most 12 is read like its neighbours.
      var samples: [String] = []
      var firstColumn = ""
      for field in file.fields where file.dateFields.contains(field) {
        guard let (i, header) = columns[field] else { continue }
        if firstColumn.isEmpty { firstColumn = header }
        for row in rows where i < row.count {
          let v = row[i].trimmingCharacters(in: .whitespaces)
          if !v.isEmpty { samples.append(v) }
        }
      }
      guard let detected = try DateFormat.detect(samples, file: path, column: firstColumn) else {
        // No single format reads every value: take the one that reads most and report the
        // others as bad rows.
        let best = DateFormat.allCases.max { a, b in
          samples.count(where: { a.parse($0) != nil }) < samples.count(where: { b.parse($0) != nil })
        }!
        if samples.allSatisfy({ best.parse($0) == nil }) {
          throw .unknownDates(file: path, column: firstColumn, example: samples.first ?? "")
        }
        return Table(path: path, rows: rows, columns: columns, dateFormat: best)
      }
      format = detected
    }
    return Table(path: path, rows: rows, columns: columns, dateFormat: format!)
  }

  /// Reads fields of one row, collecting the first problem.
  struct Row {
    let table: Table
    let cells: [String]
    let number: Int
    var problem: RowProblem?

    func text(_ field: String) -> String {
      guard let (i, _) = table.columns[field], i < cells.count else { return "" }
      return cells[i].trimmingCharacters(in: .whitespaces)
    }

    mutating func fail(_ field: String, _ message: String) {
      guard problem == nil else { return }
      let header = table.columns[field]?.header ?? field
      problem = RowProblem(file: table.path, row: number, column: header, message: message)
    }

    mutating func required(_ field: String) -> String {
      let v = text(field)
      if v.isEmpty { fail(field, "empty; expected a value") }
      return v
    }

    mutating func date(_ field: String, required: Bool) -> CalendarDay? {
      let v = text(field)
      if v.isEmpty {
        if required { fail(field, "empty; expected a date") }
        return nil
      }
      guard let d = table.dateFormat.parse(v) else {
        fail(field, "'\(v)' is not a \(table.dateFormat.rawValue) date")
        return nil
      }
      return d
    }

    mutating func amount(_ field: String) -> Double? {
      var v = text(field)
      if v.isEmpty { return nil }
      // Thousands separators and spaces as spreadsheets write them.
      v.removeAll { $0 == " " || $0 == "," || $0 == "_" || $0 == "\u{00A0}" }
      guard let x = Double(v), x.isFinite, x >= 0 else {
        fail(field, "'\(text(field))' is not an amount >= 0")
        return nil
      }
      return x
    }
  }

  func eachRow(_ body: (inout Row) -> Void, problems: inout [RowProblem]) {
    for (k, cells) in rows.enumerated() {
      if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
      var row = Row(table: self, cells: cells, number: k + 2)
      body(&row)
      if let p = row.problem { problems.append(p) }
    }
  }

  func opportunities(options: CRMReadOptions, problems: inout [RowProblem]) throws(CRMReadError)
    -> [Opportunity]
  {
    let won = Set(options.won.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
    let lost = Set(options.lost.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
    var out: [Opportunity] = []
    out.reserveCapacity(rows.count)
    eachRow({ row in
      let id = row.required("id")
      let owner = row.required("owner")
      let created = row.date("created", required: true)
      let statusText = row.text("status").lowercased()
      let status: DealStatus = won.contains(statusText) ? .won : lost.contains(statusText) ? .lost : .open
      let closed = row.date("close_date", required: false)
      if status != .open, closed == nil, row.problem == nil {
        row.fail("close_date", "empty for a \(status.rawValue) deal; expected its close date")
      }
      if let c = closed, let s = created, c < s, row.problem == nil {
        row.fail("close_date", "\(c) is before the created date \(s)")
      }
      let amount = row.amount("amount")
      var stage = row.text("stage")
      // A preset whose stage column is also the status (e.g. `Closed Won`) says nothing about
      // the furthest funnel stage of a closed deal.
      if status != .open, won.contains(stage.lowercased()) || lost.contains(stage.lowercased()) {
        stage = ""
      }
      guard row.problem == nil, let created else { return }
      out.append(
        Opportunity(
          id: id, owner: owner, created: created, closed: status == .open ? nil : closed,
          status: status, stage: stage, amount: amount, segment: row.text("segment"),
          channel: row.text("channel"), account: row.text("account"), row: row.number))
    }, problems: &problems)
    return out
  }

  func stageEntries(problems: inout [RowProblem]) throws(CRMReadError) -> [StageEntry] {
    var out: [StageEntry] = []
    eachRow({ row in
      let id = row.required("id")
      let stage = row.required("stage")
      let date = row.date("date", required: true)
      guard row.problem == nil, let date else { return }
      out.append(StageEntry(id: id, stage: stage, date: date))
    }, problems: &problems)
    return out
  }

  func owners(problems: inout [RowProblem]) throws(CRMReadError) -> [Owner] {
    var out: [Owner] = []
    eachRow({ row in
      let owner = row.required("owner")
      let hired = row.date("hire_date", required: false)
      let exited = row.date("exit_date", required: false)
      guard row.problem == nil else { return }
      out.append(
        Owner(
          owner: owner, level: row.text("level"), hired: hired, exited: exited,
          team: row.text("team"), city: row.text("city")))
    }, problems: &problems)
    return out
  }

  func clients(problems: inout [RowProblem]) throws(CRMReadError) -> [Client] {
    var out: [Client] = []
    eachRow({ row in
      let account = row.required("account")
      let start = row.date("start", required: true)
      let end = row.date("end", required: false)
      let value = row.amount("monthly_value")
      if let s = start, let e = end, e < s, row.problem == nil {
        row.fail("end", "\(e) is before the start \(s)")
      }
      guard row.problem == nil, let start else { return }
      out.append(
        Client(account: account, owner: row.text("owner"), start: start, end: end, monthlyValue: value))
    }, problems: &problems)
    return out
  }

  func requests(problems: inout [RowProblem]) throws(CRMReadError) -> [ServiceRequest] {
    var out: [ServiceRequest] = []
    eachRow({ row in
      let created = row.date("created", required: true)
      let response = row.date("first_response", required: false)
      let resolved = row.date("resolved", required: false)
      if let c = created, let r = response, r < c, row.problem == nil {
        row.fail("first_response", "\(r) is before the created date \(c)")
      }
      guard row.problem == nil, let created else { return }
      out.append(
        ServiceRequest(
          account: row.text("account"), created: created, firstResponse: response, resolved: resolved))
    }, problems: &problems)
    return out
  }
}
