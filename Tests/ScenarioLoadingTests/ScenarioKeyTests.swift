import Foundation
import SalesModel
import ScenarioLoading
import Stochastic
import Testing

/// The real scenario types through the loader: snake_case keys, defaults, switches, and the
/// messages for a wrong key or value.
@Suite struct ScenarioKeyTests {
  static let minimal = """
    segments:
      - {name: smb, deal_size: 100000}
    levels:
      - {name: rep, headcount: 1}
    funnel:
      stages:
        - {name: close, probability: 0.3}

    """

  func load(_ text: String) throws(ScenarioLoadError) -> Scenario {
    try ScenarioLoader.load(Scenario.self, text: text, file: "s.yaml")
  }

  func errors(_ text: String) -> [String] {
    do {
      _ = try load(text)
      return ["loaded without error"]
    } catch {
      return error.issues.map(\.description)
    }
  }

  @Test func keysLeftOutTakeTheirDefaults() throws {
    let s = try load(Self.minimal)
    #expect(s.name == "scenario" && s.seed == 1 && s.replications == 1000)
    #expect(s.horizonMonths == 12 && s.calendar.daysPerMonth == 21)
    #expect(s.segments[0].churnPerMonth == 0.02 && s.segments[0].requestsPerMonth == 1)
    #expect(s.levels[0].callsPerDay == 20 && s.levels[0].tenureMonths == .constant(12))
    #expect(s.levels[0].experienceMonths == nil && s.levels[0].segments == nil)
    #expect(s.funnel.stages[0].durationDays == .constant(1) && s.funnel.stages[0].uses == .none)
    #expect(s.leads.patienceDays == .constant(5) && s.routing.policy == .roundRobin)
    #expect(s.planBookings == nil)
  }

  @Test func aSectionLeftOutIsOffAndAWrittenOneIsOn() throws {
    let off = try load(Self.minimal)
    #expect(!off.funnel.noShow.enabled && !off.careers.ramp.enabled && !off.portfolio.enabled)
    #expect(!off.leads.inbound.enabled && !off.quota.enabled && !off.quota.sandbagging.enabled)
    let on = try load(
      Self.minimal.replacingOccurrences(of: "funnel:\n", with: "funnel:\n  no_show: {}\n")
        + "quota: {sandbagging: {enabled: false}}\nleads: {inbound: {per_month: 3}}\n")
    #expect(on.funnel.noShow.enabled && on.funnel.noShow.probability == 0.1)
    #expect(on.quota.enabled && !on.quota.sandbagging.enabled)
    #expect(on.leads.inbound.enabled && on.leads.inbound.perMonth == 3)
  }

