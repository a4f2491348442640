import Testing

@testable import Stochastic

@Suite struct RandomStreamTests {
  @Test func sameSeedReplicationAndNameGiveTheSameDraws() {
    let a = RandomStream(seed: 1, replication: 3, name: "arrivals")
    let b = RandomStream(seed: 1, replication: 3, name: "arrivals")
    for _ in 0..<1000 { #expect(a.nextUInt64() == b.nextUInt64()) }
  }

  @Test func differentNamesGiveDifferentDraws() {
    let a = RandomStream(seed: 1, replication: 3, name: "arrivals")
    let b = RandomStream(seed: 1, replication: 3, name: "churn")
    #expect((0..<10).map { _ in a.nextUInt64() } != (0..<10).map { _ in b.nextUInt64() })
  }

  @Test func swiftFastPathAndGSLDrawFromOneSequence() {
    let a = RandomStream(seed: 99)
    let b = RandomStream(seed: 99)
    for _ in 0..<100 {
      #expect(a.nextUInt64() == b.gslNextUInt64ForTesting())
    }
  }

  @Test func reseedRestartsExactlyAsANewStreamWould() {
    let scratch = RandomStream(seed: 1)
    for _ in 0..<17 { _ = scratch.nextUInt64() }
    for seed: UInt64 in [0, 1, 42, .max, 0x9e37_79b9_7f4a_7c15] {
      scratch.reseed(seed)
      let fresh = RandomStream(seed: seed)
      #expect(scratch.seed == seed)
      for _ in 0..<50 { #expect(scratch.nextUInt64() == fresh.nextUInt64()) }
      // GSL's samplers read the same state after a reseed.
      scratch.reseed(seed)
      let again = RandomStream(seed: seed)
      for _ in 0..<5 { #expect(scratch.gslNextUInt64ForTesting() == again.nextUInt64()) }
      #expect(
        Distribution.exponential(mean: 3).sample(scratch)
          == Distribution.exponential(mean: 3).sample(again))
    }
  }

  /// Pins the derivation: a stream's draws must be the same on every machine and release,
  /// or saved results stop being reproducible.
  @Test func seedDerivationIsStable() {
    #expect(StreamSeed.derive(seed: 42, replication: 7, name: "arrivals") == Self.pinnedSeed)
    #expect(
      RandomStream(seed: 42, replication: 7, name: "arrivals").nextUInt64() == Self.pinnedDraw)
  }
  static let pinnedSeed: UInt64 = 14_284_115_541_541_369_912
  static let pinnedDraw: UInt64 = 13_310_013_973_242_882_125

  @Test func everyReplicationAndNameStartsDistinctly() {
    let names = ["arrivals", "stage.1", "stage.2", "no-shows", "deal size", "churn", "hiring"]
    var firstDraws = Set<UInt64>()
    var seeds = Set<UInt64>()
    for replication in 0..<500 {
      for name in names {
        seeds.insert(StreamSeed.derive(seed: 7, replication: replication, name: name))
        firstDraws.insert(RandomStream(seed: 7, replication: replication, name: name).nextUInt64())
      }
    }
    #expect(seeds.count == 500 * names.count)
    #expect(firstDraws.count == 500 * names.count)
    // The run seed matters too.
    #expect(
      StreamSeed.derive(seed: 7, replication: 0, name: "arrivals")
        != StreamSeed.derive(seed: 8, replication: 0, name: "arrivals"))
  }

  /// Neighbouring replications and similar names must not give correlated sequences:
  /// the sample correlation of n independent uniforms is within 4.5 / sqrt(n) of zero.
  @Test(arguments: [
    (("arrivals", 0), ("arrivals", 1)),
    (("stage.1", 0), ("stage.2", 0)),
    (("a", 0), ("b", 0)),
  ])
  func neighbouringStreamsAreUncorrelated(_ x: (String, Int), _ y: (String, Int)) {
    let n = 100_000
    let a = RandomStream(seed: 1, replication: x.1, name: x.0)
    let b = RandomStream(seed: 1, replication: y.1, name: y.0)
    var sab = 0.0
    var sa = 0.0
    var sb = 0.0
    var saa = 0.0
    var sbb = 0.0
    for _ in 0..<n {
      let u = a.uniform()
      let v = b.uniform()
      sab += u * v
      sa += u
      sb += v
      saa += u * u
      sbb += v * v
    }
    let m = Double(n)
    let cov = sab / m - (sa / m) * (sb / m)
    let r = cov / ((saa / m - (sa / m) * (sa / m)) * (sbb / m - (sb / m) * (sb / m))).squareRoot()
    #expect(abs(r) < 4.5 / m.squareRoot(), "correlation \(r)")
  }

  /// Two scenarios with the same seed but different staffing create different sets of
  /// streams and draw from them in a different order; the arrivals must not notice.
  @Test func arrivalsDoNotDependOnOtherStreams() {
    let arrivals = Distribution.exponential(mean: 2)
    let alone = RandomStream(seed: 9, replication: 4, name: "arrivals")
    let expected = (0..<1000).map { _ in arrivals.sample(alone) }

    let busy = RandomStream(seed: 9, replication: 4, name: "arrivals")
    let managers = (0..<12).map { RandomStream(seed: 9, replication: 4, name: "manager.\($0)") }
    var got: [Double] = []
    for i in 0..<1000 {
      for m in managers.prefix(i % 12) { _ = Distribution.gamma(shape: 2, scale: 1).sample(m) }
      got.append(arrivals.sample(busy))
    }
    #expect(got == expected)
  }
}

/// Draws of many (replication, stream) pairs computed serially, and on 2, 3 and 8 tasks in a
/// shuffled order, must be identical: nothing depends on threads or scheduling.
@Suite struct StreamThreadIndependenceTests {
  struct Job: Sendable {
    var replication: Int
    var name: String
  }

  static let names = ["arrivals", "stage.qualify", "stage.proposal", "no-shows", "deal size"]
  static let jobs: [Job] = (0..<40).flatMap { r in names.map { Job(replication: r, name: $0) } }

  /// A fingerprint of a replication's draws through the Swift path and GSL samplers.
  static func draws(_ job: Job) -> [Double] {
    let stream = RandomStream(seed: 2024, replication: job.replication, name: job.name)
    let mix: [Distribution] = [
      .uniform(min: 0, max: 1), .gamma(shape: 2.5, scale: 1), .poisson(mean: 3),
      .lognormal(mean: 10, sd: 4), .truncatedNormal(mean: 0, sd: 1, min: 1, max: 3),
      .discrete(values: [1, 2, 3], weights: [1, 2, 3]),
    ]
    return (0..<300).map { i in mix[i % mix.count].sample(stream) }
  }

  @Test(arguments: [2, 3, 8])
  func resultsDoNotDependOnThreadCountOrOrder(_ workers: Int) async {
    let serial = Self.jobs.map(Self.draws)

    // Shuffle with a fixed stream, so the test itself is repeatable.
    var order = Array(Self.jobs.indices)
    let shuffler = RandomStream(seed: UInt64(workers))
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(shuffler.nextUInt64() % UInt64(i + 1)))
    }
    let parallel = await withTaskGroup(of: [(Int, [Double])].self) { group in
      for w in 0..<workers {
        let mine = stride(from: w, to: order.count, by: workers).map { order[$0] }
        group.addTask { mine.map { ($0, Self.draws(Self.jobs[$0])) } }
      }
      var out = [[Double]](repeating: [], count: Self.jobs.count)
      for await part in group { for (i, d) in part { out[i] = d } }
      return out
    }
    #expect(parallel == serial)
  }
}
