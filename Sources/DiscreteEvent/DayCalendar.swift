/// The future-event set of a ``DaySimulation``: events fall on whole days, so instead of a
/// heap it keeps one first-in-first-out bucket per (day, priority) for a window of days
/// ahead, and a heap only for the rare event beyond the window.
///
/// Why this shape (measured; see docs/performance.md):
/// - The tie rule (day, then priority, then scheduling order) is exactly "walk the days in
///   order, the priorities of a day in order, and each bucket first in first out", so
///   scheduling and firing are O(1) with no comparison at all; a heap pays O(log n)
///   comparisons, nearly all of them ties when every event falls on a whole day.
/// - A bucket is a chain of fixed-size chunks of events taken from one pool and returned to
///   it once read: events of one day are written and read in sequence (a cache line holds
///   several), and a running simulation allocates nothing once the pool has grown.
/// - The window is a ring of days: the day `d` lives in ring position `d % window`. A bitmap
///   of busy days finds the next busy day with a few word scans, however sparse the days.
/// - Events beyond the window wait in the general heap (`EventQueue`) and move into their
///   buckets, in heap order, when the window reaches their day, before anything else can be
///   scheduled on that day: the tie rule is kept across the move.
/// - Its arrays are `CalendarBuffer`s, written with no copy-on-write check: copies of a
///   calendar share its buckets (see ``DaySimulation``).
@usableFromInline
internal struct DayCalendar<Event> {
  /// Events per chunk: a bucket of a few events costs one chunk.
  @usableFromInline static var chunkSize: UInt32 { 32 }
  @usableFromInline static var none: UInt32 { .max }

  /// A bucket: the pool position of its next event to fire, and the position after its last
  /// event, in its tail chunk. Both are `none` when it is empty, and only then: a full tail
  /// chunk's `end` is also where the chunk numbered after it starts, so `first == end` does
  /// not mean empty.
  @usableFromInline
  internal struct Bucket {
    @usableFromInline var first: UInt32
    @usableFromInline var end: UInt32

    @inlinable init() {
      first = DayCalendar.none
      end = DayCalendar.none
    }
  }

  /// Priorities per day (buckets per day of the window).
  @usableFromInline let lanes: Int
  @usableFromInline let lowestPriority: Int32
  /// Days in the window, a power of two.
  @usableFromInline let window: Int
  /// The earliest day that may hold an event: every window day before it is empty.
  @usableFromInline var cursor: Int

  @usableFromInline var _entries = CalendarBuffer<Event?>(repeating: nil, count: 0)
  /// Per chunk: the next chunk of its bucket, or of the free list.
  @usableFromInline var _nextChunk = CalendarBuffer<UInt32>(repeating: 0, count: 0)
  @usableFromInline var _freeChunk: UInt32 = DayCalendar.none
  /// `window * lanes` buckets, day-major.
  @usableFromInline var _buckets: CalendarBuffer<Bucket>
  /// Per ring day: bit `lane` set when that bucket is non-empty.
  @usableFromInline var _laneMask: CalendarBuffer<UInt64>
  /// Bit per ring day: set when the day holds an event.
  @usableFromInline var _busyDays: CalendarBuffer<UInt64>
  /// Events in the window's buckets.
  @usableFromInline var _inWindow = 0
  /// Events on days at or after `cursor + window`.
  @usableFromInline var _later = EventQueue<Event>()

  @inlinable
  init(startDay: Int, priorities: ClosedRange<Int32>, windowDays: Int) {
    let lanes = Int(priorities.upperBound) - Int(priorities.lowerBound) + 1
    precondition(lanes <= 64, "at most 64 priorities")
    precondition(windowDays >= 64 && windowDays & (windowDays - 1) == 0,
      "the window must be a power of two of at least 64 days")
    self.lanes = lanes
    lowestPriority = priorities.lowerBound
    window = windowDays
    cursor = startDay
    _buckets = CalendarBuffer(repeating: Bucket(), count: windowDays * lanes)
    _laneMask = CalendarBuffer(repeating: 0, count: windowDays)
    _busyDays = CalendarBuffer(repeating: 0, count: windowDays / 64)
  }

