import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `funnelsim serve`: hands over to the `funnelsim-serve` program beside this one, which holds
/// the web server, so that `funnelsim` itself never builds or links an HTTP stack.
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Open the what-if web app: edit a scenario in a browser, run, compare variants.",
    discussion: """
      Starts a local web server (127.0.0.1:8080 by default) serving the given scenario files, or \
      the bundled scenarios/*.yaml. It is the separate program funnelsim-serve; build it with \
      `swift build --product funnelsim-serve`. See docs/serve.md. Arguments: \
      [SCENARIO ...] [--port N] [--host ADDRESS --token TOKEN] [--threads N] \
      [--max-replications N].
      """)

  @Argument(
    parsing: .captureForPassthrough,
    help: "Scenario files and options, passed to funnelsim-serve (see funnelsim-serve --help).")
  var arguments: [String] = []

  /// The directory of the running `funnelsim`, where SwiftPM also puts `funnelsim-serve`.
  static var ownDirectory: URL {
    let own = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    return own.resolvingSymlinksInPath().deletingLastPathComponent()
  }

  func run() throws {
    let server = Self.ownDirectory.appendingPathComponent("funnelsim-serve").path
    guard FileManager.default.isExecutableFile(atPath: server) else {
      throw CommandFailure(
        "funnelsim serve needs the program funnelsim-serve next to funnelsim (\(server) is "
          + "missing); build it with: swift build --product funnelsim-serve")
    }
    let argv = ["funnelsim-serve"] + arguments
    var cArguments = argv.map { strdup($0) } + [nil]
    execv(server, &cArguments)
    throw CommandFailure("cannot start \(server): \(String(cString: strerror(errno)))")
  }
}
