import SalesModel

/// Estimates with their intervals, one row each, against a reference line (usually 0, "no
/// difference"): the chart for comparing scenarios.
///
/// An interval wholly on one side of the reference is drawn as better or worse by the row's
/// ``MetricDirection`` (right is worse for a cost), one that crosses it as undecided.
struct ForestPlot {
  struct Row {
    var label: String
    var estimate: Double
    var low: Double
    var high: Double
    /// Whether right of the reference is better (the default), worse, or neither.
    var direction = MetricDirection.higherIsBetter
  }

  var title: String
  var unit: MetricUnit
  var rows: [Row]
  var reference: Double? = 0
  var axisTitle: String? = nil
  /// The rows are differences: signed, and shares in percentage points.
  var isDifference = false
  var width = 1060.0

  /// Written after each value in the row summaries (` pp` for differences of shares).
  var pointSuffix = ""

  var height: Double { Double(Swift.max(1, rows.count)) * 30 + 64 }

  func svg() -> String {
    // Differences of shares are drawn in percentage points: `+3.2` on an axis of points, not
    // `3.2%`, which would read as a share.
    guard !(isDifference && unit == .share) else {
      var points = self
      points.unit = .count
      points.isDifference = false
      points.rows = rows.map {
        var r = $0
        (r.estimate, r.low, r.high) = (r.estimate * 100, r.low * 100, r.high * 100)
        return r
      }
      points.reference = reference.map { $0 * 100 }
      points.axisTitle = (axisTitle.map { $0 + ", " } ?? "") + "percentage points"
      points.pointSuffix = " pp"
      return points.svg()
    }
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
      let verdict = reference.map { row.direction.verdict(low: low - $0, high: high - $0) }
        ?? "undecided"
      func text(_ v: Double) -> String {
        (pointSuffix.isEmpty ? "" : v > 0 ? "+" : "") + DisplayFormat.short(v, unit: unit)
          + pointSuffix
      }
      let summary = "\(text(row.estimate)) [\(text(low)), \(text(high))]"
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
