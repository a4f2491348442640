/// A handle to a scheduled event, used to cancel it.
public struct EventHandle: Hashable, Sendable {
  /// The event's place in scheduling order: unique within one simulation.
  @usableFromInline internal let sequence: UInt64
  /// Where the event waits in the future-event set.
  @usableFromInline internal let slot: UInt32

  @inlinable internal init(sequence: UInt64, slot: UInt32) {
    self.sequence = sequence
    self.slot = slot
  }
}

/// A discrete-event simulation over events of type `Event`: a clock and a future-event set.
///
/// The kernel knows nothing of what events mean. Events are plain values (an enum with small
/// payloads is typical); the caller pulls them one at a time and acts on them:
///
/// ```swift
/// var sim = Simulation<Tick>()
/// sim.schedule(.arrival, at: 0)
/// while let event = sim.next(until: 480) {
///   switch event { case .arrival: sim.schedule(.arrival, after: 5) }
/// }
/// ```
///
/// Simultaneous events fire in a fixed order: by time, then by priority (lower first), then
/// in the order they were scheduled.
///
/// Costs, for n pending events: scheduling and firing O(log n) (a 4-ary heap; scheduling at
/// a random future time is O(1) on average); cancelling O(1), with the cancelled event's
/// removal paid later at amortised O(log n). Nothing is allocated per event once the
/// future-event set has grown to its working size.
public struct Simulation<Event> {
  /// The current simulated time: the time of the event last returned by `next(until:)`, or
  /// the horizon it stopped at.
  @inlinable public var now: Double { _now }

  @usableFromInline internal var _now: Double
  @usableFromInline internal var _queue: EventQueue<Event>
  @usableFromInline internal var _nextSequence: UInt64 = 0
  @usableFromInline internal var _counters = Counters()

  /// Events scheduled, fired and cancelled so far.
  @inlinable public var counters: Counters { _counters }

  /// Creates an empty simulation whose clock reads `start`.
  public init(start: Double = 0) {
    precondition(start.isFinite, "the clock must start at a finite time")
    _now = start
    _queue = EventQueue()
  }

  /// Number of events waiting to fire (cancelled ones excluded).
  /// - Complexity: O(1).
  @inlinable public var pendingCount: Int { _queue.count }

  /// Makes room for `count` pending events, so that growing to that size allocates nothing.
  public mutating func reserveCapacity(_ count: Int) {
    _queue.reserveCapacity(count)
  }

  /// Schedules `event` at absolute time `time` (not before `now`).
  /// - Complexity: O(log n) in the number of pending events; O(1) on average for random
  ///   future times.
  @inlinable @inline(__always)
  @discardableResult
  public mutating func schedule(_ event: Event, at time: Double, priority: Int32 = 0)
    -> EventHandle
  {
    precondition(time >= now && time.isFinite, "event scheduled in the past or at infinity")
    let sequence = _nextSequence
    _nextSequence &+= 1
    let slot = _queue.insert(event, time: time, priority: priority, sequence: sequence)
    _counters.scheduled &+= 1
    return EventHandle(sequence: sequence, slot: slot)
  }

  /// Schedules `event` `delay` time units from now.
  /// - Complexity: as `schedule(_:at:priority:)`.
  @inlinable @inline(__always)
  @discardableResult
  public mutating func schedule(_ event: Event, after delay: Double, priority: Int32 = 0)
    -> EventHandle
  {
    schedule(event, at: now + delay, priority: priority)
  }

  /// Cancels a pending event. Returns false when it already fired or was cancelled.
  /// - Complexity: O(1) (amortised: a compaction runs when cancelled events outnumber
  ///   pending ones).
  @inlinable
  @discardableResult
  public mutating func cancel(_ handle: EventHandle) -> Bool {
    guard _queue.cancel(slot: handle.slot, sequence: handle.sequence) else { return false }
    _counters.cancelled &+= 1
    return true
  }

  /// Removes and returns the next event if it is due at or before `horizon`, advancing the
  /// clock to its time. Otherwise advances the clock to `horizon` (when finite) and returns nil.
  /// - Complexity: amortised O(log n).
  @inlinable @inline(__always)
  public mutating func next(until horizon: Double = .infinity) -> Event? {
    if let top = _queue.peekMin(), top.time <= horizon {
      _now = top.time
      _counters.fired &+= 1
      return _queue.popMin(top)
    }
    if horizon.isFinite, horizon > _now { _now = horizon }
    return nil
  }

  /// Time of the next pending event, if any.
  /// - Complexity: amortised O(log n) (it drops cancelled events on the way).
  @inlinable
  public var nextEventTime: Double? {
    mutating get { _queue.peekMin()?.time }
  }

  /// Fires events in order until the queue is empty or the next event is after `horizon`,
  /// handing each to `body`, which may schedule or cancel further events.
  @inlinable
  public mutating func run(
    until horizon: Double = .infinity, _ body: (inout Simulation, Event) throws -> Void
  ) rethrows {
    while let event = next(until: horizon) { try body(&self, event) }
  }

  /// Checks the future-event set's internal consistency; for tests.
  internal func checkInvariants() -> Bool { _queue.checkInvariants() }
}

/// Running totals kept by a simulation.
public struct Counters: Hashable, Sendable {
  /// Events passed to `schedule`.
  public var scheduled: UInt64 = 0
  /// Events returned by `next(until:)` (or handed to `run`'s body).
  public var fired: UInt64 = 0
  /// Successful calls of `cancel`.
  public var cancelled: UInt64 = 0

  /// Creates counters with the given totals (zero by default).
  public init(scheduled: UInt64 = 0, fired: UInt64 = 0, cancelled: UInt64 = 0) {
    self.scheduled = scheduled
    self.fired = fired
    self.cancelled = cancelled
  }
}
