// Storage for the records a replication reads and writes on every event.

internal import CPrefetch

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// An array of plain records (no references inside) owned by one replication, whose elements
/// are written in place without a copy-on-write check.
///
/// Hand-written: every write to an element of a Swift `Array` held in the replication asks
/// the runtime whether its buffer is uniquely referenced (an out-of-line call), and the model
/// writes its managers, leads, clients and counters hundreds of times per event: those checks
/// were 8.5% of the time of `b2b-consulting`. A replication is never copied while it runs, so
/// it needs no copy on write: copies of a `RecordArray` share its elements (reference
/// semantics), and a copy must not be kept across an `append` of the original, which may move
/// the elements. Indices are checked as `Array` checks them.
struct RecordArray<Element> {
  /// Frees the elements when the last copy goes.
  private final class Owner {
    let base: UnsafeMutablePointer<Element>
    init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    deinit { base.deallocate() }
  }

  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count: Int
  private(set) var capacity: Int
  private var owner: Owner

  /// Room for `capacity` elements, none yet.
  init(capacity: Int = 0) {
    precondition(_isPOD(Element.self), "a RecordArray holds plain records only")
    self.capacity = Swift.max(capacity, 1)
    base = .allocate(capacity: self.capacity)
    count = 0
    owner = Owner(base)
  }

  /// `count` copies of `value`.
  init(repeating value: Element, count: Int) {
    self.init(capacity: count)
    base.initialize(repeating: value, count: count)
    self.count = count
  }

  var indices: Range<Int> { 0..<count }

  /// The element at `i`; writes go straight to the shared storage.
  @inline(__always) subscript(i: Int) -> Element {
    get {
      precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
      return base[i]
    }
    nonmutating _modify {
      precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
      yield &base[i]
    }
  }

  /// Appends `element`.
  /// - Complexity: amortised O(1).
  @inline(__always) mutating func append(_ element: Element) {
    if count == capacity { grow(to: count + 1) }
    (base + count).initialize(to: element)
    count += 1
  }

  /// Appends the copies of one element that `elements` repeats.
  mutating func append(contentsOf elements: Repeated<Element>) {
    let n = elements.count
    guard n > 0, let element = elements.first else { return }
    if count + n > capacity { grow(to: count + n) }
    (base + count).initialize(repeating: element, count: n)
    count += n
  }

  /// Appends `n` elements whose bytes are all zero: for records (integers, as in ``DayLists``)
  /// of which that is a value.
  mutating func appendZeroed(_ n: Int) {
    if count + n > capacity { grow(to: count + n) }
    memset(base + count, 0, n * MemoryLayout<Element>.stride)
    count += n
  }

  /// Grows the storage now, as `append` does when it is full.
  mutating func growOnHugePages() { grow(to: count + 1) }

  /// The elements at `range`, valid until the next `append`.
  @inline(__always) func elements(in range: Range<Int>) -> UnsafeBufferPointer<Element> {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
    return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
  }

  /// The elements, as an `Array`.
  var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// Moves the elements to storage at least twice as large (and at least `needed`); past
  /// 4 MiB the new storage asks Linux for 2 MiB pages before anything is written to it: the
  /// lead and manager records of a large team are read at random over more pages than the
  /// TLB maps (a page walk on top of each cache miss); on huge pages they span a few dozen.
  @inline(never) private mutating func grow(to needed: Int) {
    let newCapacity = Swift.max(2 * capacity, 16, needed)
    let bytes = newCapacity * MemoryLayout<Element>.stride
    let hugePage = 2 << 20
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    if bytes >= 2 * hugePage { adviseHugePages(UnsafeMutableRawPointer(grown), bytes: bytes) }
    grown.moveInitialize(from: base, count: count)
    base = grown
    capacity = newCapacity
    owner = Owner(grown)
  }

  /// Asks the processor to start loading the first `bytes` bytes of element `i` (all of it by
  /// default): a hint, with no effect on results, for a record read at random shortly; an index
  /// out of range asks nothing.
  @inline(__always) func prefetch(_ i: Int, bytes: Int = MemoryLayout<Element>.stride) {
    guard i >= 0 && i < count else { return }
    prefetchBytes(UnsafeRawPointer(base + i), bytes)
  }
}

/// Asks Linux to back the whole 2 MiB pages inside `bytes` bytes from `start` with huge pages,
/// before anything is written to them; elsewhere, or if Linux refuses, the block keeps small
/// pages. A hint only: the contents and every result are the same either way.
func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
  #if canImport(Glibc) && os(Linux)
    let hugePage = 2 << 20
    let address = Int(bitPattern: UnsafeRawPointer(start))
    let first = (address + hugePage - 1) & ~(hugePage - 1)
    let end = (address + bytes) & ~(hugePage - 1)
    if end > first {
      _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, MADV_HUGEPAGE)
    }
  #endif
}

/// Asks the processor to start loading `bytes` bytes from `start` into the cache: a hint per
/// 64-byte line and one for the last byte, since a record may straddle lines.
@inline(__always) func prefetchBytes(_ start: UnsafeRawPointer, _ bytes: Int) {
  var offset = 0
  while offset < bytes {
    fs_prefetch(start + offset)
    offset += 64
  }
  fs_prefetch(start + (bytes - 1))
}
