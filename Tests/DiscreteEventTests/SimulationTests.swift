import Testing

@testable import DiscreteEvent

/// A small deterministic generator so the randomized tests need no other module.
struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

@Suite struct EventOrderTests {
  @Test func eventsFireInTimeOrder() {
    var sim = Simulation<String>()
    sim.schedule("c", at: 3)
    sim.schedule("a", at: 1)
    sim.schedule("b", at: 2)
    var fired: [String] = []
    var times: [Double] = []
    sim.run { sim, event in
      fired.append(event)
      times.append(sim.now)
    }
    #expect(fired == ["a", "b", "c"])
    #expect(times == [1, 2, 3])
  }

  @Test func simultaneousEventsFireByPriorityThenSchedulingOrder() {
    var sim = Simulation<String>()
    sim.schedule("late-default-1", at: 5)
    sim.schedule("urgent", at: 5, priority: -1)
    sim.schedule("late-default-2", at: 5)
    sim.schedule("lazy", at: 5, priority: 7)
    sim.schedule("early", at: 4, priority: 100)
    sim.schedule("late-default-3", at: 5)
    var fired: [String] = []
    while let e = sim.next() { fired.append(e) }
    #expect(
      fired == ["early", "urgent", "late-default-1", "late-default-2", "late-default-3", "lazy"])
  }

  @Test func eventsScheduledAtNowFireAfterThoseAlreadyWaitingAtNow() {
    var sim = Simulation<Int>()
    sim.schedule(1, at: 0)
    sim.schedule(2, at: 0)
    var fired: [Int] = []
    sim.run { sim, e in
      fired.append(e)
      if e == 1 { sim.schedule(3, after: 0) }
    }
    #expect(fired == [1, 2, 3])
  }

  /// Random times drawn from a small set (many ties), random priorities, events scheduled
  /// while others fire, some cancelled: the firing order must equal a stable sort of the
  /// surviving events by (time, priority).
  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func firingOrderMatchesAStableSort(seed: UInt64) {
    var rng = SplitMix(state: seed)
    var sim = Simulation<Int>()
    struct Record {
      var id: Int
      var time: Double
      var priority: Int32
      var handle: EventHandle
    }
    var records: [Record] = []
    var cancelled = Set<Int>()
    var fired: [Int] = []
    var firedSet = Set<Int>()
    func scheduleOne(_ sim: inout Simulation<Int>) {
      let id = records.count
      // Strictly after now: an event at `now` with a lower priority than one that already
      // fired there would rightly fire after it, which a plain sort cannot express.
      let time = sim.now + Double(1 + rng.below(20)) / 4
      let priority = Int32(rng.below(3)) - 1
      let h = sim.schedule(id, at: time, priority: priority)
      records.append(Record(id: id, time: time, priority: priority, handle: h))
    }
    for _ in 0..<300 { scheduleOne(&sim) }
    var rounds = 0
    while let e = sim.next() {
      fired.append(e)
      firedSet.insert(e)
      #expect(sim.now == records[e].time)
      rounds += 1
      if rounds < 2_000 {
        for _ in 0..<rng.below(3) { scheduleOne(&sim) }
        if rng.below(4) == 0 {
          let victim = rng.below(records.count)
          let wasPending = !cancelled.contains(victim) && !firedSet.contains(victim)
          do { let r = sim.cancel(records[victim].handle); #expect(r == wasPending) }
          if wasPending { cancelled.insert(victim) }
        }
      }
      if rounds % 97 == 0 { #expect(sim.checkInvariants()) }
    }
    // Reference: a stable sort of the survivors by (time, priority). Ids follow scheduling
    // order, so sorting by (time, priority, id) is that stable sort. Since every event is
    // scheduled after `now`, the kernel's run must reproduce it exactly.
    let expected = records.filter { !cancelled.contains($0.id) }
      .sorted { ($0.time, $0.priority, $0.id) < ($1.time, $1.priority, $1.id) }
      .map(\.id)
    #expect(fired == expected)
    #expect(sim.counters.scheduled == UInt64(records.count))
    #expect(sim.counters.cancelled == UInt64(cancelled.count))
    #expect(sim.counters.fired == UInt64(fired.count))
    #expect(sim.pendingCount == 0)
  }
}

@Suite struct CancellationTests {
  @Test func cancellingAPendingEventStopsIt() {
    var sim = Simulation<String>()
    sim.schedule("keep", at: 1)
    let drop = sim.schedule("drop", at: 2)
    sim.schedule("keep too", at: 3)
    #expect(sim.pendingCount == 3)
    do { let r = sim.cancel(drop); #expect(r) }
    #expect(sim.pendingCount == 2)
    var fired: [String] = []
    while let e = sim.next() { fired.append(e) }
    #expect(fired == ["keep", "keep too"])
    #expect(sim.counters == Counters(scheduled: 3, fired: 2, cancelled: 1))
  }

  @Test func cancellingTwiceFailsTheSecondTime() {
    var sim = Simulation<Int>()
    let h = sim.schedule(1, at: 1)
    do { let r = sim.cancel(h); #expect(r) }
    do { let r = sim.cancel(h); #expect(!r) }
    #expect(sim.counters.cancelled == 1)
    do { let r = sim.next(); #expect(r == nil) }
  }

  @Test func cancellingAFiredEventFails() {
    var sim = Simulation<Int>()
    let h = sim.schedule(1, at: 1)
    do { let r = sim.next(); #expect(r == 1) }
    do { let r = sim.cancel(h); #expect(!r) }
    // The fired event's storage is reused by the next one; the old handle must not reach it.
    let h2 = sim.schedule(2, at: 2)
    do { let r = sim.cancel(h); #expect(!r) }
    #expect(sim.pendingCount == 1)
    do { let r = sim.cancel(h2); #expect(r) }
    #expect(sim.counters.cancelled == 1)
  }

  @Test func cancellingTheNextEventMovesNextEventTime() {
    var sim = Simulation<Int>()
    let first = sim.schedule(1, at: 1)
    sim.schedule(2, at: 2)
    do { let t = sim.nextEventTime; #expect(t == 1) }
    sim.cancel(first)
    do { let t = sim.nextEventTime; #expect(t == 2) }
    do { let r = sim.next(); #expect(r == 2) }
    do { let t = sim.nextEventTime; #expect(t == nil) }
  }

  @Test func cancellingMostEventsCompactsAndKeepsTheRestInOrder() {
    var sim = Simulation<Int>()
    var handles: [EventHandle] = []
    for i in 0..<1_000 { handles.append(sim.schedule(i, at: Double(1_000 - i))) }
    for i in 0..<1_000 where i % 10 != 0 {
      let r = sim.cancel(handles[i])
      #expect(r)
    }
    #expect(sim.pendingCount == 100)
    #expect(sim.checkInvariants())
    var fired: [Int] = []
    while let e = sim.next() { fired.append(e) }
    #expect(fired == Array(stride(from: 990, through: 0, by: -10)))
    do { let r = sim.cancel(handles[0]); #expect(!r) }
  }

  @Test func anEventMayCancelAnotherAtTheSameTime() {
    var sim = Simulation<String>()
    sim.schedule("killer", at: 1)
    let victim = sim.schedule("victim", at: 1)
    var fired: [String] = []
    sim.run { sim, e in
      fired.append(e)
      if e == "killer" {
        let r = sim.cancel(victim)
        #expect(r)
      }
    }
    #expect(fired == ["killer"])
  }
}

@Suite struct RunUntilTests {
  @Test func runUntilLeavesLaterEventsPendingAndStopsTheClockAtTheHorizon() {
    var sim = Simulation<Int>()
    for t in [1.0, 2, 3, 10, 11] { sim.schedule(Int(t), at: t) }
    var fired: [Int] = []
    sim.run(until: 5) { _, e in fired.append(e) }
    #expect(fired == [1, 2, 3])
    #expect(sim.now == 5)
    #expect(sim.pendingCount == 2)
    do { let t = sim.nextEventTime; #expect(t == 10) }
    sim.run(until: 10) { _, e in fired.append(e) }
    #expect(fired == [1, 2, 3, 10])
    #expect(sim.now == 10)
    sim.run { _, e in fired.append(e) }
    #expect(fired == [1, 2, 3, 10, 11])
    #expect(sim.now == 11)
  }

  @Test func anEventExactlyAtTheHorizonFires() {
    var sim = Simulation<Int>()
    sim.schedule(1, at: 5)
    do { let r = sim.next(until: 5); #expect(r == 1) }
    #expect(sim.now == 5)
  }

  @Test func noEventsAdvancesTheClockToAFiniteHorizonOnly() {
    var sim = Simulation<Int>(start: 2)
    #expect(sim.now == 2)
    #expect(sim.pendingCount == 0)
    do { let t = sim.nextEventTime; #expect(t == nil) }
    do { let r = sim.next(); #expect(r == nil) }
    #expect(sim.now == 2)
    do { let r = sim.next(until: 8); #expect(r == nil) }
    #expect(sim.now == 8)
    do { let r = sim.next(until: 3); #expect(r == nil) }
    #expect(sim.now == 8)
    var calls = 0
    sim.run { _, _ in calls += 1 }
    #expect(calls == 0)
    #expect(sim.counters == Counters())
  }

  @Test func scheduleAfterIsRelativeToTheCurrentClock() {
    var sim = Simulation<Int>(start: 100)
    sim.schedule(1, after: 5)
    do { let r = sim.next(); #expect(r == 1) }
    #expect(sim.now == 105)
    sim.schedule(2, after: 0.5)
    _ = sim.next()
    #expect(sim.now == 105.5)
  }

  @Test func holdingKeepsThePendingCountAndTheHeapValid() {
    var sim = Simulation<Int>()
    var rng = SplitMix(state: 42)
    for i in 0..<500 { sim.schedule(i, at: Double(rng.below(1000))) }
    var last = -Double.infinity
    for _ in 0..<20_000 {
      guard let e = sim.next() else { break }
      #expect(sim.now >= last)
      last = sim.now
      sim.schedule(e, after: Double(rng.below(1000)) / 10)
    }
    #expect(sim.pendingCount == 500)
    #expect(sim.checkInvariants())
  }
}

/// Heaps past the size from which sifting prefetches, stored in the queue's own aligned
/// memory: order, cancellation and copies must behave exactly as in a small one.
@Suite struct LargeHeapTests {
  @Test(arguments: [11, 12] as [UInt64])
  func aLargeHeapWithTiesAndCancellationsFiresInStableSortOrder(seed: UInt64) {
    var rng = SplitMix(state: seed)
    var sim = Simulation<Int>()
    var times: [Double] = []
    var priorities: [Int32] = []
    var handles: [EventHandle] = []
    func scheduleOne(_ sim: inout Simulation<Int>) {
      // Strictly after now, on a grid of quarter units: many exact ties of time.
      let time = sim.now + Double(1 + rng.below(2_000)) / 4
      let priority = Int32(rng.below(3)) - 1
      handles.append(sim.schedule(times.count, at: time, priority: priority))
      times.append(time)
      priorities.append(priority)
    }
    for _ in 0..<30_000 { scheduleOne(&sim) }
    // Cancelling two in three forces a compaction and a rebuild of the heap.
    var cancelled = Set<Int>()
    for id in 0..<30_000 where rng.below(3) != 0 {
      do { let r = sim.cancel(handles[id]); #expect(r) }
      cancelled.insert(id)
    }
    #expect(sim.checkInvariants())
    var fired: [Int] = []
    while let e = sim.next() {
      fired.append(e)
      if fired.count < 40_000 { scheduleOne(&sim) }
      if fired.count % 9_973 == 0 { #expect(sim.checkInvariants()) }
    }
    let expected = (0..<times.count).filter { !cancelled.contains($0) }
      .sorted { (times[$0], priorities[$0], $0) < (times[$1], priorities[$1], $1) }
    #expect(fired == expected)
    #expect(sim.pendingCount == 0)
  }

  @Test func aCopyKeepsItsOwnFutureWhileTheOriginalGoesOn() {
    var rng = SplitMix(state: 5)
    var original = Simulation<Int>()
    var handles: [EventHandle] = []
    for i in 0..<20_000 { handles.append(original.schedule(i, at: Double(rng.below(100_000)))) }
    // Copy just after a firing, while the fired event's key still waits at the root.
    let first = original.next()
    var copy = original
    let victim = first == 1 ? 2 : 1
    do { let r = copy.cancel(handles[victim]); #expect(r) }
    copy.schedule(-1, at: copy.now, priority: -1)  // before anything else still at now
    var fromCopy: [Int] = []
    while let e = copy.next() { fromCopy.append(e) }
    var fromOriginal: [Int] = []
    while let e = original.next() { fromOriginal.append(e) }
    #expect(fromOriginal.count == 19_999)
    #expect(fromCopy.first == -1)
    #expect(Set(fromOriginal).subtracting(fromCopy) == [victim])
    #expect(original.checkInvariants() && copy.checkInvariants())
  }
}
