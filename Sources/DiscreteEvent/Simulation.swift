/// A handle to a scheduled event, used to cancel it.
public struct EventHandle: Hashable, Sendable {
  @usableFromInline internal let sequence: UInt64
  @inlinable internal init(sequence: UInt64) { self.sequence = sequence }
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
public struct Simulation<Event> {
  /// The current simulated time: the time of the event last returned by `next(until:)`, or
  /// the horizon it stopped at.
  public private(set) var now: Double

  @usableFromInline internal var _queue: EventQueue<Event>
  @usableFromInline internal var _nextSequence: UInt64 = 0
  @usableFromInline internal var _cancelled: Set<UInt64> = []

  /// Events scheduled, fired and cancelled so far.
  public private(set) var counters = Counters()

  /// Creates an empty simulation whose clock reads `start`.
  public init(start: Double = 0) {
    now = start
    _queue = EventQueue()
  }

  /// Number of events waiting to fire (cancelled ones excluded).
  public var pendingCount: Int { _queue.count - _cancelled.count }

  /// Schedules `event` at absolute time `time` (not before `now`).
  /// - Complexity: O(log n) in the number of pending events.
  @discardableResult
  public mutating func schedule(_ event: Event, at time: Double, priority: Int32 = 0)
    -> EventHandle
  {
    precondition(time >= now && time.isFinite, "event scheduled in the past or at infinity")
    let seq = _nextSequence
    _nextSequence &+= 1
    _queue.insert(EventQueue.Entry(time: time, priority: priority, sequence: seq, event: event))
    counters.scheduled &+= 1
    return EventHandle(sequence: seq)
  }

  /// Schedules `event` `delay` time units from now.
  @discardableResult
  public mutating func schedule(_ event: Event, after delay: Double, priority: Int32 = 0)
    -> EventHandle
  {
    schedule(event, at: now + delay, priority: priority)
  }

  /// Cancels a pending event. Returns false when it already fired or was cancelled.
  @discardableResult
  public mutating func cancel(_ handle: EventHandle) -> Bool {
    guard handle.sequence < _nextSequence, !_cancelled.contains(handle.sequence) else {
      return false
    }
    guard _queue.contains(sequence: handle.sequence) else { return false }
    _cancelled.insert(handle.sequence)
    counters.cancelled &+= 1
    return true
  }

  /// Removes and returns the next event if it is due at or before `horizon`, advancing the
  /// clock to its time. Otherwise advances the clock to `horizon` (when finite) and returns nil.
  public mutating func next(until horizon: Double = .infinity) -> Event? {
    while let top = _queue.min {
      if top.time > horizon { break }
      let entry = _queue.removeMin()
      if !_cancelled.isEmpty, _cancelled.remove(entry.sequence) != nil { continue }
      now = entry.time
      counters.fired &+= 1
      return entry.event
    }
    if horizon.isFinite, horizon > now { now = horizon }
    return nil
  }

  /// Time of the next pending event, if any.
  public var nextEventTime: Double? {
    mutating get {
      while let top = _queue.min, _cancelled.contains(top.sequence) {
        _cancelled.remove(top.sequence)
        _ = _queue.removeMin()
      }
      return _queue.min?.time
    }
  }

  /// Fires events in order until the queue is empty or the next event is after `horizon`,
  /// handing each to `body`, which may schedule or cancel further events.
  public mutating func run(
    until horizon: Double = .infinity, _ body: (inout Simulation, Event) throws -> Void
  ) rethrows {
    while let event = next(until: horizon) { try body(&self, event) }
  }
}

/// Running totals kept by a simulation.
public struct Counters: Hashable, Sendable {
  public var scheduled: UInt64 = 0
  public var fired: UInt64 = 0
  public var cancelled: UInt64 = 0
}
