import Foundation
import SalesModel
import TestSupport
import Testing

@testable import FunnelSim

/// Opens a rendered report in a real headless Chromium and checks, from inside the page,
/// that every chart was laid out with a size and that every data mark was drawn.
///
/// Chromium comes from `scripts/install-browser.sh`. Without it the test is skipped on a
/// developer's machine, but under CI (`CI` set) it runs and fails, so a missing browser can
/// never pass for a rendered report.
@Suite struct HTMLReportBrowserTests {
  static let chromium: String? = {
    if let forced = ProcessInfo.processInfo.environment["FUNNELSIM_CHROMIUM"], !forced.isEmpty {
      return forced
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for dir in path.split(separator: ":")
      where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
        return "\(dir)/\(name)"
      }
    }
    return nil
  }()

  static let underCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

  /// Measures every chart once the page has loaded and writes the counts on `<body>`.
  /// It is added to the test's copy only: reports themselves carry no script.
  static let probe = """
    <script>
    (function () {
      var charts = document.querySelectorAll('svg.chart'), ok = 0, failed = [], texts = 0;
      charts.forEach(function (svg, i) {
        var box = svg.getBoundingClientRect(), marks = svg.querySelectorAll('.mark'), drawn = 0;
        marks.forEach(function (m) { var b = m.getBBox(); if (b.width > 0 || b.height > 0) drawn++; });
        svg.querySelectorAll('text').forEach(function (t) { if (t.getComputedTextLength() > 0) texts++; });
        if (box.width > 0 && box.height > 0 && marks.length > 0 && drawn === marks.length) ok++;
        else failed.push((svg.getAttribute('data-chart') || 'chart') + '#' + i);
      });
      document.body.setAttribute('data-charts', String(charts.length));
      document.body.setAttribute('data-rendered', String(ok));
      document.body.setAttribute('data-texts', String(texts));
      document.body.setAttribute('data-failed', failed.join(' '));
    })();
    </script>
    """

  @Test(
    .enabled(
      if: chromium != nil || underCI,
      "Chromium is not installed: run scripts/install-browser.sh to include the browser test"))
  func everyChartRendersInHeadlessChromium() throws {
    let browser = try #require(
      Self.chromium,
      "CI is set but no Chromium is on the PATH: run scripts/install-browser.sh first")
    let html = HTMLReport.render(run: SyntheticRun.report())
    if let keep = ProcessInfo.processInfo.environment["FUNNELSIM_SAMPLE_REPORT"], !keep.isEmpty {
      try html.write(toFile: keep, atomically: true, encoding: .utf8)  // for the README's picture
    }
    let dir = try TemporaryDirectory()
    let page = dir.path + "/report.html"
    let probed = html.replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>")
    try probed.write(toFile: page, atomically: true, encoding: .utf8)

    let dom = try Self.dumpDOM(browser: browser, page: page, profile: dir.path + "/profile")
    let body = try #require(
      dom.range(of: "<body").map { dom[$0.lowerBound...].prefix { $0 != ">" } })
    func attribute(_ name: String) -> String? {
      guard let r = body.range(of: " \(name)=\"") else { return nil }
      return String(body[r.upperBound...].prefix { $0 != "\"" })
    }
    let expected = html.components(separatedBy: "<svg ").count - 1
    #expect(expected == 12 + SeriesMetric.perLevel.count)
    #expect(attribute("data-charts") == String(expected), "the probe did not run: \(body)")
    #expect(attribute("data-rendered") == String(expected))
    #expect(attribute("data-failed") == "")
    #expect((attribute("data-texts").flatMap { Int($0) } ?? 0) > 100)
  }

  /// The page's DOM after load, as Chromium prints it with `--dump-dom`.
  static func dumpDOM(browser: String, page: String, profile: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--user-data-dir=\(profile)", "--window-size=1200,2400", "--dump-dom",
      URL(fileURLWithPath: page).absoluteString,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // A browser that hangs must not hang the test run: stop it after two minutes.
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
    let data = output.fileHandleForReading.readAllRetryingInterrupts()
    process.waitUntilExit()
    watchdog.cancel()
    return String(decoding: data, as: UTF8.self)
  }
}
