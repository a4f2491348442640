import Testing

@testable import Statistics

@Suite struct MeanAndQuantilesTests {
  @Test func figuresAreThoseOfTheSummaryBitForBit() throws {
    // Report samples of every shape (SelectedQuantilesTests.samples), one value included.
    for sample in SelectedQuantilesTests.samples() {
      let summary = try Summary(sample)
      let figures = try MeanAndQuantiles(sample)
      #expect(figures.count == summary.count)
      #expect(
        [figures.mean, figures.min, figures.p10, figures.p50, figures.p90, figures.max]
          .map(\.bitPattern)
          == [summary.mean, summary.min, summary.p10, summary.p50, summary.p90, summary.max]
          .map(\.bitPattern), "n = \(sample.count)")
    }
  }

  @Test func refusesWhatTheSummaryRefuses() {
    #expect(throws: StatisticsError.self) { try MeanAndQuantiles([]) }
    #expect(throws: StatisticsError.self) { try MeanAndQuantiles([1, .nan, 2]) }
    #expect(throws: StatisticsError.self) { try MeanAndQuantiles([.infinity]) }
  }

  @Test func equalValuesNeedNoSelection() throws {
    // A constant sample is already sorted: its figures are the value itself, and a quantile
    // interpolated between two equal neighbours may differ from it only as GSL computes it.
    for n in [1, 2, 10, 1000] {
      let s = try MeanAndQuantiles(Array(repeating: 41.25, count: n))
      #expect(s.mean == 41.25 && s.min == 41.25 && s.max == 41.25)
      #expect(
        [s.p10, s.p50, s.p90].map(\.bitPattern)
          == (try SelectedQuantilesTests.sortedFigures(Array(repeating: 41.25, count: n)))[1...3]
          .map { $0 })
    }
  }
}
