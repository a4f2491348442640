internal import CGSL

/// An independent, reproducible source of random numbers for one purpose in one replication.
///
/// Every source of randomness in a model (lead arrivals, each funnel stage, no-shows, deal
/// sizes, churn, ...) owns its own stream. A stream's seed is derived from the scenario seed,
/// the replication index and the stream's name only, so a draw never depends on the thread
/// that runs the replication, on the order replications run in, or on how they are split
/// across machines; and two scenarios run with the same seed draw the same arrivals even when
/// their staffing differs.
///
/// The generator is xoshiro256**, registered with GSL as a generator type, so that GSL's
/// samplers draw from the same state that `nextUInt64()` advances.
///
/// ```swift
/// let arrivals = RandomStream(seed: 42, replication: 7, name: "arrivals.inbound")
/// let gap = Distribution.exponential(mean: 2).sample(arrivals)
/// ```
public final class RandomStream {
  private let _rng: UnsafeMutablePointer<gsl_rng>

  /// The generator's four state words, inside the GSL generator's own state block, so that
  /// the Swift fast path below and GSL's samplers advance one and the same sequence.
  @usableFromInline
  internal let _state: UnsafeMutablePointer<UInt64>

  /// The seed last set, in memory of its own: a stored property of the class would cost a
  /// dynamic exclusivity check on every `reseed` once that is inlined into a model.
  @usableFromInline
  internal let _seed: UnsafeMutablePointer<UInt64>

  /// The 64-bit seed this stream was started from (or last reseeded with).
  public var seed: UInt64 { _seed.pointee }

  /// Creates the stream named `name` of replication `replication` of a run seeded `seed`.
  public convenience init(seed: UInt64, replication: Int, name: String) {
    self.init(seed: StreamSeed.derive(seed: seed, replication: replication, name: name))
  }

  /// Creates a stream from a raw 64-bit seed.
  public init(seed: UInt64) {
    GSL.configure()
    guard let rng = gsl_rng_alloc(fs_xoshiro_rng_type()) else {
      fatalError("out of memory allocating a random stream")
    }
    _rng = rng
    let state = fs_xoshiro_state_of(rng)!
    fs_xoshiro_seed(state, seed)
    _state = UnsafeMutableRawPointer(state).assumingMemoryBound(to: UInt64.self)
    _seed = .allocate(capacity: 1)
    _seed.initialize(to: seed)
  }

  deinit {
    gsl_rng_free(_rng)
    _seed.deallocate()
  }

  /// Restarts the stream from `seed`, exactly as if it had been created with
  /// `RandomStream(seed:)`, without allocating.
  ///
  /// A model keeps one scratch stream and reseeds it per (entity, purpose, occasion) so that
  /// a draw from any `Distribution` is fixed by what it is about, not by how many draws came
  /// before it (common random numbers across scenarios).
  ///
  /// - Complexity: O(1): four SplitMix64 steps.
  @inlinable @inline(__always)
  public func reseed(_ seed: UInt64) {
    // The same expansion as `fs_xoshiro_seed` in the C shim: four consecutive SplitMix64
    // outputs, which can never all be zero.
    var x = seed
    for i in 0..<4 {
      x &+= 0x9e37_79b9_7f4a_7c15
      var z = x
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      _state[i] = z ^ (z >> 31)
    }
    _seed.pointee = seed
  }

  /// The next 64 random bits.
  @inlinable @inline(__always)
  public func nextUInt64() -> UInt64 {
    // xoshiro256**, the same steps as `fs_xoshiro_next` in the C shim (which GSL calls).
    let s = _state
    let result = rotateLeft(s[1] &* 5, 7) &* 9
    let t = s[1] << 17
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotateLeft(s[3], 45)
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable @inline(__always)
  public func uniform() -> Double { Double(nextUInt64() >> 11) * 0x1.0p-53 }

  /// A uniform double in (0, 1): never zero, so safe under a logarithm.
  @inlinable @inline(__always)
  public func uniformPositive() -> Double {
    while true {
      let u = uniform()
      if u > 0 { return u }
    }
  }

  @inlinable @inline(__always)
  internal func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// The GSL generator behind this stream, for samplers in this package.
  internal var gslGenerator: UnsafeMutablePointer<gsl_rng> { _rng }
}

/// Derivation of stream seeds from (run seed, replication index, stream name).
public enum StreamSeed {
  /// A well-mixed 64-bit seed for one stream. Pure: the same inputs give the same seed on
  /// every machine (FNV-1a over the UTF-8 name, then SplitMix64 finalisers).
  public static func derive(seed: UInt64, replication: Int, name: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01b3
    }
    var x = mix(seed ^ 0x5851_f42d_4c95_7f2d)
    x = mix(x ^ UInt64(bitPattern: Int64(replication)))
    x = mix(x ^ h)
    return x
  }

  @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}

extension RandomStream {
  /// One draw through GSL's generator interface (`gsl_rng_get`), for tests that check the
  /// Swift fast path and GSL agree.
  internal func gslNextUInt64ForTesting() -> UInt64 { UInt64(gsl_rng_get(gslGenerator)) }
}
