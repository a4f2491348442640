/// The future-event set: a 4-ary min-heap of 16-byte keys ordered by (time, priority,
/// sequence), with the events themselves kept in a slot array recycled through a free list.
///
/// Why this shape (measured; see docs/performance.md):
/// - Keys are small and fixed-size whatever `Event` is, so sifting moves 16 bytes, and the
///   four children of a node share one or two cache lines; a 4-ary heap is half as deep as a
///   binary one, which matters once the heap no longer fits in cache.
/// - The sequence number, needed only to break exact ties of time and priority, lives in the
///   slot, not in the key: the comparison reads it only on such a tie.
/// - Events never move while pending; a slot is reused by a later event once its event has
///   fired or been dropped, so steady state allocates nothing.
/// - Cancellation is lazy: it marks the slot, and the key is dropped when it reaches the top
///   (or by a compaction when cancelled keys make up over half the heap).
/// - Removing the top is deferred: `popMin` hands out the event but leaves its key at the
///   root, and when the next `insert` comes first (the usual case: an event schedules its
///   successor) the new key replaces the root with a single sift-down instead of a removal
///   plus an insertion.
@usableFromInline
internal struct EventQueue<Event> {
  @usableFromInline
  internal struct Key {
    @usableFromInline var time: Double
    @usableFromInline var priority: Int32
    @usableFromInline var slot: UInt32

    @inlinable @inline(__always)
    init(time: Double, priority: Int32, slot: UInt32) {
      self.time = time
      self.priority = priority
      self.slot = slot
    }
  }

  @usableFromInline
  internal struct Slot {
    /// Sequence number of the occupying event; `vacant` once it fired or was dropped.
    @usableFromInline var sequence: UInt64
    @usableFromInline var cancelled: Bool
    @usableFromInline var event: Event?

    @inlinable @inline(__always)
    init(sequence: UInt64, event: Event?) {
      self.sequence = sequence
      self.cancelled = false
      self.event = event
    }
  }

  @usableFromInline static var vacant: UInt64 { .max }

  @usableFromInline internal var _keys: ContiguousArray<Key> = []
  @usableFromInline internal var _slots: ContiguousArray<Slot> = []
  @usableFromInline internal var _free: ContiguousArray<UInt32> = []
  /// True when `_keys[0]` belongs to an event already handed out by `popMin`.
  @usableFromInline internal var _rootTaken = false
  /// Keys in the heap whose event was cancelled.
  @usableFromInline internal var _cancelledInHeap = 0

  @inlinable init() {}

  /// Pending events, cancelled ones excluded.
  @inlinable var count: Int { _keys.count - (_rootTaken ? 1 : 0) - _cancelledInHeap }

  @inlinable mutating func reserveCapacity(_ n: Int) {
    _keys.reserveCapacity(n)
    _slots.reserveCapacity(n)
    _free.reserveCapacity(n)
  }

  // MARK: Ordering

  @inlinable @inline(__always)
  static func precedes(
    _ a: Key, _ b: Key, _ slots: UnsafeMutablePointer<Slot>
  ) -> Bool {
    // Ties of time are rare and their branch is predictable; deciding on `<` alone
    // otherwise lets the compiler pick the smaller child without a branch (a conditional
    // move), which matters because heap comparisons are coin flips for a branch predictor.
    if _slowPath(a.time == b.time) { return tieBreak(a, b, slots) }
    return a.time < b.time
  }

  @inlinable @inline(never)
  static func tieBreak(_ a: Key, _ b: Key, _ slots: UnsafeMutablePointer<Slot>) -> Bool {
    if a.priority != b.priority { return a.priority < b.priority }
    return slots[Int(a.slot)].sequence < slots[Int(b.slot)].sequence
  }

  // MARK: Operations

