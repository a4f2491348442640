/// A self-contained HTML report: one file with inline CSS and inline SVG charts, no scripts,
/// fonts or anything else fetched, so it opens anywhere, offline, and prints.
///
/// A report is a title and a list of ``Section``s; each kind of answer (a run, and later a
/// comparison, a sweep or a quota answer) contributes sections built from its own data, so
/// a new kind of report is a new function that returns sections, not a new renderer.
///
/// ```swift
/// let html = HTMLReport.render(run: report)   // a whole page
/// ```
public struct HTMLReport: Sendable {
  var title: String
  /// One line under the title: what was run, how many times, with which seed.
  var subtitle: String
  var sections: [Section]
  /// Small print at the bottom (scenario file, seed, version); no timestamps, so the same
  /// data gives the same bytes.
  var footer: [String]

  init(title: String, subtitle: String, sections: [Section] = [], footer: [String] = []) {
    self.title = title
    self.subtitle = subtitle
    self.sections = sections
    self.footer = footer
  }

  /// A titled part of the page: an introduction for a reader new to the tool, then blocks.
  struct Section: Sendable {
    var id: String
    var title: String
    var intro: String?
    var blocks: [Block]
  }

  /// The building blocks of a section.
  indirect enum Block: Sendable {
    /// Headline figures as cards.
    case figures([Figure])
    /// A chart: its heading, the rendered `<svg>`, and a sentence on how to read it.
    case chart(title: String, svg: String, caption: String?)
    /// Blocks laid side by side in `columns` columns (2 or 3), wrapping on narrow screens.
    case grid([Block], columns: Int)
    case table(Table)
    case paragraph(String)
    /// A collapsed block the reader can open (`<details>`, no script).
    case details(summary: String, blocks: [Block])
  }

  /// A headline figure: a big value, a label, and lines of context (intervals, quantiles).
  struct Figure: Sendable {
    var label: String
    var value: String
    var notes: [String]
    /// Optional emphasis: `good`, `bad` or nil.
    var tone: String? = nil
  }

  /// A table of text cells; the first column is a row header. `numeric` columns align right.
  struct Table: Sendable {
    var caption: String?
    var headers: [String]
    var rows: [[String]]
    var numeric: Set<Int> = []
  }

  /// The whole page.
  func rendered() -> String {
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out +=
      "<meta name=\"generator\" content=\"FunnelSim \(Markup.escape(FunnelSimVersion.current))\">\n"
    out +=
      "<title>\(Markup.escape(title))</title>\n<style>\n\(ReportStyle.css)</style>\n</head>\n<body>\n"
    out += "<header>\n<p class=\"kicker\">FunnelSim report</p>\n<h1>\(Markup.escape(title))</h1>\n"
    out += "<p class=\"subtitle\">\(Markup.escape(subtitle))</p>\n"
    if sections.count > 1 {
      out +=
        "<nav>"
        + sections.map {
          "<a href=\"#\(Markup.escape($0.id))\">\(Markup.escape($0.title))</a>"
        }.joined(separator: " ") + "</nav>\n"
    }
    out += "</header>\n<main>\n"
    for section in sections { out += Self.render(section) }
    out += "</main>\n<footer>\n"
    for line in footer { out += "<p>\(Markup.escape(line))</p>\n" }
    out += "</footer>\n</body>\n</html>\n"
    return out
  }

  private static func render(_ section: Section) -> String {
    var out =
      "<section id=\"\(Markup.escape(section.id))\">\n<h2>\(Markup.escape(section.title))</h2>\n"
    if let intro = section.intro { out += "<p class=\"intro\">\(Markup.escape(intro))</p>\n" }
    for block in section.blocks { out += render(block) }
    return out + "</section>\n"
  }

  private static func render(_ block: Block) -> String {
    switch block {
    case .figures(let figures):
      var out = "<div class=\"figures\">\n"
      for f in figures {
        let tone = f.tone.map { " \(Markup.escape($0))" } ?? ""
        out +=
          "<div class=\"figure\(tone)\"><div class=\"figure-label\">\(Markup.escape(f.label))</div>"
        out += "<div class=\"figure-value\">\(Markup.escape(f.value))</div>"
        for note in f.notes { out += "<div class=\"figure-note\">\(Markup.escape(note))</div>" }
        out += "</div>\n"
      }
      return out + "</div>\n"
    case .chart(let title, let svg, let caption):
      var out = "<figure class=\"chart\">\n<h3>\(Markup.escape(title))</h3>\n\(svg)\n"
      if let caption { out += "<figcaption>\(Markup.escape(caption))</figcaption>\n" }
      return out + "</figure>\n"
    case .grid(let blocks, let columns):
      return "<div class=\"grid cols-\(columns == 2 ? 2 : 3)\">\n" + blocks.map(render).joined()
        + "</div>\n"
    case .table(let table):
      var out = "<div class=\"table-wrap\"><table>\n"
      if let caption = table.caption { out += "<caption>\(Markup.escape(caption))</caption>\n" }
      out += "<thead><tr>"
      for (i, h) in table.headers.enumerated() {
        out +=
          "<th scope=\"col\"\(table.numeric.contains(i) ? " class=\"num\"" : "")>\(Markup.escape(h))</th>"
      }
      out += "</tr></thead>\n<tbody>\n"
      for row in table.rows {
        out += "<tr>"
        for (i, cell) in row.enumerated() {
          if i == 0 {
            out += "<th scope=\"row\">\(Markup.escape(cell))</th>"
          } else {
            out +=
              "<td\(table.numeric.contains(i) ? " class=\"num\"" : "")>\(Markup.escape(cell))</td>"
          }
        }
        out += "</tr>\n"
      }
      return out + "</tbody>\n</table></div>\n"
    case .paragraph(let text):
      return "<p>\(Markup.escape(text))</p>\n"
    case .details(let summary, let blocks):
      return "<details>\n<summary>\(Markup.escape(summary))</summary>\n"
        + blocks.map(render).joined() + "</details>\n"
    }
  }
}
