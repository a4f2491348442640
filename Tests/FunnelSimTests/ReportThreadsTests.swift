import SalesModel
import Testing

@testable import FunnelSim

@Suite struct ReportThreadsTests {
  @Test(arguments: ["b2b-consulting", "key-accounts"])
  func reportIsTheSameByteForByteOnAnyNumberOfThreads(scenario: String) throws {
    let run = try BundledScenario.run(scenario, replications: 30, seed: 11)
    func report(threads: Int) -> RunReport {
      RunReport(
        scenarioName: run.name, scenarioFile: run.file, seed: 11, horizonMonths: 12,
        schema: run.schema, outcomes: run.outcomes, threads: threads)
    }
    let one = report(threads: 1)
    // Every metric, pooled sample and series is there, in schema order.
    #expect(one.metrics.map(\.descriptor) == run.schema.scalars)
    #expect(one.samples.map(\.descriptor) == run.schema.samples)
    #expect(one.series.map(\.descriptor) == run.schema.series)
    for threads in [2, 3, 8] {
      let many = report(threads: threads)
      for format in [OutputFormat.json, .csv, .table] {
        #expect(many.rendered(as: format) == one.rendered(as: format), "\(threads) threads")
      }
    }
  }

  @Test func concurrentMapKeepsIndexOrder() {
    for threads in [1, 2, 5] {
      #expect(concurrentMap(1000, threads: threads) { $0 * $0 } == (0..<1000).map { $0 * $0 })
    }
    #expect(concurrentMap(0, threads: 4) { $0 }.isEmpty)
  }
}
