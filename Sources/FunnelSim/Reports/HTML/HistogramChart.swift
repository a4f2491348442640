import SalesModel

/// Counts in bins as bars, as shares of all observations, with an optional reference line
/// (e.g. 100% of quota). Observations outside the edges get bars of their own at either end.
struct HistogramChart {
  var title: String
  var unit: MetricUnit
  var edges: [Double]
  var counts: [Int]
  var below = 0
  var above = 0
  /// A vertical reference line and its label, e.g. `(1.0, "quota")`; bins from it up are
  /// drawn in the "at or above" colour.
  var marker: (value: Double, label: String)?
  var width = 520.0
  var height = 240.0

  var total: Int { counts.reduce(0, +) + below + above }

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    let bins = Swift.min(counts.count, Swift.max(0, edges.count - 1))
    guard bins > 0, total > 0 else {
      svg.text("No observations", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "histogram", title: title, description: "No observations.")
    }
    let frame = PlotFrame(left: 48, top: 14, right: width - 10, bottom: height - 42)
    // Outside bins take one bin's width each beyond the edges.
    let lowEdge = edges[0]
    let highEdge = edges[bins]
    let slot = (highEdge - lowEdge) / Double(bins)
    let xLow = below > 0 ? lowEdge - slot : lowEdge
    let xHigh = above > 0 ? highEdge + slot : highEdge
    let x = LinearScale(domain: xLow...xHigh, range: (frame.left, frame.right))

    let shares = (0..<bins).map { Double(counts[$0]) / Double(total) }
    let outside = [Double(below), Double(above)].map { $0 / Double(total) }
    let yTicks = NiceTicks(
      low: 0, high: (shares + outside).max() ?? 1, target: 4, includeZero: true)
    let y = LinearScale(domain: yTicks.domain, range: (frame.bottom, frame.top))
    frame.drawYAxis(on: &svg, ticks: yTicks, scale: y, unit: .share, title: nil)

    func bar(
      _ from: Double, _ to: Double, _ share: Double, _ count: Int, _ cls: String, _ tip: String
    ) {
      let left = x(from) + 0.5
      let right = x(to) - 0.5
      svg.rect(
        x: left, y: y(share), width: right - left, height: y(0) - y(share),
        class: "mark bar \(cls)",
        tooltip: "\(tip): \(Format.grouped(Double(count))) (\(DisplayFormat.percent(share)))")
    }
    for i in 0..<bins {
      let atOrAbove = marker.map { edges[i] >= $0.value } ?? false
      bar(
        edges[i], edges[i + 1], shares[i], counts[i], atOrAbove ? "above" : "below",
        range(edges[i], edges[i + 1]))
    }
    if below > 0 {
      bar(xLow, lowEdge, outside[0], below, "outside", "below \(label(lowEdge))")
    }
    if above > 0 {
      bar(highEdge, xHigh, outside[1], above, "outside", "above \(label(highEdge))")
    }

    // x ticks at round values inside the edges, plus labels for the outside bars.
    let xTicks = NiceTicks(low: lowEdge, high: highEdge, target: 4)
    let xLabels = DisplayFormat.axisLabels(xTicks.values, step: xTicks.step, unit: unit)
    for (v, text) in zip(xTicks.values, xLabels) where v >= lowEdge - 1e-9 && v <= highEdge + 1e-9 {
      svg.line(x1: x(v), y1: frame.bottom, x2: x(v), y2: frame.bottom + 4, class: "axis")
      svg.text(text, x: x(v), y: frame.bottom + 16, anchor: .middle, class: "tick")
    }
    if above > 0 {
      svg.text(
        "more", x: x((highEdge + xHigh) / 2), y: frame.bottom + 30, anchor: .middle, class: "tick")
    }
    if below > 0 {
      svg.text(
        "less", x: x((xLow + lowEdge) / 2), y: frame.bottom + 30, anchor: .middle, class: "tick")
    }
    svg.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, class: "axis")

    if let marker, marker.value >= xLow, marker.value <= xHigh {
      let mx = x(marker.value)
      svg.line(x1: mx, y1: frame.top - 4, x2: mx, y2: frame.bottom, class: "marker")
      svg.text(marker.label, x: mx + 4, y: frame.top + 6, class: "marker-label")
    }
    return svg.rendered(
      kind: "histogram", title: title,
      description: "\(title): \(Format.grouped(Double(total))) observations in \(bins) bins.")
  }

  private func label(_ v: Double) -> String {
    unit == .share
      ? DisplayFormat.trimZeros(Format.fixed(v * 100, decimals: 1)) + "%"
      : DisplayFormat.short(v, unit: unit)
  }

  private func range(_ a: Double, _ b: Double) -> String { label(a) + "–" + label(b) }
}
