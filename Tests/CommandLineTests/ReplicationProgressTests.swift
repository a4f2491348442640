import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// One replication long enough to take seconds: it shows its progress in simulated months as
/// it runs, and SIGTERM stops it without waiting for its end.
@Suite(.serialized) struct ReplicationProgressTests {
  let scenario = FunnelSimProcess.scenario("b2b-consulting.yaml")

  /// One replication of b2b-consulting that grows with `size`: `size` years (the file's
  /// event batches need at least one), then more juniors once the horizon is at its
  /// 1,200-month limit.
  func oneLongReplication(_ size: Int) -> [String] {
    let months = 12 * size
    let juniors = max(3, 3 * months / 1_200)
    return [
      "run", scenario, "--replications", "1", "--format", "json",
      "--set", "horizon_months=\(min(1_200, months))",
      "--set", "levels.junior.headcount=\(juniors)",
      "--set", "levels.junior.headcount_plan=\(juniors)",
    ]
  }

  /// The simulated months the progress bar has shown so far, in order.
  static func monthsShown(_ error: String) -> [Int] {
    error.split(separator: "\r").compactMap { line -> Int? in
      guard let range = line.range(of: " simulated months") else { return nil }
      let counts = line[..<range.lowerBound].split(separator: " ").last ?? ""
      return counts.split(separator: "/").first.flatMap { Int($0) }
    }
  }

  /// Starts `command(size)` and waits until `ready` holds for its progress so far, while it
  /// still runs. The size was measured while other tests shared the machine, so a run can end
  /// before its bar shows: then what it wrote is removed and a run four times as long is
  /// tried, up to four times.
  func startedLongRun(
    size: Int, _ command: (Int) -> [String], cleanUp: () -> Void,
    ready: (String) -> Bool
  ) throws -> (arguments: [String], running: InterruptibleProcess) {
    var size = size
    for _ in 0..<4 {
      let arguments = command(size)
      let running = try InterruptibleProcess(arguments)
      let deadline = Date().addingTimeInterval(120)
      while !ready(running.error), running.process.isRunning, Date() < deadline {
        Thread.sleep(forTimeInterval: 0.05)
      }
      if running.process.isRunning { return (arguments, running) }
      _ = running.wait()
      cleanUp()
      size *= 4
    }
    throw POSIXError(.ETIMEDOUT)
  }

  @Test func aLongReplicationShowsItsMonthsAndSigtermStopsItMidway() throws {
    let dir = try TemporaryDirectory()
    // The bar moves while the only replication runs: two different month counts.
    let (arguments, running) = try startedLongRun(
      size: try FunnelSimProcess.replications(lasting: 8, oneLongReplication),
      { oneLongReplication($0) + ["--output", dir.file("report.json")] },
      cleanUp: { try? FileManager.default.removeItem(atPath: dir.file("report.json")) },
      ready: { Set(Self.monthsShown($0)).count >= 2 })
    let shown = Self.monthsShown(running.error)
    #expect(Set(shown).count >= 2, "\(running.error)")
    #expect(shown == shown.sorted())
    #expect(running.error.contains("0/1 replications"))

    running.signal(SIGTERM)
    let stopped = running.wait()
    #expect(stopped.status == 143, "\(stopped.error)")
    #expect(stopped.error.contains("interrupted: 0 of 1 replications done"))
    let partial = try dir.read("report.json.partial.json")
    #expect(partial.contains("\"interrupted\":true"))

    // The stopped replication is simulated again from its start: the same report.
    let resumed = try FunnelSimProcess.run(
      arguments + ["--resume", dir.file("report.json.partial.json"), "--quiet"])
    #expect(resumed.status == 0, "\(resumed.error)")
    let straight = try FunnelSimProcess.run(Array(arguments.dropLast(2)) + ["--quiet"])
    #expect(try dir.read("report.json") == straight.output)
  }

  /// `report` says how to resume when it is stopped, and the command it prints works: the
  /// resumed page is the page of a run that was never stopped.
  @Test func anInterruptedReportResumesWithTheCommandItPrints() throws {
    let dir = try TemporaryDirectory()
    let page = dir.file("report.html")
    // The run's arguments without its command and its `--format json`.
    func reportCommand(_ size: Int) -> [String] {
      let settings = oneLongReplication(size).dropFirst()
        .filter { !["--format", "json"].contains($0) }
      return ["report"] + settings + ["--output", page]
    }
    let (arguments, running) = try startedLongRun(
      size: try FunnelSimProcess.replications(lasting: 8, oneLongReplication), reportCommand,
      cleanUp: { try? FileManager.default.removeItem(atPath: page) },
      ready: { $0.contains("elapsed") })
    running.signal(SIGTERM)
    let stopped = running.wait()
    #expect(stopped.status == 143, "\(stopped.error)")
    let partial = page + ".partial.json"
    #expect(stopped.error.contains("--resume \(partial)"), "\(stopped.error)")

    let resumed = try FunnelSimProcess.run(arguments + ["--resume", partial, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.error)")
    let resumedPage = try dir.read("report.html")
    let straight = try FunnelSimProcess.run(
      Array(arguments.dropLast(2)) + ["--output", dir.file("straight.html"), "--quiet"])
    #expect(straight.status == 0, "\(straight.error)")
    #expect(try dir.read("straight.html") == resumedPage)
  }
}
