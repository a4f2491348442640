import Foundation
public import SalesModel

/// The outcomes of one shard of a run, a comparison or a sweep, with everything needed to
/// check that parts belong together and to rebuild the report exactly once they are merged.
///
/// Stored as JSON. Doubles are written in their shortest round-trip form, so a merged report
/// is computed from exactly the numbers a single process would have had. Each file carries a
/// SHA-256 digest of its content, checked (with every array length) when it is read.
public struct PartialResult: Codable, Sendable {
  /// Identifies the file layout.
  public static let formatIdentifier = "funnelsim.partial/3"
  /// Earlier layouts, refused with a clear message: they carry no digest to check.
  public static let earlierFormatIdentifiers = ["funnelsim.partial/1", "funnelsim.partial/2"]

  /// Which command wrote the part, and so which report a merge of such parts gives.
  public enum Kind: String, Codable, Sendable {
    case run, compare, sweep
  }

  public var format: String = PartialResult.formatIdentifier
  public var version: String = FunnelSimVersion.current
  public var kind: Kind
  /// The report's scenario: the one run, the sweep's base scenario, or the compared baseline.
  public var scenarioName: String
  public var scenarioFile: String
  public var seed: UInt64
  public var horizonMonths: Int
  /// Replications in the whole run, and this part's shard and range.
  public var totalReplications: Int
  public var shard: Shard
  public var firstReplication: Int
  /// True when the run was interrupted: some run's `outcomes` covers only a prefix.
  public var interrupted: Bool = false
  /// The metrics a comparison or sweep reports, as `KEY.GROUP` or `KEY.*`; empty for a run.
  public var metrics: [String] = []
  /// The sweep's grid and objective (`max:KEY.GROUP`); empty and nil otherwise.
  public var axes: [Axis] = []
  public var objective: String?
  /// One entry per scenario (run: one; compare: in command-line order; sweep: one per grid
  /// point, first axis outermost), all over the same replications.
  public var runs: [Run]
  /// `sha256:` and the SHA-256 of the part encoded without this field (see ``encoded()``);
  /// nil in memory until written.
  public var digest: String?

  /// One scenario's outcomes for this part's replications.
  public struct Run: Codable, Sendable, Hashable {
    /// The scenario's name (for a sweep, the point's settings) and file as given.
    public var name: String
    public var file: String
    /// A fingerprint of the scenario text and its overrides (``ScenarioFingerprint``).
    public var fingerprint: String
    public var schema: OutcomeSchema
    public var outcomes: [ReplicationOutcome]

    public init(
      name: String, file: String, fingerprint: String, schema: OutcomeSchema,
      outcomes: [ReplicationOutcome] = []
    ) {
      self.name = name
      self.file = file
      self.fingerprint = fingerprint
      self.schema = schema
      self.outcomes = outcomes
    }
  }

