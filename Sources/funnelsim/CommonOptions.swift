public import ArgumentParser
import Foundation
import FunnelSim

/// Where and how a command writes its report.
struct OutputOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Output format: table, json, csv, html (a self-contained page with charts) or xlsx (a "
        + "workbook, a sheet per table; run, compare, sweep, merge and explain; needs --output)."))
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
    if format == .xlsx && output == nil {
      throw ValidationError("--format xlsx writes a workbook file: give --output PATH.xlsx")
    }
  }

  /// Refuses `--format xlsx` in a command whose report has no workbook.
  func refuseWorkbook(in command: String) throws {
    if format == .xlsx {
      throw ValidationError(
        "--format xlsx is offered by run, compare, sweep, merge and explain, not by \(command)")
    }
  }

  /// Writes `report` in `--format`: a workbook for xlsx, else its text (see ``emit(_:alongside:)``).
  func emit(report: some RenderableReport, alongside files: [(path: String, contents: String)] = [])
    throws
  {
    guard format == .xlsx, let output else {
      return try emit(report.rendered(as: format), alongside: files)
    }
    guard let book = (report as? any WorkbookReport)?.workbook() else {
      throw CommandFailure("this report has no workbook form; use --format csv")
    }
    do {
      // AtomicFile writes text; a workbook is bytes, written to a temporary file in the same
      // folder and renamed over the target (Foundation's atomic write), after the text files.
      try AtomicFile.write(files)
      try book.data().write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch { throw CommandFailure("cannot write \(output): \(error)") }
    ResumedPartial.remove(keeping: [output] + files.map(\.path))
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

/// A failure the user can act on: printed as `Error: ...`, with its ``ExitStatus`` (by default
/// ``ExitStatus/failure``; ``ExitStatus/badInput`` for input refused before anything ran).
struct CommandFailure: Error, CustomStringConvertible {
  var description: String
  var status: ExitStatus
  init(_ description: String, status: ExitStatus = .failure) {
    self.description = description
    self.status = status
  }
}
