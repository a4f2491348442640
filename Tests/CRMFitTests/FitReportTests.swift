import CRMFit
import Foundation
import FunnelSim
import SalesModel
import ScenarioLoading
import Stochastic
import TestSupport
import Testing

/// `fit --report`'s careers and owners (docs/calibration.md, "The fit report"): the report
/// shows what the written scenario carries.
@Suite struct FitReportTests {
  /// 36 months of `b2b-consulting` (replication 0, seed 7: exits, refills, an exit still
  /// awaiting its hire at the as-of date, hires ramping up), exported from January 2025.
  static func export() throws -> (LoadedScenario, CRMExport) {
    let loaded = try LoadedScenario.load(
      path: ScenarioFiles.path("b2b-consulting.yaml"), overrides: ["horizon_months=36"])
    let history = try loaded.model.history(replication: 0, seed: 7)
    let writer = HistoryExport(start: .init(year: 2025, month: 1, day: 1), daysPerMonth: 21)
    let folder = try TemporaryDirectory()
    for (name, contents) in writer.files(history, scenario: loaded.scenario) {
      try folder.write(name, contents)
    }
    return (loaded, try CRMReader.read(folder: folder.path))
  }

  /// The rows of the report section `id`'s tables: the row header, then the other cells.
  static func rows(_ html: String, section id: String) throws -> [String: [String]] {
    let start = try #require(html.range(of: "id=\"\(id)\""))
    let end =
      html.range(of: "<section", range: start.upperBound..<html.endIndex)?.lowerBound
      ?? html.endIndex
    let text = String(html[start.upperBound..<end])
    var rows: [String: [String]] = [:]
    let cell = try NSRegularExpression(pattern: "<t[hd][^>]*>(.*?)</t[hd]>")
    for row in text.components(separatedBy: "<tr>").dropFirst() {
      let line = row.components(separatedBy: "</tr>")[0]
      let cells = cell.matches(in: line, range: NSRange(line.startIndex..., in: line)).map {
        String(line[Range($0.range(at: 1), in: line)!])
          .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
            of: "&lt;", with: "<"
          )
          .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
      }
      if let head = cells.first { rows[head] = Array(cells.dropFirst()) }
    }
    return rows
  }

  @Test func theCareersTableShowsWhatTheScenarioCarries() throws {
    let (loaded, export) = try Self.export()
    var options = FitOptions(asOf: CalendarDay(year: 2027, month: 5, day: 31)!)
    options.stages = loaded.scenario.funnel.stages.map(\.name)
    let fit = try HistoryFit.fit(export, options: options)
    var settings = HistoryFit.RunSettings()
    settings.horizonMonths = 6
    let scenario = try ScenarioLoader.load(
      Scenario.self, text: fit.scenarioYAML(settings), file: "fitted.yaml")
    let html = try FitReport.make(fit, horizonMonths: 6, ownersFile: true, replications: 20).html()
    // No NaN or infinity (Estimate.format writes them `inf`, `-inf`).
    #expect(!html.contains("NaN") && !html.contains("inf<"))
    let rows = try Self.rows(html, section: "careers")
    func value(_ label: String) throws -> Double {
      let cells = try #require(rows[label], "\(label) in \(rows.keys.sorted())")
      return try #require(Double(cells[0]))
    }
    // Each level's chance to leave within a year, and the team's.
    for level in scenario.levels {
      let rate = try #require(level.attritionAnnualRate)
      #expect(try value("Level \(level.name): chance to leave within a year") == rate)
    }
    #expect(scenario.careers.attrition.enabled)
    #expect(
      try value("All levels: chance to leave within a year")
        == scenario.careers.attrition.annualRate)
    // The time to hire: the lognormal of the delays' mean and standard deviation.
    #expect(scenario.careers.hiring.enabled)
    guard case .lognormal(let mean, let sd) = scenario.careers.hiring.timeToHireDays else {
      Issue.record("time to hire: \(scenario.careers.hiring.timeToHireDays)")
      return
    }
    #expect(try value("Time to hire, mean (working days)") == mean)
    #expect(try value("Time to hire, standard deviation (working days)") == sd)
    // The ramp curve, and the planned hires of the exits awaiting their hire.
    #expect(scenario.careers.ramp.enabled)
    let curve = try #require(rows["Ramp, tenure months 0–5"]?.first)
    #expect(curve.split(separator: " ").map { Double($0)! } == scenario.careers.ramp.curve)
    #expect(!scenario.careers.plannedHires.isEmpty)
    for hire in scenario.careers.plannedHires {
      let row =
        "<tr><th scope=\"row\">\(hire.level)</th><td class=\"num\">\(hire.month)</td>"
        + "<td class=\"num\">\(hire.count)</td></tr>"
      #expect(html.contains(row), "\(row)")
    }
    // The exits' counts and intervals are the fit's.
    let team = try #require(rows["All levels: exits per person-month"])
    #expect(team[1] == String(fit.careers!.team.hazard.n))
    // The survival of tenure, observed and fitted, at 12 months.
    let fitted = try #require(rows.first { $0.key.hasPrefix("fitted exponential") }?.value)
    let hazard = fit.careers!.team.hazard.value
    #expect(fitted[2] == String(format: "%.1f%%", 100 * exp(-12 * hazard)))
  }

  /// Each owner's lead share and shrunk win rate, with n; the shares of the seated owners add
  /// up to 1.
  @Test func theOwnersTableShowsLeadSharesAndShrunkWinRates() throws {
    let (loaded, export) = try Self.export()
    var options = FitOptions(asOf: CalendarDay(year: 2027, month: 5, day: 31)!)
    options.stages = loaded.scenario.funnel.stages.map(\.name)
    let fit = try HistoryFit.fit(export, options: options)
    let shares = fit.ownerLeadShares()
    #expect(abs(shares.reduce(0) { $0 + $1.share.value } - 1) < 1e-9)
    for s in shares where s.share.value > 0 {
      #expect(s.share.lower <= s.share.value && s.share.value <= s.share.upper, "\(s.owner)")
    }
    let html = try FitReport.make(fit, ownersFile: true, replications: 20).html()
    #expect(!html.contains("NaN") && !html.contains("inf<"))
    let rows = try Self.rows(html, section: "owners")
    for o in fit.owners {
      let cells = try #require(rows[o.owner])
      #expect(cells[0] == o.level)
      #expect(cells[4] == Estimate.format(o.winRate.value) && cells[5] == String(o.winRate.n))
      if let share = shares.first(where: { $0.owner == o.owner })?.share {
        #expect(cells[1] == Estimate.format(share.value) && cells[2] == String(share.n))
      }
    }
  }

  /// Without an owners file, or with one without hire and exit dates, the report says careers
  /// were not fitted and why, and the scenario has none.
  @Test func withoutDatesTheReportSaysWhyCareersWereNotFitted() throws {
    let asOf = CalendarDay(year: 2024, month: 12, day: 31)!
    var deals: [Opportunity] = []
    for m in 1...12 {
      deals.append(
        Opportunity(
          id: "d\(m)", owner: "bob", created: CalendarDay(year: 2024, month: m, day: 1)!,
          closed: CalendarDay(year: 2024, month: m, day: 20)!, status: m % 3 == 0 ? .won : .lost,
          stage: "deal", amount: 100))
    }
    let bare = try HistoryFit.fit(CRMExport(opportunities: deals), options: FitOptions(asOf: asOf))
    #expect(bare.careers == nil && !bare.scenarioYAML().contains("careers:"))
    let without = try FitReport.make(bare, ownersFile: false, replications: 10).html()
    #expect(without.contains("Careers were not fitted: no owners file was given (--owners)"))
    let undated = try HistoryFit.fit(
      CRMExport(opportunities: deals, owners: [Owner(owner: "bob", level: "junior")]),
      options: FitOptions(asOf: asOf))
    #expect(undated.careers == nil)
    let report = try FitReport.make(undated, ownersFile: true, replications: 10).html()
    #expect(
      report.contains(
        "Careers were not fitted: no owner in the owners file has a hire or exit date"))
    #expect(!report.contains("NaN"))
  }
}
