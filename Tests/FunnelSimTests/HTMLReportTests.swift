import Foundation
import SalesModel
import Testing

@testable import FunnelSim

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct HTMLReportTests {
  static let html = HTMLReport.render(run: SyntheticRun.report())

  // MARK: The run page

  @Test func runReportHasEverySectionAndChart() {
    let html = Self.html
    for id in ["headline", "monthly", "attainment", "funnel", "levels"] {
      #expect(html.contains("<section id=\"\(id)\">"), "missing section \(id)")
    }
    // Revenue, bookings, clients, headcount and three cash fans; four level histograms; the
    // funnel; a line chart per series recorded by level.
    #expect(occurrences(of: "data-chart=\"fan\"", in: html) == 7)
    #expect(occurrences(of: "data-chart=\"line\"", in: html) == SeriesMetric.perLevel.count)
    #expect(occurrences(of: "data-chart=\"histogram\"", in: html) == 4)
    #expect(occurrences(of: "data-chart=\"funnel\"", in: html) == 1)
    #expect(html.contains("Expected bookings"))
    #expect(html.contains("Chance of reaching the team plan"))
    for level in ["Junior", "Middle", "Senior", "Lead"] {
      #expect(html.contains("<th scope=\"row\">\(level)</th>"))
    }
  }

  @Test func everySVGIsWellFormedXML() throws {
    let svgs = elements("svg", in: Self.html)
    #expect(svgs.count == 12 + SeriesMetric.perLevel.count)
    for svg in svgs {
      let parser = XMLParser(data: Data(svg.utf8))
      #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
    }
  }

  @Test func escapesEveryStringFromTheScenario() {
    let hostile = "<script>alert(\"x\")</script> & 'Co'"
    let html = HTMLReport.render(
      run: SyntheticRun.report(
        replications: 20, name: hostile, file: "plans/<img src=x>.yaml",
        levels: ["<b>junior</b>", "lead"]))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<b>"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"))
    #expect(html.contains("&lt;b&gt;junior&lt;/b&gt;"))
    // Only the tags the renderer writes, and nothing that would fetch from a network.
    let allowed: Set<String> = [
      "!doctype", "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "h3",
      "nav", "a",
      "main", "section", "div", "figure", "figcaption", "svg", "desc", "rect", "line", "path",
      "circle", "text",
      "table", "caption", "thead", "tbody", "tr", "th", "td", "details", "summary", "footer",
    ]
    #expect(Set(tagNames(in: html)).subtracting(allowed).isEmpty)
    for fetch in ["href=\"http", "url(", "@import", "<link"] { #expect(!html.contains(fetch)) }
  }

  @Test func neverWritesNaNEvenForEmptyAndFlatData() {
    // One replication (no intervals), flat zero series, a level without any observations.
    let schema = SyntheticRun.schema()
    var outcome = SyntheticRun.outcomes(replications: 1)[0]
    outcome.values = outcome.values.map { _ in 0 }
    outcome.series = outcome.series.map { $0.map { _ in 0 } }
    outcome.samples[1] = []
    let run = RunReport(
      scenarioName: "empty", scenarioFile: "e.yaml", seed: 1, horizonMonths: 12, schema: schema,
      outcomes: [outcome])
    let html = HTMLReport.render(run: run)
    for bad in ["NaN", "nan", "inf", "Infinity"] { #expect(!html.contains(bad), "found \(bad)") }
    for svg in elements("svg", in: html) { #expect(XMLParser(data: Data(svg.utf8)).parse()) }
    let finite = Self.numbersIn(html).allSatisfy { $0.isFinite }
    #expect(finite)
  }

  @Test func renderingIsDeterministic() {
    let a = HTMLReport.render(run: SyntheticRun.report(replications: 50))
    let b = HTMLReport.render(run: SyntheticRun.report(replications: 50))
    #expect(a == b)
    #expect(!a.contains("20" + "26-"))  // no date or time stamp of the rendering
  }

  @Test func skipsChartsWhoseMetricsAreAbsent() throws {
    let schema = OutcomeSchema(
      scalars: [MetricDescriptor(key: "bookings", group: "team", unit: .money, label: "Bookings")],
      series: [], samples: [])
    let outcomes = (0..<10).map {
      ReplicationOutcome(
        values: [1_000_000 + Double($0) * 10_000], series: [], samples: [], events: 1)
    }
    let html = HTMLReport.render(
      run: RunReport(
        scenarioName: "bare", scenarioFile: "b.yaml", seed: 3, horizonMonths: 6, schema: schema,
        outcomes: outcomes))
    #expect(html.contains("Expected bookings"))
    #expect(!html.contains("<svg"))
    #expect(!html.contains("id=\"funnel\""))
    #expect(html.hasSuffix("</html>\n"))
  }

  @Test func theGroupSectionSaysThenByRoleOnlyWhenTheRunHasRoles() {
    #expect(Self.html.contains("<h2>By level</h2>"))
    // Role groups follow the levels'; `hand_offs` is reported (not switched off) with roles.
    func render(handOffsOff: ModelPart?) -> String {
      let scalars =
        ["team", "rep", "sdr", "ae"].map {
          MetricDescriptor(key: Metric.won.key, group: $0, unit: .count, label: Metric.won.label)
        } + [
          MetricDescriptor(
            key: Metric.handOffs.key, group: "team", unit: .count, label: Metric.handOffs.label,
            switchedOff: handOffsOff)
        ]
      let outcomes = (0..<10).map {
        ReplicationOutcome(
          values: [20, 20, 0, 20, Double(30 + $0)], series: [], samples: [], events: 1)
      }
      return HTMLReport.render(
        run: RunReport(
          scenarioName: "roles", scenarioFile: "r.yaml", seed: 3, horizonMonths: 12,
          schema: OutcomeSchema(scalars: scalars, series: [], samples: []), outcomes: outcomes))
    }
    #expect(render(handOffsOff: nil).contains("<h2>By level, then by role</h2>"))
    #expect(render(handOffsOff: .roles).contains("<h2>By level</h2>"))
  }

  @Test func headlineShowsBookingsQuantilesAndPlanChance() throws {
    let run = SyntheticRun.report()
    let html = HTMLReport.render(run: run)
    let bookings = try #require(run.metric("bookings")?.statistics)
    #expect(html.contains(DisplayFormat.short(bookings.mean, unit: .money)))
    #expect(
      html.contains("P10 \(DisplayFormat.short(bookings.p10, unit: .money, withUnit: false))"))
    let chance = try #require(run.metric("team_plan_reached")?.statistics.mean)
    #expect(html.contains(DisplayFormat.percent(chance)))
  }

  // MARK: The run's JSON histogram

  @Test func pooledSharesAreBinnedOnFixedEdges() throws {
    let run = SyntheticRun.report(replications: 30)
    for sample in run.samples {
      let h = try #require(sample.histogram)
      #expect(h.edges == (0...20).map { Double($0) / 10 })
      #expect(h.counts.reduce(0, +) + h.below + h.above == sample.statistics.count)
    }
    let json = run.json().rendered(pretty: false)
    #expect(json.contains(#""histogram":{"edges":[0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1"#))
    #expect(json.contains(#""below":0,"above":"#))
  }

  @Test func anEmptySampleHasANullHistogram() {
    let schema = OutcomeSchema(
      scalars: [], series: [],
      samples: [MetricDescriptor(key: "quota_attainment", group: "team", unit: .share, label: "q")]
    )
    let run = RunReport(
      scenarioName: "s", scenarioFile: "f", seed: 1, horizonMonths: 1, schema: schema,
      outcomes: [ReplicationOutcome(values: [], series: [], samples: [[]], events: 0)])
    #expect(run.samples[0].histogram == nil)
    #expect(run.json().rendered(pretty: false).contains(#""histogram":null"#))
  }

  @Test func valuesAboveTwoHundredPercentAreCountedAbove() throws {
    let h = try #require(SampleHistogram([0.05, 0.95, 1.0, 1.99, 2.0, 2.01, 7.5], unit: .share))
    #expect(h.counts[0] == 1)
    #expect(h.counts[9] == 1)
    #expect(h.counts[10] == 1)  // 1.0 starts the bin [1.0, 1.1)
    #expect(h.counts[19] == 2)  // the last bin holds its top edge, 2.0
    #expect(h.above == 2)
    #expect(h.below == 0)
  }

  // MARK: Axes

  @Test(arguments: [
    (0.0, 12_345_678.0), (1_234.0, 987_654.0), (0.0, 3.2e9), (2_500_000.0, 2_730_000.0),
    (0.0, 48_000.0),
    (-1_500_000.0, 4_200_000.0),
  ])
  func moneyAxisTicksAreRoundAndCoverTheData(low: Double, high: Double) {
    let ticks = NiceTicks(low: low, high: high, target: 5)
    #expect(ticks.values.first! <= low && ticks.values.last! >= high)
    #expect((3...10).contains(ticks.values.count - 1), "\(ticks.values)")
    // The step is 1, 2 or 5 times a power of ten.
    var mantissa = ticks.step
    while mantissa >= 10 { mantissa /= 10 }
    while mantissa < 1 { mantissa *= 10 }
    #expect([1.0, 2.0, 5.0].contains { abs(mantissa - $0) < 1e-9 }, "step \(ticks.step)")
    let labels = DisplayFormat.axisLabels(ticks.values, step: ticks.step, unit: .money)
    #expect(Set(labels).count == labels.count, "\(labels)")
    #expect(labels.allSatisfy { $0.count <= 6 }, "\(labels)")
    #expect(labels.contains { $0.hasSuffix("k") || $0.hasSuffix("M") || $0.hasSuffix("B") })
  }

  @Test func axisLabelsReadAsPeopleWriteThem() {
    let money = NiceTicks(low: 0, high: 12_345_678, target: 5)
    #expect(
      DisplayFormat.axisLabels(money.values, step: money.step, unit: .money) == [
        "0", "2M", "4M", "6M", "8M", "10M", "12M", "14M",
      ])
    let small = NiceTicks(low: 0, high: 1_300_000, target: 5)
    #expect(
      DisplayFormat.axisLabels(small.values, step: small.step, unit: .money) == [
        "0", "0.2M", "0.4M", "0.6M", "0.8M", "1.0M", "1.2M", "1.4M",
      ])
    let shares = NiceTicks(low: 0, high: 0.27, target: 4, includeZero: true)
    #expect(
      DisplayFormat.axisLabels(shares.values, step: shares.step, unit: .share) == [
        "0%", "5%", "10%", "15%", "20%", "25%", "30%",
      ])
    let flat = NiceTicks(low: 0, high: 0, includeZero: true)
    #expect(flat.values.first == 0 && flat.values.last! > 0)
    #expect(DisplayFormat.compact(12_345_678) == "12.3M")
    #expect(DisplayFormat.compact(999_999) == "1M")
    #expect(DisplayFormat.compact(-4_560) == "-4.56k")
  }

  // MARK: Chart primitives

  @Test func histogramColoursBinsFromTheQuotaUp() {
    let svg = HistogramChart(
      title: "q", unit: .share, edges: SampleHistogram.shareEdges,
      counts: Array(repeating: 5, count: 20),
      below: 0, above: 3, marker: (1.0, "quota")
    ).svg()
    #expect(occurrences(of: "class=\"mark bar below\"", in: svg) == 10)
    #expect(occurrences(of: "class=\"mark bar above\"", in: svg) == 10)
    #expect(occurrences(of: "class=\"mark bar outside\"", in: svg) == 1)
    #expect(svg.contains("class=\"marker\""))
    #expect(XMLParser(data: Data(svg.utf8)).parse())
  }

  @Test func funnelBarsNarrowDownTheFunnel() {
    let chart = FunnelChart(
      title: "f",
      stages: [
        .init(label: "Leads in", value: 2400, conversion: nil),
        .init(label: "Meeting", value: 900, conversion: 0.6),
        .init(label: "Won", value: 180, conversion: nil),
      ])
    let widths = attributeValues("width", ofClass: "mark funnel-bar", in: chart.svg())
    #expect(widths.count == 3)
    #expect(widths == widths.sorted(by: >))
    #expect(chart.svg().contains("60.0%"))
  }

  @Test func forestPlotJudgesEachIntervalAgainstTheReference() {
    let plot = ForestPlot(
      title: "Plan B minus plan A", unit: .money,
      rows: [
        .init(label: "Bookings", estimate: 1_200_000, low: 400_000, high: 2_000_000),
        .init(label: "Salaries", estimate: -800_000, low: -1_100_000, high: -500_000),
        .init(label: "Revenue", estimate: 100_000, low: -300_000, high: 500_000),
      ], axisTitle: "Difference, RUB")
    let svg = plot.svg()
    #expect(svg.contains("class=\"mark estimate better\""))
    #expect(svg.contains("class=\"mark estimate worse\""))
    #expect(svg.contains("class=\"mark estimate undecided\""))
    #expect(svg.contains("class=\"reference\""))
    let xs = attributeValues("cx", ofClass: "mark estimate", prefix: true, in: svg)
    #expect(xs.count == 3 && xs[1] < xs[2] && xs[2] < xs[0])
    #expect(XMLParser(data: Data(svg.utf8)).parse())
  }

  @Test func lineChartDrawsEverySeriesWithItsBand() {
    let chart = LineChart(
      title: "Bookings against headcount", xTitle: "Juniors hired", xUnit: .count, yUnit: .money,
      series: [
        .init(
          name: "Bookings", points: [(2, 8e7), (4, 9.5e7), (6, 1.05e8)],
          band: [(7.5e7, 8.5e7), (9e7, 1e8), (9.8e7, 1.12e8)]),
        .init(name: "Revenue", points: [(2, 6e7), (4, 7e7), (6, 7.6e7)]),
      ])
    let svg = chart.svg()
    #expect(occurrences(of: "class=\"mark series-line", in: svg) == 2)
    #expect(occurrences(of: "class=\"mark series-band", in: svg) == 1)
    #expect(occurrences(of: "<circle", in: svg) == 6)
    #expect(svg.contains(">Juniors hired<"))
    #expect(XMLParser(data: Data(svg.utf8)).parse())
  }

  @Test func heatMapShadesLowLightHighDarkAndMarksGaps() {
    let map = HeatMap(
      title: "Chance of plan", xTitle: "Seniors", yTitle: "Juniors", xLabels: ["2", "4", "6"],
      yLabels: ["4", "8"],
      values: [[0.1, 0.4, nil], [0.5, 0.7, 0.95]], unit: .share)
    let svg = map.svg()
    let fills = attributeValues("fill", ofClass: "mark cell", in: svg, text: true)
    #expect(fills.count == 5)
    #expect(fills.first == Palette.sequential(0.1))  // the lowest value
    #expect(fills.last == Palette.sequential(0.95))  // the highest
    #expect(svg.contains("class=\"mark cell missing\""))
    #expect(svg.contains(">95.0%<"))
    #expect(XMLParser(data: Data(svg.utf8)).parse())
  }

  @Test func emptyChartsSayThereIsNothingToShow() {
    #expect(ForestPlot(title: "x", unit: .money, rows: []).svg().contains("No estimates"))
    #expect(
      LineChart(title: "x", xTitle: "x", xUnit: .count, yUnit: .money, series: []).svg().contains(
        "No points"))
    #expect(
      HeatMap(
        title: "x", xTitle: "a", yTitle: "b", xLabels: [], yLabels: [], values: [], unit: .share
      ).svg().contains("No values"))
    #expect(
      HistogramChart(title: "x", unit: .share, edges: [0, 1], counts: [0]).svg().contains(
        "No observations"))
  }

  // MARK: Helpers

  func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  func elements(_ name: String, in html: String) -> [String] {
    html.components(separatedBy: "<\(name) ").dropFirst().map {
      "<\(name) " + $0.components(separatedBy: "</\(name)>")[0] + "</\(name)>"
    }
  }

  func tagNames(in html: String) -> [String] {
    html.components(separatedBy: "<").dropFirst().compactMap { chunk in
      let name = chunk.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }.lowercased()
      return name.isEmpty ? nil : name
    }
  }

  /// Values of `attribute` on elements whose class is `cls` (or starts with it), in order.
  func attributeValues(
    _ attribute: String, ofClass cls: String, prefix: Bool = false, in svg: String
  ) -> [Double] {
    attributeValues(attribute, ofClass: cls, prefix: prefix, in: svg, text: true).compactMap(
      Double.init)
  }

  func attributeValues(
    _ attribute: String, ofClass cls: String, prefix: Bool = false, in svg: String, text: Bool
  ) -> [String] {
    svg.components(separatedBy: "<").compactMap { element -> String? in
      let classMatch =
        prefix ? element.contains("class=\"\(cls)") : element.contains("class=\"\(cls)\"")
      guard classMatch, let range = element.range(of: " \(attribute)=\"") else { return nil }
      return String(element[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  static func numbersIn(_ html: String) -> [Double] {
    html.split(whereSeparator: { !"0123456789.-eE".contains($0) }).compactMap { Double($0) }
  }
}
