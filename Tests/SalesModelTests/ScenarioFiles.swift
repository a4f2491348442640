import Foundation
import SalesModel
import ScenarioLoading
import TestSupport

/// Decodes bundled scenarios and inline YAML for the model's tests, without validating, so a
/// test can check what validation says about a bad value.
extension ScenarioFiles {
  static func load(_ name: String) throws -> Scenario {
    try ScenarioLoader.decode(Scenario.self, text: text(name), file: path(name + ".yaml"))
  }

  static func decode(_ yaml: String) throws -> Scenario {
    try ScenarioLoader.decode(Scenario.self, text: yaml, file: "test.yaml")
  }
}
