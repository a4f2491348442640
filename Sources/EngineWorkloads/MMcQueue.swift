internal import DiscreteEvent
public import Statistics
public import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// An M/M/c queue (Poisson arrivals, exponential service, `servers` servers, first come first
/// served) run on the kernel: a workload whose answer is known exactly, so a benchmark of it
/// checks correctness as well as speed.
///
/// Time is in mean service times (service rate 1); arrivals come at rate `servers * load`.
///
/// ```swift
/// let result = MMcQueue(servers: 5, load: 0.9).run(customers: 100_000, replications: 10, seed: 1)
/// print(result.meanWait, result.confidenceInterval, result.exactMeanWait)
/// ```
public struct MMcQueue: Sendable, Hashable {
  /// Number of servers, c.
  public var servers: Int
  /// Utilisation of each server, rho = lambda / (c mu); below 1 for a stable queue.
  public var load: Double

  /// A queue with `servers` servers each busy a fraction `load` of the time.
  public init(servers: Int, load: Double) {
    precondition(servers > 0, "at least one server")
    precondition(load > 0 && load < 1, "load must lie strictly between 0 and 1")
    self.servers = servers
    self.load = load
  }

  /// The exact mean time a customer waits before service (Erlang C), in mean service times.
  public var exactMeanWait: Double {
    // Erlang C with a mean service time of 1: c servers offered c x load Erlangs.
    ErlangC(arrivalsPerMinute: Double(servers) * load, handlingMinutes: 1, agents: servers)
      .meanWait
  }

  /// Events the kernel distinguishes.
  public enum Event: Sendable, Hashable {
    /// A customer arrives.
    case arrival
    /// A server finishes serving a customer.
    case departure
  }

  /// Runs one replication: `customers` customers arrive; the waits of all but the first
  /// `warmUp` go into the returned accumulator. `events` counts the events fired.
  public func replicate(
    customers: Int, warmUp: Int, arrivals: RandomStream, services: RandomStream
  ) -> (waits: Accumulator, events: UInt64) {
    precondition(customers > warmUp && warmUp >= 0, "need customers beyond the warm-up")
    let arrivalRate = Double(servers) * load
    var sim = Simulation<Event>()
    sim.reserveCapacity(servers + 1)
    // Arrival times of waiting customers, a ring buffer that grows by doubling.
    var line = ContiguousArray<Double>(repeating: 0, count: 64)
    var head = 0
    var waiting = 0
    var idle = servers
    var arrived = 0
    var started = 0
    var waits = Accumulator()

    func startService(arrivedAt: Double, sim: inout Simulation<Event>) {
      if started >= warmUp { waits.add(sim.now - arrivedAt) }
      started += 1
      sim.schedule(.departure, after: -log(services.uniformPositive()))
    }

    sim.schedule(.arrival, after: -log(arrivals.uniformPositive()) / arrivalRate)
    while let event = sim.next() {
      switch event {
      case .arrival:
        arrived += 1
        if arrived < customers {
          sim.schedule(.arrival, after: -log(arrivals.uniformPositive()) / arrivalRate)
        }
        if idle > 0 {
          idle -= 1
          startService(arrivedAt: sim.now, sim: &sim)
        } else {
          if waiting == line.count {
            line = ContiguousArray((0..<waiting).map { line[(head + $0) % waiting] })
              + ContiguousArray(repeating: 0, count: waiting)
            head = 0
          }
          line[(head + waiting) % line.count] = sim.now
          waiting += 1
        }
      case .departure:
        if waiting > 0 {
          let arrivedAt = line[head]
          head = (head + 1) % line.count
          waiting -= 1
          startService(arrivedAt: arrivedAt, sim: &sim)
        } else {
          idle += 1
        }
      }
    }
    return (waits, sim.counters.fired)
  }

  /// Runs `replications` independent replications and summarises the mean wait of each.
  public func run(customers: Int, replications: Int, warmUp: Int? = nil, seed: UInt64 = 1)
    -> MMcResult
  {
    precondition(replications > 0, "at least one replication")
    let warmUp = warmUp ?? customers / 10
    var perReplication = Accumulator()
    var events: UInt64 = 0
    let clock = ContinuousClock()
    let start = clock.now
    for r in 0..<replications {
      let (waits, fired) = replicate(
        customers: customers, warmUp: warmUp,
        arrivals: RandomStream(seed: seed, replication: r, name: "bench.mmc.arrivals"),
        services: RandomStream(seed: seed, replication: r, name: "bench.mmc.services"))
      perReplication.add(waits.mean)
      events &+= fired
    }
    let seconds = start.duration(to: clock.now).seconds
    let interval = perReplication.confidenceInterval(level: 0.95)
    return MMcResult(
      servers: servers, load: load, customers: customers, warmUp: warmUp,
      replications: replications, events: events, seconds: seconds,
      eventsPerSecond: Double(events) / Swift.max(seconds, 1e-9),
      meanWait: perReplication.mean,
      lowerBound: interval?.lowerBound, upperBound: interval?.upperBound,
      exactMeanWait: exactMeanWait)
  }
}

/// What an M/M/c run measured, beside the exact answer.
public struct MMcResult: Sendable, Codable, Hashable {
  /// Number of servers.
  public var servers: Int
  /// Utilisation of each server.
  public var load: Double
  /// Customers per replication.
  public var customers: Int
  /// Customers per replication whose waits were discarded (the queue starts empty).
  public var warmUp: Int
  /// Independent replications.
  public var replications: Int
  /// Events fired over all replications.
  public var events: UInt64
  /// Wall time of all replications, in seconds.
  public var seconds: Double
  /// Events fired per second of wall time.
  public var eventsPerSecond: Double
  /// Mean over replications of each replication's mean wait, in mean service times.
  public var meanWait: Double
  /// Lower end of the 95% confidence interval of the mean wait (nil below two replications).
  public var lowerBound: Double?
  /// Upper end of that interval.
  public var upperBound: Double?
  /// The exact mean wait from Erlang C.
  public var exactMeanWait: Double

  /// Whether the confidence interval contains the exact value.
  public var intervalContainsExact: Bool? {
    guard let lo = lowerBound, let hi = upperBound else { return nil }
    return lo <= exactMeanWait && exactMeanWait <= hi
  }
}
