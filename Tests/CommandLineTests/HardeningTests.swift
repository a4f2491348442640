import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The command line under faults a careless user, a script or a batch system cause: outputs
/// that must not be destroyed, a full disk behind standard output, damaged parts, SIGTERM.
@Suite(.serialized) struct HardeningTests {
  let scenario = FunnelSimProcess.scenario("b2b-consulting.yaml")

  @Test func sigtermSavesAPartThatResumeFinishesIdentically() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("report.json")
    let arguments = [
      "run", scenario, "--replications", "40", "--threads", "2", "--format", "json",
      "--output", out,
    ]
    let running = try InterruptibleProcess(arguments)
    // The progress bar (drawn on a terminal after a second) shows replications are running,
    // so the handler is installed and there is work left to save.
    #expect(running.waitForProgress(timeout: 120))
    running.signal(SIGTERM)
    let status = running.wait().status
    #expect(status == 143, "\(running.error)")
    #expect(running.error.contains("resume with: "))
    #expect(!dir.exists("report.json"))
    let partial = try dir.read("report.json.partial.json")
    #expect(partial.contains("\"interrupted\":true"))

    let resumed = try FunnelSimProcess.run(
      arguments + ["--resume", dir.file("report.json.partial.json"), "--quiet"])
    #expect(resumed.status == 0, "\(resumed.error)")
    #expect(!dir.exists("report.json.partial.json"), "a finished resume removes its partial")
    let straight = try FunnelSimProcess.run(Array(arguments.dropLast(2)) + ["--quiet"])
    #expect(try dir.read("report.json") == straight.output)
  }

  @Test func aFullStandardOutputFailsTheCommand() throws {
    let process = Process()
    process.executableURL = FunnelSimProcess.executable
    process.arguments = ["run", scenario, "--replications", "2", "--quiet"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    let err = Pipe()
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    let message = String(decoding: err.fileHandleForReading.readAllRetryingInterrupts(), as: UTF8.self)
    #expect(process.terminationStatus == 1)
    #expect(message.contains("cannot write to standard output: No space left on device"))
  }

  @Test func anOutputDeviceIsWrittenAndStaysADevice() throws {
    let dir = try TemporaryDirectory()
    // A device node of our own, never the system's /dev/null (tests run as root here).
    guard mknod(dir.file("null"), S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 else { return }
    let r = try FunnelSimProcess.run([
      "run", scenario, "--replications", "2", "--quiet", "--output", dir.file("null"),
    ])
    #expect(r.status == 0, "\(r.error)")
    var info = stat()
    #expect(lstat(dir.file("null"), &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func theScenarioAndTwoOutputsOnOneFileAreRefusedBeforeRunning() throws {
    let dir = try TemporaryDirectory()
    let copy = dir.file("s.yaml")
    try FileManager.default.copyItem(atPath: scenario, toPath: copy)
    let original = try dir.read("s.yaml")
    symlink("s.yaml", dir.file("alias.yaml"))
    for output in [copy, dir.file("alias.yaml")] {
      for option in ["--output", "--per-replication"] {
        let r = try FunnelSimProcess.run([
          "run", copy, "--replications", "2", "--quiet", option, output,
        ])
        #expect(r.status != 0)
        #expect(r.error.contains("is the input file"), "\(r.error)")
      }
    }
    #expect(try dir.read("s.yaml") == original)

    let both = try FunnelSimProcess.run([
      "run", copy, "--replications", "2", "--quiet", "--output", dir.file("a.json"),
      "--per-replication", dir.file("a.json"),
    ])
    #expect(both.status != 0)
    #expect(both.error.contains("both"))
    mkfifo(dir.file("pipe"), 0o644)
    let fifo = try FunnelSimProcess.run([
      "run", copy, "--replications", "2", "--quiet", "--output", dir.file("pipe"),
    ])
    #expect(fifo.status != 0)
    #expect(fifo.error.contains("named pipe"))
    #expect(!dir.exists("a.json"))
  }

  @Test func aDamagedPartIsRefusedNamingTheFile() throws {
    let dir = try TemporaryDirectory()
    var parts: [String] = []
    for i in 0..<2 {
      parts.append(dir.file("part-\(i).json"))
      let r = try FunnelSimProcess.run([
        "run", scenario, "--replications", "4", "--shard", "\(i)/2", "--output", parts[i],
        "--quiet",
      ])
      #expect(r.status == 0, "\(r.error)")
    }
    let text = try dir.read("part-1.json")
    try dir.write("truncated.json", String(text.prefix(text.utf8.count / 2)))
    let truncated = try FunnelSimProcess.run(["merge", parts[0], dir.file("truncated.json")])
    #expect(truncated.status != 0)
    #expect(truncated.error.contains("truncated.json: not valid JSON: the file ends at byte"))

    // One digit of the first value changed.
    let start = text.range(of: "\"values\":[")!.upperBound
    let digit = text[start...].firstIndex(where: \.isNumber)!
    var changed = text
    changed.replaceSubrange(digit...digit, with: text[digit] == "3" ? "4" : "3")
    try dir.write("changed.json", changed)
    let merged = try FunnelSimProcess.run(["merge", parts[0], dir.file("changed.json")])
    #expect(merged.status != 0)
    #expect(merged.error.contains("changed.json: the content does not match its digest"))
    #expect(!merged.error.contains("DecodingError"))
  }

  @Test func slurmTasksGetSigtermBeforeTheLimitAndResumeTheirPart() throws {
    let dir = try TemporaryDirectory()
    let r = try FunnelSimProcess.run([
      "slurm", scenario, "--shards", "2", "--time", "00:30:00", "--directory", dir.path,
    ])
    #expect(r.status == 0, "\(r.error)")
    let script = try dir.read("shards.sbatch")
    #expect(script.contains("#SBATCH --signal=B:TERM@120"))
    #expect(script.contains("resume=(--resume \"$part\")"))
    #expect(script.contains("exec "))
  }
}
