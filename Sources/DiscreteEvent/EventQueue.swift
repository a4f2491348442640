public import CPrefetch

#if canImport(Glibc)
  internal import Glibc
#endif

/// One entry of the future-event heap: 16 bytes whatever the event type, so that the four
/// children of a node fill exactly one 64-byte cache line.
@usableFromInline
internal struct EventKey {
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

/// The heap's keys, in memory placed so that the children of every node share one cache line.
///
/// The root sits 48 bytes into a 64-byte aligned block, so node i's children 4i+1 ... 4i+4
/// start at byte 64(i + 1): one line per level on the way down. (A `ContiguousArray` is only
/// 16-byte aligned, and there a group of children straddled two lines three times in four;
/// aligned, the four prefetch hints of a level cover the grandchildren exactly.)
@usableFromInline
internal final class EventKeyStorage {
  /// The root; valid indices are `0 ..< capacity`.
  @usableFromInline internal let keys: UnsafeMutablePointer<EventKey>
  @usableFromInline internal let capacity: Int
  private let block: UnsafeMutableRawPointer

  /// Shared by every empty queue, so that creating a simulation allocates nothing; never
  /// written (its capacity is zero, and a queue replaces it before its first insertion).
  @usableFromInline nonisolated(unsafe) static let empty = EventKeyStorage(capacity: 0)

  @usableFromInline
  init(capacity: Int) {
    self.capacity = capacity
    let line = 64
    let bytes = line + capacity * MemoryLayout<EventKey>.stride
    #if canImport(Glibc) && os(Linux)
      // A million keys span 4,096 pages of 4 KiB, more than the TLB holds, so the lower
      // levels of the heap cost a page walk on top of the cache miss; on 2 MiB pages they
      // span 8. Linux gives huge pages to a block that asks for them (and is aligned to
      // them), which at a million pending events was about 10% faster.
      let hugePage = 2 << 20
      if bytes >= 2 * hugePage {
        block = .allocate(byteCount: bytes, alignment: hugePage)
        // Whole huge pages inside the block only; a refusal just leaves small pages.
        _ = madvise(block, bytes & ~(hugePage - 1), MADV_HUGEPAGE)
      } else {
        block = .allocate(byteCount: bytes, alignment: line)
      }
    #else
      block = .allocate(byteCount: bytes, alignment: line)
    #endif
    keys = (block + (line - MemoryLayout<EventKey>.stride))
      .bindMemory(to: EventKey.self, capacity: capacity)
  }

  deinit { block.deallocate() }
}

/// The future-event set: a 4-ary min-heap of 16-byte keys ordered by (time, priority,
/// sequence), with the events themselves kept in a slot array recycled through a free list.
///
/// Why this shape (measured; see docs/performance.md):
/// - Keys are small and fixed-size whatever `Event` is, so sifting moves 16 bytes, and the
///   four children of a node share one cache line (`EventKeyStorage`); a 4-ary heap is half
///   as deep as a binary one, which matters once the heap no longer fits in cache.
/// - Sifting down asks for the line of the grandchildren before choosing among the children,
///   so that once the heap outgrows the caches two levels' misses overlap instead of
///   following each other; it also asks for the new top's slot, which the next `popMin` reads.
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
  @usableFromInline typealias Key = EventKey

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

  /// The heap's keys: `_storage.keys[0 ..< _count]`, shared between copies until one writes.
  @usableFromInline internal var _storage = EventKeyStorage.empty
  @usableFromInline internal var _count = 0
  @usableFromInline internal var _slots: ContiguousArray<Slot> = []
  @usableFromInline internal var _free: ContiguousArray<UInt32> = []
  /// True when the root key belongs to an event already handed out by `popMin`.
  @usableFromInline internal var _rootTaken = false
  /// Keys in the heap whose event was cancelled.
  @usableFromInline internal var _cancelledInHeap = 0

  @inlinable init() {}

  /// Pending events, cancelled ones excluded.
  @inlinable var count: Int { _count - (_rootTaken ? 1 : 0) - _cancelledInHeap }

  @usableFromInline mutating func reserveCapacity(_ n: Int) {
    if n > _storage.capacity { _reallocate(capacity: n) }
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
      _makeUnique()
      let slot = _storage.keys[0].slot
      _slots[Int(slot)] = Slot(sequence: sequence, event: event)
      _siftDownFromRoot(Key(time: time, priority: priority, slot: slot), count: _count)
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
    if _count == _storage.capacity {
      _reallocate(capacity: Swift.max(16, 2 &* _count))
    } else {
      _makeUnique()
    }
    _siftUp(Key(time: time, priority: priority, slot: slot), from: _count)
    _count &+= 1
    return slot
  }

  /// The key of the earliest live event, dropping cancelled keys on the way.
  /// - Complexity: amortised O(log n).
  @inlinable @inline(__always)
  mutating func peekMin() -> Key? {
    if _rootTaken { _removeRoot() }
    while _count > 0 {
      let top = _storage.keys[0]
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
    if _cancelledInHeap > 32, _cancelledInHeap * 2 > _count { _compact() }
    return true
  }

  // MARK: Internals

  /// Gives this queue its own key storage before a write, if a copy shares it.
  @inlinable @inline(__always)
  mutating func _makeUnique() {
    if _slowPath(!isKnownUniquelyReferenced(&_storage)) {
      _reallocate(capacity: _storage.capacity)
    }
  }

  /// Moves the keys to new storage of at least `capacity` keys.
  @usableFromInline @inline(never)
  mutating func _reallocate(capacity: Int) {
    let new = EventKeyStorage(capacity: Swift.max(capacity, _count))
    new.keys.initialize(from: _storage.keys, count: _count)
    _storage = new
  }

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
    _makeUnique()
    let keys = _storage.keys
    if _rootTaken { _free.append(keys[0].slot) }
    _rootTaken = false
    _count &-= 1
    if _count > 0 { _siftDownFromRoot(keys[_count], count: _count) }
  }

