import Foundation
import SalesModel
import TestSupport
import Testing

@testable import FunnelSim

/// `explain` (docs/explain.md). Debug builds are slow: three months of `b2b-consulting` (without
/// its October event, outside that horizon), a few causes and a few replications, fixed seeds. The properties pinned here are exact identities
/// of Shapley values on common random numbers, so they need no interval.
@Suite struct ShortfallAnalysisTests {
  static func loaded(_ extra: [String] = []) throws -> LoadedScenario {
    try LoadedScenario.load(
      path: ScenarioFiles.path("b2b-consulting.yaml"),
      overrides: ["horizon_months=3", "leads.events.enabled=false"] + extra)
  }

  static func options(_ causes: [ShortfallCause], replications: Int = 5) -> ExplainOptions {
    var o = ExplainOptions(replications: replications, seed: 7, threads: 2)
    o.causes = causes
    return o
  }

  /// Gap = Σ contributions + remaining, replication by replication, to rounding.
  static func expectAddsUp(_ x: ShortfallExplanation) {
    for r in 0..<x.replications {
      let parts = x.causes.reduce(0) { $0 + $1.perReplication[r] } + x.remaining[r]
      let gap = x.gap[r]
      #expect(abs(parts - gap) <= 1e-9 * Swift.max(1, abs(gap)), "replication \(r): \(parts) vs \(gap)")
    }
  }

  @Test func exactContributionsAddUpToTheGapInEveryReplication() throws {
    let x = try ShortfallAnalysis.explain(
      Self.loaded(), options: Self.options([.ramp, .attrition, .noShows, .bestLevel]))
    #expect(x.method == .exact)
    #expect(x.variantsRun == 16)
    #expect(x.causes.allSatisfy { $0.applies })
    #expect(x.causes.allSatisfy { $0.samplingError == nil })
    Self.expectAddsUp(x)
  }

  @Test func sampledContributionsAddUpToTheGapAndStateTheirSamplingError() throws {
    var options = Self.options([.ramp, .attrition, .noShows, .bestLevel])
    options.exactUpTo = 2
    options.permutations = 3
    let x = try ShortfallAnalysis.explain(Self.loaded(), options: options)
    #expect(x.method == .sampled(permutations: 3))
    #expect(x.variantsRun <= 3 * 3 + 2)
    #expect(x.causes.allSatisfy { $0.samplingError != nil })
    Self.expectAddsUp(x)
  }

  /// With one applicable cause, its contribution is the whole change: exactly what the
  /// scenario with the switch written in its file gains over the scenario, replication by
  /// replication; an absent cause gets 0.
  @Test func aScenarioDifferingInOneCauseAttributesTheWholeChangeToIt() throws {
    let x = try ShortfallAnalysis.explain(
      Self.loaded(), options: Self.options([.noShows, .sandbagging]))
    let noShows = try #require(x.causes.first { $0.cause == .noShows })
    let sandbagging = try #require(x.causes.first { $0.cause == .sandbagging })
    #expect(noShows.applies)
    #expect(!sandbagging.applies)  // sandbagging is off in b2b-consulting
    #expect(sandbagging.perReplication.allSatisfy { $0 == 0 })

    let switched = try Self.loaded(["funnel.no_show.enabled=false"])
    let outcomes = try ReplicationRunner(threads: 2).run(
      switched.model, seed: 7, replications: 0..<5)
    let i = try #require(switched.model.schema.scalars.firstIndex { $0.key == "bookings" && $0.group == "team" })
    for r in 0..<5 {
      let change = outcomes[r].values[i] - x.forecast[r]
      #expect(noShows.perReplication[r] == change, "replication \(r)")
      #expect(x.remaining[r] == x.target[r] - outcomes[r].values[i])
    }
    #expect(noShows.perReplication.contains { $0 != 0 }, "no-shows cost deals in three months")
  }

