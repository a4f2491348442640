import CGSL
import Foundation
import Statistics
import Stochastic
import TestSupport
import Testing

@testable import CRMFit
@testable import FunnelSim

/// The stage probabilities the scenario runs with: decisions weighted by their age
/// (docs/calibration.md, "Recent stage probabilities").
@Suite struct RecentStageTests {
  static let stages = ["qualify", "proposal"]
  static let index = ["qualify": 0, "proposal": 1]
  static let asOf = CalendarDay(year: 2026, month: 12, day: 31)!

  /// `perDay` deals a day for `days` days before the as-of date, each decided at its first
  /// stage 5 days after it was created: passed with `p(created)` (and then won or lost at the
  /// second stage 10 days later, with 0.5), else lost there. Deals not decided by the as-of
  /// date are open; the stage history gives each entry.
  static func deals(
    days: Int, perDay: Int, seed: UInt64, p: (CalendarDay) -> Double
  ) -> (deals: [DealOnAsOf], history: [String: [StageEntry]], truth: [(CalendarDay, Double)]) {
    let stream = RandomStream(seed: seed)
    var deals: [DealOnAsOf] = []
    var history: [String: [StageEntry]] = [:]
    var truth: [(CalendarDay, Double)] = []
    for d in 0..<days {
      let created = CalendarDay(daysSinceEpoch: asOf.daysSinceEpoch - days + 1 + d)
      for j in 0..<perDay {
        let id = "O\(d)-\(j)"
        let decided = CalendarDay(daysSinceEpoch: created.daysSinceEpoch + 5)
        let second = CalendarDay(daysSinceEpoch: decided.daysSinceEpoch + 10)
        let passes = stream.uniform() < p(created)
        let wins = stream.uniform() < 0.5
        history[id] = [StageEntry(id: id, stage: "qualify", date: created)]
        var status = DealStatus.open
        var stage = 0
        var closed: CalendarDay? = nil
        if decided <= asOf {
          truth.append((decided, p(created)))
          if passes {
            history[id]!.append(StageEntry(id: id, stage: "proposal", date: decided))
            stage = 1
            if second <= asOf {
              status = wins ? .won : .lost
              closed = second
            }
          } else {
            status = .lost
            closed = decided
          }
        }
        let o = Opportunity(id: id, owner: "A", created: created, closed: closed, status: status)
        deals.append(DealOnAsOf(opportunity: o, status: status, stage: stage))
      }
    }
    return (deals, history, truth)
  }

  /// A decision's weight at a half-life of three months, `2^(−a / 3)`.
  static func weight(_ day: CalendarDay) -> Double {
    let age = ModelTime().months(calendarDays: Double(asOf.daysSinceEpoch - day.daysSinceEpoch))
    return Foundation.pow(2.0, -age / 3)
  }

  static func recent(_ deals: [DealOnAsOf], _ history: [String: [StageEntry]], halfLife: Double = 3)
    -> [Estimate]
  {
    HistoryFit.recentStageProbabilities(
      deals, history: history, stageIndex: index, stages: 2, asOf: asOf,
      halfLifeMonths: halfLife, time: ModelTime()
    ).estimates
  }

  /// The half-life chosen from the data: a steady conversion over two years is predicted best
  /// by many decisions (a year or more), one that fell four months ago by the latest (at most
  /// three months).
  @Test func theHalfLifeIsShortOnlyWhenTheConversionMoved() throws {
    let steady = Self.deals(days: 730, perDay: 4, seed: 21) { _ in 0.6 }
    let step = CalendarDay(daysSinceEpoch: Self.asOf.daysSinceEpoch - 122)
    let fell = Self.deals(days: 730, perDay: 4, seed: 22) { $0 < step ? 0.8 : 0.5 }
    func chosen(_ d: (deals: [DealOnAsOf], history: [String: [StageEntry]], truth: [(CalendarDay, Double)])) -> Double {
      HistoryFit.recentStageProbabilities(
        d.deals, history: d.history, stageIndex: Self.index, stages: 2, asOf: Self.asOf,
        halfLifeMonths: nil, time: ModelTime()
      ).halfLifeMonths
    }
    #expect(chosen(steady) >= 12, "\(chosen(steady))")
    #expect(chosen(fell) <= 3, "\(chosen(fell))")
  }

