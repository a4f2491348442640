/// One process's share of a run: shard `index` of `count` (0-based), written `I/N` on the
/// command line.
///
/// Shard I of N runs the contiguous replications `I*R/N ..< (I+1)*R/N` of a run of R. Streams
/// derive from the replication index, never from the shard, so any split gives the same
/// replications and the merged report equals a single-process run byte for byte.
public struct Shard: Hashable, Sendable, Codable, CustomStringConvertible {
  /// 0-based index of this shard.
  public var index: Int
  /// Number of shards the run is split into.
  public var count: Int

  /// The whole run as one shard.
  public static let whole = Shard(uncheckedIndex: 0, count: 1)

  init(uncheckedIndex index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Parses `I/N` with 0 <= I < N.
  public init(parsing text: String) throws(ShardError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
      throw ShardError("expected I/N, e.g. 0/4 for the first of four shards; got '\(text)'")
    }
    guard n >= 1, i >= 0, i < n else {
      throw ShardError("shard \(text): need 0 <= I < N and N >= 1")
    }
    self.init(uncheckedIndex: i, count: n)
  }

  /// The replications this shard runs, out of `total`.
  public func replications(of total: Int) -> Range<Int> {
    // Multiplying first spreads the remainder evenly; in double width, so no product
    // overflows (the quotients are at most `total`).
    Self.split(total, at: index, of: count)..<Self.split(total, at: index + 1, of: count)
  }

  /// `total * i / count` without overflow, for `0 <= i <= count` and `total >= 0`.
  private static func split(_ total: Int, at i: Int, of count: Int) -> Int {
    let product = i.multipliedFullWidth(by: total)
    return count.dividingFullWidth(product).quotient
  }

  public var description: String { "\(index)/\(count)" }
}

/// A malformed `--shard` value.
public struct ShardError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
