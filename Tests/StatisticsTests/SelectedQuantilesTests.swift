import Stochastic
import Testing

@testable import Statistics

@Suite struct SelectedQuantilesTests {
  /// The summary figures a sort gives, bit for bit: what reports showed before selection.
  static func sortedFigures(_ sample: [Double]) throws -> [UInt64] {
    let s = try SortedSample(sample)
    return [s.min, s.quantile(0.1)!, s.quantile(0.5)!, s.quantile(0.9)!, s.max].map(\.bitPattern)
  }

  static func selectedFigures(_ sample: [Double]) -> [UInt64] {
    let s = SelectedQuantiles(sample, orders: [0.1, 0.5, 0.9])
    return [s.min, s.quantile(0.1), s.quantile(0.5), s.quantile(0.9), s.max].map(\.bitPattern)
  }

  /// Samples shaped like a report's: continuous values, counts full of ties, constant
  /// columns, sorted and reversed runs, every size from 1 up, and large pooled samples.
  static func samples() -> [[Double]] {
    let stream = RandomStream(seed: 20_261_129)
    var samples: [[Double]] = []
    for n in Array(1...70) + [99, 100, 101, 999, 1000, 1001, 25_000] {
      samples.append((0..<n).map { _ in stream.uniform() * 1e6 - 2e5 })
      samples.append((0..<n).map { _ in (stream.uniform() * 6).rounded(.down) })
      samples.append((0..<n).map { _ in stream.uniform() < 0.9 ? 0 : stream.uniform() })
      samples.append(Array(repeating: 3.5, count: n))
      samples.append((0..<n).map(Double.init))
      samples.append((0..<n).map { Double(n - $0) })
      samples.append((0..<n).map { Double(($0 * 7919) % 13) - 6 })
    }
    return samples
  }

  @Test func selectionGivesTheSortedSamplesFiguresBitForBit() throws {
    for sample in Self.samples() {
      #expect(try Self.sortedFigures(sample) == Self.selectedFigures(sample), "n = \(sample.count)")
    }
  }

  @Test func aNegativeZeroFallsBackToTheSortAndKeepsItsSign() throws {
    // -0 == +0, so a selection could put either at rank 0; the fallback sorts as before.
    let samples: [[Double]] = [
      [0, -0.0, 1, 2], [-0.0, 0, 0, -0.0, 5], [-0.0], Array(repeating: -0.0, count: 40) + [0],
    ]
    for sample in samples {
      #expect(try Self.sortedFigures(sample) == Self.selectedFigures(sample))
    }
  }

  @Test func summaryMatchesTheSortedSample() throws {
    for sample in Self.samples() where sample.count > 1 {
      let summary = try Summary(sample)
      #expect(
        [summary.min, summary.p10, summary.p50, summary.p90, summary.max].map(\.bitPattern)
          == (try Self.sortedFigures(sample)))
    }
  }

  @Test func ranksAreTheOnesGSLReads() {
    // h = p(n - 1): p10 of 1000 values reads x[99] and x[100]; p90 of one value only x[0].
    let p10 = SelectedQuantiles.ranks(of: 0.1, count: 1000)
    #expect(p10.lhs == 99 && p10.hasNext)
    let single = SelectedQuantiles.ranks(of: 0.9, count: 1)
    #expect(single.lhs == 0 && !single.hasNext)
    let pair = SelectedQuantiles.ranks(of: 0.5, count: 2)
    #expect(pair.lhs == 0 && pair.hasNext)
  }
}
