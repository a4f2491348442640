@testable import SalesModel
import Testing

/// The replication's record storage behaves as an array of its records: appends keep every
/// element through the moves of growth, writes in place land where they are read, and a day's
/// chunk of zeroed records reads as zeros.
@Suite struct RecordArrayTests {
  @Test func keepsEveryElementThroughGrowth() {
    var records = RecordArray<Lead>()
    var expected: [Lead] = []
    for k in 0..<5_000 {
      var lead = Lead()
      lead.key = UInt64(k) &* 0x9e37_79b9_7f4a_7c15
      lead.manager = Int32(k % 13)
      records.append(lead)
      expected.append(lead)
      // Written in place through the subscript, as the model writes its records.
      records[k / 2].patience += 1
      expected[k / 2].patience += 1
    }
    #expect(records.count == expected.count)
    #expect(records.indices.allSatisfy { records[$0].key == expected[$0].key })
    #expect(records.indices.allSatisfy { records[$0].patience == expected[$0].patience })
    #expect(records.indices.allSatisfy { records[$0].manager == expected[$0].manager })
  }

  @Test func repeatsZeroesAndSlices() {
    var counters = RecordArray<Double>(repeating: 1.5, count: 3)
    counters.append(contentsOf: repeatElement(2.5, count: 2))
    counters.appendZeroed(4)
    #expect(counters.array == [1.5, 1.5, 1.5, 2.5, 2.5, 0, 0, 0, 0])
    #expect(Array(counters.elements(in: 2..<5)) == [1.5, 2.5, 2.5])
    counters.growOnHugePages()
    #expect(counters.capacity > counters.count)
    #expect(counters.array == [1.5, 1.5, 1.5, 2.5, 2.5, 0, 0, 0, 0])
  }
}
