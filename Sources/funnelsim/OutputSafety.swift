import ArgumentParser
import FunnelSim
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Checks, before anything runs, that a command's output paths can destroy nothing: each is
/// something that may be written (see ``AtomicFile/resolve(_:)``), none is a file the command
/// line names as an input (the scenario, a part to merge), and no two are the same file.
enum OutputPaths {
  /// Options whose values are written, not read.
  static let outputOptions: Set<String> = ["--output", "--per-replication", "--report"]
  /// Options whose file is read and then may rightly be replaced (a resumed shard's part).
  static let replacedOptions: Set<String> = ["--resume"]

  /// Refuses `outputs` (option and path) that cannot or must not be written.
  static func check(_ outputs: [(option: String, path: String)]) throws(ValidationError) {
    for (i, (option, path)) in outputs.enumerated() {
      let target: AtomicFile.Target
      do { target = try AtomicFile.resolve(path) } catch {
        throw ValidationError("\(option) \(path): \(error.reason)")
      }
      guard case .file = target, let written = AtomicFile.identity(of: path) else { continue }
      for (otherOption, other) in outputs[..<i] where AtomicFile.identity(of: other) == written {
        throw ValidationError(
          "\(option) \(path) and \(otherOption) \(other) are the same file; give each its own path")
      }
      if let input = inputs().first(where: { AtomicFile.identity(of: $0) == written }) {
        throw ValidationError(
          "\(option) \(path) is the input file \(input); refusing to overwrite it")
      }
    }
    // Two new files under one name: compare the names as given, after the directory's links.
    for (i, a) in outputs.enumerated() {
      for b in outputs[..<i] where AtomicFile.identity(of: a.path) == nil && a.path == b.path {
        throw ValidationError(
          "\(a.option) and \(b.option) are both \(a.path); give each its own path")
      }
    }
  }

  /// Every word of the command line that names an existing file and is not the value of an
  /// output option: the scenarios, parts and other files the command reads.
  private static func inputs() -> [String] {
    var words = CommandLine.arguments.dropFirst(2)[...]
    var found: [String] = []
    while let word = words.popFirst() {
      if outputOptions.contains(word) || replacedOptions.contains(word) {
        _ = words.popFirst()
        continue
      }
      var candidate = word
      if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
        let option = String(word[..<equals])
        if outputOptions.contains(option) || replacedOptions.contains(option) { continue }
        candidate = String(word[word.index(after: equals)...])
      }
      var info = stat()
      if stat(candidate, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { found.append(candidate) }
    }
    return found
  }
}

/// The `--resume` file of this command: once the finished report (or part) is written it is
/// stale, and is removed so that nobody resumes or merges it again.
enum ResumedPartial {
  private static let path = Mutex<String?>(nil)

  /// Records the file `--resume` names (called while the command line is checked).
  static func register(_ resume: String) { path.withLock { $0 = resume } }

  /// Removes the resumed file unless it is one of `written` (a shard resumed in place).
  static func remove(keeping written: [String]) {
    guard let resume = path.withLock({ $0 }) else { return }
    let resumeIdentity = AtomicFile.identity(of: resume)
    if resumeIdentity == nil
      || written.contains(where: { AtomicFile.identity(of: $0) == resumeIdentity })
    {
      return
    }
    unlink(resume)
  }
}
