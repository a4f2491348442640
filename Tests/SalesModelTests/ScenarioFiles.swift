import Foundation
import SalesModel
import TestSupport
import Yams

/// Decodes bundled scenarios and inline YAML for the model's tests.
extension ScenarioFiles {
  static func load(_ name: String) throws -> Scenario {
    try decode(text(name))
  }

  static func decode(_ yaml: String) throws -> Scenario {
    try YAMLDecoder().decode(Scenario.self, from: yaml)
  }
}
