public import SalesModel

/// Why parts cannot be merged; names the files and replications concerned.
public struct MergeError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// Combines partial results into the report a single process would have written.
public enum PartialMerge {
  /// Checks that `parts` (with the paths they came from) form exactly one complete run, and
  /// returns its outcomes in replication order together with the first part's header.
  public static func combine(_ parts: [(path: String, part: PartialResult)]) throws(MergeError)
    -> (header: PartialResult, outcomes: [ReplicationOutcome])
  {
    guard let (firstPath, first) = parts.first else { throw MergeError("no parts to merge") }
    for (path, p) in parts.dropFirst() {
      func differs(_ what: String, _ a: String, _ b: String) -> MergeError {
        MergeError("\(path) and \(firstPath) come from different runs: \(what) \(b) vs \(a)")
      }
      if p.version != first.version { throw differs("FunnelSim version", first.version, p.version) }
      if p.scenarioFingerprint != first.scenarioFingerprint {
        throw differs(
          "scenario", "\(first.scenarioFile) (\(first.scenarioFingerprint))",
          "\(p.scenarioFile) (\(p.scenarioFingerprint))")
      }
      if p.seed != first.seed { throw differs("seed", "\(first.seed)", "\(p.seed)") }
      if p.totalReplications != first.totalReplications {
        throw differs("replications", "\(first.totalReplications)", "\(p.totalReplications)")
      }
      if p.schema != first.schema { throw differs("metric layout", "…", "…") }
    }
    for (path, p) in parts where p.interrupted || p.replications != p.expectedReplications {
      throw MergeError(
        "\(path): shard \(p.shard) is incomplete (replications \(p.replications.lowerBound)..<"
          + "\(p.replications.upperBound) of \(p.expectedReplications.lowerBound)..<"
          + "\(p.expectedReplications.upperBound)); finish it with --resume")
    }
    // Order by first replication, then look for overlaps and gaps.
    let sorted = parts.sorted { $0.part.firstReplication < $1.part.firstReplication }
    var covered = 0
    var previousPath = ""
    var outcomes: [ReplicationOutcome] = []
    outcomes.reserveCapacity(first.totalReplications)
    for (path, p) in sorted {
      let r = p.replications
      if r.isEmpty { continue }
      if r.lowerBound < covered {
        throw MergeError(
          "\(path) overlaps \(previousPath): both hold replication \(r.lowerBound)")
      }
      if r.lowerBound > covered {
        throw MergeError(
          "replications \(covered)..<\(r.lowerBound) are missing (no part holds them)")
      }
      outcomes += p.outcomes
      covered = r.upperBound
      previousPath = path
    }
    if covered < first.totalReplications {
      throw MergeError(
        "replications \(covered)..<\(first.totalReplications) are missing (no part holds them)")
    }
    return (first, outcomes)
  }
}
