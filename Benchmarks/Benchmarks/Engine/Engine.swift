import Benchmark
import EngineWorkloads

// The engine's two standard workloads. Timings on shared machines are noisy, so the
// thresholds gate on allocations: steady state must not allocate per event.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
    timeUnits: .milliseconds,
    maxDuration: .seconds(5),
    maxIterations: 20)

  // One iteration = 1,000,000 hold operations on a set of 1,000 pending events, filled
  // before the measurement starts.
  Benchmark(
    "Hold model K=1000, 1M events",
    configuration: .init(
      scalingFactor: .mega,
      thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])])
  ) { benchmark in
    var model = HoldModel(pending: 1_000, seed: 1)
    _ = model.run(events: 10_000)  // reach steady state (the free list holds a slot)
    benchmark.startMeasurement()
    blackHole(model.run(events: benchmark.scaledIterations.count))
    benchmark.stopMeasurement()
  }

  // One iteration = one replication of M/M/5 at load 0.9 with 100,000 customers (200,000
  // events). The queue's own buffers and the two random streams are allocated per
  // replication, a handful of mallocs, none per event.
  Benchmark(
    "M/M/5 load 0.9, 100k customers",
    configuration: .init(
      scalingFactor: .one,
      thresholds: [.mallocCountTotal: .init(absolute: [.p90: 64])])
  ) { benchmark in
    let queue = MMcQueue(servers: 5, load: 0.9)
    for i in benchmark.scaledIterations {
      let result = queue.run(customers: 100_000, replications: 1, seed: UInt64(i) + 1)
      blackHole(result.meanWait)
    }
  }
}