  /// Adds `event`; returns its slot.
  /// - Complexity: O(log n); O(1) expected for random times when the root is not taken.
  @inlinable @inline(__always)
  mutating func insert(_ event: Event, time: Double, priority: Int32, sequence: UInt64)
    -> UInt32
  {
    if _rootTaken {
      // The event just handed out leaves its slot to its successor: no free-list traffic
      // on the most common path.
      _rootTaken = false
      let slot = _keys[0].slot
      _slots[Int(slot)] = Slot(sequence: sequence, event: event)
      _siftDownFromRoot(Key(time: time, priority: priority, slot: slot), count: _keys.count)
      return slot
    }
    let slot: UInt32
    if !_free.isEmpty {
      slot = _free.removeLast()
      _slots[Int(slot)] = Slot(sequence: sequence, event: event)
    } else {
      precondition(_slots.count < Int(UInt32.max), "too many pending events")
      slot = UInt32(truncatingIfNeeded: _slots.count)
      _slots.append(Slot(sequence: sequence, event: event))
    }
    _keys.append(Key(time: time, priority: priority, slot: slot))
    _siftUp(from: _keys.count - 1)
    return slot
  }

  /// The key of the earliest live event, dropping cancelled keys on the way.
  /// - Complexity: amortised O(log n).
  @inlinable @inline(__always)
  mutating func peekMin() -> Key? {
    if _rootTaken { _removeRoot() }
    while let top = _keys.first {
      if _cancelledInHeap == 0 || !_slots[Int(top.slot)].cancelled { return top }
      _release(top.slot)
      _cancelledInHeap -= 1
      _removeRoot()
    }
    return nil
  }

  /// Hands out the event of `key`, which `peekMin()` just returned. Its key and slot stay
  /// at the root until the next insertion takes them over or the next peek removes them.
  @inlinable @inline(__always)
  mutating func popMin(_ key: Key) -> Event {
    let i = Int(key.slot)
    let event = _slots[i].event.take()
    _slots[i].sequence = Self.vacant
    _rootTaken = true
    return event.unsafelyUnwrapped
  }

  /// Marks the event in `slot` with `sequence` cancelled. False if it is no longer pending.
  /// - Complexity: O(1); amortised O(log n) for its later removal.
  @inlinable
  mutating func cancel(slot: UInt32, sequence: UInt64) -> Bool {
    let i = Int(slot)
    guard i < _slots.count, _slots[i].sequence == sequence, !_slots[i].cancelled else {
      return false
    }
    _slots[i].cancelled = true
    _slots[i].event = nil
    _cancelledInHeap += 1
    if _cancelledInHeap > 32, _cancelledInHeap * 2 > _keys.count { _compact() }
    return true
  }

  // MARK: Internals

  @inlinable @inline(__always) @discardableResult
  mutating func _release(_ slot: UInt32) -> Event? {
    let i = Int(slot)
    let event = _slots[i].event.take()
    _slots[i].sequence = Self.vacant
    _free.append(slot)
    return event
  }

  /// Removes the root key (taken or cancelled), freeing a taken root's slot.
  @inlinable
  mutating func _removeRoot() {
    if _rootTaken { _free.append(_keys[0].slot) }
    _rootTaken = false
    let last = _keys.removeLast()
    if !_keys.isEmpty { _siftDownFromRoot(last, count: _keys.count) }
  }

