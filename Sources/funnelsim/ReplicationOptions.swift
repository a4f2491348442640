import ArgumentParser

/// `--replications`, `--seed` and `--threads`: how many replications, from which seed, on how
/// many threads. Every command that simulates a scenario takes them from here, so they read
/// and are checked the same way everywhere.
struct ReplicationOptions: ParsableArguments {
  // `.unconditional` takes the next word as the value even when it starts with a dash, so
  // `--replications -1` is refused for what it is rather than as a missing value.
  @Option(parsing: .unconditional, help: "Number of replications (default: the scenario's).")
  var replications: Int?

  @Option(
    parsing: .unconditional, help: "Random seed (default: the scenario's).",
    transform: ReplicationOptions.seed)
  var seed: UInt64?

  @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
  var threads: Int?

  func validate() throws {
    try Self.check("--replications", replications, atLeast: 1)
    try Self.check("--replications", replications, atMost: Self.maximumReplications)
    try Self.check("--threads", threads, atLeast: 1)
  }

  /// Refuses fewer than `minimum` replications, for commands that need more than one (an
  /// interval needs two).
  func requireReplications(atLeast minimum: Int) throws {
    try Self.check("--replications", replications, atLeast: minimum)
  }

  /// Refuses a count below `minimum`, in the one wording every count option uses.
  static func check(_ option: String, _ value: Int?, atLeast minimum: Int) throws {
    if let value, value < minimum {
      throw ValidationError("\(option) must be at least \(minimum) (got \(value))")
    }
  }

  /// A seed: a whole number from 0 to 2^64 - 1 (also for `--verify-seed`).
  @Sendable static func seed(_ text: String) throws -> UInt64 {
    guard let value = UInt64(text) else {
      throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)")
    }
    return value
  }
}
