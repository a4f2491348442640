import Foundation
import Stochastic
import Testing

@testable import Statistics

@Suite struct AccumulatorTests {
  static let textbook: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

  @Test func textbookSampleGivesHandComputedMoments() throws {
    let a = Accumulator(Self.textbook)
    #expect(a.count == 8)
    #expect(a.mean == 5)
    #expect(isClose(a.m2, 32))  // squared deviations 9+1+1+1+0+0+4+16
    #expect(isClose(try #require(a.variance), 32.0 / 7))
    #expect(isClose(try #require(a.standardDeviation), (32.0 / 7).squareRoot()))
    #expect(a.min == 2 && a.max == 9)
    // t(0.975, 7) = 2.364624 (tables); half-width 2.364624 · √(32/7) / √8 = 1.787488.
    #expect(isClose(a.confidenceInterval(), 3.212512...6.787488, tolerance: 1e-6))
  }

  @Test func tooFewObservationsGiveNoSpreadRatherThanNaN() {
    let empty = Accumulator()
    #expect(empty.isEmpty && empty.variance == nil && empty.confidenceInterval() == nil)
    #expect(empty.min == .infinity && empty.max == -.infinity)
    let one = Accumulator([3.5])
    #expect(one.mean == 3.5 && one.variance == nil && one.standardDeviation == nil)
    #expect(one.confidenceInterval() == nil)
  }

  @Test func invalidLevelGivesNoInterval() {
    let a = Accumulator(Self.textbook)
    for level in [0, 1, -0.5, 1.5, .nan] { #expect(a.confidenceInterval(level: level) == nil) }
  }

  @Test func equalValuesGiveAZeroWidthInterval() {
    let a = Accumulator(Array(repeating: 0.1, count: 10))
    #expect(a.standardDeviation == 0)
    #expect(a.confidenceInterval() == 0.1...0.1)
  }
}

// MARK: - Merging

extension AccumulatorTests {
  /// 1,000 lognormal values around 10,000 from a fixed seed.
  static func values(seed: UInt64, count: Int = 1000) -> [Double] {
    let stream = RandomStream(seed: seed)
    let deal = Distribution.lognormal(mean: 10_000, sd: 3_000)
    return (0..<count).map { _ in deal.sample(stream) }
  }

  static func expectSame(_ a: Accumulator, _ b: Accumulator, relative: Double = 1e-12) {
    #expect(a.count == b.count)
    #expect(a.min == b.min && a.max == b.max)
    #expect(isClose(a.mean, b.mean, relative: relative), "mean \(a.mean) vs \(b.mean)")
    #expect(isClose(a.m2, b.m2, relative: relative), "m2 \(a.m2) vs \(b.m2)")
  }

  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func mergingRandomSplitsEqualsAccumulatingAll(seed: UInt64) {
    let xs = Self.values(seed: seed)
    let all = Accumulator(xs)
    // Cut the sequence at random places into up to eight parts, then merge them in order.
    let cutter = RandomStream(seed: 1000 + seed)
    let cuts = (0..<7).map { _ in Int(cutter.uniform() * Double(xs.count + 1)) }.sorted()
    let bounds = [0] + cuts + [xs.count]
    var merged = Accumulator()
    for (lo, hi) in zip(bounds, bounds.dropFirst()) { merged.merge(Accumulator(xs[lo..<hi])) }
    Self.expectSame(merged, all)
  }

  @Test func mergingIsAssociative() {
    let xs = Self.values(seed: 7, count: 900)
    let a = Accumulator(xs[0..<100])
    let b = Accumulator(xs[100..<550])
    let c = Accumulator(xs[550...])
    Self.expectSame(a.merging(b).merging(c), a.merging(b.merging(c)))
    Self.expectSame(a.merging(b), b.merging(a))
  }

  @Test func mergingWithEmptyChangesNothingToTheBit() {
    let a = Accumulator(Self.values(seed: 8, count: 50))
    #expect(a.merging(Accumulator()) == a)
    #expect(Accumulator().merging(a) == a)
    #expect(Accumulator().merging(Accumulator()) == Accumulator())
  }

  @Test func mergingSingletonsMatchesHandComputedMoments() {
    var a = Accumulator()
    for x in Self.textbook { a.merge(Accumulator([x])) }
    #expect(a.count == 8 && a.mean == 5 && isClose(a.m2, 32))
  }
}

// MARK: - Codable

extension AccumulatorTests {
  static func roundTrip(_ a: Accumulator) throws -> Accumulator {
    try JSONDecoder().decode(Accumulator.self, from: JSONEncoder().encode(a))
  }

  @Test(arguments: [11, 12, 13] as [UInt64])
  func jsonRoundTripIsExactToTheBit(seed: UInt64) throws {
    let xs = Self.values(seed: seed, count: 333).map { $0 / 3 }  // plenty of inexact digits
    for n in [1, 2, 10, 333] {
      let a = Accumulator(xs.prefix(n))
      let b = try Self.roundTrip(a)
      #expect(b.count == a.count)
      #expect(b.mean.bitPattern == a.mean.bitPattern)
      #expect(b.m2.bitPattern == a.m2.bitPattern)
      #expect(b.min.bitPattern == a.min.bitPattern && b.max.bitPattern == a.max.bitPattern)
    }
  }

  @Test func extremeValuesRoundTripExactly() throws {
    let a = Accumulator([-0.0, .leastNonzeroMagnitude, 1e150, -.leastNormalMagnitude])
    let b = try Self.roundTrip(a)
    #expect(b == a)
    #expect(b.min.bitPattern == a.min.bitPattern)
  }

  @Test func emptyAccumulatorEncodesWithoutInfinities() throws {
    let json = String(decoding: try JSONEncoder().encode(Accumulator()), as: UTF8.self)
    #expect(!json.contains("min") && !json.contains("max"))
    let back = try Self.roundTrip(Accumulator())
    #expect(back == Accumulator() && back.min == .infinity && back.max == -.infinity)
  }

  @Test(arguments: [
    #"{"count":-1,"mean":0,"m2":0}"#,
    #"{"count":3,"mean":1,"m2":-1,"min":0,"max":2}"#,
    #"{"count":3,"mean":1,"m2":1,"min":2,"max":0}"#,
    #"{"count":3,"mean":9,"m2":1,"min":0,"max":2}"#,
    #"{"count":3,"mean":1,"m2":1}"#,
  ])
  func corruptedPartialResultsAreRejected(json: String) {
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Accumulator.self, from: Data(json.utf8))
    }
  }
}
