import Foundation
import Statistics
import TestSupport
import Testing

@testable import FunnelSim

@Suite struct QuotaAnalysisTests {
  // Debug builds are slow: 40 replications (100 where quotas change behaviour), fixed seeds.
  // What users rely on: a fresh seed at the proposed quotas gives about the share asked for.
  // docs/quota-and-staffing.md checks it to within 5 points with 1,000 replications; with
  // these few the bound is derived from the run's own uncertainty (`tolerance`).
  static let proposal: QuotaProposal = {
    let loaded = try! LoadedScenario.load(path: ScenarioFiles.path("b2b-consulting.yaml"))
    var options = QuotaOptions(replications: 40, seed: 11, verifySeed: 12)
    options.maxIterations = 3
    return try! QuotaAnalysis.propose(loaded, attain: 0.6, options: options)
  }()

  /// How far a share measured on a fresh seed may fall from the share asked for, given the
  /// share's clustered 95% interval (about two standard errors either side). The quota was fitted
  /// on a sample of the same size, so the difference has about √2 times one standard error;
  /// three such standard errors: about 5 points for 100 replications and 5 to 9 points for 40
  /// at these levels, a bound a wrong proposal would miss and sampling noise will not.
  static func tolerance(_ clustered: ClosedRange<Double>) -> Double {
    let standardError = (clustered.upperBound - clustered.lowerBound) / 4
    return 3 * 2.squareRoot() * standardError
  }

  @Test func proposedQuotasReachTheAskedShareOnAnotherSeed() throws {
    let p = Self.proposal
    #expect(p.verification.seed == 12)
    #expect(p.levels.count == 4)
    for level in p.levels {
      let quota = try #require(level.proposedQuota)
      #expect(quota > 0)
      let interval = try #require(level.interval)
      #expect(interval.lowerBound <= quota * 1.01 && quota * 0.99 <= interval.upperBound)
      let v = try #require(p.verification.levels.first { $0.level == level.level })
      #expect(v.quota == quota)
      let share = try #require(v.share)
      let ci = try #require(v.clustered)
      #expect(abs(share - 0.6) <= Self.tolerance(ci), "\(level.level): \(share), \(ci)")
    }
  }

  @Test func reverseViewOfTheProposalGivesAboutTheAskedShare() throws {
    let loaded = try LoadedScenario.load(path: ScenarioFiles.path("b2b-consulting.yaml"))
    var quotas: [String: Double] = [:]
    for level in Self.proposal.levels { quotas[level.level] = level.proposedQuota }
    let check = try QuotaAnalysis.check(
      loaded, quotas: quotas, options: QuotaOptions(replications: 40, seed: 99))
    var tolerances: [Double] = []
    for level in check.levels {
      let share = try #require(level.share)
      let ci = try #require(level.clustered)
      tolerances.append(Self.tolerance(ci))
      #expect(abs(share - 0.6) <= Self.tolerance(ci), "\(level.level): \(share), \(ci)")
      let wilson = try #require(level.wilson)
      #expect(wilson.contains(share))
    }
    // Every share within its tolerance of 0.6 puts the spread (highest minus lowest share)
    // within the two largest tolerances added: the bound follows from the per-level one.
    let spread = try #require(check.spread)
    let largest = tolerances.sorted(by: >).prefix(2).reduce(0, +)
    #expect(spread >= 0 && spread <= largest, "spread \(spread), bound \(largest)")
    #expect(check.teamBookings != nil)
  }

