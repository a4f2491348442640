import ArgumentParser
import Foundation

/// `funnelsim-serve`, started by `funnelsim serve`: the what-if web app on a local server.
@main
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "funnelsim-serve",
    abstract: "The what-if web app: edit a scenario in a browser, run, compare variants.",
    discussion: """
      Serves the given scenario files, or else every scenarios/*.yaml of the current \
      directory, and reads no other file. Listens on 127.0.0.1 only unless --host names \
      another address, which needs --token. Writes nothing on disk: variants live in the page \
      and download as YAML. See docs/serve.md.
      """)

  @Argument(help: "Scenario files the app offers (default: scenarios/*.yaml).")
  var scenarios: [String] = []

  @Option(help: "Port to listen on (0: any free port, printed at start).")
  var port: Int = 8080

  @Option(help: "Address to listen on. Anything but 127.0.0.1, localhost or ::1 needs --token.")
  var host = "127.0.0.1"

  @Option(help: "A secret every request must carry (the printed address includes it).")
  var token: String?

  @Option(help: "Worker threads of each run (default: all cores).")
  var threads: Int?

  @Option(
    name: .customLong("max-replications"),
    help: "The most replications of one run (each variant of a comparison runs this many).")
  var maximumReplications = 20_000

  static let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]

  /// Parses and runs; an option the parser or `validate()` refuses is bad input, status 2, as
  /// in every `funnelsim` command (docs/exit-status.md).
  static func main() async {
    do {
      let command = try parse()
      try await command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  func validate() throws {
    guard (0...65_535).contains(port) else {
      throw ValidationError("--port must be from 0 to 65535 (got \(port))")
    }
    if !Self.loopback.contains(host) && (token ?? "").isEmpty {
      throw ValidationError(
        "--host \(host) makes the app reachable from other machines: give --token SECRET too, "
          + "or keep the default 127.0.0.1")
    }
    if let token, token.count < 16 {
      throw ValidationError("--token must be at least 16 characters (got \(token.count))")
    }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1 (got \(threads))")
    }
    guard (2...100_000_000).contains(maximumReplications) else {
      throw ValidationError(
        "--max-replications must be from 2 to 100000000 (got \(maximumReplications))")
    }
  }

  func run() async throws {
    let catalog: ScenarioCatalog
    do {
      catalog = try ScenarioCatalog(
        files: scenarios.isEmpty ? try ScenarioCatalog.bundled() : scenarios)
    } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      throw ExitCode(2)
    }
    var limits = WhatIfApp.Limits()
    limits.maximumReplications = maximumReplications
    let app = WhatIfApp(catalog: catalog, limits: limits, token: token, threads: threads)
    try await AppServer.run(app, host: host, port: port) { boundPort in
      let shown = host.contains(":") ? "[\(host)]" : host
      let address = "http://\(shown):\(boundPort)/" + (token.map { "?token=\($0)" } ?? "")
      // The first line of standard output is the address: scripts and tests read it, so it
      // is written at once, not buffered.
      FileHandle.standardOutput.write(
        Data(
          ("FunnelSim what-if app: \(address)\n"
            + "Scenarios: \(catalog.entries.map(\.file).joined(separator: ", ")). Ctrl-C stops.\n")
            .utf8))
    }
  }
}