  /// Places `key` at the root of the first `count` keys and restores the heap: the hole
  /// first sinks to a leaf along the smaller children, then `key` rises from there (Floyd's
  /// method: the sinking needs no comparison with `key`, which usually belongs near the bottom).
  @inlinable @inline(__always)
  mutating func _siftDownFromRoot(_ key: Key, count n: Int) {
    _slots.withUnsafeMutableBufferPointer { slotBuffer in
      let slots = slotBuffer.baseAddress.unsafelyUnwrapped
      _keys.withUnsafeMutableBufferPointer { keyBuffer in
        let keys = keyBuffer.baseAddress.unsafelyUnwrapped
        var hole = 0
        while true {
          let first = 4 &* hole &+ 1
          if first >= n { break }
          var best = first
          if first &+ 3 < n {
            let a = Self.precedes(keys[first &+ 1], keys[first], slots) ? first &+ 1 : first
            let b = Self.precedes(keys[first &+ 3], keys[first &+ 2], slots) ? first &+ 3 : first &+ 2
            best = Self.precedes(keys[b], keys[a], slots) ? b : a
          } else {
            var c = first &+ 1
            while c < n {
              if Self.precedes(keys[c], keys[best], slots) { best = c }
              c &+= 1
            }
          }
          keys[hole] = keys[best]
          hole = best
        }
        while hole > 0 {
          let parent = (hole &- 1) >> 2
          if !Self.precedes(key, keys[parent], slots) { break }
          keys[hole] = keys[parent]
          hole = parent
        }
        keys[hole] = key
      }
    }
  }

  @inlinable @inline(__always)
  mutating func _siftUp(from index: Int) {
    _slots.withUnsafeMutableBufferPointer { slotBuffer in
      let slots = slotBuffer.baseAddress.unsafelyUnwrapped
      _keys.withUnsafeMutableBufferPointer { keyBuffer in
        let keys = keyBuffer.baseAddress.unsafelyUnwrapped
        let key = keys[index]
        var hole = index
        while hole > 0 {
          let parent = (hole &- 1) >> 2
          if !Self.precedes(key, keys[parent], slots) { break }
          keys[hole] = keys[parent]
          hole = parent
        }
        keys[hole] = key
      }
    }
  }

  /// Drops every cancelled key and rebuilds the heap bottom-up.
  /// - Complexity: O(n); it runs only once cancelled keys outnumber live ones, so its cost
  ///   is spread over at least n/2 cancellations.
  @usableFromInline
  mutating func _compact() {
    if _rootTaken { _removeRoot() }
    var live = ContiguousArray<Key>()
    live.reserveCapacity(_keys.capacity)
    for key in _keys {
      if _slots[Int(key.slot)].cancelled { _release(key.slot) } else { live.append(key) }
    }
    _keys = live
    _cancelledInHeap = 0
    let n = _keys.count
    guard n > 1 else { return }
    var i = (n - 2) >> 2
    while true {
      _heapify(at: i, count: n)
      if i == 0 { break }
      i -= 1
    }
  }

  /// Sinks the key at `index` below its smaller children (classic sift-down).
  @usableFromInline
  mutating func _heapify(at index: Int, count n: Int) {
    _slots.withUnsafeMutableBufferPointer { slotBuffer in
      let slots = slotBuffer.baseAddress.unsafelyUnwrapped
      _keys.withUnsafeMutableBufferPointer { keyBuffer in
        let keys = keyBuffer.baseAddress.unsafelyUnwrapped
        let key = keys[index]
        var hole = index
        while true {
          let first = 4 * hole + 1
          if first >= n { break }
          var best = first
          for c in (first + 1)..<Swift.min(first + 4, n)
          where Self.precedes(keys[c], keys[best], slots) {
            best = c
          }
          if !Self.precedes(keys[best], key, slots) { break }
          keys[hole] = keys[best]
          hole = best
        }
        keys[hole] = key
      }
    }
  }

  /// Checks the heap property and the bookkeeping; for tests.
  internal func checkInvariants() -> Bool {
    var slotsCopy = _slots
    return slotsCopy.withUnsafeMutableBufferPointer { buffer in
      let slots = buffer.baseAddress!
      let start = _rootTaken ? 1 : 0
      for i in Swift.max(1, start)..<Swift.max(1, _keys.count) {
        let parent = (i - 1) >> 2
        if parent == 0 && _rootTaken { continue }
        if Self.precedes(_keys[i], _keys[parent], slots) { return false }
      }
      let cancelled = _keys.dropFirst(start).filter { slots[Int($0.slot)].cancelled }.count
      return cancelled == _cancelledInHeap
        && _free.count + _keys.count == _slots.count
    }
  }
}