  /// A sweep axis as stored: the key and its values in grid order.
  public struct Axis: Codable, Sendable, Hashable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
      self.key = key
      self.values = values
    }
  }

  public init(
    kind: Kind, scenarioName: String, scenarioFile: String, seed: UInt64, horizonMonths: Int,
    totalReplications: Int, shard: Shard, interrupted: Bool = false, metrics: [String] = [],
    axes: [Axis] = [], objective: String? = nil, runs: [Run]
  ) {
    self.kind = kind
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.seed = seed
    self.horizonMonths = horizonMonths
    self.totalReplications = totalReplications
    self.shard = shard
    self.firstReplication = shard.replications(of: totalReplications).lowerBound
    self.interrupted = interrupted
    self.metrics = metrics
    self.axes = axes
    self.objective = objective
    self.runs = runs
  }

  /// The replications this part should cover when complete.
  public var expectedReplications: Range<Int> { shard.replications(of: totalReplications) }

  /// The replications every run of this part covers (the shortest run's).
  public var replications: Range<Int> {
    firstReplication..<(firstReplication + (runs.map(\.outcomes.count).min() ?? 0))
  }

  /// True when every run holds every replication of the shard.
  public var isComplete: Bool {
    let expected = expectedReplications.count
    return runs.allSatisfy { $0.outcomes.count == expected }
  }

  /// What remains to run, per run, for the part to be complete.
  public var remaining: [Range<Int>] {
    let end = expectedReplications.upperBound
    return runs.map { Swift.min(firstReplication + $0.outcomes.count, end)..<end }
  }

  enum CodingKeys: String, CodingKey {
    case format, version, kind, seed, shard, interrupted, metrics, axes, objective, runs, digest
    case scenarioName = "scenario_name"
    case scenarioFile = "scenario_file"
    case horizonMonths = "horizon_months"
    case totalReplications = "total_replications"
    case firstReplication = "first_replication"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    format = try c.decode(String.self, forKey: .format)
    version = try c.decode(String.self, forKey: .version)
    kind = try c.decode(Kind.self, forKey: .kind)
    scenarioName = try c.decode(String.self, forKey: .scenarioName)
    scenarioFile = try c.decode(String.self, forKey: .scenarioFile)
    seed = try c.decode(UInt64.self, forKey: .seed)
    horizonMonths = try c.decode(Int.self, forKey: .horizonMonths)
    totalReplications = try c.decode(Int.self, forKey: .totalReplications)
    shard = try c.decode(Shard.self, forKey: .shard)
    firstReplication = try c.decode(Int.self, forKey: .firstReplication)
    interrupted = try c.decodeIfPresent(Bool.self, forKey: .interrupted) ?? false
    metrics = try c.decodeIfPresent([String].self, forKey: .metrics) ?? []
    axes = try c.decodeIfPresent([Axis].self, forKey: .axes) ?? []
    objective = try c.decodeIfPresent(String.self, forKey: .objective)
    runs = try c.decode([Run].self, forKey: .runs)
    digest = try c.decodeIfPresent(String.self, forKey: .digest)
  }

  /// The part as JSON text: `{"digest":"sha256:HEX",` and then the rest of the part encoded
  /// with its keys sorted, to the final newline; the digest is the SHA-256 of exactly those
  /// bytes after the digest field (with the opening brace), so any change to them shows.
  public func encoded() throws -> String {
    var bare = self
    bare.digest = nil
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let payload = Array(try encoder.encode(bare)) + [0x0a]
    return Self.digestPrefix + SHA256.hex(of: payload) + "\","
      + String(decoding: payload.dropFirst(), as: UTF8.self)
  }

  /// How every part file begins; the digest's 64 hex digits and `",` follow.
  static let digestPrefix = #"{"digest":"sha256:"#

  /// Reads a part written by `encoded()` and checks it is whole and undamaged: valid JSON of
  /// this format, every array as long as the shard and the metric layout say, and the content
  /// matching its digest.
  ///
  /// - Throws: ``MergeError`` naming the file and what is wrong, in the user's words (the byte
  ///   offset of a JSON error, the key path of a wrong value, the replication and metric of an
  ///   array of the wrong length).
  public static func read(path: String) throws(MergeError) -> PartialResult {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw MergeError("\(path): cannot read the file: \(String(cString: strerror(errno)))")
    }
    guard info.st_mode & S_IFMT != S_IFDIR else { throw MergeError("\(path): is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MergeError("\(path): cannot read the file")
    }
    do { return try decodeChecked(Array(data)) } catch {
      throw MergeError("\(path): \(error.description)")
    }
  }

  /// The first way `other` is not the same run as this part (scenarios, seed, replications,
  /// metrics, grid, version), as "what: mine vs other's"; nil when they belong together.
  /// Shards, ranges and outcomes are not compared.
  public func difference(from other: PartialResult) -> String? {
    func show(_ list: [String]) -> String { "[" + list.joined(separator: ", ") + "]" }
    if kind != other.kind { return "kind: \(kind.rawValue) vs \(other.kind.rawValue)" }
    if version != other.version { return "FunnelSim version: \(version) vs \(other.version)" }
    if seed != other.seed { return "seed: \(seed) vs \(other.seed)" }
    if totalReplications != other.totalReplications {
      return "replications: \(totalReplications) vs \(other.totalReplications)"
    }
    if runs.count != other.runs.count {
      return "number of scenarios: \(runs.count) vs \(other.runs.count)"
    }
    for (i, (a, b)) in zip(runs, other.runs).enumerated() {
      let which = kind == .sweep ? "grid point \(i + 1)" : "scenario \(i + 1)"
      if a.name != b.name { return "\(which): \(a.name) vs \(b.name)" }
      if a.fingerprint != b.fingerprint {
        return
          "\(which) (\(a.name)): scenario text or --set values differ, \(a.file) "
          + "(\(a.fingerprint)) vs \(b.file) (\(b.fingerprint))"
      }
      if a.schema != b.schema { return "\(which) (\(a.name)): metric layout differs" }
    }
    if metrics != other.metrics { return "metrics: \(show(metrics)) vs \(show(other.metrics))" }
    if axes != other.axes {
      let f = { (axes: [Axis]) in show(axes.map { "\($0.key)=\($0.values.joined(separator: ","))" })
      }
      return "sweep grid: \(f(axes)) vs \(f(other.axes))"
    }
    if objective != other.objective {
      return "objective: \(objective ?? "none") vs \(other.objective ?? "none")"
    }
    if horizonMonths != other.horizonMonths {
      return "horizon: \(horizonMonths) vs \(other.horizonMonths) months"
    }
    return nil
  }
}

/// A fingerprint of what was run, so parts of different scenarios are never merged.
public enum ScenarioFingerprint {
  /// FNV-1a (64 bits) over the scenario text and each override, as 16 hex digits. Not a
  /// security measure: it guards against mistakes, not against forgery.
  public static func of(text: String, overrides: [String]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    func eat(_ s: String) {
      for b in s.utf8 {
        h ^= UInt64(b)
        h &*= 0x0000_0100_0000_01b3
      }
      h ^= 0xff
      h &*= 0x0000_0100_0000_01b3
    }
    eat(text)
    for o in overrides { eat(o) }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
