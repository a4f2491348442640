import Foundation
import TestSupport
import Testing

@testable import FunnelSim

/// Outputs never replace what is not a regular file, follow links, and appear all or none.
/// Device tests make their own device nodes (root only) rather than touch the system's.
@Suite struct SafeOutputTests {
  /// A character device node like /dev/null (1, 3) or /dev/full (1, 7) in `dir`, or nil when
  /// this user may not make one.
  private func device(_ name: String, minor: UInt32, in dir: TemporaryDirectory) -> String? {
    let path = dir.path + "/" + name
    let number = dev_t(1 << 8 | minor)  // makedev(1, minor)
    return mknod(path, S_IFCHR | 0o666, number) == 0 ? path : nil
  }

  private func isCharacterDevice(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
  }

  @Test func aDeviceIsWrittenDirectlyAndStaysADevice() throws {
    let dir = try TemporaryDirectory()
    guard let null = device("null", minor: 3, in: dir) else { return }
    try AtomicFile.write("report\n", to: null)
    #expect(isCharacterDevice(null))
    #expect(try dir.list() == ["null"])
  }

  @Test func aFullDeviceFailsWithTheSystemsReasonAndStaysADevice() throws {
    let dir = try TemporaryDirectory()
    guard let full = device("full", minor: 7, in: dir) else { return }
    #expect {
      try AtomicFile.write("report\n", to: full)
    } throws: { "\($0)".contains("No space left on device") }
    #expect(isCharacterDevice(full))
  }

  @Test func aSymlinkIsWrittenThroughAndStaysALink() throws {
    let dir = try TemporaryDirectory()
    try AtomicFile.write("old\n", to: dir.path + "/target.json")
    symlink("target.json", dir.path + "/link.json")
    try AtomicFile.write("new\n", to: dir.path + "/link.json")
    #expect(try dir.read("target.json") == "new\n")
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/link.json")
        == "target.json")
    // A dangling link creates its target.
    symlink("later.json", dir.path + "/dangling.json")
    try AtomicFile.write("made\n", to: dir.path + "/dangling.json")
    #expect(try dir.read("later.json") == "made\n")
  }

  @Test func aNamedPipeADirectoryAndALinkLoopAreRefused() throws {
    let dir = try TemporaryDirectory()
    mkfifo(dir.path + "/pipe", 0o644)
    symlink("loop-b", dir.path + "/loop-a")
    symlink("loop-a", dir.path + "/loop-b")
    for (name, reason) in [("pipe", "named pipe"), ("", "directory"), ("loop-a", "symbolic links")]
    {
      #expect {
        try AtomicFile.write("x", to: dir.path + "/" + name)
      } throws: { "\($0)".contains(reason) }
    }
  }

  @Test func filesOfOneWriteAppearTogetherOrNotAtAll() throws {
    let dir = try TemporaryDirectory()
    try AtomicFile.write([(dir.path + "/a.json", "a\n"), (dir.path + "/b.csv", "b\n")])
    #expect(try dir.list() == ["a.json", "b.csv"])

    // The second file cannot be written: neither is replaced and no temporary is left.
    #expect(throws: AtomicFile.WriteError.self) {
      try AtomicFile.write([
        (dir.path + "/a.json", "a2\n"), (dir.path + "/missing/b.csv", "b2\n"),
      ])
    }
    #expect(try dir.read("a.json") == "a\n")
    #expect(try dir.list() == ["a.json", "b.csv"])
  }

  @Test func twoOutputsOnOneFileAreRefused() throws {
    let dir = try TemporaryDirectory()
    symlink("a.json", dir.path + "/alias.json")
    #expect {
      try AtomicFile.write([(dir.path + "/a.json", "1"), (dir.path + "/./alias.json", "2")])
    } throws: { "\($0)".contains("same file") }
    #expect(try dir.list() == ["alias.json"])
  }

  @Test func aReplacedFileKeepsItsPermissions() throws {
    let dir = try TemporaryDirectory()
    let path = dir.path + "/private.json"
    try AtomicFile.write("old\n", to: path)
    chmod(path, 0o600)
    try AtomicFile.write("new\n", to: path)
    var info = stat()
    stat(path, &info)
    #expect(info.st_mode & 0o777 == 0o600)
  }

  @Test func standardOutputAndDescriptorNamesAreNotReplaced() throws {
    #expect(try AtomicFile.resolve("/dev/stdout") == .descriptor(STDOUT_FILENO))
    #expect(try AtomicFile.resolve("/dev/stderr") == .descriptor(STDERR_FILENO))
    #expect(try AtomicFile.resolve("/proc/self/fd/2") == .descriptor(2))
  }
}
