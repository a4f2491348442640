import SalesModel
import Stochastic
import Testing

@testable import ScenarioLoading

/// The real `Distribution` decoded through the scenario loader: both spellings, and errors
/// located at the offending key.
private struct Durations: Decodable, ValidatedDocument {
  var call: Distribution
  var meeting: Distribution
  func validate(into report: inout ValidationReport) {}
}

@Suite struct LoadingDistributionTests {
  @Test func bareNumbersAndMappingsBothDecode() throws {
    let d = try ScenarioLoader.load(
      Durations.self,
      text: "call: 0.5\nmeeting: {distribution: lognormal, mean: 2, sd: 1}\n", file: "d.yaml")
    #expect(d.call == .constant(0.5))
    #expect(d.meeting == .lognormal(mean: 2, sd: 1))
  }

  @Test func aBadParameterIsReportedAtItsLine() {
    #expect {
      _ = try ScenarioLoader.load(
        Durations.self,
        text: "call: 0.5\nmeeting:\n  distribution: lognormal\n  mean: 2\n  sd: -1\n",
        file: "d.yaml")
    } throws: { error in
      let text = "\(error)"
      return text.contains("d.yaml:5:") && text.contains("meeting.sd")
    }
  }
}

/// A missing required list or leaf does not hide the file's other errors.
private struct Team: Decodable, ValidatedDocument {
  struct Member: Decodable {
    var name: String
    var salary: Double
  }
  var segments: [String]
  var title: String
  var members: [Member]
  func validate(into report: inout ValidationReport) {}
}

@Suite struct LoadingMissingKeyTests {
  @Test func missingListsAndLeavesAreReportedWithTheOtherErrors() {
    #expect {
      _ = try ScenarioLoader.load(
        Team.self, text: "members:\n  - name: a\n    salery: 5\n", file: "t.yaml")
    } throws: { error in
      let text = "\(error)"
      return text.contains("t.yaml:1:1: segments: required key is missing")
        && text.contains("t.yaml:1:1: title: required key is missing")
        && text.contains("salery: unknown key 'salery'; did you mean 'salary'?")
    }
  }
}
