internal import CGSL

/// The extremes and a few quantiles of a sample, found by selection instead of a full sort.
///
/// A report summarises hundreds of samples (every metric, level and month) and needs only the
/// minimum, P10, P50, P90 and maximum of each: the order statistics at a handful of ranks.
/// Selecting them is O(n) where `gsl_sort` (a heapsort) is O(n log n), and the sort was most
/// of the time a run spends after its replications. GSL's own `gsl_stats_select` finds one
/// rank per call and does not document how it leaves the rest of the array, so the
/// multi-rank selection is written here.
///
/// The values are exactly those of ``SortedSample``: after selection, every rank that a
/// quantile of the requested orders reads holds the value the sorted sample holds there, and
/// the quantile itself is computed by the same GSL function on that buffer, which reads only
/// those two ranks. Equal doubles are the same bits except +0 and -0, so a sample holding a -0
/// (where the arrangement of zeros could differ from the heapsort's) is sorted by GSL instead.
struct SelectedQuantiles {
  /// The sample with every selected rank in its sorted place; the rest in no useful order.
  private var values: [Double]
  /// The orders whose quantiles are available.
  private let orders: [Double]
  /// Smallest value.
  let min: Double
  /// Largest value.
  let max: Double

  /// Finds the extremes of `sample`, which the caller has checked to be non-empty and finite,
  /// and selects the ranks the quantiles of `orders` read.
  ///
  /// - Complexity: O(n) expected, O(n log n) at worst (a subrange that partitions badly too
  ///   often is sorted).
  init(_ sample: [Double], orders: [Double]) {
    self.orders = orders
    values = sample
    let n = values.count
    StatisticsGSL.configure()
    // The extremes by one scan, which also looks for a -0.
    var (lowest, highest) = (sample[0], sample[0])
    var negativeZero = false
    for x in sample {
      if x < lowest { lowest = x }
      if x > highest { highest = x }
      if x == 0 && x.sign == .minus { negativeZero = true }
    }
    if negativeZero {
      values.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress!, 1, $0.count) }
      (min, max) = (values[0], values[n - 1])
      return
    }
    (min, max) = (lowest, highest)
    // Equal values are already in sorted order (a metric that is 0 in every replication, a
    // month before anything can happen): nothing to select.
    if lowest == highest { return }
    var ranks: [Int] = []
    for p in orders {
      let (lhs, hasNext) = Self.ranks(of: p, count: n)
      ranks.append(lhs)
      if hasNext { ranks.append(lhs + 1) }
    }
    ranks = Array(Set(ranks)).sorted()
    values.withUnsafeMutableBufferPointer { buffer in
      ranks.withUnsafeBufferPointer { wanted in
        var depthLimit = 2
        var m = n
        while m > 1 {
          depthLimit += 2
          m >>= 1
        }
        Self.select(buffer, 0, n, wanted[...], depthLimit: depthLimit)
      }
    }
  }

  /// The quantile of order `p`, one of the orders given at creation, as
  /// ``SortedSample/quantile(_:)`` computes it.
  func quantile(_ p: Double) -> Double {
    precondition(orders.contains(p), "order \(p) was not selected")
    return values.withUnsafeBufferPointer { buffer in
      gsl_stats_quantile_from_sorted_data(buffer.baseAddress!, 1, buffer.count, p)
    }
  }

  /// The ranks GSL's quantile of order `p` reads in a sorted sample of `count` values: `lhs`,
  /// and `lhs + 1` unless `lhs` is the last (the same arithmetic as
  /// `gsl_stats_quantile_from_sorted_data`).
  static func ranks(of p: Double, count: Int) -> (lhs: Int, hasNext: Bool) {
    let index = p * Double(count - 1)
    let lhs = Int(index)
    return (lhs, lhs < count - 1)
  }

  /// Puts every rank of `wanted` (ascending, all in `lo..<hi`) in its sorted place within
  /// `buffer[lo..<hi]`, by quickselect with a three-way partition (samples of counts are
  /// full of ties) around a median of three.
  private static func select(
    _ buffer: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int,
    _ wanted: Slice<UnsafeBufferPointer<Int>>, depthLimit: Int
  ) {
    guard !wanted.isEmpty, hi - lo > 1 else { return }
    if hi - lo <= 16 || depthLimit == 0 {
      // Short ranges, and ranges that keep partitioning badly, are sorted whole.
      sortRange(buffer, lo, hi)
      return
    }
    let a = buffer[lo]
    let b = buffer[lo + (hi - lo) / 2]
    let c = buffer[hi - 1]
    let pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b))
    // [lo, less) < pivot, [less, i) == pivot, [greater, hi) > pivot.
    var less = lo
    var i = lo
    var greater = hi
    while i < greater {
      let x = buffer[i]
      if x < pivot {
        buffer.swapAt(less, i)
        less += 1
        i += 1
      } else if x > pivot {
        greater -= 1
        buffer.swapAt(i, greater)
      } else {
        i += 1
      }
    }
    // Ranks in [less, greater) hold the pivot already.
    let below = wanted.prefix { $0 < less }
    let above = wanted.suffix(from: wanted.firstIndex { $0 >= greater } ?? wanted.endIndex)
    select(buffer, lo, less, below, depthLimit: depthLimit - 1)
    select(buffer, greater, hi, above, depthLimit: depthLimit - 1)
  }

  /// Sorts `buffer[lo..<hi]` ascending.
  private static func sortRange(_ buffer: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int)
  {
    if hi - lo <= 16 {
      for j in (lo + 1)..<hi {
        let x = buffer[j]
        var k = j
        while k > lo, buffer[k - 1] > x {
          buffer[k] = buffer[k - 1]
          k -= 1
        }
        buffer[k] = x
      }
    } else {
      gsl_sort(buffer.baseAddress! + lo, 1, hi - lo)
    }
  }
}
