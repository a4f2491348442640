import CRMFit
import Foundation
import Testing

/// Careers from the owners file (docs/calibration.md, "Careers"): exits over the months at
/// risk, refills, and only what was known on the as-of date.
@Suite struct CareerFitTests {
  static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }

  /// A small team: one junior left mid-year and was replaced a month later; a senior left
  /// after the as-of date; Bob and Dee close a deal a month, the first on 2024-01-20: exits are
  /// counted from that day, as leads are.
  static func export() -> CRMExport {
    let owners = [
      Owner(owner: "ann", level: "junior", hired: day(2023, 6, 1), exited: day(2024, 7, 1)),
      Owner(owner: "bob", level: "junior", hired: day(2022, 1, 1)),
      Owner(owner: "cid", level: "junior", hired: day(2024, 8, 1)),
      Owner(owner: "dee", level: "senior", hired: day(2020, 1, 1), exited: day(2025, 2, 1)),
    ]
    var deals: [Opportunity] = []
    for m in 1...12 {
      for o in ["bob", "dee"] {
        deals.append(
          Opportunity(
            id: "\(o)\(m)", owner: o, created: day(2024, m, 1), closed: day(2024, m, 20),
            status: m % 3 == 0 ? .won : .lost, stage: "deal", amount: 100))
      }
    }
    // Ann still holds a deal open: she has a seat per owner, but an empty one.
    deals.append(
      Opportunity(id: "ann1", owner: "ann", created: day(2024, 6, 1), closed: nil, status: .open, stage: "deal"))
    return CRMExport(opportunities: deals, owners: owners)
  }

  @Test func exitsPerPersonMonthAreCountedFromTheFirstClose() throws {
    let asOf = Self.day(2024, 12, 31)
    let fit = try HistoryFit.fit(Self.export(), options: FitOptions(asOf: asOf))
    let careers = try #require(fit.careers)
    let time = ModelTime()
    func months(_ a: CalendarDay, _ b: CalendarDay) -> Double {
      time.months(calendarDays: Double(b.daysSinceEpoch - a.daysSinceEpoch))
    }
    // Ann is at risk from the first close (not from her hire) to her exit; Dee's exit after
    // the as-of date is not known then.
    let junior = try #require(careers.levels.first { $0.level == "junior" })
    let juniorMonths =
      months(Self.day(2024, 1, 20), Self.day(2024, 7, 1)) + months(Self.day(2024, 1, 20), asOf)
      + months(Self.day(2024, 8, 1), asOf)
    #expect(abs(junior.personMonths - juniorMonths) < 1e-9)
    #expect(junior.hazard.n == 1)
    #expect(abs(junior.hazard.value - 1 / juniorMonths) < 1e-12)
    #expect(junior.hazard.lower < junior.hazard.value && junior.hazard.value < junior.hazard.upper)
    let senior = try #require(careers.levels.first { $0.level == "senior" })
    #expect(senior.hazard.n == 0 && senior.hazard.value == 0 && senior.hazard.upper > 0)
    #expect(careers.team.hazard.n == 1)
    // Cid was hired 31 days after Ann left: one refill.
    #expect(careers.refilled == 1 && careers.refills)
    let delay = try #require(careers.timeToHireDays)
    #expect(abs(delay.value - time.workingDays(calendarDays: 31)) < 1e-9)
    // The written scenario carries the levels' annual rates and the refills.
    let yaml = fit.scenarioYAML()
    let rate = CareerFit.LevelExits.annualRate(hazard: junior.hazard.value)
    #expect(yaml.contains("attrition_annual_rate: \(Estimate.format(rate))"))
    #expect(yaml.contains("hiring: {time_to_hire_days: "))
  }

  @Test func perOwnerSeatsLeaveAtTheirLevelsHazardAndAreNotRefilled() throws {
    let fit = try HistoryFit.fit(Self.export(), options: FitOptions(asOf: Self.day(2024, 12, 31)))
    var settings = HistoryFit.RunSettings()
    settings.perOwner = true
    let yaml = fit.scenarioYAML(settings)
    #expect(yaml.contains("attrition: {annual_rate: "))
    #expect(!yaml.contains("hiring: {"))
    // Ann left before the as-of date: her seat is empty.
    let seats = fit.seats(perOwner: true)
    #expect(seats.first { $0.owner == "ann" }?.headcount == 0)
    #expect(seats.first { $0.owner == "bob" }?.headcount == 1)
  }

  @Test func withoutHireOrExitDatesThereAreNoCareers() throws {
    var export = Self.export()
    export.owners = export.owners.map { Owner(owner: $0.owner, level: $0.level) }
    let fit = try HistoryFit.fit(export, options: FitOptions(asOf: Self.day(2024, 12, 31)))
    #expect(fit.careers == nil)
    #expect(!fit.scenarioYAML().contains("careers:"))
  }
}
