import SalesModel

/// Estimates with their intervals, one row each, against a reference line (usually 0, "no
/// difference"): the chart for comparing scenarios.
///
/// An interval wholly to the right of the reference is drawn as better, wholly to the left as
/// worse, and one that crosses it as undecided.
struct ForestPlot {
  struct Row {
    var label: String
    var estimate: Double
    var low: Double
    var high: Double
  }

  var title: String
  var unit: MetricUnit
  var rows: [Row]
  var reference: Double? = 0
  var axisTitle: String? = nil
  var width = 1060.0

  var height: Double { Double(Swift.max(1, rows.count)) * 30 + 64 }

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    let usable = rows.filter { $0.estimate.isFinite && $0.low.isFinite && $0.high.isFinite }
    guard !usable.isEmpty else {
      svg.text("No estimates", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "forest", title: title, description: "No estimates.")
    }
    let frame = PlotFrame(left: 190, top: 12, right: width - 150, bottom: height - 44)
    var values = usable.flatMap { [$0.low, $0.high, $0.estimate] }
    if let reference, reference.isFinite { values.append(reference) }
    let ticks = NiceTicks(low: values.min()!, high: values.max()!, target: 5)
    let x = LinearScale(domain: ticks.domain, range: (frame.left, frame.right))
    frame.drawXAxis(on: &svg, ticks: ticks, scale: x, unit: unit, title: axisTitle)
    if let reference, reference.isFinite {
      svg.line(
        x1: x(reference), y1: frame.top, x2: x(reference), y2: frame.bottom, class: "reference")
    }
    for (i, row) in usable.enumerated() {
      let cy = frame.top + 16 + Double(i) * 30
      let low = Swift.min(row.low, row.high)
      let high = Swift.max(row.low, row.high)
      let verdict: String
      if let r = reference, low > r {
        verdict = "better"
      } else if let r = reference, high < r {
        verdict = "worse"
      } else {
        verdict = "undecided"
      }
      let summary =
        "\(DisplayFormat.short(row.estimate, unit: unit)) [\(DisplayFormat.short(low, unit: unit)), "
        + "\(DisplayFormat.short(high, unit: unit))]"
      svg.text(row.label, x: frame.left - 10, y: cy + 4, anchor: .end, class: "stage-label")
      svg.line(
        x1: x(low), y1: cy, x2: x(high), y2: cy, class: "mark interval \(verdict)",
        tooltip: "\(row.label): \(summary)")
      svg.line(x1: x(low), y1: cy - 5, x2: x(low), y2: cy + 5, class: "interval \(verdict)")
      svg.line(x1: x(high), y1: cy - 5, x2: x(high), y2: cy + 5, class: "interval \(verdict)")
      svg.circle(
        cx: x(row.estimate), cy: cy, r: 4.5, class: "mark estimate \(verdict)",
        tooltip: "\(row.label): \(summary)")
      svg.text(summary, x: width - 4, y: cy + 4, anchor: .end, class: "tick")
    }
    return svg.rendered(
      kind: "forest", title: title,
      description: "\(usable.count) estimates with their intervals.")
  }
}
