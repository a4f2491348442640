import Foundation
import SalesModel
import ScenarioLoading

/// Loads scenarios from the repository's scenarios/ folder and inline YAML for tests.
///
/// Decodes without validating, so a test can check what validation says about a bad value.
enum ScenarioFiles {
  static var folder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scenarios")
  }

  static func load(_ name: String) throws -> Scenario {
    let path = folder.appendingPathComponent(name + ".yaml").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try ScenarioLoader.decode(Scenario.self, text: text, file: path)
  }

  static func decode(_ yaml: String) throws -> Scenario {
    try ScenarioLoader.decode(Scenario.self, text: yaml, file: "test.yaml")
  }
}
