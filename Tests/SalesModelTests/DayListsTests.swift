@testable import SalesModel
import Testing

/// The chunked per-day calendar of client requests, referrals and lead expiries gives back each
/// day's list as the array of arrays it replaces would: every entry appended to the day, in the
/// order appended, whatever the interleaving with other days and with days already taken.
@Suite struct DayListsTests {
  @Test(arguments: [1, 31, 32, 33, 200])
  func givesBackEachDayInTheOrderAppended(_ perDay: Int) {
    let days = 40
    var lists = DayLists<Int32>(days: days)
    var expected = [[Int32]](repeating: [], count: days)
    // SplitMix64: the same interleaving in every run.
    var state: UInt64 = UInt64(perDay)
    func next(_ bound: Int) -> Int {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    var taken: [Int32] = [99]
    var value: Int32 = 0
    for today in 0..<days {
      // As the model does: entries go to later days only, then today is taken.
      for _ in 0..<perDay where today + 1 < days {
        let day = today + 1 + next(days - today - 1)
        lists.append(value, to: day)
        expected[day].append(value)
        value += 1
      }
      #expect(lists.isEmpty(today) == expected[today].isEmpty)
      lists.take(today, into: &taken)
      #expect(taken == expected[today])
      #expect(lists.isEmpty(today))
    }
  }

  @Test func reusesTheChunksOfTakenDays() {
    var lists = DayLists<Int32>(days: 3)
    var out: [Int32] = []
    let n = Int32(DayLists<Int32>.chunk * 2 + 1)
    for round in 0..<100 {
      for v in 0..<n { lists.append(v, to: round % 3) }
      lists.take(round % 3, into: &out)
      #expect(out == Array(0..<n))
    }
    #expect(lists.poolChunks == 3)
  }

  /// The waiting leads' expiries: (lead, wait) pairs, given back whole and in order.
  @Test func keepsLeadsWithTheirWait() {
    var lists = DayLists<(lead: Int32, order: UInt64)>(days: 5)
    var expected: [(lead: Int32, order: UInt64)] = []
    for k in 0..<100 {
      let entry = (lead: Int32(k % 7), order: UInt64(k) << 40 | UInt64(k))
      lists.append(entry, to: 4)
      expected.append(entry)
    }
    var out: [(lead: Int32, order: UInt64)] = []
    lists.take(4, into: &out)
    #expect(out.map(\.lead) == expected.map(\.lead))
    #expect(out.map(\.order) == expected.map(\.order))
    #expect(lists.isEmpty(4))
  }
}
