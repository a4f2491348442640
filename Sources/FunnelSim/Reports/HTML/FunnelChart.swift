/// The sales funnel as horizontal bars, widest at the top: how many leads reached each stage,
/// and the share of each stage's leads that passed it.
struct FunnelChart {
  struct Stage {
    var label: String
    /// Mean number per replication reaching the stage.
    var value: Double
    /// The share of the stage's leads that passed it, if known.
    var conversion: Double?
  }

  var title: String
  var stages: [Stage]
  var width = 1060.0

  var height: Double { Double(Swift.max(1, stages.count)) * 44 + 36 }

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    guard !stages.isEmpty else {
      svg.text("No funnel stages", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "funnel", title: title, description: "No stages.")
    }
    let labelWidth = 170.0
    let rightWidth = 150.0
    let barArea = width - labelWidth - rightWidth
    let largest = stages.map { $0.value.isFinite ? $0.value : 0 }.max() ?? 0
    let x = LinearScale(domain: 0...Swift.max(largest, 1e-9), range: (0, barArea))
    svg.text(
      "Leads per replication (mean)", x: labelWidth + barArea / 2, y: 16, anchor: .middle,
      class: "axis-title")
    svg.text("Passed the stage", x: width - 4, y: 16, anchor: .end, class: "axis-title")
    for (i, stage) in stages.enumerated() {
      let top = 28 + Double(i) * 44
      let value = stage.value.isFinite ? Swift.max(0, stage.value) : 0
      let w = Swift.max(2, x(value))
      let left = labelWidth + (barArea - w) / 2
      svg.text(stage.label, x: labelWidth - 10, y: top + 22, anchor: .end, class: "stage-label")
      svg.rect(
        x: left, y: top + 4, width: w, height: 28, class: "mark funnel-bar",
        fill: Palette.sequential(0.85 - 0.5 * Double(i) / Double(Swift.max(1, stages.count - 1))),
        tooltip: "\(stage.label): \(DisplayFormat.short(value, unit: .count)) per replication")
      let inside = w > 70
      svg.text(
        DisplayFormat.short(value, unit: .count), x: inside ? left + w / 2 : left + w + 6,
        y: top + 22, anchor: inside ? .middle : .start, class: inside ? "bar-value" : "tick")
      if let c = stage.conversion, c.isFinite {
        svg.text(
          DisplayFormat.percent(c), x: width - 4, y: top + 22, anchor: .end, class: "conversion")
      }
    }
    return svg.rendered(
      kind: "funnel", title: title,
      description: stages.map { "\($0.label) \(DisplayFormat.short($0.value, unit: .count))" }
        .joined(separator: ", "))
  }
}
