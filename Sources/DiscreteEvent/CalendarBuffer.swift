/// Storage for the arrays of a ``DayCalendar``, written in place with an index check but no
/// copy-on-write check.
///
/// Hand-written: every write to an element of a `ContiguousArray` asks the runtime whether
/// its buffer is uniquely referenced (an out-of-line call), and scheduling or firing an event
/// writes four of the calendar's arrays: about 14,000 calls per replication of
/// `b2b-consulting`. Copies of a `CalendarBuffer` share its elements (reference semantics),
/// which is why ``DaySimulation`` documents that its copies share their pending events.
@usableFromInline
internal struct CalendarBuffer<Element> {
  /// Deinitializes and frees the elements when the last copy goes.
  @usableFromInline
  internal final class Owner {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    /// Initialized elements; `append` keeps it equal to the buffer's `count`.
    @usableFromInline var count: Int

    @inlinable init(_ base: UnsafeMutablePointer<Element>, count: Int) {
      self.base = base
      self.count = count
    }

    deinit {
      base.deinitialize(count: count)
      base.deallocate()
    }
  }

  @usableFromInline internal private(set) var base: UnsafeMutablePointer<Element>
  @usableFromInline internal private(set) var count: Int
  @usableFromInline internal private(set) var capacity: Int
  @usableFromInline internal private(set) var owner: Owner

  /// `count` copies of `value` (none by default).
  @inlinable init(repeating value: Element, count: Int) {
    capacity = Swift.max(count, 1)
    base = .allocate(capacity: capacity)
    base.initialize(repeating: value, count: count)
    self.count = count
    owner = Owner(base, count: count)
  }

  /// The element at `i`; writes go straight to the shared storage.
  @inlinable subscript(i: Int) -> Element {
    @inline(__always) get {
      precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
      return base[i]
    }
    @inline(__always) nonmutating _modify {
      precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
      yield &base[i]
    }
  }

  /// Appends `n` copies of `value`.
  /// - Complexity: amortised O(n).
  @inlinable mutating func append(_ value: Element, count n: Int) {
    if count + n > capacity { _grow(to: count + n) }
    (base + count).initialize(repeating: value, count: n)
    count += n
    owner.count = count
  }

  @usableFromInline @inline(never) mutating func _grow(to needed: Int) {
    let newCapacity = Swift.max(2 * capacity, 16, needed)
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    grown.moveInitialize(from: base, count: count)
    // The old owner's elements have moved: it must free its block only.
    owner.count = 0
    base = grown
    capacity = newCapacity
    owner = Owner(grown, count: count)
  }
}
