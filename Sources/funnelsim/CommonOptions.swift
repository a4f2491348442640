public import ArgumentParser
import FunnelSim

/// Where and how a command writes its report.
struct OutputOptions: ParsableArguments {
  @Option(help: "Output format: table, json, csv or html (a self-contained page with charts).")
  var format: OutputFormat = .table

  @Option(
    help: ArgumentHelp(
      "Write the report to this file (atomically) instead of standard output.",
      valueName: "path"), completion: .file())
  var output: String?

  @Flag(help: "Print nothing on standard error (no progress bar, no timing).")
  var quiet = false

  /// Refuses an `--output` that would destroy something (see ``OutputPaths``).
  func validate() throws {
    if let output { try OutputPaths.check([("--output", output)]) }
  }

  /// Writes `text` to `--output` (see ``AtomicFile``) or to standard output, together with
  /// `files`: all of them or none. Then removes the partial result a `--resume` finished.
  func emit(_ text: String, alongside files: [(path: String, contents: String)] = []) throws {
    do {
      if let output {
        try AtomicFile.write([(output, text)] + files)
      } else {
        try StandardStream.writeOutput(text)
        try AtomicFile.write(files)
      }
    } catch { throw CommandFailure("\(error)") }
    ResumedPartial.remove(keeping: [output].compactMap { $0 } + files.map(\.path))
  }

  /// A note on standard error unless `--quiet`.
  func note(_ text: String) {
    if !quiet { StandardStream.error(text + "\n") }
  }
}

extension OutputFormat: ExpressibleByArgument {}

extension CompletionKind {
  /// Scenario files: YAML, completed by the shell (`funnelsim --generate-completion-script`).
  static var scenarioFile: CompletionKind { .file(extensions: ["yaml", "yml"]) }
}

/// A failure the user can act on: printed as `error: ...`, exit status 1 (2 for bad input).
struct CommandFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
