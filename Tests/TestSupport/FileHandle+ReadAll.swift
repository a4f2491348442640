import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension FileHandle {
  /// Everything until end of file, read with `read(2)` and retried when a signal interrupts it.
  ///
  /// Foundation's `readDataToEndOfFile()` traps on `EINTR`, and on Linux `Process` installs a
  /// `SIGCHLD` handler, so a test that reads one child's output while other tests' children
  /// exit can be interrupted at any time: with many command-line tests running in parallel that
  /// crashed the whole test process now and then.
  public func readAllRetryingInterrupts() -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let fd = fileDescriptor
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        data.append(contentsOf: buffer[0..<n])
      } else if n == 0 || errno != EINTR {
        return data
      }
    }
  }
}