  /// The first stage passes 0.8 of its deals for a year, then 0.4 for a year. The recent
  /// probability's interval holds what it estimates, the decisions' weighted truth
  /// `Σ w p / Σ w` (0.4 plus the little weight a year-old decision keeps, 2^−4), and lies
  /// within 0.05 of today's 0.4; the whole history's share (equal weights) stays near 0.6.
  @Test func aStepDownInAStageIsFollowedWithinItsInterval() throws {
    let step = CalendarDay(daysSinceEpoch: Self.asOf.daysSinceEpoch - 365)
    let (deals, history, truth) = Self.deals(days: 730, perDay: 6, seed: 11) { $0 < step ? 0.8 : 0.4 }
    let fitted = Self.recent(deals, history)[0]
    var total = 0.0
    var passing = 0.0
    for (day, p) in truth {
      total += Self.weight(day)
      passing += Self.weight(day) * p
    }
    let weighted = passing / total
    #expect(fitted.covers(weighted), "\(fitted) vs \(weighted)")
    #expect(abs(fitted.value - 0.4) < 0.05, "\(fitted)")
    let whole = Self.recent(deals, history, halfLife: 1e9)[0]
    #expect(abs(whole.value - 0.6) < 0.05, "\(whole)")
    #expect(!whole.covers(0.4))
  }

  /// The interval is Clopper–Pearson at Kish's effective number of decisions: over 400
  /// histories of a steady 0.3, the 95% intervals of both stages hold the truth in a share
  /// whose 99% Wilson interval holds 0.95, and `n` is `(Σ w)² / Σ w²`, below the decisions'
  /// count (a year of decisions at a half-life of three months: about 0.64 of it).
  @Test func theIntervalHoldsTheTruthAtTheEffectiveSampleSize() throws {
    var covered = [0, 0]
    let runs = 400
    for run in 0..<runs {
      let (deals, history, truth) = Self.deals(days: 365, perDay: 2, seed: UInt64(100 + run)) { _ in 0.3 }
      let fitted = Self.recent(deals, history)
      if fitted[0].covers(0.3) { covered[0] += 1 }
      if fitted[1].covers(0.5) { covered[1] += 1 }
      if run == 0 {
        let weights = truth.map { Self.weight($0.0) }
        let sum = weights.reduce(0, +)
        let kish = sum * sum / weights.reduce(0) { $0 + $1 * $1 }
        #expect(fitted[0].n == Int(kish.rounded()), "\(fitted[0].n) vs \(kish)")
        #expect(Double(fitted[0].n) < 0.7 * Double(truth.count), "\(fitted[0].n) of \(truth.count)")
      }
    }
    for k in 0..<2 {
      let share = try Proportion(successes: covered[k], trials: runs)
      #expect(try #require(share.wilsonInterval(level: 0.99)).contains(0.95), "stage \(k): \(covered[k]) of \(runs)")
    }
  }

  /// A forecast's parameter sets draw each stage from the Jeffreys posterior of the recent
  /// level at its effective `n` (here at a half-life of three months): the spread of the sets is `√(p(1 − p) / (n + 2))` of the
  /// recent estimate, wider than the whole history's by about `√(N / n)`.
  @Test func parameterSetsSpreadByTheEffectiveNumberOfDecisions() throws {
    let truth = SyntheticHistory()
    let dir = try TemporaryDirectory()
    _ = try truth.write(to: dir.path)
    var options = FitOptions(asOf: truth.exportDay)
    options.stageHalfLifeMonths = 3
    let fit = try HistoryFit.fit(try CRMReader.read(folder: dir.path), options: options)
    let draw = ParameterDraw(fit)
    let sets = (0..<400).map { draw.sample(set: $0, of: 400, seed: 5) }
    let level = try #require(fit.stageFits[0].recent)
    #expect(level.n < fit.stageFits[0].probability.n / 2, "\(level.n) vs \(fit.stageFits[0].probability.n)")
    let sd = try #require(try Summary(sets.map { $0.stageFits[0].level.value }).standardDeviation)
    let n = Double(level.n)
    let expected = (level.value * (1 - level.value) / (n + 2)).squareRoot()
    // The sample sd of 400 draws is within 4 of its standard errors, 1/√(2 · 399) relative.
    #expect(abs(sd / expected - 1) < 4 / (2 * 399.0).squareRoot(), "\(sd) vs \(expected)")
  }
}