  @Test func anAbsentCauseChangesNoOtherContribution() throws {
    let without = try ShortfallAnalysis.explain(
      Self.loaded(), options: Self.options([.ramp, .noShows]))
    let with = try ShortfallAnalysis.explain(
      Self.loaded(), options: Self.options([.ramp, .sandbagging, .noShows]))
    #expect(with.variantsRun == without.variantsRun)
    for cause in [ShortfallCause.ramp, .noShows] {
      let a = try #require(without.causes.first { $0.cause == cause })
      let b = try #require(with.causes.first { $0.cause == cause })
      #expect(a.perReplication == b.perReplication)
    }
  }

  @Test func levelsAddUpToTheTeamsContribution() throws {
    var options = Self.options([.ramp, .bestLevel], replications: 3)
    options.byLevel = true
    let x = try ShortfallAnalysis.explain(Self.loaded(), options: options)
    #expect(x.levels == ["junior", "middle", "senior", "lead"])
    for c in x.causes {
      let team = c.perReplication.reduce(0, +) / 3
      let sum = c.byLevel.reduce(0, +)
      #expect(abs(team - sum) <= 1e-9 * Swift.max(1, abs(team)), "\(c.cause)")
    }
    let forecast = x.forecast.reduce(0, +) / 3
    #expect(abs(x.forecastByLevel.reduce(0, +) - forecast) <= 1e-9 * forecast)
  }

  @Test func switchesThatChangeNothingDoNotApply() throws {
    let s = try LoadedScenario.load(path: ScenarioFiles.path("b2b-consulting.yaml")).scenario
    #expect(!ShortfallCause.sandbagging.applies(to: s, leadFactor: 1))
    #expect(!ShortfallCause.leadVolume.applies(to: s, leadFactor: 0.9))
    #expect(ShortfallCause.leadVolume.applies(to: s, leadFactor: 1.5))
    let ramped = ShortfallCause.ramp.removed(from: s, leadFactor: 1)
    #expect(!ShortfallCause.ramp.applies(to: ramped, leadFactor: 1))
    let scaled = ShortfallCause.leadVolume.removed(from: s, leadFactor: 1.5)
    #expect(scaled.leads.inbound.perMonth == s.leads.inbound.perMonth * 1.5)
    #expect(scaled.leads.events.batches.map(\.leads) == s.leads.events.batches.map { Int((Double($0.leads) * 1.5).rounded()) })
  }

  @Test func questionsWithoutAnAnswerAreRefusedWithTheReason() throws {
    var level = Self.options([.ramp])
    level.group = "junior"
    #expect(throws: AnalysisInputError.self) { try ShortfallAnalysis.explain(Self.loaded(), options: level) }
    var ratio = Self.options([.ramp])
    ratio.metric = Metric.winRate.key
    ratio.target = 0.5
    #expect(throws: AnalysisInputError.self) { try ShortfallAnalysis.explain(Self.loaded(), options: ratio) }
    var unknown = Self.options([.ramp])
    unknown.group = "intern"
    #expect(throws: AnalysisInputError.self) { try ShortfallAnalysis.explain(Self.loaded(), options: unknown) }
  }

  @Test func everyFormatRendersWithoutNaN() throws {
    var options = Self.options([.ramp, .noShows, .sandbagging], replications: 3)
    options.byLevel = true
    let x = try ShortfallAnalysis.explain(Self.loaded(), options: options)
    for format in OutputFormat.allCases {
      let text = x.rendered(as: format)
      #expect(!text.contains("nan") && !text.contains("NaN"), "\(format)")
    }
    let html = x.html()
    #expect(html.contains("data-chart=\"waterfall\""))
    #expect(html.contains("Inputs and assumptions"))
    let csv = x.csv().split(separator: "\n")
    #expect(csv[0] == "item,label,applies,group,mean,ci_low,ci_high,sampling_error")
    // 3 headline rows, 3 causes, remaining; then per level the forecast and 3 causes.
    #expect(csv.count == 1 + 3 + 3 + 1 + 4 * 4)
  }
}
