import SalesModel

/// A horizontal waterfall: a starting total, steps that add to or take from it, and the total
/// they reach, one row each; every step's bar floats from the running total before it to the
/// one after. The chart of `explain`: from the forecast, cause by cause, to the target.
struct WaterfallChart {
  struct Step {
    var label: String
    var value: Double
    /// A total drawn from 0 (the first and last rows) rather than a step.
    var isTotal = false
  }

  var title: String
  var unit: MetricUnit
  var steps: [Step]
  var width = 1060.0

  var height: Double { Double(Swift.max(1, steps.count)) * 30 + 64 }

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    guard !steps.isEmpty, steps.allSatisfy({ $0.value.isFinite }) else {
      svg.text("No values", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "waterfall", title: title, description: "No values.")
    }
    // Each row's bar runs from `start` to `end` on the value axis.
    var spans: [(start: Double, end: Double)] = []
    var running = 0.0
    for step in steps {
      if step.isTotal {
        spans.append((0, step.value))
        running = step.value
      } else {
        spans.append((running, running + step.value))
        running += step.value
      }
    }
    let frame = PlotFrame(left: 260, top: 12, right: width - 130, bottom: height - 44)
    let ends: [Double] = spans.map(\.start) + spans.map(\.end) + [0]
    let ticks = NiceTicks(low: ends.min()!, high: ends.max()!, target: 5)
    let x = LinearScale(domain: ticks.domain, range: (frame.left, frame.right))
    frame.drawXAxis(on: &svg, ticks: ticks, scale: x, unit: unit, title: nil)
    for (i, (step, span)) in zip(steps, spans).enumerated() {
      let top = frame.top + 4 + Double(i) * 30
      let low = Swift.min(span.start, span.end)
      let high = Swift.max(span.start, span.end)
      let kind = step.isTotal ? "total" : step.value >= 0 ? "raise" : "lower"
      let text = DisplayFormat.short(step.value, unit: unit)
      svg.text(step.label, x: frame.left - 10, y: top + 16, anchor: .end, class: "stage-label")
      svg.rect(
        x: x(low), y: top, width: x(high) - x(low), height: 22,
        class: "mark waterfall-bar \(kind)", tooltip: "\(step.label): \(text)")
      if i + 1 < steps.count {
        // The connector carries the running total to the next row.
        svg.line(
          x1: x(span.end), y1: top + 22, x2: x(span.end), y2: top + 30, class: "connector")
      }
      svg.text(
        (step.isTotal || step.value < 0 ? "" : "+") + text, x: x(high) + 6, y: top + 16,
        anchor: .start, class: "tick")
    }
    return svg.rendered(
      kind: "waterfall", title: title,
      description: "\(steps.count) rows from \(steps[0].label) to \(steps[steps.count - 1].label).")
  }
}