  /// Pending events.
  @inlinable var count: Int { _inWindow + _later.count }

  @inlinable func accepts(priority: Int32) -> Bool {
    priority >= lowestPriority && Int(priority) - Int(lowestPriority) < lanes
  }

  /// Adds `event` on `day` (at or after `cursor`) with `priority` (in range).
  /// - Complexity: O(1) within the window; O(log n) in the events beyond it.
  @inlinable @inline(__always)
  mutating func insert(_ event: Event, day: Int, priority: Int32, sequence: UInt64) {
    if day &- cursor < window {
      _append(event, day: day, lane: Int(priority &- lowestPriority))
    } else {
      _ = _later.insert(event, time: Double(day), priority: priority, sequence: sequence)
    }
  }

  /// The day of the earliest pending event, if any.
  /// - Complexity: O(1) when the cursor's day is busy; otherwise O(window / 64) word scans,
  ///   or O(log n) for a day beyond the window.
  @inlinable @inline(__always)
  mutating func firstDay() -> Int? {
    if _inWindow > 0 {
      if _laneMask[cursor & (window &- 1)] != 0 { return cursor }
      return _firstBusyDayAfterCursor()
    }
    if let top = _later.peekMin() { return Int(top.time) }
    return nil
  }

  /// Removes and returns the first event of `day`, which `firstDay()` just returned.
  /// - Complexity: O(1), plus moving the events that the window reaches when it advances.
  @inlinable @inline(__always)
  mutating func removeFirst(day: Int) -> Event {
    if day != cursor { _advance(to: day) }
    let r = day & (window &- 1)
    let lane = _laneMask[r].trailingZeroBitCount
    return _removeFirst(ring: r, lane: lane)
  }

  /// The event `offset` places after the next one to fire, if it is in the same bucket (the
  /// current day's first non-empty priority); nil otherwise. A look ahead for prefetching.
  /// - Complexity: O(1 + offset / chunkSize).
  @inlinable
  func peek(offset: Int) -> Event? {
    guard _inWindow > 0 else { return nil }
    let r = cursor & (window &- 1)
    let mask = _laneMask[r]
    guard mask != 0 else { return nil }
    let bucket = _buckets[r &* lanes &+ mask.trailingZeroBitCount]
    let tail = (bucket.end &- 1) / Self.chunkSize
    var position = bucket.first
    var left = UInt32(truncatingIfNeeded: offset)
    while true {
      let chunk = position / Self.chunkSize
      // A full tail chunk ends where the next chunk number starts: compare chunks.
      let stop = chunk == tail ? bucket.end : (chunk &+ 1) &* Self.chunkSize
      if left < stop &- position { return _entries[Int(position &+ left)] }
      if chunk == tail { return nil }
      left &-= stop &- position
      position = _nextChunk[Int(chunk)] &* Self.chunkSize
    }
  }

  // MARK: Internals

  @inlinable
  func _firstBusyDayAfterCursor() -> Int {
    let mask = window &- 1
    let start = cursor & mask
    let words = window >> 6
    var w = start >> 6
    var bits = _busyDays[w] & (~0 << UInt64(start & 63))
    while bits == 0 {
      w = (w &+ 1) & (words &- 1)
      bits = _busyDays[w]
    }
    let r = w << 6 | bits.trailingZeroBitCount
    return cursor &+ ((r &- start) & mask)
  }

  /// Moves the cursor to `day` (every window day before it is empty) and brings into the
  /// window the events from beyond it that it now reaches, in their firing order.
  @inlinable
  mutating func _advance(to day: Int) {
    cursor = day
    guard _later.count > 0 else { return }
    let limit = Double(day + window)
    while let top = _later.peekMin(), top.time < limit {
      let event = _later.popMin(top)
      _append(event, day: Int(top.time), lane: Int(top.priority &- lowestPriority))
    }
  }

