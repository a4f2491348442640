#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in
/// the same directory, are flushed to disk, and the file is renamed over the destination.
/// A run killed midway leaves either the old file or the new one, never a torn one.
public enum AtomicFile {
  /// An error writing `path`, with the system's reason.
  public struct WriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
  }

  /// Replaces the file at `path` with `contents`.
  public static func write(_ contents: String, to path: String) throws(WriteError) {
    let directory: String
    let name: String
    if let slash = path.lastIndex(of: "/") {
      directory = String(path[..<slash].isEmpty ? "/" : path[..<slash])
      name = String(path[path.index(after: slash)...])
    } else {
      directory = "."
      name = path
    }
    var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw WriteError(path: path, reason: systemError()) }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var ok = true
    var bytes = Array(contents.utf8)
    bytes.withUnsafeMutableBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n <= 0 {
          if n < 0 && errno == EINTR { continue }
          ok = false
          return
        }
        offset += n
      }
    }
    let reason = ok ? "" : systemError()
    if ok && fsync(fd) != 0 { ok = false }
    // Temporary files from mkstemp are 0600; outputs are ordinary files.
    fchmod(fd, 0o644)
    close(fd)
    guard ok, rename(temporary, path) == 0 else {
      let why = reason.isEmpty ? systemError() : reason
      unlink(temporary)
      throw WriteError(path: path, reason: why)
    }
  }

  private static func systemError() -> String { String(cString: strerror(errno)) }
}
