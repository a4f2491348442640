import Foundation
import TestSupport
import Testing

/// The what-if app in a real browser: headless Chromium, driven through chromedriver's
/// WebDriver HTTP API by `browser_check.py` (Python's standard library only). The page is
/// opened, a headcount changed, the charts must change, and a bad value must show
/// `validate`'s words by its field.
///
/// Chromium and chromedriver come from `scripts/install-browser.sh`. Without them the test is
/// skipped on a developer's machine; under CI (`CI` set) it runs and fails instead.
/// `FUNNELSIM_SERVE_SCREENSHOTS=DIR` keeps the screenshots (docs/images holds them).
@Suite struct ServeBrowserTests {
  static func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static let driver = tool("chromedriver")
  static let underCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

  @Test(
    .enabled(
      if: (driver != nil && tool("chromium") != nil) || underCI,
      "Chromium or chromedriver is missing: run scripts/install-browser.sh to include this test"))
  func aDirectorChangesAHeadcountAndSeesTheChartsAndTheErrors() async throws {
    let chromedriver = try #require(
      Self.driver, "CI is set but chromedriver is not on the PATH: run scripts/install-browser.sh")
    let server = try AppServerProcess()
    let driverPort = 20_000 + Int(getpid() % 20_000)
    let driver = Process()
    driver.executableURL = URL(fileURLWithPath: chromedriver)
    driver.arguments = ["--port=\(driverPort)", "--allowed-ips=127.0.0.1"]
    driver.standardOutput = FileHandle.nullDevice
    driver.standardError = FileHandle.nullDevice
    try driver.run()
    // chromedriver keeps SIGTERM blocked when started from a test (it inherits the blocked
    // signals of the test's thread), so only SIGKILL ends it; the script has closed its browser.
    defer {
      kill(driver.processIdentifier, SIGKILL)
      driver.waitUntilExit()
    }

    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("browser_check.py").path
    let check = Process()
    check.executableURL = URL(fileURLWithPath: Self.tool("python3") ?? "/usr/bin/python3")
    check.arguments =
      [script, "http://127.0.0.1:\(driverPort)", server.address.absoluteString]
      + [ProcessInfo.processInfo.environment["FUNNELSIM_SERVE_SCREENSHOTS"]].compactMap { $0 }
    let out = Pipe()
    check.standardOutput = out
    check.standardError = out
    try check.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    check.waitUntilExit()
    #expect(check.terminationStatus == 0, "\(text)")
    #expect(text.contains("ok: the error by the field says"), "\(text)")
    #expect(!text.contains("FAIL"), "\(text)")
  }
}
