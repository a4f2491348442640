public import ArgumentParser
import FunnelSim

/// Where and how a command writes its report.
struct OutputOptions: ParsableArguments {
  @Option(help: "Output format: table, json, csv or html (a self-contained page with charts).")
  var format: OutputFormat = .table

  @Option(
    help: ArgumentHelp(
      "Write the report to this file (atomically) instead of standard output.",
      valueName: "path"))
  var output: String?

  @Flag(help: "Print nothing on standard error (no progress bar, no timing).")
  var quiet = false

  /// Writes `text` to `--output` atomically, or to standard output.
  func emit(_ text: String) throws {
    if let output {
      do { try AtomicFile.write(text, to: output) } catch { throw CommandFailure("\(error)") }
    } else {
      StandardStream.output(text)
    }
  }

  /// A note on standard error unless `--quiet`.
  func note(_ text: String) {
    if !quiet { StandardStream.error(text + "\n") }
  }
}

extension OutputFormat: ExpressibleByArgument {}

/// A failure the user can act on: printed as `error: ...`, exit status 1 (2 for bad input).
struct CommandFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