  @inlinable @inline(__always)
  mutating func _takeChunk() -> UInt32 {
    if _freeChunk != Self.none {
      let chunk = _freeChunk
      _freeChunk = _nextChunk[Int(chunk)]
      return chunk
    }
    precondition(
      UInt64(_nextChunk.count + 1) * UInt64(Self.chunkSize) < UInt64(Self.none),
      "too many pending events")
    let chunk = UInt32(truncatingIfNeeded: _nextChunk.count)
    _nextChunk.append(Self.none, count: 1)
    _entries.append(nil, count: Int(Self.chunkSize))
    return chunk
  }

  @inlinable @inline(__always)
  mutating func _releaseChunk(_ chunk: UInt32) {
    _nextChunk[Int(chunk)] = _freeChunk
    _freeChunk = chunk
  }

  @inlinable @inline(__always)
  mutating func _append(_ event: Event, day: Int, lane: Int) {
    let r = day & (window &- 1)
    let b = r &* lanes &+ lane
    var end = _buckets[b].end
    if end == Self.none {
      end = _takeChunk() &* Self.chunkSize
      _buckets[b].first = end
      if _laneMask[r] == 0 { _busyDays[r >> 6] |= 1 << UInt64(r & 63) }
      _laneMask[r] |= 1 << UInt64(lane)
    } else if end % Self.chunkSize == 0 {
      // The tail chunk is full: chain a fresh one.
      let chunk = _takeChunk()
      _nextChunk[Int(end / Self.chunkSize &- 1)] = chunk
      end = chunk &* Self.chunkSize
    }
    _entries[Int(end)] = event
    _buckets[b].end = end &+ 1
    _inWindow &+= 1
  }

  @inlinable @inline(__always)
  mutating func _removeFirst(ring r: Int, lane: Int) -> Event {
    let b = r &* lanes &+ lane
    let first = _buckets[b].first
    let event = _entries[Int(first)].take()
    let next = first &+ 1
    if next == _buckets[b].end {
      _releaseChunk(first / Self.chunkSize)
      _buckets[b] = Bucket()
      _laneMask[r] &= ~(1 << UInt64(lane))
      if _laneMask[r] == 0 { _busyDays[r >> 6] &= ~(1 << UInt64(r & 63)) }
    } else if next % Self.chunkSize == 0 {
      let chunk = first / Self.chunkSize
      _buckets[b].first = _nextChunk[Int(chunk)] &* Self.chunkSize
      _releaseChunk(chunk)
    } else {
      _buckets[b].first = next
    }
    _inWindow &-= 1
    return event.unsafelyUnwrapped
  }

  /// Checks the bookkeeping; for tests.
  internal func checkInvariants() -> Bool {
    var inBuckets = 0
    var chunksInUse = 0
    for r in 0..<window {
      var mask: UInt64 = 0
      for lane in 0..<lanes {
        let bucket = _buckets[r * lanes + lane]
        guard bucket.first != Self.none else { continue }
        mask |= 1 << UInt64(lane)
        // Chunk by chunk: a full tail chunk ends where the next chunk number starts, so
        // positions alone cannot tell where the bucket ends.
        let tail = (bucket.end - 1) / Self.chunkSize
        var chunk = bucket.first / Self.chunkSize
        var position = bucket.first
        while true {
          chunksInUse += 1
          let stop = chunk == tail ? bucket.end : (chunk + 1) * Self.chunkSize
          while position != stop {
            guard _entries[Int(position)] != nil else { return false }
            inBuckets += 1
            position += 1
          }
          if chunk == tail { break }
          chunk = _nextChunk[Int(chunk)]
          position = chunk * Self.chunkSize
        }
      }
      if mask != _laneMask[r] { return false }
      if (mask != 0) != (_busyDays[r >> 6] & (1 << UInt64(r & 63)) != 0) { return false }
    }
    var free = 0
    var chunk = _freeChunk
    while chunk != Self.none {
      free += 1
      chunk = _nextChunk[Int(chunk)]
    }
    return inBuckets == _inWindow && free + chunksInUse == _nextChunk.count
      && _later.checkInvariants()
  }
}
