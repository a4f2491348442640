import Testing

@testable import DiscreteEvent

@Suite struct DaySimulationTests {
  @Test func simultaneousEventsFireByPriorityThenSchedulingOrder() {
    var sim = DaySimulation<String>(priorities: -1...7)
    sim.schedule("late-default-1", onDay: 5)
    sim.schedule("urgent", onDay: 5, priority: -1)
    sim.schedule("late-default-2", onDay: 5)
    sim.schedule("lazy", onDay: 5, priority: 7)
    sim.schedule("early", onDay: 4, priority: 7)
    sim.schedule("late-default-3", onDay: 5)
    var fired: [String] = []
    while let e = sim.next() { fired.append(e) }
    #expect(
      fired == ["early", "urgent", "late-default-1", "late-default-2", "late-default-3", "lazy"])
    #expect(sim.counters == Counters(scheduled: 6, fired: 6))
  }

  /// Random days (many ties, some beyond the window so that they wait in the heap and move
  /// into their buckets later), random priorities, events scheduled while others fire,
  /// including on the current day at a lower priority than the one firing: the order must be
  /// exactly that of the general `Simulation`, whose tie rule is the documented one.
  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func firingOrderMatchesTheGeneralSimulation(seed: UInt64) {
    var rng = SplitMix(state: seed)
    var days = DaySimulation<Int>(startDay: 3, priorities: -2...2, windowDays: 64)
    var general = Simulation<Int>(start: 3)
    var scheduled = 0
    func scheduleSome(_ n: Int) {
      for _ in 0..<n {
        let far = rng.below(8) == 0
        let day = days.day + (far ? 50 + rng.below(300) : rng.below(6))
        let priority = Int32(rng.below(5)) - 2
        days.schedule(scheduled, onDay: day, priority: priority)
        general.schedule(scheduled, at: Double(day), priority: priority)
        scheduled += 1
      }
    }
    scheduleSome(500)
    var fired = 0
    var horizon = 10.5
    while true {
      let a = days.next(until: horizon)
      let b = general.next(until: horizon)
      #expect(a == b)
      #expect(days.now == general.now)
      guard a != nil else {
        if days.pendingCount == 0 { break }
        horizon += 17  // carry on past the stop, as a caller pulling month by month would
        continue
      }
      fired += 1
      if fired < 5_000 { scheduleSome(rng.below(3)) }
      if fired % 97 == 0 { #expect(days.checkInvariants()) }
      #expect(days.pendingCount == general.pendingCount)
    }
    #expect(fired == scheduled)
    #expect(days.counters == general.counters)
    #expect(days.checkInvariants())
  }

  /// The look ahead sees the rest of the next event's bucket, across its chunks (32 events
  /// each), and nothing past it: not the next priority, not the next day.
  @Test func upcomingShowsTheRestOfTheNextEventsBucketOnly() {
    var sim = DaySimulation<Int>(priorities: 0...1)
    for e in 0..<100 { sim.schedule(e, onDay: 5) }
    sim.schedule(1_000, onDay: 5, priority: 1)
    sim.schedule(2_000, onDay: 6)
    #expect(sim.upcoming(0) == nil)  // the cursor's day (0) holds nothing
    var fired = 0
    while let e = sim.next() {
      fired += 1
      guard e < 100 else { continue }
      let left = 99 - e
      for k in 0..<left { #expect(sim.upcoming(k) == e + 1 + k) }
      #expect(sim.upcoming(left) == (left == 0 ? 1_000 : nil))
      if e == 60 { sim.schedule(100, onDay: 7) }
    }
    #expect(fired == 103)
    #expect(sim.upcoming(0) == nil)
  }

  @Test func nextStopsAtTheHorizonAndCarriesOnAfterIt() {
    var sim = DaySimulation<Int>(priorities: 0...0)
    sim.schedule(1, onDay: 2)
    sim.schedule(2, onDay: 40)
    do { let e = sim.next(until: 29.5); #expect(e == 1) }
    do { let e = sim.next(until: 29.5); #expect(e == nil) }
    #expect(sim.now == 29.5)
    #expect(sim.day == 29)
    sim.schedule(3, onDay: 30)
    do { let e = sim.next(until: 59.5); #expect(e == 3) }
    do { let e = sim.next(until: 59.5); #expect(e == 2) }
    #expect(sim.now == 40)
    do { let e = sim.nextEventDay; #expect(e == nil) }
  }

  @Test func sparseDaysFarApartFireInOrder() {
    var sim = DaySimulation<Int>(windowDays: 64)
    let days = [1_000_000, 7, 64, 63, 65, 640, 128, 0, 100_000]
    for (i, d) in days.enumerated() { sim.schedule(i, at: Double(d)) }
    var fired: [Int] = []
    sim.run { sim, e in
      fired.append(days[e])
      #expect(sim.day == days[e])
    }
    #expect(fired == days.sorted())
    #expect(sim.checkInvariants())
  }

  /// A long steady run (the hold model on whole days) reuses its pool of chunks: once warm,
  /// it grows at most by the chance fluctuation of the busiest day's events.
  @Test func aSteadyRunStopsGrowingItsPool() {
    var rng = SplitMix(state: 9)
    var sim = DaySimulation<Int>(priorities: 0...0)
    for i in 0..<10_000 { sim.schedule(i, onDay: rng.below(30)) }
    for _ in 0..<100_000 {
      let e = sim.next()!
      sim.schedule(e, onDay: sim.day + 1 + rng.below(30))
    }
    let warm = sim._calendar._entries.count
    for _ in 0..<100_000 {
      let e = sim.next()!
      sim.schedule(e, onDay: sim.day + 1 + rng.below(30))
    }
    #expect(sim._calendar._entries.count <= warm + warm / 20)
    #expect(sim.pendingCount == 10_000)
    #expect(sim.checkInvariants())
  }

  /// The buckets hold events in unsafe storage: an event is released when it fires, and every
  /// event still pending when the simulation goes, also after the storage has grown.
  @Test func releasesItsEvents() {
    final class Payload {}
    weak var fired: Payload?
    weak var pending: Payload?
    do {
      var sim = DaySimulation<Payload>(priorities: 0...0, windowDays: 64)
      // 100 events on day 0: four chunks, so the pool grows three times.
      do {
        let first = Payload()
        fired = first
        sim.schedule(first, onDay: 0)
      }
      for i in 1..<100 {
        let payload = Payload()
        if i == 99 { pending = payload }
        sim.schedule(payload, onDay: 0)
      }
      _ = sim.next()
      #expect(fired == nil)
      #expect(pending != nil)
      #expect(sim.pendingCount == 99)
    }
    #expect(pending == nil)
  }
}
