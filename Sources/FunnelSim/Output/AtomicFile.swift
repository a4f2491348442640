#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes output files so that nothing is destroyed and no reader sees half of one.
///
/// A regular file (or a name not taken yet) is written to a temporary file in the same
/// directory, flushed to disk and renamed over the destination: a run killed midway leaves
/// either the old file or the new one, never a torn one. A symbolic link is followed and its
/// target replaced the same way, so the link stays a link. Anything that is not a regular
/// file is never replaced: a character device such as `/dev/null` or a terminal is written
/// directly (that is what a user means by `--output /dev/null`), `/dev/stdout`, `/dev/stderr`
/// and `/dev/fd/N` write to that open descriptor, and named pipes, sockets, block devices and
/// directories are refused.
///
/// Several files written by one call appear together or not at all: every temporary file is
/// written and flushed first, and only then are they renamed one after another. Between two
/// renames there is a window of a few microseconds in which a `kill -9` (or a power cut) leaves
/// the first file new and the second old; nothing short of a transactional file system closes
/// it. Any failure before the renames removes every temporary file and leaves all
/// destinations as they were.
public enum AtomicFile {
  /// An error writing `path`, with the system's reason.
  public struct WriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
  }

  /// What writing to a path would do, decided from the file system before anything is written.
  public enum Target: Equatable, Sendable {
    /// Create or atomically replace the regular file at `path` (a symlink's final target).
    case file(path: String)
    /// Write directly to a character device (`/dev/null`, `/dev/full`, a terminal).
    case device(path: String)
    /// Write to a descriptor this process already has open (`/dev/stdout`, `/dev/fd/3`).
    case descriptor(Int32)
  }

  /// Replaces the file at `path` with `contents` (see ``AtomicFile`` for devices and links).
  public static func write(_ contents: String, to path: String) throws(WriteError) {
    try write([(path: path, contents: contents)])
  }

  /// Writes every file, all or none: refuses two entries that resolve to the same file, then
  /// writes every temporary file, then renames them into place.
  public static func write(_ files: [(path: String, contents: String)]) throws(WriteError) {
    var targets: [Target] = []
    var seen: [String: String] = [:]
    for (path, _) in files {
      let target = try resolve(path)
      if case .file(let real) = target {
        let key = canonical(real)
        if let earlier = seen[key] {
          throw WriteError(
            path: path,
            reason: "it is the same file as \(earlier); give each output its own path")
        }
        seen[key] = path
      }
      targets.append(target)
    }
    var staged: [(temporary: String, destination: String, given: String)] = []
    do throws(WriteError) {
      for ((path, contents), target) in zip(files, targets) {
        guard case .file(let real) = target else { continue }
        staged.append((try stage(contents, for: real, given: path), real, path))
      }
      // Devices and descriptors cannot be staged; write them before any rename so that a
      // failure there (e.g. `/dev/full`) still leaves every file untouched.
      for ((path, contents), target) in zip(files, targets) {
        switch target {
        case .file: continue
        case .device(let device): try writeDevice(contents, device, given: path)
        case .descriptor(let fd):
          if let why = writeAll(contents, to: fd) { throw WriteError(path: path, reason: why) }
        }
      }
    } catch {
      for s in staged { unlink(s.temporary) }
      throw error
    }
    for (i, s) in staged.enumerated() where rename(s.temporary, s.destination) != 0 {
      let why = systemError()
      for rest in staged[i...] { unlink(rest.temporary) }
      let done = staged[..<i].map(\.given)
      throw WriteError(
        path: s.given,
        reason: why + (done.isEmpty ? "" : " (already written: \(done.joined(separator: ", ")))"))
    }
  }

  /// Decides where `path` leads without writing anything: follows symbolic links to their
  /// final target and refuses what must not be written to.
  ///
  /// - Throws: ``WriteError`` for a directory, a named pipe, a socket, a block device, or a
  ///   chain of links that does not end.
  public static func resolve(_ path: String) throws(WriteError) -> Target {
    var current = path
    for _ in 0..<40 {
      if let fd = openDescriptor(named: current) { return .descriptor(fd) }
      var info = stat()
      guard lstat(current, &info) == 0 else {
        // A name not taken yet (or a link to one): created by the rename. A missing
        // directory is reported when the temporary file cannot be created.
        return .file(path: current)
      }
      switch info.st_mode & S_IFMT {
      case S_IFREG: return .file(path: current)
      case S_IFCHR: return .device(path: current)
      case S_IFLNK:
        guard let link = readLink(current) else {
          throw WriteError(
            path: path, reason: "cannot read the symbolic link \(current): \(systemError())")
        }
        current = link.hasPrefix("/") ? link : directoryAndName(of: current).directory + "/" + link
      case S_IFDIR: throw WriteError(path: path, reason: "it is a directory")
      case S_IFIFO:
        throw WriteError(
          path: path,
          reason:
            "it is a named pipe (FIFO); write to a regular file, or to standard output and pipe that"
        )
      case S_IFSOCK: throw WriteError(path: path, reason: "it is a socket")
      case S_IFBLK:
        throw WriteError(path: path, reason: "it is a block device; refusing to overwrite a disk")
      default: throw WriteError(path: path, reason: "it is not a regular file")
      }
    }
    throw WriteError(path: path, reason: "too many levels of symbolic links")
  }

  /// The identity (device and inode) of the existing file `path` leads to, following links;
  /// nil when nothing is there.
  public static func identity(of path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// A file's device and inode: two paths name the same file exactly when these are equal.
  public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
  }

  // MARK: - Internals

  /// `/dev/stdout`, `/dev/stderr`, `/dev/stdin`, `/dev/fd/N`, `/proc/self/fd/N`: descriptors
  /// of this process. Renaming over them would replace whatever they point at (a terminal's
  /// device node, or the file the shell redirected into), so they are written directly.
  private static func openDescriptor(named path: String) -> Int32? {
    switch path {
    case "/dev/stdout": return STDOUT_FILENO
    case "/dev/stderr": return STDERR_FILENO
    default: break
    }
    for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/\(getpid())/fd/"]
    where path.hasPrefix(prefix) {
      if let n = Int32(path.dropFirst(prefix.count)), fcntl(n, F_GETFD) != -1 { return n }
    }
    return nil
  }

  /// `path` with its directory's links and dots resolved, to tell two spellings of one file.
  private static func canonical(_ path: String) -> String {
    let (directory, name) = directoryAndName(of: path)
    guard let real = realpath(directory, nil) else { return path }
    defer { free(real) }
    return String(cString: real) + "/" + name
  }

  private static func directoryAndName(of path: String) -> (directory: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let directory = path[..<slash]
    return (directory.isEmpty ? "/" : String(directory), String(path[path.index(after: slash)...]))
  }

  private static func readLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Writes `contents` to a new temporary file beside `destination`, flushed to disk, with
  /// the destination's permissions (0644 for a new file); returns its path.
  private static func stage(_ contents: String, for destination: String, given: String)
    throws(WriteError)
    -> String
  {
    let (directory, name) = directoryAndName(of: destination)
    var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw WriteError(path: given, reason: systemError()) }
    let temporary = String(
      decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var why = writeAll(contents, to: fd)
    if why == nil && fsync(fd) != 0 { why = systemError() }
    // Temporary files from mkstemp are 0600; keep a replaced file's mode, else an ordinary one.
    var existing = stat()
    let mode = stat(destination, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
    fchmod(fd, mode)
    if close(fd) != 0 && why == nil { why = systemError() }
    if let why {
      unlink(temporary)
      throw WriteError(path: given, reason: why)
    }
    return temporary
  }

  private static func writeDevice(_ contents: String, _ device: String, given: String)
    throws(WriteError)
  {
    let fd = open(device, O_WRONLY | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw WriteError(path: given, reason: systemError()) }
    var why = writeAll(contents, to: fd)
    if close(fd) != 0 && why == nil { why = systemError() }
    if let why { throw WriteError(path: given, reason: why) }
  }

  /// Writes every byte of `contents` to `fd`, waiting out a full pipe on a non-blocking one;
  /// returns the system's reason on failure.
  static func writeAll(_ contents: String, to fd: Int32) -> String? {
    var bytes = Array(contents.utf8)
    return bytes.withUnsafeMutableBytes { raw -> String? in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
          var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
          _ = poll(&waiting, 1, -1)
          continue
        }
        if n < 0 { return systemError() }
        if n == 0 { return "the write made no progress" }
        offset += n
      }
      return nil
    }
  }

  private static func systemError() -> String { String(cString: strerror(errno)) }
}

extension AtomicFile {
  /// The public face of ``writeAll(_:to:)`` for standard output and error.
  ///
  /// - Returns: the system's reason when not every byte could be written, else nil.
  public static func writeAll(_ contents: String, toDescriptor fd: Int32) -> String? {
    writeAll(contents, to: fd)
  }
}