  /// Keys from which sifting down prefetches: 128 KiB of keys sit well inside the
  /// second-level cache, where the hints would only cost instructions (measured: about 4%
  /// at 1,000 pending events). A round figure, not tuned.
  @inlinable static var _prefetchFrom: Int { 8_192 }

  /// Places `key` at the root of the first `count` keys and restores the heap: the hole
  /// first sinks to a leaf along the smaller children, then `key` rises from there (Floyd's
  /// method: the sinking needs no comparison with `key`, which usually belongs near the bottom).
  @inlinable @inline(__always)
  mutating func _siftDownFromRoot(_ key: Key, count n: Int) {
    let keys = _storage.keys
    _slots.withUnsafeMutableBufferPointer { slotBuffer in
      let slots = slotBuffer.baseAddress.unsafelyUnwrapped
      var hole = 0
      while true {
        let first = 4 &* hole &+ 1
        if first >= n { break }
        // The grandchildren's four lines, one of which the next level reads.
        let grandchildren = 4 &* first &+ 1
        if n >= Self._prefetchFrom && grandchildren < n {
          fs_prefetch(keys + grandchildren)
          fs_prefetch(keys + (grandchildren &+ 4))
          fs_prefetch(keys + (grandchildren &+ 8))
          fs_prefetch(keys + (grandchildren &+ 12))
        }
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
        // The new top's event is what the next `popMin` reads.
        if n >= Self._prefetchFrom && hole == 0 { fs_prefetch(slots + Int(keys[0].slot)) }
        hole = best
      }
      Self._rise(key, from: hole, keys, slots: slots)
    }
  }

  /// Puts `key` in the hole at `index` (a new last place) and lets it rise.
  @inlinable @inline(__always)
  mutating func _siftUp(_ key: Key, from index: Int) {
    let keys = _storage.keys
    _slots.withUnsafeMutableBufferPointer { slotBuffer in
      Self._rise(key, from: index, keys, slots: slotBuffer.baseAddress.unsafelyUnwrapped)
    }
  }

  /// Lets `key` rise from the hole at `start` to its place among its ancestors and puts it there.
  @inlinable @inline(__always)
  static func _rise(
    _ key: Key, from start: Int, _ keys: UnsafeMutablePointer<Key>,
    slots: UnsafeMutablePointer<Slot>
  ) {
    var hole = start
    while hole > 0 {
      let parent = (hole &- 1) >> 2
      if !precedes(key, keys[parent], slots) { break }
      keys[hole] = keys[parent]
      hole = parent
    }
    keys[hole] = key
  }

  /// Drops every cancelled key and rebuilds the heap bottom-up.
  /// - Complexity: O(n); it runs only once cancelled keys outnumber live ones, so its cost
  ///   is spread over at least n/2 cancellations.
  @usableFromInline
  mutating func _compact() {
    if _rootTaken { _removeRoot() }
    _makeUnique()
    let keys = _storage.keys
    var live = 0
    for i in 0..<_count {
      let key = keys[i]
      if _slots[Int(key.slot)].cancelled {
        _release(key.slot)
      } else {
        keys[live] = key
        live += 1
      }
    }
    _count = live
    _cancelledInHeap = 0
    guard live > 1 else { return }
    var i = (live - 2) >> 2
    while true {
      _heapify(at: i, count: live)
      if i == 0 { break }
      i -= 1
    }
  }

  /// Sinks the key at `index` below its smaller children (classic sift-down).
  @usableFromInline
  mutating func _heapify(at index: Int, count n: Int) {
    let keys = _storage.keys
    _slots.withUnsafeMutableBufferPointer { slotBuffer in
      let slots = slotBuffer.baseAddress.unsafelyUnwrapped
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

  /// Checks the heap property, the bookkeeping and the keys' alignment; for tests.
  internal func checkInvariants() -> Bool {
    var slotsCopy = _slots
    let keys = _storage.keys
    return slotsCopy.withUnsafeMutableBufferPointer { buffer in
      let slots = buffer.baseAddress!
      let start = _rootTaken ? 1 : 0
      for i in Swift.max(1, start)..<Swift.max(1, _count) {
        let parent = (i - 1) >> 2
        if parent == 0 && _rootTaken { continue }
        if Self.precedes(keys[i], keys[parent], slots) { return false }
      }
      var cancelled = 0
      for i in start..<Swift.max(start, _count) where slots[Int(keys[i].slot)].cancelled {
        cancelled += 1
      }
      let childrenAligned = UInt(bitPattern: keys + 1) % 64 == 0
      return cancelled == _cancelledInHeap
        && _free.count + _count == _slots.count
        && _count <= _storage.capacity
        && childrenAligned
    }
  }
}
