import SalesModel

/// A grid of values coloured from light (low) to dark (high): the chart for a two-parameter
/// sweep. Cells without a value are hatched grey and say so.
struct HeatMap {
  var title: String
  var xTitle: String
  var yTitle: String
  var xLabels: [String]
  var yLabels: [String]
  /// `values[row][column]`, rows following `yLabels`, columns `xLabels`.
  var values: [[Double?]]
  var unit: MetricUnit
  var width = 1060.0

  var cellHeight: Double { 30 }
  var height: Double { Double(Swift.max(1, yLabels.count)) * cellHeight + 96 }

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    let finite = values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
    guard !xLabels.isEmpty, !yLabels.isEmpty, let low = finite.min(), let high = finite.max() else {
      svg.text("No values", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "heatmap", title: title, description: "No values.")
    }
    let left = 130.0
    let top = 12.0
    let cellWidth = (width - left - 10) / Double(xLabels.count)
    func shade(_ v: Double) -> Double { high > low ? (v - low) / (high - low) : 0.5 }
    for (r, rowLabel) in yLabels.enumerated() {
      let y = top + Double(r) * cellHeight
      svg.text(rowLabel, x: left - 8, y: y + cellHeight / 2 + 4, anchor: .end, class: "tick")
      for (c, columnLabel) in xLabels.enumerated() {
        let x = left + Double(c) * cellWidth
        let v = r < values.count && c < values[r].count ? values[r][c] : nil
        if let v, v.isFinite {
          let t = shade(v)
          svg.rect(
            x: x + 1, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, class: "mark cell",
            fill: Palette.sequential(0.1 + 0.85 * t),
            tooltip:
              "\(yTitle) \(rowLabel), \(xTitle) \(columnLabel): \(DisplayFormat.short(v, unit: unit))"
          )
          if cellWidth >= 44 {
            svg.text(
              DisplayFormat.short(v, unit: unit, withUnit: false), x: x + cellWidth / 2,
              y: y + cellHeight / 2 + 4, anchor: .middle,
              class: t > 0.5 ? "cell-value dark" : "cell-value")
          }
        } else {
          svg.rect(
            x: x + 1, y: y + 1, width: cellWidth - 2, height: cellHeight - 2,
            class: "mark cell missing",
            tooltip: "\(yTitle) \(rowLabel), \(xTitle) \(columnLabel): no value")
        }
      }
    }
    let bottom = top + Double(yLabels.count) * cellHeight
    for (c, columnLabel) in xLabels.enumerated() {
      svg.text(
        columnLabel, x: left + (Double(c) + 0.5) * cellWidth, y: bottom + 16, anchor: .middle,
        class: "tick")
    }
    svg.text(
      xTitle, x: left + (width - left - 10) / 2, y: bottom + 34, anchor: .middle,
      class: "axis-title")
    svg.text(
      yTitle, x: 14, y: top + (bottom - top) / 2, anchor: .middle, class: "axis-title", rotate: true
    )
    // A stepped legend: five swatches from the lowest to the highest value.
    let legendTop = bottom + 46
    svg.text(
      DisplayFormat.short(low, unit: unit), x: left - 8, y: legendTop + 11, anchor: .end,
      class: "tick")
    for k in 0..<5 {
      svg.rect(
        x: left + Double(k) * 36, y: legendTop, width: 34, height: 14, class: "legend-swatch",
        fill: Palette.sequential(0.1 + 0.85 * Double(k) / 4))
    }
    svg.text(
      DisplayFormat.short(high, unit: unit), x: left + 5 * 36 + 6, y: legendTop + 11, class: "tick")
    return svg.rendered(
      kind: "heatmap", title: title,
      description: "\(title) for \(yLabels.count) × \(xLabels.count) combinations.")
  }
}
