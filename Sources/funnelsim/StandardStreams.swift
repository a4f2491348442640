import FunnelSim

#if canImport(Glibc)
  import Glibc
#endif

/// Unbuffered writes to standard error and output (the C `FILE*` globals are not
/// concurrency-safe in Swift 6; the file descriptors are).
enum StandardStream {
  static func error(_ text: String) { _ = AtomicFile.writeAll(text, toDescriptor: STDERR_FILENO) }

  /// Writes `text` to standard output, or ends the process with status 1 and a message when
  /// it cannot (`> /dev/full`, a closed pipe with SIGPIPE ignored): a lost report must never
  /// look like success.
  static func output(_ text: String) {
    do { try writeOutput(text) } catch {
      StandardStream.error("error: \(error)\n")
      exit(1)
    }
  }

  /// Writes `text` to standard output; throws with the system's reason when not every byte
  /// could be written.
  static func writeOutput(_ text: String) throws(CommandFailure) {
    if let why = AtomicFile.writeAll(text, toDescriptor: STDOUT_FILENO) {
      throw CommandFailure("cannot write to standard output: \(why)")
    }
  }

  static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
