public import SalesModel
import Foundation

/// The outcomes of one shard of a run, with everything needed to check that parts belong
/// together before they are merged.
///
/// Stored as JSON. Doubles are written in their shortest round-trip form, so a merged report
/// is computed from exactly the numbers a single process would have had.
public struct PartialResult: Codable, Sendable {
  /// Identifies the file layout.
  public static let formatIdentifier = "funnelsim.partial/1"

  public var format: String = PartialResult.formatIdentifier
  public var version: String = FunnelSimVersion.current
  /// What was run: the scenario's name and file, and a fingerprint of its text plus overrides.
  public var scenarioName: String
  public var scenarioFile: String
  public var scenarioFingerprint: String
  public var seed: UInt64
  public var horizonMonths: Int
  /// Replications in the whole run, and this part's shard and range.
  public var totalReplications: Int
  public var shard: Shard
  public var firstReplication: Int
  /// True when the run was interrupted: `outcomes` covers only a prefix of the range.
  public var interrupted: Bool = false
  public var schema: OutcomeSchema
  public var outcomes: [ReplicationOutcome]

  /// The replications this part covers.
  public var replications: Range<Int> { firstReplication..<(firstReplication + outcomes.count) }

  /// The replications this part should cover when complete.
  public var expectedReplications: Range<Int> { shard.replications(of: totalReplications) }

  public init(
    scenarioName: String, scenarioFile: String, scenarioFingerprint: String, seed: UInt64,
    horizonMonths: Int, totalReplications: Int, shard: Shard, firstReplication: Int,
    interrupted: Bool = false, schema: OutcomeSchema, outcomes: [ReplicationOutcome]
  ) {
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.scenarioFingerprint = scenarioFingerprint
    self.seed = seed
    self.horizonMonths = horizonMonths
    self.totalReplications = totalReplications
    self.shard = shard
    self.firstReplication = firstReplication
    self.interrupted = interrupted
    self.schema = schema
    self.outcomes = outcomes
  }

  enum CodingKeys: String, CodingKey {
    case format, version, seed, shard, interrupted, schema, outcomes
    case scenarioName = "scenario_name"
    case scenarioFile = "scenario_file"
    case scenarioFingerprint = "scenario_fingerprint"
    case horizonMonths = "horizon_months"
    case totalReplications = "total_replications"
    case firstReplication = "first_replication"
  }

  /// The part as JSON text.
  public func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }

  /// Reads a part written by `encoded()`.
  public static func read(path: String) throws(MergeError) -> PartialResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MergeError("\(path): cannot read the file")
    }
    let part: PartialResult
    do {
      part = try JSONDecoder().decode(PartialResult.self, from: data)
    } catch {
      throw MergeError("\(path): not a FunnelSim partial result (\(error))")
    }
    guard part.format == formatIdentifier else {
      throw MergeError("\(path): format '\(part.format)', expected '\(formatIdentifier)'")
    }
    return part
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
