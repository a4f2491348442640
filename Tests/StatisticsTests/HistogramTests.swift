import Foundation
import Stochastic
import Testing

@testable import Statistics

@Suite struct HistogramTests {
  @Test func explicitEdgesCountHalfOpenBinsAndTheTopEdge() throws {
    let h = try Histogram([0, 0.5, 1, 1, 2.5, 3, -1, 3.5], binning: .edges([0, 1, 2, 3]))
    // [0,1): 0, 0.5; [1,2): 1, 1; [2,3]: 2.5 and the top edge 3. Outside: -1 and 3.5.
    #expect(h.counts == [2, 2, 2])
    #expect(h.below == 1 && h.above == 1 && h.total == 6)
    #expect(h.binCenters == [0.5, 1.5, 2.5])
    #expect(h.bins == [0...1, 1...2, 2...3])
  }

  @Test func equalWidthBinsSpanTheSampleAndHoldEveryValue() throws {
    let h = try Histogram([1, 2, 2, 3, 4, 5, 9], binning: .equalWidth(count: 4))
    #expect(h.edges == [1, 3, 5, 7, 9])
    #expect(h.counts == [3, 2, 1, 1] && h.below == 0 && h.above == 0)
  }

  @Test func freedmanDiaconisPicksTheDocumentedBinCount() throws {
    // 1 ... 1000: IQR = 750.25 - 250.75 = 499.5, width = 2·499.5/10 = 99.9,
    // bins = ⌈999/99.9⌉ = 10.
    let xs = (1...1000).map(Double.init)
    let h = try Histogram(xs)
    #expect(h.binCount == 10 && h.total == 1000)
    #expect(h.edges.first == 1 && h.edges.last == 1000)
    #expect(try Histogram(xs, binning: .freedmanDiaconis(maximumBins: 4)).binCount == 4)
  }

  @Test func freedmanDiaconisFallsBackToSturgesWhenTheQuartilesCoincide() throws {
    // 16 values, IQR 0, range 1: Sturges ⌈log₂ 16⌉ + 1 = 5 bins.
    let xs = Array(repeating: 2.0, count: 15) + [3]
    let h = try Histogram(xs)
    #expect(h.binCount == 5 && h.counts == [15, 0, 0, 0, 1])
  }

  @Test func equalValuesGetOneWidenedBin() throws {
    let h = try Histogram([4, 4, 4])
    #expect(h.edges == [3.5, 4.5] && h.counts == [3])
  }

  @Test func badBinningIsAnErrorNotAnAbort() {
    #expect(throws: StatisticsError.self) { try Histogram([1], binning: .equalWidth(count: 0)) }
    #expect(throws: StatisticsError.self) { try Histogram([1], binning: .edges([1])) }
    #expect(throws: StatisticsError.self) { try Histogram([1], binning: .edges([0, 2, 1])) }
    #expect(throws: StatisticsError.self) { try Histogram([1], binning: .edges([0, .nan])) }
    #expect(throws: StatisticsError.self) {
      try Histogram([1], binning: .freedmanDiaconis(maximumBins: 0))
    }
    #expect(throws: StatisticsError.self) { try Histogram([]) }
    #expect(throws: StatisticsError.self) { try Histogram([-1.7e308, 1.7e308]) }
  }

  @Test func histogramsWithTheSameEdgesMerge() throws {
    let edges: [Double] = [0, 1, 2]
    let a = try Histogram([0.5, 1.5, 3], binning: .edges(edges))
    let b = try Histogram([0.1, -1], binning: .edges(edges))
    let m = try a.merging(b)
    #expect(m == (try Histogram([0.5, 1.5, 3, 0.1, -1], binning: .edges(edges))))
    #expect(throws: StatisticsError.self) {
      try a.merging(try Histogram([0.5], binning: .edges([0, 2])))
    }
  }

  @Test func histogramRoundTripsThroughJSON() throws {
    let h = try Histogram(AccumulatorTests.values(seed: 3, count: 200))
    #expect(try JSONDecoder().decode(Histogram.self, from: JSONEncoder().encode(h)) == h)
  }
}
