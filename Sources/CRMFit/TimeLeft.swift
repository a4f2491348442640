// The days a deal open on the as-of date has left in its stage (docs/calibration.md, "Days left
// in the stage"): the stage history's stays, those still under way censored, given the time each
// open deal has already spent there.
import Foundation

/// How long deals stay in one stage: the Kaplan–Meier curve of the stage history's durations,
/// with a constant-hazard tail beyond the last exit seen.
///
/// A deal found in a stage on a given day has been there longer than a fresh one (the long
/// stays are the likelier to be under way on any day), so its days left are those of a stay
/// that has already lasted its time in the stage: `P(D − e ≤ r | D > e)`.
public struct StageTimeLeft: Sendable {
  let curve: KaplanMeier
  /// Exits per working day in the stage, over every stay (censored ones too).
  let tailHazard: Double
  /// The last time with `S > 0` on the curve, and `S` there: the tail starts from it.
  let tailStart: (time: Double, survival: Double)

  /// The curve of `durations` (working days), `observed[i]` false for a stay still under way;
  /// nil without an observed exit.
  public init?(durations: [Double], observed: [Bool]) {
    let exits = observed.count { $0 }
    let exposure = durations.reduce(0, +)
    guard exits > 0, exposure > 0 else { return nil }
    curve = KaplanMeier(durations: durations, observed: observed)
    tailHazard = Double(exits) / exposure
    var start = (time: 0.0, survival: 1.0)
    for (t, s) in zip(curve.times, curve.survival) where s > 0 { start = (t, s) }
    tailStart = start
  }

  /// `S(t)`: the curve while it is above 0, then `S(t*) e^(−h (t − t*))` from the last time
  /// `t*` it was, `h` the exits per day in the stage.
  ///
  /// - Complexity: O(log n) for n exit times (the writer asks for it many times per deal).
  func survival(_ t: Double) -> Double {
    // The last exit time at or before t, by binary search.
    var lo = 0
    var hi = curve.times.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if curve.times[mid] <= t { lo = mid + 1 } else { hi = mid }
    }
    let s = lo == 0 ? 1 : curve.survival[lo - 1]
    if s > 0 && t <= (curve.times.last ?? 0) { return s }
    let from = max(t, tailStart.time)
    return tailStart.survival * exp(-tailHazard * (from - tailStart.time))
  }

  /// The share of deals with elapsed times `elapsed` that leave within `r` days:
  /// the mean over them of `1 − S(e + r) / S(e)`.
  func shareLeft(within r: Double, elapsed: [Double], survivals: [Double]) -> Double {
    var total = 0.0
    for (e, s) in zip(elapsed, survivals) { total += 1 - survival(e + r) / s }
    return total / Double(elapsed.count)
  }

  /// The days left of the deals that have spent `elapsed` working days in the stage, as an
  /// `empirical` distribution: their mixture's quantiles at 0, 0.05, …, 0.95 and, for the top
  /// point, 0.995, each lowered by half a day because the model rounds the days left up to
  /// whole days (never below 0).
  public func daysLeft(elapsed: [Double]) -> (values: [Double], cumulative: [Double]) {
    let survivals = elapsed.map { survival($0) }
    let levels = (0..<20).map { Double($0) / 20 } + [0.995]
    var values: [Double] = []
    for q in levels {
      guard q > 0 else {
        values.append(0)
        continue
      }
      // Bisection on r: the share leaving within r grows with r toward 1.
      var hi = 1.0
      while shareLeft(within: hi, elapsed: elapsed, survivals: survivals) < q && hi < 1e5 {
        hi *= 2
      }
      var lo = 0.0
      for _ in 0..<50 {
        let mid = (lo + hi) / 2
        if shareLeft(within: mid, elapsed: elapsed, survivals: survivals) < q { lo = mid } else {
          hi = mid
        }
      }
      // The format bounds a mean at 2500 days; no forecast horizon reaches that far.
      values.append(min(2500, max(0, hi - 0.5)))
    }
    // Equal neighbours make flat segments, which the empirical distribution allows.
    for i in values.indices.dropFirst() { values[i] = max(values[i], values[i - 1]) }
    var cumulative = levels
    cumulative[cumulative.count - 1] = 1
    return (values, cumulative)
  }

  /// The mean of the days left (before the half-day lowering), by numerical integration of
  /// the survival of the mixture.
  public func meanDaysLeft(elapsed: [Double]) -> Double {
    let survivals = elapsed.map { survival($0) }
    var total = 0.0
    var r = 0.0
    let step = 0.25
    while r < 1e5 {
      let stay = 1 - shareLeft(within: r + step / 2, elapsed: elapsed, survivals: survivals)
      total += stay * step
      if stay < 1e-6 { break }
      r += step
    }
    return total
  }
}

