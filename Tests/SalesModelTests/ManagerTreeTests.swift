@testable import SalesModel
import Testing

/// The tree behind routing and reassignment answers as the scan over every manager it
/// replaces: the first manager with the smallest rank (lowest index on ties), and the first
/// candidate at or after an index.
@Suite struct ManagerTreeTests {
  /// SplitMix64: a fixed sequence of operations for every run.
  struct Sequence {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
  }

  static func scanFirst(_ ranks: [UInt64]) -> Int {
    var best = -1
    for m in ranks.indices where ranks[m] != ManagerTree.absent {
      if best < 0 || ranks[m] < ranks[best] { best = m }
    }
    return best
  }

  static func scanFirst(_ ranks: [UInt64], atOrAfter start: Int) -> Int {
    ranks.indices.first { $0 >= start && ranks[$0] != ManagerTree.absent } ?? -1
  }

  @Test(arguments: [1, 2, 7, 64, 1000])
  func answersAsAScanOverEveryManager(_ managers: Int) {
    var tree = ManagerTree()
    var ranks: [UInt64] = []
    var random = Sequence(state: UInt64(managers))
    for _ in 0..<20 * managers + 50 {
      // Managers join in index order, as hires do; ranks are few so that ties are common.
      if ranks.count < managers && (ranks.isEmpty || random.next(4) == 0) {
        ranks.append(ManagerTree.absent)
      }
      let m = random.next(ranks.count)
      let rank = random.next(5) == 0 ? ManagerTree.absent : UInt64(random.next(4))
      ranks[m] = rank
      tree.set(m, rank)
      #expect(tree.first() == Self.scanFirst(ranks))
      let start = random.next(ranks.count + 2)
      #expect(tree.first(atOrAfter: start) == Self.scanFirst(ranks, atOrAfter: start))
    }
    for m in ranks.indices {
      #expect(tree.first(atOrAfter: m) == Self.scanFirst(ranks, atOrAfter: m))
    }
  }

  @Test func anEmptyTreeHasNoCandidate() {
    let tree = ManagerTree()
    #expect(tree.first() == -1)
    #expect(tree.first(atOrAfter: 0) == -1)
    #expect(tree.first(atOrAfter: 5) == -1)
  }
}
