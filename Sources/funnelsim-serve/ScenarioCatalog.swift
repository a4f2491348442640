import Foundation
import SalesModel
import ScenarioLoading

/// The scenario files the app may read: the ones named on the command line, or else the
/// bundled `scenarios/*.yaml`. Their text is read once at start, so a request can never make
/// the server open another file.
struct ScenarioCatalog: Sendable {
  /// One readable scenario.
  struct Entry: Sendable {
    /// The identifier pages use: the file name without `.yaml`, made unique.
    var id: String
    /// The file as the user named it (reports and errors name it this way).
    var file: String
    var text: String
    var scenario: Scenario
  }

  var entries: [Entry]

  func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

  /// Reads and validates `files`; an invalid file stops the server with `validate`'s words.
  init(files: [String]) throws {
    entries = []
    for file in files {
      // The loader reads the file first, so a missing, oversized or invalid file stops the
      // server with the words `funnelsim validate` prints for it.
      let scenario: Scenario
      do { scenario = try ScenarioLoader.load(Scenario.self, contentsOf: file) } catch {
        throw ServeFailure("\(error)")
      }
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw ServeFailure("cannot read the scenario \(file)")
      }
      var id = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
      let base = id
      var n = 2
      while entries.contains(where: { $0.id == id }) {
        id = "\(base)-\(n)"
        n += 1
      }
      entries.append(Entry(id: id, file: file, text: text, scenario: scenario))
    }
  }

  /// The bundled scenarios: every `*.yaml` in `folder`, by name.
  static func bundled(in folder: String = "scenarios") throws -> [String] {
    guard
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
        .filter({ $0.hasSuffix(".yaml") }).sorted(), !names.isEmpty
    else {
      throw ServeFailure(
        "no scenario given and no \(folder)/*.yaml here: name scenario files "
          + "(funnelsim serve my-team.yaml) or start in the FunnelSim folder")
    }
    return names.map { "\(folder)/\($0)" }
  }
}

/// A problem that stops the server before it listens: printed as `error: ...`, exit status 2.
struct ServeFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
