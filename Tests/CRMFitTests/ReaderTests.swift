import CRMFit
import TestSupport
import Testing

@Suite struct ReaderTests {
  @Test func headersAndStatusValuesAreMappedAndDayFirstDatesDetected() throws {
    let dir = try TemporaryDirectory()
    try dir.write(
      "deals.csv",
      """
      deal_no,sales_agent,engage_date,close_date,deal_stage,close_value
      1,anna,03.01.2025,20.01.2025,Won,1200
      2,boris,04.01.2025,25.01.2025,Lost,
      3,anna,13.02.2025,,Engaging,
      4,boris,14.02.2025,,Prospecting,0

      """)
    var options = CRMReadOptions()
    for c in ["id=deal_no", "owner=sales_agent", "created=engage_date", "status=deal_stage",
              "stage=deal_stage", "amount=close_value"] {
      try options.addColumn(c)
    }
    options.won = ["Won"]
    options.lost = ["Lost"]
    let export = try CRMReader.read(opportunities: dir.file("deals.csv"), options: options)
    #expect(export.problems.isEmpty)
    #expect(export.opportunities.map(\.status) == [.won, .lost, .open, .open])
    #expect(export.opportunities[0].created == CalendarDay(year: 2025, month: 1, day: 3))
    #expect(export.opportunities[0].closed == CalendarDay(year: 2025, month: 1, day: 20))
    #expect(export.opportunities[0].amount == 1200)
    #expect(export.opportunities[1].amount == nil)
    #expect(export.opportunities[2].stage == "Engaging")
    #expect(export.opportunities.map(\.row) == [2, 3, 4, 5])
  }

  @Test func salesforcePresetReadsMonthFirstDatesAndClosedStages() throws {
    let dir = try TemporaryDirectory()
    try dir.write(
      "report.csv",
      """
      Opportunity ID,Opportunity Owner,Created Date,Close Date,Stage,Amount,Type,Lead Source,Account Name
      006A,Jane Roe,01/31/2025,02/15/2025,Closed Won,"12,500.00",New Business,Web,Acme
      006B,Jane Roe,02/01/2025,02/20/2025,Closed Lost,,New Business,Partner,Initech
      006C,John Doe,02/03/2025,03/31/2025,Negotiation,9000,Existing Business,Web,Umbrella

      """)
    let export = try CRMReader.read(
      opportunities: dir.file("report.csv"), options: CRMReadOptions(preset: .salesforce))
    #expect(export.problems.isEmpty)
    let o = export.opportunities
    #expect(o.map(\.status) == [.won, .lost, .open])
    #expect(o[0].amount == 12_500)
    #expect(o[0].created == CalendarDay(year: 2025, month: 1, day: 31))
    // `Closed Won` is a status, not a funnel stage.
    #expect(o[0].stage == "")
    #expect(o[2].stage == "Negotiation")
    // An open deal's expected close date is not a close.
    #expect(o[2].closed == nil)
    #expect(o[1].channel == "Partner" && o[1].account == "Initech")
  }

  @Test func badRowsAreReportedByRowAndColumnAndCounted() throws {
    let dir = try TemporaryDirectory()
    try dir.write(
      "opportunities.csv",
      """
      id,owner,created,close_date,status,stage,amount,segment,channel,account
      1,a,2025-01-02,2025-01-20,won,s,100,,,
      2,a,2025-13-02,,open,s,,,,
      3,,2025-01-05,,open,s,,,,
      4,a,2025-01-06,2025-01-30,won,s,ten,,,
      5,a,2025-01-07,,lost,s,,,,
      6,a,2025-01-08,2025-01-01,lost,s,,,,

      """)
    let export = try CRMReader.read(opportunities: dir.file("opportunities.csv"))
    #expect(export.opportunities.map(\.id) == ["1"])
    #expect(export.problems.map(\.row) == [3, 4, 5, 6, 7])
    #expect(export.problems.map(\.column) == ["created", "owner", "amount", "close_date", "close_date"])
    #expect(export.problems[0].description.contains("row 3, column 'created'"))
    #expect(throws: CRMReadError.self) {
      var strict = CRMReadOptions()
      strict.strict = true
      _ = try CRMReader.read(opportunities: dir.file("opportunities.csv"), options: strict)
    }
  }

  @Test func datesThatReadBothWaysAskForTheFormat() throws {
    let dir = try TemporaryDirectory()
    let text = """
      id,owner,created,close_date,status
      1,a,01/02/2025,03/04/2025,won
      2,a,05/06/2025,,open

      """
    try dir.write("o.csv", text)
    do {
      _ = try CRMReader.read(opportunities: dir.file("o.csv"))
      Issue.record("ambiguous dates were read")
    } catch {
      #expect("\(error)".contains("--date-format"))
    }
    var options = CRMReadOptions()
    options.dateFormat = .monthFirst
    let export = try CRMReader.read(opportunities: dir.file("o.csv"), options: options)
    #expect(export.opportunities[0].created == CalendarDay(year: 2025, month: 1, day: 2))
  }

  @Test func aMissingColumnNamesTheFieldAndTheHeaders() throws {
    let dir = try TemporaryDirectory()
    try dir.write("o.csv", "id,agent,created,status\n1,a,2025-01-01,open\n")
    do {
      _ = try CRMReader.read(opportunities: dir.file("o.csv"))
      Issue.record("a missing owner column was accepted")
    } catch {
      #expect("\(error)".contains("no column 'owner'"))
      #expect("\(error)".contains("--column owner=HEADER"))
    }
  }

  @Test func calendarDaysRoundTrip() {
    for d in stride(from: -1000, to: 30000, by: 37) {
      let day = CalendarDay(daysSinceEpoch: d)
      let c = day.components
      #expect(CalendarDay(year: c.year, month: c.month, day: c.day) == day)
      #expect(CalendarDay.iso(day.description) == day)
    }
    #expect(CalendarDay(year: 2024, month: 2, day: 29) != nil)
    #expect(CalendarDay(year: 2025, month: 2, day: 29) == nil)
  }
}
