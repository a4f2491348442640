import SalesModel

/// Why parts cannot be merged; names the files and replications concerned.
public struct MergeError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// Combines partial results into the report a single process would have written.
public enum PartialMerge {
  /// Checks that `parts` (with the paths they came from) form exactly one complete run,
  /// comparison or sweep, and returns it as one whole part: every run's outcomes in
  /// replication order, with the first part's header.
  ///
  /// - Throws: ``MergeError`` naming the files for damaged parts (see
  ///   ``PartialResult/structuralProblem()``), parts of different runs (kind, version,
  ///   scenarios, seed, replications, metrics, grid), an unfinished part, overlapping parts
  ///   and missing replications (with the shards that would hold them).
  public static func combine(_ parts: [(path: String, part: PartialResult)]) throws(MergeError)
    -> PartialResult
  {
    guard let (firstPath, first) = parts.first else { throw MergeError("no parts to merge") }
    // Parts read from files were checked already; parts built in memory are checked here, so
    // that no count below can overflow, divide by zero or index out of range.
    for (path, p) in parts {
      if let problem = p.structuralProblem() { throw MergeError("\(path): \(problem)") }
    }
    for (path, p) in parts.dropFirst() {
      if let d = first.difference(from: p) {
        throw MergeError("\(firstPath) and \(path) come from different runs: \(d)")
      }
    }
    for (path, p) in parts where p.interrupted || !p.isComplete {
      let done = p.runs.map(\.outcomes.count).reduce(0, +)
      throw MergeError(
        "\(path): shard \(p.shard) is incomplete (\(done) of "
          + "\(p.expectedReplications.count * p.runs.count) replications of "
          + "\(p.expectedReplications.lowerBound)..<\(p.expectedReplications.upperBound) done"
          + "\(p.runs.count > 1 ? " over \(p.runs.count) \(p.kind == .sweep ? "points" : "scenarios")" : ""))"
          + "; finish it with --resume")
    }
    // Order by first replication, then look for overlaps and gaps.
    let sorted = parts.sorted { $0.part.firstReplication < $1.part.firstReplication }
    let shardCounts = Set(parts.map(\.part.shard.count))
    func missing(_ gap: Range<Int>) -> MergeError {
      var text = "replications \(gap.lowerBound)..<\(gap.upperBound) are missing"
      if shardCounts.count == 1, let n = shardCounts.first {
        let names = (0..<n).filter {
          Shard(uncheckedIndex: $0, count: n).replications(of: first.totalReplications)
            .overlaps(gap)
        }.map { "\($0)/\(n)" }
        text += " (no part holds them: shard\(names.count == 1 ? "" : "s") "
        text += names.joined(separator: ", ") + ")"
      } else {
        text += " (no part holds them)"
      }
      return MergeError(text)
    }
    var covered = 0
    var previousPath = ""
    var merged = first
    merged.shard = .whole
    merged.firstReplication = 0
    merged.interrupted = false
    for i in merged.runs.indices {
      merged.runs[i].outcomes = []
      merged.runs[i].outcomes.reserveCapacity(parts.reduce(0) { $0 + $1.part.runs[i].outcomes.count })
    }
    for (path, p) in sorted {
      let r = p.replications
      if r.isEmpty { continue }
      if r.lowerBound < covered {
        throw MergeError(
          "\(path) overlaps \(previousPath): both hold replication \(r.lowerBound)")
      }
      if r.lowerBound > covered { throw missing(covered..<r.lowerBound) }
      for i in merged.runs.indices { merged.runs[i].outcomes += p.runs[i].outcomes }
      covered = r.upperBound
      previousPath = path
    }
    if covered < first.totalReplications { throw missing(covered..<first.totalReplications) }
    return merged
  }
}