extension HistoryFit {
  /// Each stage's stays from the stage history: from entering the stage to entering the next
  /// one, or to the close for the stage a closed deal ended in (observed); to the as-of date
  /// for a deal still in it (censored). In working days.
  static func stageStays(
    _ historyByDeal: [String: [StageEntry]], stageIndex: [String: Int], stages: Int,
    closedOn: (String) -> CalendarDay?, asOf: CalendarDay, time: ModelTime
  ) -> [StageTimeLeft?] {
    var durations = [[Double]](repeating: [], count: stages)
    var observed = [[Bool]](repeating: [], count: stages)
    for (id, entries) in historyByDeal {
      let path = entries.compactMap { e in stageIndex[e.stage].map { (k: $0, date: e.date) } }
        .sorted { $0.date < $1.date }
      for (i, step) in path.enumerated() {
        let end: CalendarDay
        let exited: Bool
        if i + 1 < path.count {
          (end, exited) = (path[i + 1].date, true)
        } else if let closed = closedOn(id) {
          (end, exited) = (closed, true)
        } else {
          (end, exited) = (asOf, false)
        }
        durations[step.k].append(
          time.workingDays(calendarDays: Double(end.daysSinceEpoch - step.date.daysSinceEpoch)))
        observed[step.k].append(exited)
      }
    }
    return (0..<stages).map { StageTimeLeft(durations: durations[$0], observed: observed[$0]) }
  }

  /// The `remaining_days` of a seat's opening deals in `stage`: the days left of deals that
  /// have spent their time in the stage (``StageTimeLeft``); nil when the stage history gives
  /// no curve for the stage or a deal's time in it is unknown (the model then leaves a
  /// uniform share of the stage's duration).
  func remainingDays(_ seat: Seat, stage: String) -> String? {
    // Computed once by the fit: the writer runs once per parameter set of a forecast, and
    // the days left are not drawn.
    if !remainingDaysText.isEmpty { return remainingDaysText[Self.seatStageKey(seat, stage)] }
    return computedRemainingDays(seat, stage: stage)
  }

  /// The key of a seat's stage in ``remainingDaysText``.
  static func seatStageKey(_ seat: Seat, _ stage: String) -> String {
    (seat.owner.map { "owner " + $0 } ?? "level " + seat.name) + "\u{1}" + stage
  }

  /// The `remaining_days` of every seat's stages, per level and per owner.
  func remainingDaysOfEverySeat() -> [String: String] {
    var text: [String: String] = [:]
    for seat in seats(perOwner: false) + seats(perOwner: true) {
      for stage in stages where seat.openByStage[stage] != nil {
        if let t = computedRemainingDays(seat, stage: stage) {
          text[Self.seatStageKey(seat, stage)] = t
        }
      }
    }
    return text
  }

  func computedRemainingDays(_ seat: Seat, stage: String) -> String? {
    guard let k = stages.firstIndex(of: stage), stageTimeLeft.indices.contains(k),
      let curve = stageTimeLeft[k]
    else { return nil }
    let deals = openDeals.filter { d in
      d.stage == k && (seat.owner.map { d.owner == $0 } ?? (d.level == seat.name))
    }
    let elapsed = deals.compactMap(\.inStageDays)
    guard !elapsed.isEmpty, elapsed.count == deals.count else { return nil }
    let (values, cumulative) = curve.daysLeft(elapsed: elapsed)
    guard let first = values.first, let last = values.last, last > first else {
      return Estimate.format(values.first ?? 0)
    }
    let vs = values.map { Estimate.format(($0 * 100).rounded() / 100) }.joined(separator: ", ")
    let cs = cumulative.map { Estimate.format($0) }.joined(separator: ", ")
    return "{distribution: empirical, values: [\(vs)], cumulative: [\(cs)]}"
  }
}
