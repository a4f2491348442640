import Foundation

/// The repository's folders and bundled scenarios, found from this source file's path so that
/// tests read them whatever directory they run from.
public enum ScenarioFiles {
  /// The package root: the folder holding `Package.swift`, `scenarios/` and `docs/`.
  public static let packageRoot: URL = {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path)
    {
      dir.deleteLastPathComponent()
    }
    return dir
  }()

  /// The folder of bundled scenarios.
  public static var folder: URL { packageRoot.appendingPathComponent("scenarios") }

  /// The path of a bundled scenario file, e.g. `path("b2b-consulting.yaml")`.
  public static func path(_ file: String) -> String {
    folder.appendingPathComponent(file).path
  }

  /// The text of a bundled scenario, by name without `.yaml`.
  public static func text(_ name: String) throws -> String {
    try String(contentsOfFile: path(name + ".yaml"), encoding: .utf8)
  }
}
