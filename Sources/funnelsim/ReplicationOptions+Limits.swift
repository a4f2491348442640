import ArgumentParser
import FunnelSim
import SalesModel

extension ReplicationOptions {
  /// The most replications one command runs: their outcomes are all kept in memory.
  static let maximumReplications = 100_000_000
  /// Memory the outcomes of all replications may take, bytes: a third of a 24 GB machine.
  static let maximumOutcomeBytes = 8e9

  /// Refuses a count above `maximum`, before anything is allocated.
  static func check(_ option: String, _ value: Int?, atMost maximum: Int) throws {
    if let value, value > maximum {
      throw ValidationError("\(option) must be at most \(maximum) (got \(value))")
    }
  }

  /// Refuses a number of replications whose outcomes would not fit in memory.
  static func checkMemory(replications: Int, of model: SalesModel) throws {
    let schema = model.schema
    let perOutcome =
      Double(schema.scalars.count + schema.series.count * model.horizonMonths + 16) * 8 + 128
    let bytes = Double(replications) * perOutcome
    guard bytes > maximumOutcomeBytes else { return }
    throw CommandFailure(
      "\(replications) replications keep about \(Int(bytes / 1e9)) GB of outcomes in memory; "
        + "at most \(Int(maximumOutcomeBytes / perOutcome)) fit in \(Int(maximumOutcomeBytes / 1e9)) GB "
        + "(split the run with --shard I/N and merge the parts)", status: .badInput)
  }
}
