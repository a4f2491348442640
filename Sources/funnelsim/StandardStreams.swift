#if canImport(Glibc)
  import Glibc
#endif

/// Unbuffered writes to standard error and output (the C `FILE*` globals are not
/// concurrency-safe in Swift 6; the file descriptors are).
enum StandardStream {
  static func error(_ text: String) { write(text, to: STDERR_FILENO) }
  static func output(_ text: String) { write(text, to: STDOUT_FILENO) }

  static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  private static func write(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
      }
    }
  }
}
