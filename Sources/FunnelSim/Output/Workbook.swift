// `--format xlsx` (docs/output-format.md, "Excel workbooks"): the report's tables as sheets of
// an Office Open XML workbook, the parts written with XMLCoder and zipped with ZIPFoundation.
public import Foundation
import XMLCoder
import ZIPFoundation

/// A spreadsheet: named sheets of rows of cells, written as an `.xlsx` file.
///
/// Only what a report needs: text and numbers, one sheet per table, no styles or formulas, so
/// that any reader (Excel, LibreOffice, openpyxl, pandas) sees the values exactly.
public struct Workbook: Sendable {
  /// One cell: a number stays a number, so sums and charts work in the spreadsheet.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case empty

    /// A number, or an empty cell for nil or a non-finite value (a report never holds NaN).
    public static func value(_ v: Double?) -> Cell {
      guard let v, v.isFinite else { return .empty }
      return .number(v)
    }
  }

  /// A named table: a header row, then the rows.
  public struct Sheet: Sendable {
    public var name: String
    public var rows: [[Cell]]

    public init(name: String, rows: [[Cell]]) {
      self.name = name
      self.rows = rows
    }

    /// A sheet from a header and rows, the header written as text.
    public init(name: String, header: [String], rows: [[Cell]]) {
      self.init(name: name, rows: [header.map { .text($0) }] + rows)
    }

    /// A sheet of text lines, one per row in column A (inputs and assumptions).
    public init(name: String, lines: [String]) {
      self.init(name: name, rows: lines.map { [.text($0)] })
    }
  }

  public var sheets: [Sheet]

  public init(sheets: [Sheet]) { self.sheets = sheets }

  /// The workbook as the bytes of an `.xlsx` file.
  public func data() throws -> Data {
    let archive = try Archive(accessMode: .create)
    var names = Set<String>()
    let titled = sheets.enumerated().map { i, sheet in
      (Self.sheetName(sheet.name, index: i, taken: &names), sheet)
    }
    let encoder = XMLEncoder()
    let header = XMLHeader(version: 1.0, encoding: "UTF-8", standalone: "yes")
    func part(_ value: some Encodable, root: String, namespace: String) throws -> Data {
      try encoder.encode(
        value, withRootKey: root, rootAttributes: ["xmlns": namespace], header: header)
    }
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let packageRels = "http://schemas.openxmlformats.org/package/2006/relationships"
    let officeRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let types = ContentTypes(
      defaults: [
        .init(extension: "rels", contentType: "application/vnd.openxmlformats-package.relationships+xml"),
        .init(extension: "xml", contentType: "application/xml"),
      ],
      overrides: [
        .init(
          partName: "/xl/workbook.xml",
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
      ]
        + titled.indices.map {
          .init(
            partName: "/xl/worksheets/sheet\($0 + 1).xml",
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        })
    var parts: [(String, Data)] = [
      (
        "[Content_Types].xml",
        try part(
          types, root: "Types",
          namespace: "http://schemas.openxmlformats.org/package/2006/content-types")
      ),
      (
        "_rels/.rels",
        try part(
          Relationships(relationship: [
            .init(id: "rId1", type: officeRels + "/officeDocument", target: "xl/workbook.xml")
          ]), root: "Relationships", namespace: packageRels)
      ),
      (
        "xl/workbook.xml",
        try part(
          WorkbookPart(
            sheets: .init(
              sheet: titled.indices.map {
                .init(name: titled[$0].0, sheetId: $0 + 1, relationship: "rId\($0 + 1)")
              })), root: "workbook", namespace: main)
      ),
      (
        "xl/_rels/workbook.xml.rels",
        try part(
          Relationships(
            relationship: titled.indices.map {
              .init(
                id: "rId\($0 + 1)", type: officeRels + "/worksheet",
                target: "worksheets/sheet\($0 + 1).xml")
            }), root: "Relationships", namespace: packageRels)
      ),
    ]
    for (i, (_, sheet)) in titled.enumerated() {
      parts.append(
        (
          "xl/worksheets/sheet\(i + 1).xml",
          try part(Worksheet(sheet), root: "worksheet", namespace: main)
        ))
    }
    // A fixed date (the zip format's earliest) so the same report gives the same entries.
    let date = Date(timeIntervalSince1970: 315_532_800)
    for (path, data) in parts {
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
        compressionMethod: .deflate,
        provider: { position, size in
          data.subdata(in: Int(position)..<Int(position) + size)
        })
    }
    guard let bytes = archive.data else { throw WorkbookError() }
    return bytes
  }

  /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
  static func sheetName(_ name: String, index: Int, taken: inout Set<String>) -> String {
    var base = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
    if base.isEmpty { base = "Sheet\(index + 1)" }
    var candidate = base
    var n = 2
    while !taken.insert(candidate.lowercased()).inserted {
      let suffix = " (\(n))"
      candidate = String(base.prefix(31 - suffix.count)) + suffix
      n += 1
    }
    return candidate
  }

  /// The column letters of a 0-based index: A … Z, AA, AB, ….
  static func column(_ index: Int) -> String {
    var i = index
    var letters = ""
    repeat {
      letters = String(UnicodeScalar(UInt8(65 + i % 26))) + letters
      i = i / 26 - 1
    } while i >= 0
    return letters
  }
}

