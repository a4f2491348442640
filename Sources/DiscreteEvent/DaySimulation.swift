/// A discrete-event simulation whose events all fall on whole days: the same clock, tie rule
/// and loop as ``Simulation``, on a future-event set made of per-day, per-priority buckets.
///
/// Use it when a model's time is counted in whole days (or any whole unit): firing and
/// scheduling then cost O(1) instead of O(log n), however many events are pending. A model
/// written for ``Simulation`` switches by changing the type, as long as it schedules only at
/// whole times, within the priorities given here, and cancels nothing:
///
/// ```swift
/// var sim = DaySimulation<Tick>(priorities: 0...3)
/// sim.schedule(.open, onDay: 0)
/// sim.schedule(.close, onDay: 0, priority: 3)    // after everything else on day 0
/// while let event = sim.next(until: 30) { ... }   // sim.day is the event's day
/// ```
///
/// Simultaneous events fire in the order ``Simulation`` documents: by day, then by priority
/// (lower first), then in the order they were scheduled.
///
/// Costs, for n pending events: scheduling and firing O(1) for a day within `windowDays` of
/// the current one; beyond it, O(log n) in the events that far ahead. Nothing is allocated
/// per event once the set has grown to its working size. There is no `cancel`.
///
/// Copies are not independent: a copy shares the original's per-day buckets, so once either
/// schedules or fires an event the other must not be used again. The buckets are written
/// with no copy-on-write check (which every write to a Swift array pays): a model keeps one
/// simulation and copies it, if at all, only once it has run.
public struct DaySimulation<Event> {
  /// The current simulated time: the day of the event last returned by `next(until:)`, or
  /// the horizon it stopped at.
  @inlinable public var now: Double { _now }

  /// The current day: the day of the event last returned by `next(until:)`, or the last
  /// whole day at or before the horizon it stopped at.
  @inlinable public var day: Int { Int(_now.rounded(.down)) }

  @usableFromInline internal var _now: Double
  @usableFromInline internal var _calendar: DayCalendar<Event>
  @usableFromInline internal var _counters = Counters()

  /// Events scheduled and fired so far (`cancelled` stays 0).
  @inlinable public var counters: Counters { _counters }

  /// Creates an empty simulation on day `startDay`, for events with priorities in
  /// `priorities` (at most 64 of them).
  ///
  /// `windowDays` (a power of two, at least 64) is how far ahead scheduling and firing are
  /// O(1); events further ahead wait in a heap until the window reaches them.
  public init(startDay: Int = 0, priorities: ClosedRange<Int32> = -8...7, windowDays: Int = 256)
  {
    _now = Double(startDay)
    _calendar = DayCalendar(
      startDay: startDay, priorities: priorities, windowDays: windowDays)
  }

  /// Number of events waiting to fire.
  /// - Complexity: O(1).
  @inlinable public var pendingCount: Int { _calendar.count }

  /// Schedules `event` on day `day` (not before `now`) with a priority in the range given
  /// at creation.
  /// - Complexity: O(1) within the window; O(log n) beyond it.
  @inlinable @inline(__always)
  public mutating func schedule(_ event: Event, onDay day: Int, priority: Int32 = 0) {
    precondition(Double(day) >= _now, "event scheduled in the past")
    precondition(_calendar.accepts(priority: priority), "priority outside the simulation's range")
    _calendar.insert(event, day: day, priority: priority, sequence: _counters.scheduled)
    _counters.scheduled &+= 1
  }

  /// Schedules `event` at the whole time `time`: the same as `schedule(_:onDay:priority:)`,
  /// so that a model written for ``Simulation`` runs unchanged.
  /// - Complexity: as `schedule(_:onDay:priority:)`.
  @inlinable @inline(__always)
  public mutating func schedule(_ event: Event, at time: Double, priority: Int32 = 0) {
    precondition(
      time.rounded(.down) == time && abs(time) < 0x1p53, "event scheduled at a time that is not a whole day")
    schedule(event, onDay: Int(time), priority: priority)
  }

  /// Removes and returns the next event if its day is at or before `horizon`, advancing the
  /// clock to that day. Otherwise advances the clock to `horizon` (when finite) and returns nil.
  /// - Complexity: O(1) while events fall within the window (see the type's costs).
  @inlinable @inline(__always)
  public mutating func next(until horizon: Double = .infinity) -> Event? {
    if let day = _calendar.firstDay(), Double(day) <= horizon {
      _now = Double(day)
      _counters.fired &+= 1
      return _calendar.removeFirst(day: day)
    }
    if horizon.isFinite, horizon > _now { _now = horizon }
    return nil
  }

  /// The event `offset` places after the next one to fire (0: the next one), if it falls on
  /// the same day with the same priority; otherwise nil, also when later events could still be
  /// scheduled before it. A hint to prefetch what the coming events read, never an order.
  /// - Complexity: O(1) for an offset within a few dozen events.
  @inlinable
  public func upcoming(_ offset: Int) -> Event? {
    _calendar.peek(offset: offset)
  }

  /// Day of the next pending event, if any.
  @inlinable
  public var nextEventDay: Int? {
    mutating get { _calendar.firstDay() }
  }

  /// Fires events in order until none is left or the next one is after `horizon`, handing
  /// each to `body`, which may schedule further events.
  @inlinable
  public mutating func run(
    until horizon: Double = .infinity, _ body: (inout DaySimulation, Event) throws -> Void
  ) rethrows {
    while let event = next(until: horizon) { try body(&self, event) }
  }

  /// Checks the future-event set's internal consistency; for tests.
  internal func checkInvariants() -> Bool { _calendar.checkInvariants() }
}
