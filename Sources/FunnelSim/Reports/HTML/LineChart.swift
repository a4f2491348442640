import SalesModel

/// One or more series of (x, y) points, each with an optional band (e.g. a 95% interval):
/// the chart for a one-parameter sweep.
struct LineChart {
  struct Series {
    var name: String
    var points: [(x: Double, y: Double)]
    /// Lower and upper bounds per point, drawn as a translucent band, when given.
    var band: [(low: Double, high: Double)]? = nil
  }

  var title: String
  var xTitle: String
  var xUnit: MetricUnit
  var yUnit: MetricUnit
  var series: [Series]
  var includeZero = true
  var width = 1060.0
  var height = 320.0

  func svg() -> String {
    var svg = SVGCanvas(width: width, height: height)
    let all = series.flatMap { s in s.points.filter { $0.x.isFinite && $0.y.isFinite } }
    guard !all.isEmpty else {
      svg.text("No points", x: width / 2, y: height / 2, anchor: .middle, class: "empty")
      return svg.rendered(kind: "line", title: title, description: "No data.")
    }
    let frame = PlotFrame(left: 72, top: 30, right: width - 16, bottom: height - 46)
    var ys = all.map(\.y)
    for s in series {
      for b in s.band ?? [] where b.low.isFinite && b.high.isFinite { ys += [b.low, b.high] }
    }
    let yTicks = NiceTicks(low: ys.min()!, high: ys.max()!, target: 5, includeZero: includeZero)
    let xTicks = NiceTicks(low: all.map(\.x).min()!, high: all.map(\.x).max()!, target: 6)
    let x = LinearScale(domain: xTicks.domain, range: (frame.left, frame.right))
    let y = LinearScale(domain: yTicks.domain, range: (frame.bottom, frame.top))
    frame.drawYAxis(on: &svg, ticks: yTicks, scale: y, unit: yUnit, title: nil)
    frame.drawXAxis(on: &svg, ticks: xTicks, scale: x, unit: xUnit, title: xTitle, grid: false)

    var legendX = frame.left
    for (i, s) in series.enumerated() {
      let colour = Palette.series[i % Palette.series.count]
      let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
      if let band = s.band, band.count == s.points.count {
        let pairs = zip(s.points, band).filter {
          $0.0.x.isFinite && $0.1.low.isFinite && $0.1.high.isFinite
        }
        let upper = pairs.map { (x($0.0.x), y($0.1.high)) }
        let lower = pairs.map { (x($0.0.x), y($0.1.low)) }.reversed()
        svg.path(
          upper + lower, class: "mark series-band series-\(i % Palette.series.count)", closed: true)
      }
      svg.path(
        points.map { (x($0.x), y($0.y)) },
        class: "mark series-line series-\(i % Palette.series.count)")
      for p in points {
        svg.circle(
          cx: x(p.x), cy: y(p.y), r: 3, class: "series-dot series-\(i % Palette.series.count)",
          tooltip:
            "\(s.name): \(DisplayFormat.short(p.x, unit: xUnit)) → \(DisplayFormat.short(p.y, unit: yUnit))"
        )
      }
      svg.rect(x: legendX, y: 8, width: 14, height: 10, class: "legend-swatch", fill: colour)
      svg.text(s.name, x: legendX + 20, y: 17, class: "legend")
      legendX += 34 + Double(s.name.count) * 7
    }
    return svg.rendered(
      kind: "line", title: title, description: "\(series.count) series against \(xTitle).")
  }
}
