import SalesModel

/// A monthly series as a fan: the P10–P90 band across replications, the median and the mean.
///
/// Reading it: in eight runs out of ten the month's value fell inside the band; the solid
/// line is the typical month, the dashed line the average (above the median when a few
/// replications do much better than the rest).
struct FanChart {
  var title: String
  var unit: MetricUnit
  var p10: [Double]
  var p50: [Double]
  var p90: [Double]
  var mean: [Double]
  /// What the fourth line is: the mean across replications, or (a backtest) what happened.
  var meanLabel = "Mean"
  /// The name of each month (`2027-01`) when the run has dates; nil numbers them from 1.
  var monthLabels: [String]? = nil
  /// Sized in CSS pixels of the slot it fills, so its text reads at the page's size.
  var width = 1060.0
  var height = 320.0

  init(title: String, unit: MetricUnit, p10: [Double], p50: [Double], p90: [Double], mean: [Double])
  {
    self.title = title
    self.unit = unit
    // All four have one value per month; a shorter array is padded so the chart never reads
    // past an end.
    let n = Swift.max(p10.count, p50.count, p90.count, mean.count)
    func padded(_ a: [Double]) -> [Double] { a + Array(repeating: a.last ?? 0, count: n - a.count) }
    self.p10 = padded(p10)
    self.p50 = padded(p50)
    self.p90 = padded(p90)
    self.mean = padded(mean)
  }

  var months: Int { p50.count }

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    let frame = PlotFrame(
      left: width < 600 ? 44 : 64, top: 30, right: width - 12, bottom: height - 44)
    let n = months
    let finite = (p10 + p50 + p90 + mean).filter(\.isFinite)
    let yTicks = NiceTicks(
      low: finite.min() ?? 0, high: finite.max() ?? 1, target: 5, includeZero: true)
    let y = LinearScale(domain: yTicks.domain, range: (frame.bottom, frame.top))
    let x = LinearScale(
      domain: n > 1 ? 1...Double(n) : 0.5...1.5, range: (frame.left + 8, frame.right - 8))

    frame.drawYAxis(on: &svg, ticks: yTicks, scale: y, unit: unit, title: nil)
    // Month ticks: every month up to 12, then every 3, 6 or 12.
    let every = n <= 12 ? 1 : n <= 36 ? 3 : n <= 72 ? 6 : 12
    for m in 1...Swift.max(1, n) where m == 1 || m % every == 0 {
      svg.text(monthName(m), x: x(Double(m)), y: frame.bottom + 16, anchor: .middle, class: "tick")
    }
    svg.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, class: "axis")
    svg.text(
      "Month", x: (frame.left + frame.right) / 2, y: frame.bottom + 34, anchor: .middle,
      class: "axis-title")

    guard n > 0 else {
      svg.text("No months to show", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "fan", title: title, description: "No data.")
    }
    let months = (1...n).map { x(Double($0)) }
    let upper = zip(months, p90).map { ($0, y($1)) }
    let lower = zip(months, p10).map { ($0, y($1)) }.reversed()
    svg.path(upper + lower, class: "mark band", closed: true)
    svg.path(zip(months, mean).map { ($0, y($1)) }, class: "mark mean-line")
    svg.path(zip(months, p50).map { ($0, y($1)) }, class: "mark median-line")
    for m in 0..<n {
      svg.circle(cx: months[m], cy: y(p50[m]), r: 2.5, class: "median-dot")
      // An invisible column per month carries the tooltip.
      let half = n > 1 ? (months[Swift.min(1, n - 1)] - months[0]) / 2 : frame.width / 2
      svg.rect(
        x: months[m] - half, y: frame.top, width: 2 * half, height: frame.height, class: "hover",
        tooltip: "\(monthLabels == nil ? "Month " : "")\(monthName(m + 1)): median \(value(p50[m])), \(meanLabel.lowercased()) \(value(mean[m])), "
          + "P10 \(value(p10[m])), P90 \(value(p90[m]))")
    }
    drawLegend(on: &svg, at: frame.left)
    return svg.rendered(
      kind: "fan", title: title,
      description:
        "\(title) over \(n) months: P10 to P90 band, median and "
        + (meanLabel == "Mean" ? "mean across replications." : "\(meanLabel.lowercased())."))
  }

  private func value(_ v: Double) -> String { DisplayFormat.short(v, unit: unit) }

  /// Month `m` (1-based) as the axis names it: its label when the run has dates.
  private func monthName(_ m: Int) -> String {
    if let monthLabels, m - 1 < monthLabels.count { return monthLabels[m - 1] }
    return String(m)
  }

  private func drawLegend(on svg: inout SVGCanvas, at left: Double) {
    let compact = width < 600
    var x = left
    svg.rect(x: x, y: 8, width: 18, height: 10, class: "band legend-swatch")
    svg.text(compact ? "P10–P90" : "P10–P90 of runs", x: x + 24, y: 17, class: "legend")
    x += compact ? 86 : 140
    svg.line(x1: x, y1: 13, x2: x + 20, y2: 13, class: "median-line")
    svg.text("Median", x: x + 26, y: 17, class: "legend")
    x += compact ? 80 : 90
    svg.line(x1: x, y1: 13, x2: x + 20, y2: 13, class: "mean-line")
    svg.text(meanLabel, x: x + 26, y: 17, class: "legend")
  }
}
