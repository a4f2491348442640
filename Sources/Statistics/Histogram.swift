internal import CGSL

/// Counts of a sample in contiguous bins, built with GSL's `gsl_histogram`, for reports.
///
/// Bins are half-open, `[edges[i], edges[i+1])`, except the last, which also holds its upper
/// edge, so the maximum of a sample binned over `[min, max]` is counted. Values outside
/// explicit edges are counted in `below` and `above`, never dropped silently.
///
/// ```swift
/// let h = try Histogram(revenuePerReplication)                    // Freedman–Diaconis
/// let h10 = try Histogram(revenuePerReplication, binning: .equalWidth(count: 10))
/// for (range, n) in zip(h.bins, h.counts) { print(range, n) }
/// ```
public struct Histogram: Hashable, Sendable, Codable {
  /// How bin edges are chosen.
  public enum Binning: Hashable, Sendable {
    /// Freedman–Diaconis: width `2·IQR·n^(-1/3)` over `[min, max]`, at most `maximumBins`
    /// bins. When the interquartile range is 0 (but not the range) it falls back to Sturges'
    /// `⌈log₂ n⌉ + 1` bins.
    case freedmanDiaconis(maximumBins: Int = 100)
    /// `count` bins of equal width over `[min, max]`.
    case equalWidth(count: Int)
    /// Explicit edges, finite and strictly increasing, at least two.
    case edges([Double])
  }

  /// Bin edges, strictly increasing; one more than there are bins.
  public let edges: [Double]
  /// Number of values in each bin.
  public let counts: [Int]
  /// Values below `edges.first` (only with explicit edges).
  public let below: Int
  /// Values above `edges.last` (only with explicit edges).
  public let above: Int

  /// Bins `sample` as `binning` says.
  ///
  /// A sample whose values are all equal, binned over `[min, max]`, gets a single bin
  /// `[x - h, x + h]` with `h = max(0.5, |x|·10⁻⁶)`, since a range of zero width has no bins.
  /// Throws for an empty or non-finite sample, or for invalid binning parameters.
  ///
  /// - Complexity: O(n log n) for Freedman–Diaconis (a sort), O(n log k) otherwise.
  public init(_ sample: [Double], binning: Binning = .freedmanDiaconis())
    throws(StatisticsError)
  {
    try validateSample(sample)
    let edges = try Self.edges(for: sample, binning: binning)
    try self.init(sample, validatedEdges: edges)
  }

  /// Number of bins.
  public var binCount: Int { counts.count }

  /// The bins as ranges, `edges[i]...edges[i+1]`.
  public var bins: [ClosedRange<Double>] { (0..<binCount).map { edges[$0]...edges[$0 + 1] } }

  /// The midpoint of each bin.
  public var binCenters: [Double] { (0..<binCount).map { (edges[$0] + edges[$0 + 1]) / 2 } }

  /// Values inside the bins (excluding `below` and `above`).
  public var total: Int { counts.reduce(0, +) }

  /// The histogram of both samples; throws unless the edges are identical.
  public func merging(_ other: Histogram) throws(StatisticsError) -> Histogram {
    guard edges == other.edges else { throw .invalidBinning("merged histograms differ in edges") }
    return Histogram(
      edges: edges, counts: zip(counts, other.counts).map { $0 + $1 },
      below: below + other.below, above: above + other.above)
  }

  private init(edges: [Double], counts: [Int], below: Int, above: Int) {
    self.edges = edges
    self.counts = counts
    self.below = below
    self.above = above
  }

  // MARK: Building

