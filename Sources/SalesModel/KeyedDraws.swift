// The model, sections 5.2 "Common random numbers: keyed draws" and 12 "Random streams and
// keyed draws" (docs/model.md).

/// SplitMix64's finaliser applied to `key + (n + 1) × γ`: the 64-bit hash behind every keyed
/// draw (docs/model.md, section 5.2).
@inline(__always)
func keyedBits(_ key: UInt64, _ n: UInt64) -> UInt64 {
  var z = key &+ (n &+ 1) &* 0x9e37_79b9_7f4a_7c15
  z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
  z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
  return z ^ (z >> 31)
}

/// The top 53 bits of a hash as a uniform in [0, 1).
@inline(__always)
func uniform(fromBits z: UInt64) -> Double { Double(z >> 11) * 0x1.0p-53 }

/// A uniform in [0, 1) fixed by a lead's key and a stage index: common random numbers that
/// do not depend on when or by whom the lead is worked.
@inline(__always)
func keyedUniform(_ key: UInt64, _ index: Int) -> Double {
  uniform(fromBits: keyedBits(key, UInt64(truncatingIfNeeded: index)))
}

/// What a keyed draw decides. The codes (docs/model.md, section 12) are at least 2³², so a
/// purpose never coincides with a stage index.
enum Purpose: UInt64 {
  case stageDuration = 0x1_0000_0001
  case noShow = 0x1_0000_0002
  case clientKey = 0x1_0000_0003
  case repeatOrder = 0x1_0000_0004
  case renewal = 0x1_0000_0005
  case churn = 0x1_0000_0006
  case upsell = 0x1_0000_0007
  case requests = 0x1_0000_0008
  case referrals = 0x1_0000_0009
  case referralLead = 0x1_0000_000a
  case escalation = 0x1_0000_000b
  case attrition = 0x1_0000_000c
  case departureTakes = 0x1_0000_000d
  case departureShock = 0x1_0000_000e
  case timeToHire = 0x1_0000_000f
  case replacementKey = 0x1_0000_0010
  case vacation = 0x1_0000_0011
  case initialStaff = 0x1_0000_0012
  case initialClients = 0x1_0000_0013
  case outboundContacts = 0x1_0000_0014
  case outboundLead = 0x1_0000_0015
  case openingPipeline = 0x1_0000_0016
  case promotionRefillKey = 0x1_0000_0017
  case promotionTimeToHire = 0x1_0000_0018
  case skill = 0x1_0000_0019
  case timeToExit = 0x1_0000_001a
  case hireExperience = 0x1_0000_001b
  // The service desk's codes (docs/model.md, 8.5) start at 2³² + 257, apart from the run of
  // consecutive codes above, so that parts added beside the desk keep that run.
  case deskArrivals = 0x1_0000_0101
  case deskHandling = 0x1_0000_0102
  case deskPatience = 0x1_0000_0103
  case deskEscalation = 0x1_0000_0104
}

/// The 64 bits fixed by an entity's key, a purpose and an occasion: `H(H(key, purpose),
/// occasion)`. Used as a uniform, or as the seed of a scratch stream for other distributions.
@inline(__always)
func keyedBits(_ key: UInt64, _ purpose: Purpose, _ occasion: UInt64) -> UInt64 {
  keyedBits(keyedBits(key, purpose.rawValue), occasion)
}

/// A uniform in [0, 1) fixed by an entity's key, a purpose and an occasion.
@inline(__always)
func keyedUniform(_ key: UInt64, _ purpose: Purpose, _ occasion: UInt64) -> Double {
  uniform(fromBits: keyedBits(key, purpose, occasion))
}
