/// The future-event set: a binary min-heap ordered by (time, priority, sequence).
@usableFromInline
internal struct EventQueue<Event> {
  @usableFromInline
  internal struct Entry {
    @usableFromInline var time: Double
    @usableFromInline var priority: Int32
    @usableFromInline var sequence: UInt64
    @usableFromInline var event: Event
    @inlinable init(time: Double, priority: Int32, sequence: UInt64, event: Event) {
      self.time = time
      self.priority = priority
      self.sequence = sequence
      self.event = event
    }
    @inlinable func precedes(_ other: Entry) -> Bool {
      if time != other.time { return time < other.time }
      if priority != other.priority { return priority < other.priority }
      return sequence < other.sequence
    }
  }

  @usableFromInline internal var storage: ContiguousArray<Entry> = []
  @inlinable init() {}
  @inlinable var count: Int { storage.count }
  @inlinable var min: Entry? { storage.first }

  func contains(sequence: UInt64) -> Bool { storage.contains { $0.sequence == sequence } }

  @inlinable mutating func insert(_ entry: Entry) {
    storage.append(entry)
    var i = storage.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      if !storage[i].precedes(storage[parent]) { break }
      storage.swapAt(i, parent)
      i = parent
    }
  }

  @inlinable mutating func removeMin() -> Entry {
    let top = storage[0]
    let last = storage.removeLast()
    if !storage.isEmpty {
      storage[0] = last
      var i = 0
      let n = storage.count
      while true {
        let l = 2 * i + 1
        if l >= n { break }
        var c = l
        if l + 1 < n, storage[l + 1].precedes(storage[l]) { c = l + 1 }
        if !storage[c].precedes(storage[i]) { break }
        storage.swapAt(i, c)
        i = c
      }
    }
    return top
  }
}