  /// Counts `sample` into bins with GSL, checking every return code.
  private init(_ sample: [Double], validatedEdges edges: [Double]) throws(StatisticsError) {
    StatisticsGSL.configure()
    let binCount = edges.count - 1
    guard let h = gsl_histogram_alloc(binCount) else {
      throw .gsl(
        code: Int32(GSL_ENOMEM), message: "cannot allocate a histogram of \(binCount) bins")
    }
    defer { gsl_histogram_free(h) }
    let status = edges.withUnsafeBufferPointer {
      gsl_histogram_set_ranges(h, $0.baseAddress!, $0.count)
    }
    guard status == GSL_SUCCESS else { throw Self.gslError(status) }

    var below = 0
    var above = 0
    var atTop = 0
    let top = edges[binCount]
    for x in sample {
      let code = gsl_histogram_increment(h, x)
      if code == GSL_SUCCESS { continue }
      guard code == GSL_EDOM else { throw Self.gslError(code) }
      // GSL's bins are all half-open; ours close the last one at the top edge.
      if x == top { atTop += 1 } else if x < edges[0] { below += 1 } else { above += 1 }
    }
    var counts = (0..<binCount).map { Int(gsl_histogram_get(h, $0)) }
    counts[binCount - 1] += atTop
    self.init(edges: edges, counts: counts, below: below, above: above)
  }

  /// The edges `binning` asks for over a validated sample.
  private static func edges(for sample: [Double], binning: Binning) throws(StatisticsError)
    -> [Double]
  {
    switch binning {
    case .edges(let edges):
      guard edges.count >= 2 else { throw .invalidBinning("need at least two edges") }
      guard edges.allSatisfy(\.isFinite) else { throw .invalidBinning("edges must be finite") }
      guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw .invalidBinning("edges must be strictly increasing")
      }
      return edges
    case .equalWidth(let count):
      guard count >= 1 else { throw .invalidBinning("bin count \(count) is below 1") }
      let sorted = try SortedSample(sample)
      return try uniformEdges(min: sorted.min, max: sorted.max, count: count)
    case .freedmanDiaconis(let maximumBins):
      guard maximumBins >= 1 else {
        throw .invalidBinning("maximum bin count \(maximumBins) is below 1")
      }
      let sorted = try SortedSample(sample)
      let range = sorted.max - sorted.min
      guard range > 0 else { return try uniformEdges(min: sorted.min, max: sorted.max, count: 1) }
      guard range.isFinite else { throw .valuesTooLarge("the sample's range overflows") }
      let n = Double(sorted.count)
      let iqr = sorted.quantile(0.75)! - sorted.quantile(0.25)!
      let bins: Double
      if iqr > 0 {
        let width = 2 * iqr / cbrt(n)
        bins = (range / width).rounded(.up)
      } else {
        bins = log2(n).rounded(.up) + 1
      }
      let count = Int(Swift.min(Swift.max(bins, 1), Double(maximumBins)))
      return try uniformEdges(min: sorted.min, max: sorted.max, count: count)
    }
  }

  /// `count` equal bins over `[min, max]` by `gsl_histogram_set_ranges_uniform`; a single
  /// widened bin when `min == max`.
  private static func uniformEdges(min: Double, max: Double, count: Int) throws(StatisticsError)
    -> [Double]
  {
    if min == max {
      let h = Swift.max(0.5, Swift.abs(min) * 1e-6)
      return [min - h, max + h]
    }
    // `max - min` may overflow for extreme finite values; GSL would then make NaN edges.
    guard (max - min).isFinite else { throw .valuesTooLarge("the sample's range overflows") }
    StatisticsGSL.configure()
    guard let h = gsl_histogram_alloc(count) else {
      throw .gsl(code: Int32(GSL_ENOMEM), message: "cannot allocate a histogram of \(count) bins")
    }
    defer { gsl_histogram_free(h) }
    let status = gsl_histogram_set_ranges_uniform(h, min, max)
    guard status == GSL_SUCCESS else { throw gslError(status) }
    return (0...count).map { h.pointee.range[$0] }
  }

  private static func gslError(_ code: Int32) -> StatisticsError {
    .gsl(code: code, message: String(cString: gsl_strerror(code)))
  }
}