  @Test func scenarioQuotasAreReachableButNotTrivial() throws {
    // The file's annual quotas, prorated to its quota period, are set so that 60% of ramped
    // manager-years reach them (docs/plausibility.md): per period neither nobody nor everybody.
    let loaded = try LoadedScenario.load(path: ScenarioFiles.path("b2b-consulting.yaml"))
    let check = try QuotaAnalysis.check(loaded, options: QuotaOptions(replications: 20, seed: 5))
    let period = loaded.scenario.quota.period
    #expect(check.levels.map(\.quota) == loaded.scenario.levels.map { $0.periodQuota(period) })
    for level in check.levels { #expect((0.1...0.9).contains(try #require(level.share))) }
    #expect(check.rendered(as: .json).contains("\"format\": \"funnelsim.quota-check/1\""))
    #expect(check.rendered(as: .csv).split(separator: "\n").count == 6)
    // The table ends with the inputs and assumptions it was run with, as run and compare do.
    let inputs = try #require(check.table().components(separatedBy: "Inputs and assumptions:\n").last)
    #expect(inputs.contains("Scenario file: \(loaded.file) (\(loaded.scenario.name))."))
    #expect(inputs.contains("Replications: 20; seed 5."))
    #expect(inputs.contains("Quotas per \(period)"))
    #expect(inputs.hasSuffix("Made by FunnelSim \(FunnelSimVersion.current).\n"))
  }

  @Test func proposalTableEndsWithItsInputs() throws {
    let p = Self.proposal
    let table = p.table()
    let parts = table.components(separatedBy: "\nInputs and assumptions:\n")
    #expect(parts.count == 2, "\(table)")
    let inputs = try #require(parts.last)
    #expect(inputs.contains("Scenario file: \(p.scenarioFile) (\(p.scenarioName))."))
    #expect(inputs.contains("Replications: 40 per proposal run, seed 11; verification"))
    #expect(inputs.contains("seed 12."))
    #expect(inputs.contains("Target: 60% of ramped manager-periods reach quota per \(p.period)"))
    #expect(inputs.hasSuffix("Made by FunnelSim \(FunnelSimVersion.current).\n"))
    // The verification table comes first, once, with no blank lines piled before the inputs.
    #expect(!table.contains("\n\n\n"))
  }

  @Test func unknownLevelsAndBadSharesAreRefused() throws {
    let loaded = try LoadedScenario.load(path: ScenarioFiles.path("b2b-consulting.yaml"))
    let options = QuotaOptions(replications: 2, seed: 1)
    #expect(throws: AnalysisInputError.self) {
      try QuotaAnalysis.check(loaded, quotas: ["intern": 100], options: options)
    }
    #expect(throws: AnalysisInputError.self) {
      try QuotaAnalysis.propose(loaded, attain: 1.2, options: options)
    }
    let off = try LoadedScenario.load(
      path: ScenarioFiles.path("b2b-consulting.yaml"), overrides: ["quota.enabled=false"])
    let error = #expect(throws: AnalysisInputError.self) {
      try QuotaAnalysis.check(off, options: options)
    }
    #expect(error?.description.contains("quota.enabled") == true)
  }

  @Test func verificationSeedDiffersFromTheProposalSeedByDefault() {
    for seed: UInt64 in [0, 1, 20_240_601, .max] {
      #expect(QuotaOptions(replications: 1, seed: seed).verifySeed != seed)
    }
  }

  @Test func proposalsSettleWhenQuotasChangeBehaviour() throws {
    // With sandbagging, a manager at quota pushes further deals to the next period, so the
    // bookings a share P reaches depend on the quota itself: one pass is not enough. 100
    // replications, as fewer let the proposal fit its own seed's noise.
    let loaded = try LoadedScenario.load(
      path: ScenarioFiles.path("b2b-consulting.yaml"),
      overrides: ["quota.sandbagging.enabled=true", "careers.attrition.missed_quota_multiplier=3"])
    let p = try QuotaAnalysis.propose(
      loaded, attain: 0.6, options: QuotaOptions(replications: 100, seed: 21, verifySeed: 22))
    #expect(p.iterations.count > 2)
    for level in p.verification.levels {
      let share = try #require(level.share)
      let ci = try #require(level.clustered)
      #expect(abs(share - 0.6) <= Self.tolerance(ci), "\(level.level): \(share), \(ci)")
    }
  }

  @Test func secantStepFindsTheFixedPointOfALinearMap() {
    // g(q) = 100 + q / 2 has its fixed point at 200.
    func g(_ q: Double) -> Double { 100 + q / 2 }
    #expect(QuotaAnalysis.nextQuota([(300, g(300))]) == 250)
    #expect(QuotaAnalysis.nextQuota([(300, g(300)), (250, g(250))]) == 200)
    // A map that grows faster than q gives no safe secant step: plain iteration.
    #expect(QuotaAnalysis.nextQuota([(100, 150), (150, 260)]) == 260)
  }

  @Test func quotasAreRoundedToThreeSignificantFigures() {
    #expect(roundedQuota(287_432) == 287_000)
    #expect(roundedQuota(1_234_567) == 1_230_000)
    #expect(roundedQuota(99.96) == 100)
    #expect(roundedQuota(0) == 0)
  }

  @Test func clusteredIntervalIsWiderThanWilsonWhenReplicationsDiffer() throws {
    // Half the replications reach quota in every period, half in none: 50% overall, but the
    // periods within a replication move together, so the honest interval is wide.
    let per = (0..<40).map { r in Array(repeating: r % 2 == 0 ? 1.5 : 0.2, count: 20) }
    let a = QuotaAnalysis.attainment("x", quota: 1, perReplication: per, 0.95)
    let wilson = try #require(a.wilson)
    let clustered = try #require(a.clustered)
    #expect(a.share == 0.5)
    #expect(clustered.contains(0.5))
    #expect(
      clustered.upperBound - clustered.lowerBound > 3 * (wilson.upperBound - wilson.lowerBound))
  }

  @Test func proposalRendersInEveryFormat() {
    let p = Self.proposal
    #expect(p.rendered(as: .json).contains("\"format\": \"funnelsim.quota/1\""))
    #expect(p.rendered(as: .csv).hasPrefix("level,current_quota,proposed_quota"))
    #expect(p.rendered(as: .table).contains("Verification"))
    let html = p.rendered(as: .html)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<svg"))
    #expect(!html.contains("NaN"))
  }
}
