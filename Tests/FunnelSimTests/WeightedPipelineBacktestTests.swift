import Backtest
import CRMFit
import TestSupport
import Testing

@testable import FunnelSim

/// The backtest's weighted pipeline on a history small enough to work out by hand
/// (docs/calibration.md, "Baselines").
@Suite struct WeightedPipelineBacktestTests {
  /// Three deals won with cycles of 60, 70 and 80 calendar days (median 70), every closed deal
  /// won (so every open deal's win rate is 1) and no win in the three months before the first
  /// forecast month (no new business). At the origin 2025-06-30 five deals are open; each is
  /// expected on its created day plus 70 days:
  ///
  /// | deal | created | expected close | month |
  /// |---|---|---|---|
  /// | O1 | 2025-03-01 | 2025-05-10, overdue | 2025-07 |
  /// | O2 | 2025-05-01 | 2025-07-10 | 2025-07 |
  /// | O3 | 2025-06-01 | 2025-08-10 | 2025-08 |
  /// | O4 | 2025-06-10 | 2025-08-19 | 2025-08 |
  /// | O5 | 2025-06-28 | 2025-09-06 | 2025-09 |
  ///
  /// so the baseline is certain: 2, 2 and 1 won deals, bookings 300, 700 and 500. (Drawn
  /// evenly over the rounded median cycle of two months, as before, the five deals were 2.5 a
  /// month in July and August and none in September.)
  @Test func openDealsAreWonInTheMonthOfTheirExpectedClose() throws {
    let folder = try TemporaryDirectory()
    try folder.write(
      "opportunities.csv",
      """
      id,owner,created,close_date,status,amount
      W1,A,2025-01-01,2025-03-02,won,1000
      W2,A,2025-01-01,2025-03-12,won,1000
      W3,A,2025-01-01,2025-03-22,won,1000
      O1,A,2025-03-01,2025-07-05,won,100
      O2,A,2025-05-01,2025-07-20,won,200
      O3,A,2025-06-01,2025-08-15,lost,300
      O4,A,2025-06-10,2025-09-01,won,400
      O5,A,2025-06-28,2025-10-15,won,500

      """)
    let export = try CRMReader.read(folder: folder.path)
    #expect(export.problems.isEmpty)
    let origin = try #require(CalendarDay(year: 2025, month: 6, day: 30))
    let report = try BacktestReport.run(
      export, asOf: origin, months: 3, origins: 1, replications: 20, seed: 1, parameterSets: 1
    ) { FitOptions(asOf: $0) }
    let months = try #require(report.origins.first?.months)
    #expect(months.map(\.month) == ["2025-07", "2025-08", "2025-09"])
    let pipeline = try #require(
      BacktestReport.Method.allCases.firstIndex(of: .weightedPipeline))
    let won = [2.0, 2, 1]
    let booked = [300.0, 700, 500]
    for (h, month) in months.enumerated() {
      #expect(month.quantiles[pipeline][0] == Array(repeating: won[h], count: 5), "\(month.month)")
      #expect(
        month.quantiles[pipeline][1] == Array(repeating: booked[h], count: 5), "\(month.month)")
    }
  }

  /// The cycle is the fit's median won cycle turned back into calendar days, and a deal's
  /// month counts from the first forecast month.
  @Test func expectedCloseMonthCountsFromTheFirstForecastMonth() throws {
    let first = try #require(CalendarDay(year: 2025, month: 7, day: 1)).monthIndex
    func month(_ y: Int, _ m: Int, _ d: Int) -> Int {
      BacktestReport.expectedCloseMonth(
        created: CalendarDay(year: y, month: m, day: d)!, cycleCalendarDays: 70, firstMonth: first)
    }
    #expect(month(2025, 3, 1) == 0)
    #expect(month(2025, 4, 22) == 0)  // 2025-07-01
    #expect(month(2025, 5, 22) == 0)  // 2025-07-31
    #expect(month(2025, 5, 23) == 1)  // 2025-08-01
    #expect(month(2025, 6, 28) == 2)  // 2025-09-06
  }
}
