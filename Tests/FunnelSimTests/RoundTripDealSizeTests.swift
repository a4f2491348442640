import CRMFit
import Foundation
import SalesModel
import Testing

@testable import FunnelSim

/// The round trip's deal sizes and the days the opening deals have left (docs/calibration.md,
/// "Deal size" and "Days left in the stage"), on history the model made.
@Suite(.serialized) struct RoundTripDealSizeTests {
  /// Each segment's fitted mean holds the scenario's mean times the average multiplier of the
  /// levels that won its deals (`deal_size_multiplier` applies at the win).
  @Test func fittingAnExportRecoversEachSegmentsDealSize() throws {
    let (loaded, export) = try RoundTripTests.export(months: 24)
    let asOf = CalendarDay(year: 2026, month: 12, day: 31)!
    var options = FitOptions(asOf: asOf)
    options.stages = loaded.scenario.funnel.stages.map(\.name)
    let fit = try HistoryFit.fit(export, options: options)
    let multiplier = Dictionary(
      loaded.scenario.levels.map { ($0.name, $0.dealSizeMultiplier) }, uniquingKeysWith: { a, _ in a })
    let levelOf = Dictionary(export.owners.map { ($0.owner, $0.level) }, uniquingKeysWith: { a, _ in a })
    for segment in loaded.scenario.segments {
      let won = export.opportunities.filter {
        $0.segment == segment.name && $0.status == .won && $0.closed.map { $0 <= asOf } == true
      }
      let levels = won.map { multiplier[levelOf[$0.owner] ?? ""] ?? 1 }
      let expected = segment.dealSize.mean * levels.reduce(0, +) / Double(levels.count)
      let fitted = try #require(fit.segments.first { $0.name == segment.name }?.dealSize)
      #expect(fitted.n == won.count)
      #expect(fitted.mean.covers(expected), "\(segment.name): \(fitted.mean) vs \(expected)")
    }
  }

  /// The deals open at an origin leave their stage by the median of their fitted days left
  /// about half the time (binomial 99.9% band), over three origins a quarter apart.
  @Test func openDealsLeaveTheirStageByTheMedianOfTheirDaysLeftHalfTheTime() throws {
    let (loaded, export) = try RoundTripTests.export(months: 36)
    let time = ModelTime(daysPerMonth: 21)
    var exits: [String: [CalendarDay]] = [:]
    for e in export.stageHistory { exits[e.id, default: []].append(e.date) }
    let closed = Dictionary(
      export.opportunities.compactMap { o in o.closed.map { (o.id, $0) } }, uniquingKeysWith: { a, _ in a })
    var within = 0
    var deals = 0
    for month in [6, 9, 12] {
      let asOf = CalendarDay(year: 2026, month: month, day: CalendarDay.daysIn(year: 2026, month: month))!
      var options = FitOptions(asOf: asOf)
      options.stages = loaded.scenario.funnel.stages.map(\.name)
      let fit = try HistoryFit.fit(export, options: options)
      for d in fit.openDeals {
        guard let curve = fit.stageTimeLeft[d.stage], let elapsed = d.inStageDays else { continue }
        // It leaves its stage on its next stage's entry, or at its close.
        guard let left = (exits[d.id]?.filter { $0 > asOf }.min() ?? closed[d.id]) else { continue }
        let days = time.workingDays(calendarDays: Double(left.daysSinceEpoch - asOf.daysSinceEpoch))
        let median = curve.daysLeft(elapsed: [elapsed]).values[10] + 0.5
        deals += 1
        if days <= median { within += 1 }
      }
    }
    let n = Double(deals)
    #expect(deals > 200)
    #expect(abs(Double(within) / n - 0.5) < 3.3 * (0.25 / n).squareRoot(), "\(within) of \(deals)")
  }
}
