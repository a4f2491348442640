public import SalesModel
import ScenarioLoading
import Foundation

/// A scenario read from a file, with the overrides applied, validated and compiled: what
/// every command starts from. Library users call ``load(path:overrides:)`` and then run
/// ``model`` with a ``ReplicationRunner``.
public struct LoadedScenario: Sendable {
  /// The file as given by the user (reports name it this way).
  public var file: String
  public var overrides: [String]
  public var scenario: Scenario
  public var model: SalesModel
  /// Identifies the scenario text and overrides, so parts of different runs are not merged.
  public var fingerprint: String

  /// Reads, overrides, validates and compiles the scenario at `path`.
  ///
  /// - Throws: ``ScenarioLoadError`` listing every problem with file, line and column, or the
  ///   model's ``ScenarioInvalid`` for problems only visible when the scenario is compiled.
  public static func load(path: String, overrides: [String] = []) throws -> LoadedScenario {
    let scenario = try ScenarioLoader.load(
      Scenario.self, contentsOf: path, overrides: overrides.map(ScenarioOverride.init))
    let model = try SalesModel(scenario: scenario)
    // The loader has already refused unreadable and oversized files.
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return LoadedScenario(
      file: path, overrides: overrides, scenario: scenario, model: model,
      fingerprint: ScenarioFingerprint.of(text: text, overrides: overrides))
  }
}

extension SalesModel: ReplicationModel {}
