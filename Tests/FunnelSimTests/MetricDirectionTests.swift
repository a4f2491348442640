import SalesModel
import Testing

@testable import FunnelSim

/// Comparisons colour a difference by what the metric means, not by its sign.
@Suite struct MetricDirectionTests {
  @Test func aHigherCostIsWorseAndMoreRevenueBetter() {
    #expect(MetricDirection.of(Metric.costOfSales.key).verdict(low: 1, high: 2) == "worse")
    #expect(MetricDirection.of(Metric.costOfSales.key).verdict(low: -2, high: -1) == "better")
    #expect(MetricDirection.of(Metric.revenue.key).verdict(low: 1, high: 2) == "better")
    #expect(MetricDirection.of(DerivedMetric.margin.key).verdict(low: -2, high: -1) == "worse")
    #expect(MetricDirection.of(Metric.churnRate.key).verdict(low: 0.01, high: 0.02) == "worse")
    #expect(MetricDirection.of("conversion_meeting").verdict(low: 0.01, high: 0.02) == "better")
    #expect(MetricDirection.of(Metric.callsAvailable.key).verdict(low: 1, high: 2) == "higher")
    #expect(MetricDirection.of(Metric.revenue.key).verdict(low: -1, high: 2) == "undecided")
  }

  @Test func longerDeskWaitsAreWorseAndMoreWithinTheSLABetter() {
    let wait = DeskChannelMetric.waitMean.key("phone")
    #expect(MetricDirection.of(wait).verdict(low: 0.5, high: 1) == "worse")
    let share = DeskChannelMetric.withinSLAShare.key("phone")
    #expect(MetricDirection.of(share).verdict(low: 0.01, high: 0.02) == "better")
    #expect(MetricDirection.of(DeskMetric.cost.key).verdict(low: 1, high: 2) == "worse")
    #expect(MetricDirection.of(DeskChannelMetric.requests.key("phone")).verdict(low: 1, high: 2) == "higher")
  }

  @Test func theForestPlotColoursACostIncreaseAsWorse() {
    let plot = ForestPlot(
      title: "t", unit: .money,
      rows: [
        .init(
          label: "Cost of sales", estimate: 5, low: 4, high: 6,
          direction: MetricDirection.of(Metric.costOfSales.key)),
        .init(
          label: "Revenue", estimate: 5, low: 4, high: 6,
          direction: MetricDirection.of(Metric.revenue.key)),
      ], isDifference: true)
    let svg = plot.svg()
    #expect(svg.contains("mark interval worse"))
    #expect(svg.contains("mark interval better"))
  }

  @Test func shareDifferencesAreInPercentagePoints() {
    #expect(DisplayFormat.difference(0.032, unit: .share) == "+3.2 pp")
    #expect(DisplayFormat.difference(-0.05, unit: .share) == "-5.0 pp")
    let svg = ForestPlot(
      title: "t", unit: .share, rows: [.init(label: "Win rate", estimate: 0.03, low: 0.01, high: 0.05)],
      isDifference: true
    ).svg()
    #expect(svg.contains("+3.00 pp"))
    #expect(svg.contains("percentage points"))
  }
}
