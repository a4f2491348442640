@testable import SalesModel
import Testing

/// The chunked per-day calendar of client requests and referrals gives back each day's list
/// as the array of arrays it replaces would: every entry appended to the day, in the order
/// appended, whatever the interleaving with other days and with days already taken.
@Suite struct DayListsTests {
  @Test(arguments: [1, 31, 32, 33, 200])
  func givesBackEachDayInTheOrderAppended(_ perDay: Int) {
    let days = 40
    var lists = DayLists(days: days)
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
    var lists = DayLists(days: 3)
    var out: [Int32] = []
    for round in 0..<100 {
      for v in 0..<Int32(DayLists.chunk * 2 + 1) { lists.append(v, to: round % 3) }
      lists.take(round % 3, into: &out)
      #expect(out == Array(0..<Int32(DayLists.chunk * 2 + 1)))
    }
    #expect(lists.poolChunks == 3)
  }
}
