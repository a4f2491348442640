// The calendars behind client requests and referrals (docs/model.md, sections 4 and 6): per
// working day, the clients whose next request or referral falls on it; and behind the expiry
// of waiting leads (section 6).

/// Per working day, a list of entries (client indices, or leads with the wait they expire
/// from), in chunks of a fixed size taken from one pool.
///
/// Hand-written: an array of arrays reads the day's array header before each append, and for
/// a day far ahead (a referral is about four years away at the bundled rates) that header is
/// a cache miss the append must wait for. Here the per-day bookkeeping lives in dense arrays
/// that stay in the cache, and an append is a store. A taken day's chunks serve later days,
/// so the memory is the entries plus at most one part-filled chunk per day, and a replication
/// allocates nothing per day once the pool has grown. The pool is a ``RecordArray``: written
/// in place, with no copy-on-write check per append.
struct DayLists<Entry> {
  /// Entries per chunk: a power of two (128 bytes of client indices).
  static var chunk: Int { 32 }

  /// The pool: chunk `k` is `entries[k * chunk ..< (k + 1) * chunk]`.
  private var entries = RecordArray<Entry>()
  /// Per chunk, the next chunk of its day's list, or of the free list; -1: none.
  private var nextChunk = RecordArray<Int32>()
  /// The first free chunk; -1: none (the pool grows).
  private var freeChunk: Int32 = -1
  /// A day's list: its first and last chunk (-1: empty) and its number of entries, side by
  /// side so that an append reads and writes one place.
  private struct Day {
    var head: Int32 = -1
    var tail: Int32 = -1
    var count: Int32 = 0
  }
  private var days: RecordArray<Day>

  /// Empty lists for days `0..<days`.
  init(days: Int) {
    self.days = RecordArray(repeating: Day(), count: days)
  }

  /// Chunks in the pool, in use or free.
  var poolChunks: Int { nextChunk.count }

  /// Whether day `day`'s list is empty.
  /// - Complexity: O(1).
  @inline(__always) func isEmpty(_ day: Int) -> Bool {
    days[day].count == 0
  }

  /// Appends `client` to day `day`'s list.
  /// - Complexity: O(1) (amortised when the pool grows).
  @inline(__always) mutating func append(_ client: Entry, to day: Int) {
    var list = days[day]
    let n = Int(list.count)
    let k = n & (Self.chunk - 1)
    if k == 0 {
      let c = Int32(newChunk())
      if n == 0 { list.head = c } else { nextChunk[Int(list.tail)] = c }
      list.tail = c
    }
    entries[Int(list.tail) * Self.chunk + k] = client
    list.count = Int32(n + 1)
    days[day] = list
  }

  private mutating func newChunk() -> Int {
    if freeChunk >= 0 {
      let c = Int(freeChunk)
      freeChunk = nextChunk[c]
      nextChunk[c] = -1
      return c
    }
    nextChunk.append(-1)
    entries.appendZeroed(Self.chunk)
    return nextChunk.count - 1
  }

  /// Replaces the contents of `out` with day `day`'s list, in the order appended, and empties
  /// the day (its chunks go back to the pool).
  /// - Complexity: O(entries of the day).
  mutating func take(_ day: Int, into out: inout [Entry]) {
    out.removeAll(keepingCapacity: true)
    var n = Int(days[day].count)
    var c = Int(days[day].head)
    while n > 0 {
      let m = min(n, Self.chunk)
      let base = c * Self.chunk
      out.append(contentsOf: entries.elements(in: base..<base + m))
      n -= m
      let next = nextChunk[c]
      // Freed last in, first out: the chunk just read is the one in the cache.
      nextChunk[c] = freeChunk
      freeChunk = Int32(c)
      c = Int(next)
    }
    days[day] = Day()
  }
}