  @Test func snakeCaseKeysAreTheSwiftNames() throws {
    let s = try load(Self.minimal + "horizon_months: 3\nplan_bookings: 5\n")
    #expect(s.horizonMonths == 3 && s.planBookings == 5)
    #expect(
      errors(Self.minimal + "horizonMonths: 3\n") == [
        "s.yaml:8:1: horizonMonths: unknown key 'horizonMonths'; did you mean 'horizon_months'?"
      ])
  }

  @Test func aMistypedKeyOfANestedSectionIsNamedWithASuggestion() {
    #expect(
      errors(Self.minimal + "portfolio: {contract_month: 6}\n") == [
        "s.yaml:8:13: portfolio.contract_month: unknown key 'contract_month'; did you mean 'contract_months'?"
      ])
  }

  @Test func aCityPresetsTheSalaryOfALevelThatGivesNone() throws {
    let s = try load(
      """
      city: saint_petersburg
      segments:
        - {name: smb, deal_size: 100000}
      levels:
        - {name: rep, headcount: 1}
        - {name: senior, headcount: 1, salary_per_month: 70000}
        - {name: lead, headcount: 1, seed_level: 4}
      funnel:
        stages:
          - {name: close, probability: 0.3}

      """)
    #expect(s.city == .saintPetersburg)
    #expect(
      s.levels.indices.map { s.salaryPerMonth(ofLevel: $0) }
        == [
          City.saintPetersburg.salaryPerMonth(seedLevel: 1), 70_000,
          City.saintPetersburg.salaryPerMonth(seedLevel: 4),
        ])
    #expect(City.saintPetersburg.salaryPerMonth(seedLevel: 1) == 21_500)
    #expect(try load(Self.minimal).salaryPerMonth(ofLevel: 0) == 0)
  }

  @Test func aMistypedCityIsNamedWithASuggestion() {
    #expect(
      errors("city: moskow\n" + Self.minimal) == [
        "s.yaml:1:7: city: got 'moskow'; expected one of moscow, saint_petersburg, ekaterinburg, nizhny_novgorod; did you mean 'moscow'?"
      ])
  }

  @Test func aBadChoiceListsTheChoicesAndSuggestsOne() {
    #expect(
      errors(Self.minimal + "routing: {policy: round_robbin}\n") == [
        "s.yaml:8:19: routing.policy: got 'round_robbin'; expected one of round_robin, least_loaded, most_senior_first; did you mean 'round_robin'?"
      ])
  }

  @Test func aRequiredKeyOfASectionWithDefaultsIsStillRequired() {
    #expect(
      errors(Self.minimal + "leads: {inbound: {seasonality: []}}\n") == [
        "s.yaml:8:18: leads.inbound.per_month: required key is missing; expected a finite number"
      ])
  }

  @Test func aNullMeansTheDefault() throws {
    #expect(try load(Self.minimal + "seed:\n").seed == 1)
  }

  @Test func errorsInSeveralSectionsAreReportedTogether() {
    let text = Self.minimal + "funnel_x: 1\nquota: {period: weekly}\nrouting: {polcy: x}\n"
    #expect(errors(text).count == 3)
  }

  @Test func aDealSizeThatCanBeNegativeIsRefusedAtItsKey() {
    let text = Self.minimal.replacingOccurrences(
      of: "deal_size: 100000",
      with: "deal_size: {distribution: triangular, min: -500000, mode: 1000, max: 600000}")
    #expect(
      errors(text) == [
        "s.yaml:2:28: segments.smb.deal_size: got 'triangular(min -500000, mode 1000, max 600000)'; expected a distribution of values >= 0: min must be >= 0 (got -500000)"
      ])
  }

  @Test(arguments: [
    (
      "levels.rep.tenure_months", "{distribution: truncated_normal, mean: 12, sd: 6}",
      "levels.rep.tenure_months", "min must be given and be >= 0 (without it, it is -.inf)"
    ),
    (
      "funnel.stages.close.duration_days",
      "{distribution: discrete, values: [2, -1], weights: [1, 1]}",
      "funnel.stages.close.duration_days", "values must be >= 0 (got -1)"
    ),
    (
      "leads", "{patience_days: {distribution: empirical, values: [-3, 5], cumulative: [0, 1]}}",
      "leads.patience_days", "values must be >= 0 (got -3)"
    ),
    (
      "careers", "{hiring: {time_to_hire_days: -2}}", "careers.hiring.time_to_hire_days",
      "value must be >= 0 (got -2)"
    ),
  ])
  func everyDistributionOfAScenarioMustStayAtOrAboveZero(
    set key: String, to value: String, path: String, message: String
  ) throws {
    do {
      _ = try ScenarioLoader.load(
        Scenario.self, text: Self.minimal, file: "s.yaml",
        overrides: [ScenarioOverride("\(key)=\(value)")])
      Issue.record("\(key)=\(value) was accepted")
    } catch {
      #expect(error.issues.count == 1)
      #expect(error.issues.first?.path == path)
      #expect(error.issues.first?.message.hasSuffix(message) == true, "\(error)")
    }
  }
}

/// The table of distribution kinds in docs/scenario-format.md: every kind, every example valid.
@Suite struct DistributionDocumentationTests {
  static var examples: [String] {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "docs/scenario-format.md")
    let text = (try? String(contentsOf: docs, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("| "), let example = line.split(separator: "|").last else { return nil }
      let code = example.trimmingCharacters(in: .whitespaces)
      guard code.hasPrefix("`{distribution:") else { return nil }
      return String(code.dropFirst().dropLast())
    }
  }

  @Test func everyKindIsDocumentedWithAnExample() throws {
    let kinds = try Self.examples.map { example in
      try ScenarioLoader.decode(Distribution.self, text: example, file: "docs").kind
    }
    #expect(Set(kinds) == Set(Distribution.Kind.allCases))
  }

  @Test func everyExampleIsAValidDealSize() throws {
    for example in Self.examples {
      let text = ScenarioKeyTests.minimal.replacingOccurrences(
        of: "deal_size: 100000", with: "deal_size: \(example)")
      #expect(throws: Never.self, "\(example)") {
        _ = try ScenarioLoader.load(Scenario.self, text: text, file: "s.yaml")
      }
    }
  }
}
