import ArgumentParser

/// The exit status of every `funnelsim` command: one meaning each, the same in every command
/// (docs/exit-status.md lists them).
enum ExitStatus: Int32, CaseIterable {
  /// Done: the report (or the part, or the check) was written.
  case success = 0
  /// Could not finish: an output could not be written, a submission failed, or a replication
  /// broke a conservation law (a bug). What was written says so.
  case failure = 1
  /// Refused before running: a scenario, an option, a part file or a question an analysis
  /// cannot answer. Every problem found is printed; nothing is written.
  case badInput = 2
  /// `staff`: no headcount mix meets the target with the probability asked (the report is
  /// written, with the closest mix).
  case targetNotMet = 3
  /// Stopped by Ctrl-C (SIGINT, 128 + 2): a run saved what it had done as a partial result.
  case interrupted = 130
  /// Stopped by SIGTERM (128 + 15), as a batch system stops a task: as for Ctrl-C.
  case terminated = 143

  /// What the status means, in a sentence, for `--help` and the docs.
  var meaning: String {
    switch self {
    case .success: "done"
    case .failure: "could not finish (an output not writable, a submission failed, a bug)"
    case .badInput: "bad input: the scenario, an option or an input file refused; nothing written"
    case .targetNotMet: "staff: no mix meets the target with the probability asked"
    case .interrupted: "stopped by Ctrl-C"
    case .terminated: "stopped by SIGTERM"
    }
  }
}

extension ExitCode {
  /// The exit code of `status`.
  init(_ status: ExitStatus) { self.init(status.rawValue) }
}
