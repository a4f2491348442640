import Dispatch
import Synchronization

/// `(0..<count).map(transform)` on up to `threads` threads: the results are in index order,
/// the same whatever the thread count, provided `transform` depends on its index alone.
///
/// Used for the summaries a report computes after the replications (one per metric, level
/// and month): with the replications themselves spread over every thread, whatever runs on
/// one thread afterwards is what limits the speed-up.
func concurrentMap<T: Sendable>(
  _ count: Int, threads: Int, _ transform: @Sendable (Int) -> T
) -> [T] {
  let workers = Swift.min(threads, count)
  guard workers > 1 else { return (0..<count).map(transform) }
  let slots = ConcurrentSlots<T>(count: count)
  let next = Atomic<Int>(0)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
      if i >= count { return }
      slots.store(transform(i), at: i)
    }
  }
  return slots.collect()
}

/// One slot per index, each written by exactly one thread before `collect` reads them all
/// (`concurrentPerform` returns only after every iteration has finished).
private final class ConcurrentSlots<T>: @unchecked Sendable {
  private let buffer: UnsafeMutablePointer<T?>
  private let count: Int

  init(count: Int) {
    self.count = count
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: nil, count: count)
  }

  deinit {
    buffer.deinitialize(count: count)
    buffer.deallocate()
  }

  func store(_ value: T, at index: Int) { buffer[index] = value }

  func collect() -> [T] { (0..<count).map { buffer[$0]! } }
}