/// The zip container could not be produced in memory.
struct WorkbookError: Error, CustomStringConvertible {
  var description: String { "could not assemble the workbook" }
}

/// A workbook that can be written as a spreadsheet, one sheet per table of the report.
public protocol WorkbookReport: RenderableReport {
  /// The report's tables, each a sheet, the last the inputs and assumptions.
  func workbook() -> Workbook
}

// MARK: The parts, as XMLCoder encodes them

private struct ContentTypes: Encodable {
  struct Default: Encodable, DynamicNodeEncoding {
    var `extension`: String
    var contentType: String
    enum CodingKeys: String, CodingKey {
      case `extension` = "Extension"
      case contentType = "ContentType"
    }
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
  }
  struct Override: Encodable, DynamicNodeEncoding {
    var partName: String
    var contentType: String
    enum CodingKeys: String, CodingKey {
      case partName = "PartName"
      case contentType = "ContentType"
    }
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
  }
  var defaults: [Default]
  var overrides: [Override]
  enum CodingKeys: String, CodingKey {
    case defaults = "Default"
    case overrides = "Override"
  }
}

private struct Relationships: Encodable {
  struct Relationship: Encodable, DynamicNodeEncoding {
    var id: String
    var type: String
    var target: String
    enum CodingKeys: String, CodingKey {
      case id = "Id"
      case type = "Type"
      case target = "Target"
    }
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
  }
  var relationship: [Relationship]
  enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
}

private struct WorkbookPart: Encodable, DynamicNodeEncoding {
  struct Sheets: Encodable {
    var sheet: [Sheet]
  }
  struct Sheet: Encodable, DynamicNodeEncoding {
    var name: String
    var sheetId: Int
    var relationship: String
    enum CodingKeys: String, CodingKey {
      case name, sheetId
      case relationship = "r:id"
    }
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
  }
  var relationshipsNamespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  var sheets: Sheets
  enum CodingKeys: String, CodingKey {
    case relationshipsNamespace = "xmlns:r"
    case sheets
  }
  static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
    key.stringValue == CodingKeys.relationshipsNamespace.stringValue ? .attribute : .element
  }
}

private struct Worksheet: Encodable {
  struct SheetData: Encodable {
    var row: [Row]
  }
  struct Row: Encodable, DynamicNodeEncoding {
    var r: Int
    var c: [CellPart]
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
      key.stringValue == "r" ? .attribute : .element
    }
  }
  /// `<c r="B2"><v>1.5</v></c>` for a number, `<c r="A1" t="inlineStr"><is><t>…</t></is></c>`
  /// for text (inline, so the workbook needs no shared-strings part).
  struct CellPart: Encodable, DynamicNodeEncoding {
    struct InlineText: Encodable { var t: String }
    var r: String
    var t: String?
    var v: String?
    var inline: InlineText?
    enum CodingKeys: String, CodingKey {
      case r, t, v
      case inline = "is"
    }
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
      key.stringValue == "r" || key.stringValue == "t" ? .attribute : .element
    }
  }
  var sheetData: SheetData

  init(_ sheet: Workbook.Sheet) {
    sheetData = SheetData(
      row: sheet.rows.enumerated().map { i, cells in
        Row(
          r: i + 1,
          c: cells.enumerated().compactMap { j, cell in
            let ref = Workbook.column(j) + String(i + 1)
            switch cell {
            case .empty: return nil
            case .number(let v): return CellPart(r: ref, v: JSONValue.format(v))
            case .text(let s): return CellPart(r: ref, t: "inlineStr", inline: .init(t: s))
            }
          })
      })
  }
}

/// A table of cells that is written both as CSV and as a workbook sheet, so the two formats
/// hold the same values.
struct CellTable {
  var header: [String]
  var rows: [[Workbook.Cell]]

  /// CSV with a header row (RFC 4180 quoting; numbers in their shortest exact form).
  func csv() -> String {
    var out = header.map(CSV.field).joined(separator: ",") + "\n"
    for row in rows {
      out +=
        row.map { cell -> String in
          switch cell {
          case .text(let s): CSV.field(s)
          case .number(let v): CSV.number(v)
          case .empty: ""
          }
        }.joined(separator: ",") + "\n"
    }
    return out
  }

  func sheet(_ name: String) -> Workbook.Sheet { .init(name: name, header: header, rows: rows) }
}
