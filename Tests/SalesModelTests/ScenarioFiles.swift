import Foundation
import SalesModel
import Yams

/// Loads scenarios from the repository's scenarios/ folder and inline YAML for tests.
enum ScenarioFiles {
  static var folder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scenarios")
  }

  static func load(_ name: String) throws -> Scenario {
    let text = try String(
      contentsOf: folder.appendingPathComponent(name + ".yaml"), encoding: .utf8)
    return try YAMLDecoder().decode(Scenario.self, from: text)
  }

  static func decode(_ yaml: String) throws -> Scenario {
    try YAMLDecoder().decode(Scenario.self, from: yaml)
  }
}
