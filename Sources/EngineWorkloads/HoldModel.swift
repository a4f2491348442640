public import DiscreteEvent
internal import Stochastic

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// The classic hold model, a standard workload for future-event sets: `pending` events wait;
/// each one fired schedules one successor at now + Exp(1), so the set keeps its size and
/// every operation is one removal plus one insertion at a random future time.
///
/// ```swift
/// var hold = HoldModel(pending: 1_000, seed: 1)
/// let clock = hold.run(events: 10_000_000)
/// ```
public struct HoldModel {
  /// The token each event carries: which of the `pending` chains it belongs to.
  public typealias Token = UInt32

  /// Number of events kept waiting.
  public let pending: Int
  /// The engine, filled with `pending` events at creation.
  public private(set) var simulation: Simulation<Token>
  private let stream: RandomStream

  /// Fills the future-event set with `pending` events at Exp(1) times.
  public init(pending: Int, seed: UInt64) {
    precondition(pending > 0 && pending < Int(UInt32.max), "pending must be positive")
    self.pending = pending
    stream = RandomStream(seed: seed, replication: 0, name: "bench.hold")
    simulation = Simulation()
    simulation.reserveCapacity(pending)
    for token in 0..<pending {
      simulation.schedule(Token(token), after: -log(stream.uniformPositive()))
    }
  }

  /// Fires `events` events, each rescheduling itself Exp(1) later; returns the clock, which
  /// a caller should consume so that the work cannot be optimised away.
  public mutating func run(events: Int) -> Double {
    let stream = self.stream
    var fired = 0
    while fired < events, let token = simulation.next() {
      simulation.schedule(token, after: -log(stream.uniformPositive()))
      fired &+= 1
    }
    return simulation.now
  }
}

/// The hold model on whole days, for the whole-day future-event set (`DaySimulation`): each
/// fired event schedules its successor ceil(`meanDays` x Exp(1)) days later, so many events
/// share a day and every tie is broken by scheduling order, as in the sales model.
///
/// `Benchmarks/baseline/hold_heap.c` runs the same workload given a third argument (same
/// distribution of delays, its own random numbers).
public struct WholeDayHoldModel {
  /// Number of events kept waiting.
  public let pending: Int
  /// Mean delay in days before rounding up.
  public let meanDays: Double
  /// The engine, filled with `pending` events at creation.
  public private(set) var simulation: DaySimulation<HoldModel.Token>
  private let stream: RandomStream

  /// Fills the future-event set with `pending` events.
  public init(pending: Int, meanDays: Double, seed: UInt64) {
    precondition(pending > 0 && pending < Int(UInt32.max), "pending must be positive")
    precondition(meanDays > 0 && meanDays <= 1e6, "the mean delay must be positive")
    self.pending = pending
    self.meanDays = meanDays
    stream = RandomStream(seed: seed, replication: 0, name: "bench.hold")
    simulation = DaySimulation(priorities: 0...0)
    for token in 0..<pending {
      simulation.schedule(HoldModel.Token(token), onDay: Self.delay(stream, meanDays))
    }
  }

  @inline(__always)
  static func delay(_ stream: RandomStream, _ meanDays: Double) -> Int {
    Int((-log(stream.uniformPositive()) * meanDays).rounded(.up))
  }

  /// Fires `events` events, each rescheduling itself; returns the clock.
  public mutating func run(events: Int) -> Double {
    let stream = self.stream
    let mean = meanDays
    var fired = 0
    while fired < events, let token = simulation.next() {
      simulation.schedule(token, onDay: simulation.day + Self.delay(stream, mean))
      fired &+= 1
    }
    return simulation.now
  }

  /// Fills the set, then times `events` hold operations.
  public static func measure(events: Int, pending: Int, meanDays: Double, seed: UInt64 = 1)
    -> HoldModelMeasurement
  {
    precondition(events > 0, "events must be positive")
    var model = WholeDayHoldModel(pending: pending, meanDays: meanDays, seed: seed)
    return HoldModelMeasurement(events: events, pending: pending) { model.run(events: events) }
  }
}

/// Figures from one timed run of the hold model.
public struct HoldModelMeasurement: Sendable, Codable, Hashable {
  /// Events fired in the timed part.
  public var events: Int
  /// Events kept pending.
  public var pending: Int
  /// Wall time of the timed part, in seconds (filling the set is not timed).
  public var seconds: Double
  /// Events fired per second of wall time.
  public var eventsPerSecond: Double
  /// Processor time of the timed part, in seconds: on a machine shared with other work it
  /// moves far less than the wall time, which also counts the time others had the core.
  public var cpuSeconds: Double
  /// Events fired per second of processor time.
  public var eventsPerCPUSecond: Double
  /// The simulated clock at the end.
  public var finalTime: Double

  /// Times `run`, which fires `events` events and returns the final clock.
  init(events: Int, pending: Int, run: () -> Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = Self.processorSeconds()
    let finalTime = run()
    let cpu = Self.processorSeconds() - cpuStart
    let seconds = start.duration(to: clock.now).seconds
    self.init(
      events: events, pending: pending, seconds: seconds,
      eventsPerSecond: Double(events) / Swift.max(seconds, 1e-9), cpuSeconds: cpu,
      eventsPerCPUSecond: Double(events) / Swift.max(cpu, 1e-9), finalTime: finalTime)
  }

  /// Creates a measurement from its figures.
  init(
    events: Int, pending: Int, seconds: Double, eventsPerSecond: Double, cpuSeconds: Double,
    eventsPerCPUSecond: Double, finalTime: Double
  ) {
    self.events = events
    self.pending = pending
    self.seconds = seconds
    self.eventsPerSecond = eventsPerSecond
    self.cpuSeconds = cpuSeconds
    self.eventsPerCPUSecond = eventsPerCPUSecond
    self.finalTime = finalTime
  }

  /// Processor time this process has used so far.
  static func processorSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
  }
}

extension HoldModel {
  /// Fills the set, then times `events` hold operations.
  public static func measure(events: Int, pending: Int, seed: UInt64 = 1)
    -> HoldModelMeasurement
  {
    precondition(events > 0, "events must be positive")
    var model = HoldModel(pending: pending, seed: seed)
    return HoldModelMeasurement(events: events, pending: pending) { model.run(events: events) }
  }
}

extension Duration {
  /// The duration in seconds, as a floating-point number.
  var seconds: Double {
    let parts = components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }
}
