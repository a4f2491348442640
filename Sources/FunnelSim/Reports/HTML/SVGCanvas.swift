import SalesModel

/// An SVG drawing built as text: the few shapes charts need, every number and string written
/// through ``Markup``.
///
/// Marks that carry data get the class `mark`, which the style sheet colours and the browser
/// test measures; `<title>` children give native hover tooltips without any script.
struct SVGCanvas {
  let width: Double
  let height: Double
  private(set) var body = ""

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// The finished `<svg>` element: scales to its container, labelled for screen readers.
  func rendered(kind: String, title: String, description: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Markup.number(width)) "
      + "\(Markup.number(height))\" class=\"chart chart-\(Markup.escape(kind))\" role=\"img\" "
      + "data-chart=\"\(Markup.escape(kind))\">"
      + "<title>\(Markup.escape(title))</title><desc>\(Markup.escape(description))</desc>"
      + body + "</svg>"
  }

  mutating func rect(
    x: Double, y: Double, width w: Double, height h: Double, class cls: String,
    fill: String? = nil, tooltip: String? = nil
  ) {
    var attrs: [(String, String)] = [
      ("x", Markup.number(x)), ("y", Markup.number(y)),
      ("width", Markup.number(Swift.max(0, w))), ("height", Markup.number(Swift.max(0, h))),
      ("class", cls),
    ]
    if let fill { attrs.append(("fill", fill)) }
    element("rect", attrs, tooltip: tooltip)
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, class cls: String, tooltip: String? = nil
  ) {
    element(
      "line",
      [
        ("x1", Markup.number(x1)), ("y1", Markup.number(y1)), ("x2", Markup.number(x2)),
        ("y2", Markup.number(y2)), ("class", cls),
      ], tooltip: tooltip)
  }

  /// A polyline through `points`; `closed` makes it a filled polygon.
  mutating func path(_ points: [(Double, Double)], class cls: String, closed: Bool = false) {
    guard !points.isEmpty else { return }
    var d = ""
    for (i, p) in points.enumerated() {
      d += (i == 0 ? "M" : "L") + Markup.number(p.0) + " " + Markup.number(p.1)
    }
    if closed { d += "Z" }
    element("path", [("d", d), ("class", cls)], tooltip: nil)
  }

  mutating func circle(cx: Double, cy: Double, r: Double, class cls: String, tooltip: String? = nil)
  {
    element(
      "circle",
      [
        ("cx", Markup.number(cx)), ("cy", Markup.number(cy)), ("r", Markup.number(r)),
        ("class", cls),
      ],
      tooltip: tooltip)
  }

  enum Anchor: String { case start, middle, end }

  mutating func text(
    _ s: String, x: Double, y: Double, anchor: Anchor = .start, class cls: String = "label",
    fill: String? = nil, rotate: Bool = false
  ) {
    var attrs: [(String, String)] = [
      ("x", Markup.number(x)), ("y", Markup.number(y)), ("text-anchor", anchor.rawValue),
      ("class", cls),
    ]
    if let fill { attrs.append(("fill", fill)) }
    if rotate {
      attrs.append(("transform", "rotate(-90 \(Markup.number(x)) \(Markup.number(y)))"))
    }
    body += "<text" + Markup.attributes(attrs) + ">" + Markup.escape(s) + "</text>"
  }

  private mutating func element(_ name: String, _ attrs: [(String, String)], tooltip: String?) {
    body += "<" + name + Markup.attributes(attrs)
    if let tooltip {
      body += "><title>" + Markup.escape(tooltip) + "</title></" + name + ">"
    } else {
      body += "/>"
    }
  }
}

/// The plot area inside a chart's margins, with the y axis (ticks, grid, labels) drawn.
struct PlotFrame {
  var left: Double
  var top: Double
  var right: Double
  var bottom: Double

  var width: Double { right - left }
  var height: Double { bottom - top }

  /// Horizontal grid lines and labels for `ticks` on a y scale, and the axis title.
  func drawYAxis(
    on svg: inout SVGCanvas, ticks: NiceTicks, scale: LinearScale, unit: MetricUnit, title: String?
  ) {
    let labels = DisplayFormat.axisLabels(ticks.values, step: ticks.step, unit: unit)
    for (v, label) in zip(ticks.values, labels) {
      let y = scale(v)
      svg.line(x1: left, y1: y, x2: right, y2: y, class: v == 0 ? "axis" : "gridline")
      svg.text(label, x: left - 6, y: y + 4, anchor: .end, class: "tick")
    }
    if let title {
      svg.text(
        title, x: 14, y: (top + bottom) / 2, anchor: .middle, class: "axis-title", rotate: true)
    }
  }

  /// Vertical grid lines and labels for `ticks` on an x scale, and the axis title.
  func drawXAxis(
    on svg: inout SVGCanvas, ticks: NiceTicks, scale: LinearScale, unit: MetricUnit, title: String?,
    grid: Bool = true
  ) {
    let labels = DisplayFormat.axisLabels(ticks.values, step: ticks.step, unit: unit)
    for (v, label) in zip(ticks.values, labels) {
      let x = scale(v)
      if grid { svg.line(x1: x, y1: top, x2: x, y2: bottom, class: v == 0 ? "axis" : "gridline") }
      svg.text(label, x: x, y: bottom + 16, anchor: .middle, class: "tick")
    }
    svg.line(x1: left, y1: bottom, x2: right, y2: bottom, class: "axis")
    if let title {
      svg.text(title, x: (left + right) / 2, y: bottom + 34, anchor: .middle, class: "axis-title")
    }
  }
}

/// Colours of the report, shared by the style sheet and by marks that need a fill per item.
enum Palette {
  static let series = ["#1f5f99", "#d9730d", "#2e8b57", "#8e44ad", "#c0392b", "#607d8b"]

  /// A sequential blue from light (`t` = 0) to dark (`t` = 1), as `#rrggbb`.
  static func sequential(_ t: Double) -> String {
    let u = t.isFinite ? Swift.min(1, Swift.max(0, t)) : 0
    let light = (241.0, 247.0, 253.0)
    let dark = (8.0, 48.0, 107.0)
    func channel(_ a: Double, _ b: Double) -> String {
      let v = Int((a + (b - a) * u).rounded())
      let hex = String(v, radix: 16)
      return hex.count == 1 ? "0" + hex : hex
    }
    return "#" + channel(light.0, dark.0) + channel(light.1, dark.1) + channel(light.2, dark.2)
  }
}
