// The indexes behind routing and reassignment (docs/model.md, sections 5.3 and 10.2): which
// manager a lead or a client goes to, found in O(log n) instead of a scan of every manager.

/// A tournament tree over manager indices: each leaf holds a rank (`absent` when the manager
/// is not a candidate), each node the smallest rank below it. The first manager with the
/// smallest rank, the lowest index on ties, is found in O(log n), and so is the first candidate
/// at or after an index; changing one rank costs O(log n).
///
/// Hand-written: none of the mirrored packages offers an indexed priority structure, and a
/// flat array of `UInt64` keeps every step a cache-friendly read with no allocation. The array
/// is a `RecordArray`, written with no copy-on-write check: copies of a tree share its nodes,
/// so each tree must be made by its own `ManagerTree()` (not `Array(repeating:count:)`).
struct ManagerTree {
  static let absent = UInt64.max

  /// Leaves, a power of two; leaf `m` is `nodes[leaves + m]`, the root `nodes[1]`.
  private(set) var leaves = 1
  private var nodes = RecordArray<UInt64>(repeating: absent, count: 2)

  /// Sets manager `m`'s rank, growing the tree when `m` is new.
  @inline(__always) mutating func set(_ m: Int, _ rank: UInt64) {
    if m >= leaves { grow(to: m + 1) }
    var i = leaves + m
    if nodes[i] == rank { return }
    nodes[i] = rank
    while i > 1 {
      let parent = i >> 1
      let smallest = min(nodes[i], nodes[i ^ 1])
      if nodes[parent] == smallest { return }
      nodes[parent] = smallest
      i = parent
    }
  }

  /// The first manager with the smallest rank, or -1 when there is no candidate.
  @inline(__always) func first() -> Int {
    if nodes[1] == Self.absent { return -1 }
    var i = 1
    while i < leaves { i = nodes[2 * i] <= nodes[2 * i + 1] ? 2 * i : 2 * i + 1 }
    return i - leaves
  }

  /// The first candidate at or after index `m`, or -1.
  func first(atOrAfter m: Int) -> Int {
    if m >= leaves { return -1 }
    var i = leaves + max(m, 0)
    if nodes[i] != Self.absent { return i - leaves }
    // Climb until the right sibling holds a candidate, then take its leftmost one.
    while i > 1 && (i & 1 == 1 || nodes[i + 1] == Self.absent) { i >>= 1 }
    if i <= 1 { return -1 }
    i += 1
    while i < leaves { i = nodes[2 * i] != Self.absent ? 2 * i : 2 * i + 1 }
    return i - leaves
  }

  private mutating func grow(to count: Int) {
    var size = leaves
    while size < count { size *= 2 }
    let grown = RecordArray<UInt64>(repeating: Self.absent, count: 2 * size)
    for m in 0..<leaves { grown[size + m] = nodes[leaves + m] }
    var i = size - 1
    while i >= 1 {
      grown[i] = min(grown[2 * i], grown[2 * i + 1])
      i -= 1
    }
    nodes = grown
    leaves = size
  }
}
