/// The output formats every reporting command offers: a terminal table, JSON and CSV for
/// other programs, a self-contained HTML page with charts, and (for the reports that are
/// ``WorkbookReport``s) an Excel workbook.
public enum OutputFormat: String, CaseIterable, Sendable {
  case table, json, csv, html, xlsx
}

/// A report that can be written in every ``OutputFormat``: each report type says what each
/// format holds, and ``rendered(as:)`` (one for all) turns it into the bytes written.
///
/// To add a format, add its case to ``OutputFormat``, a requirement here, and its rendering
/// to every conforming report; the compiler lists the reports still missing it.
public protocol RenderableReport: Sendable {
  /// The report as aligned text for a terminal.
  func table() -> String
  /// The report as one ordered JSON document (docs/output-format.md).
  func json() -> JSONValue
  /// The report as CSV with a header row.
  func csv() -> String
  /// The report as a self-contained HTML page with charts.
  func html() -> String
}

extension RenderableReport {
  /// The report in `format`, ending with a newline.
  public func rendered(as format: OutputFormat) -> String {
    switch format {
    case .table: table()
    case .json: json().rendered(pretty: true) + "\n"
    case .csv: csv()
    case .html: html()
    // A workbook is bytes, not text: ``Workbook/data()`` writes it. As text it is its CSV.
    case .xlsx: csv()
    }
  }
}
