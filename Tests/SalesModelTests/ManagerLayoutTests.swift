@testable import SalesModel
import Testing

/// The manager's record keeps what a stage outcome reads and writes within its first
/// `Manager.hotBytes` bytes: the prefetch of the coming outcomes loads those bytes only.
@Suite struct ManagerLayoutTests {
  @Test func whatAStageOutcomeTouchesLiesInTheRecordsFirstBytes() {
    let touched: [PartialKeyPath<Manager>] = [
      \.level, \.role, \.openLeads, \.clients, \.skill, \.hireDay, \.tenureAtHire, \.active,
      \.calls, \.meetings, \.rankedLevel, \.routeRank, \.clientRank, \.periodBookings,
    ]
    for field in touched {
      let offset = MemoryLayout<Manager>.offset(of: field)
      #expect(offset != nil && offset! < Manager.hotBytes)
    }
    #expect(
      MemoryLayout<Manager>.offset(of: \.periodBookings)! + MemoryLayout<Double>.size
        == Manager.hotBytes)
  }
}
