import ArgumentParser
import Foundation
import FunnelSim

struct Slurm: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slurm",
    abstract: "Write (or submit) a Slurm job array that runs a scenario in shards, and its merge.",
    discussion: """
      Writes DIR/shards.sbatch, a job array of N tasks each running `funnelsim run --shard \
      I/N`, and DIR/merge.sbatch, which combines the parts into DIR/result.json once every \
      task has succeeded (`--dependency=afterok`). With --submit both are submitted with \
      sbatch; otherwise DIR/submit.sh does it. See docs/distributed.md.

      To shard a comparison or a sweep, give the command after -- instead of a scenario: \
      funnelsim slurm --shards 8 -- compare A.yaml B.yaml --replications 10000. Its tasks \
      run in the current directory, so relative paths mean the same as here.
      """)

  @Argument(help: "The scenario file (YAML) to run in shards; omit it when a command follows --.")
  var scenario: String?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a scenario key by its path, e.g. levels.junior.headcount=5 (repeatable).",
      valueName: "key=value"))
  var overrides: [String] = []

  @Argument(
    parsing: .postTerminator,
    help: ArgumentHelp(
      "Instead of a scenario: the run, compare or sweep command to shard, after --.",
      valueName: "command"))
  var command: [String] = []

  @Option(help: "Number of shards (array tasks).")
  var shards: Int

  @OptionGroup var replication: ReplicationOptions

  @Option(help: "Slurm partition (default: the cluster's default).")
  var partition: String?

  @Option(help: ArgumentHelp("Time limit per task, as Slurm reads it (e.g. 00:30:00).", valueName: "time"))
  var time: String?

  @Option(
    name: .customLong("cpus-per-task"),
    help: "Cores per task; each task runs that many threads unless --threads says otherwise.")
  var cpusPerTask = 1

  @Option(help: ArgumentHelp("Directory for the scripts, parts, logs and result.", valueName: "dir"))
  var directory: String?

  @Option(
    help: ArgumentHelp(
      "The funnelsim executable on the cluster's nodes (default: this one).", valueName: "path"))
  var executable: String?

  @Flag(help: "Submit the array and the merge job with sbatch.")
  var submit = false

  func validate() throws {
    guard shards >= 1 else { throw ValidationError("--shards must be at least 1") }
    guard shards <= 1000 else {
      throw ValidationError(
        "--shards \(shards): Slurm caps array indices at MaxArraySize (1000 by default); "
          + "put more replications in each shard instead")
    }
    guard cpusPerTask >= 1 else { throw ValidationError("--cpus-per-task must be at least 1") }
    if command.isEmpty {
      guard scenario != nil else {
        throw ValidationError("give a scenario file, or a command to shard after --")
      }
      return
    }
    guard scenario == nil, overrides.isEmpty, replication.replications == nil,
      replication.seed == nil, replication.threads == nil
    else {
      throw ValidationError(
        "with a command after --, give the scenario, --set, --replications, --seed and "
          + "--threads in it")
    }
    guard ["run", "compare", "sweep"].contains(command[0]) else {
      throw ValidationError(
        "the command after -- must be run, compare or sweep (got '\(command[0])')")
    }
    for word in command {
      for taken in ["--shard", "--output", "--resume", "--format"]
      where word == taken || word.hasPrefix(taken + "=") {
        throw ValidationError("the command after -- must not set \(taken): each task sets its own")
      }
    }
    do { _ = try FunnelSimCommand.parseAsRoot(command) } catch {
      throw ValidationError("the command after --: \(FunnelSimCommand.message(for: error))")
    }
  }

  func run() throws {
    guard let scenario else { return try runCommand() }
    let options = try ScenarioOptions.parse([scenario] + overrides.flatMap { ["--set", $0] })
    let loaded = try options.load()  // refuse a bad scenario before anything is queued
    let total = replication.replications ?? loaded.scenario.replications
    let runSeed = replication.seed ?? loaded.scenario.seed
    let funnelsim = executable ?? Self.currentExecutable()
    var runWords = [
      funnelsim, "run", absolute(scenario), "--replications", String(total),
      "--seed", String(runSeed), "--threads", String(replication.threads ?? cpusPerTask),
    ]
    for o in overrides { runWords += ["--set", o] }
    try writeScripts(
      name: loaded.scenario.name, runWords: runWords, workingDirectory: nil,
      comment: "replications I*R/N ..< (I+1)*R/N of R = \(total)")
  }

  /// Shards the command given after `--`, after loading its scenarios so that a bad one
  /// never reaches the queue.
  private func runCommand() throws {
    let parsed = try FunnelSimCommand.parseAsRoot(command)
    let files: [String]
    switch parsed {
    case let c as Compare:
      files = c.scenarios
      for f in files { _ = try c.common.load(f) }
    case let s as Sweep:
      files = [s.scenario]
      _ = try s.common.load(s.scenario)
    case let r as Run:
      files = [r.scenario.scenario]
      _ = try r.scenario.load()
    default:
      throw CommandFailure("the command after -- must be run, compare or sweep")
    }
    let stem = files.first.map { ($0 as NSString).lastPathComponent }.map {
      $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0
    } ?? "scenario"
    var runWords = [executable ?? Self.currentExecutable()] + command
    if !command.contains(where: { $0 == "--threads" || $0.hasPrefix("--threads=") }) {
      runWords += ["--threads", String(cpusPerTask)]
    }
    try writeScripts(
      name: "\(command[0])-\(stem)", runWords: runWords,
      workingDirectory: FileManager.default.currentDirectoryPath,
      comment: "replications I*R/N ..< (I+1)*R/N of every scenario or grid point")
  }

  /// Writes the array, merge and submit scripts for `runWords` (the command without its
  /// shard and output), and submits them with `--submit`.
  private func writeScripts(
    name: String, runWords: [String], workingDirectory: String?, comment: String
  ) throws {
    let dir = absolute(directory ?? "funnelsim-slurm-\(name)")
    let funnelsim = runWords[0]
    for sub in ["parts", "logs"] {
      if let why = Self.makeDirectories(dir + "/" + sub) {
        throw CommandFailure("cannot create the directory \(dir)/\(sub): \(why)")
      }
    }

    var header = ["#!/bin/bash"]
    if let partition { header.append("#SBATCH --partition=\(partition)") }
    if let time { header.append("#SBATCH --time=\(time)") }
    // SIGTERM two minutes before the time limit, to funnelsim itself (the batch shell execs
    // it): it saves its part, and a resubmitted task resumes from there.
    let warning = "#SBATCH --signal=B:TERM@120"
    if let workingDirectory { header.append("#SBATCH --chdir=\(workingDirectory)") }

    let quoted = runWords.map(shellQuoted).joined(separator: " ")
    let shardsScript = (header + [
      "#SBATCH --job-name=funnelsim-\(name)",
      "#SBATCH --array=0-\(shards - 1)",
      "#SBATCH --cpus-per-task=\(cpusPerTask)",
      "#SBATCH --output=\(dir)/logs/shard-%a.log",
      warning,
      "# Shard I of \(shards) runs \(comment).",
      "# On SIGTERM (time limit, preemption, scancel --batch --signal=TERM) the task saves what it",
      "# has done in its part, marked interrupted; a re-submitted task resumes that part and",
      "# overwrites its own part only (parts are written atomically).",
      "set -euo pipefail",
      "part=\(shellQuoted(dir))/parts/part-\"${SLURM_ARRAY_TASK_ID}\".json",
      "resume=()",
      "if [ -s \"$part\" ]; then resume=(--resume \"$part\"); fi",
      "exec \(quoted) --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\" \\",
      "  --output \"$part\" ${resume[@]+\"${resume[@]}\"} --quiet",
    ]).joined(separator: "\n") + "\n"

    let parts = (0..<shards).map { "\(shellQuoted(dir))/parts/part-\($0).json" }
    let mergeScript = (header + [
      "#SBATCH --job-name=funnelsim-\(name)-merge",
      "#SBATCH --output=\(dir)/logs/merge.log",
      "# Submitted with --dependency=afterok:<array job>: runs once every shard succeeded.",
      "set -euo pipefail",
      "\(shellQuoted(funnelsim)) merge \\",
      "  " + parts.joined(separator: " \\\n  ") + " \\",
      "  --format json --output \(shellQuoted(dir))/result.json",
      "\(shellQuoted(funnelsim)) merge \(shellQuoted(dir))/parts/part-*.json --format table "
        + "--output \(shellQuoted(dir))/result.txt",
    ]).joined(separator: "\n") + "\n"

    let submitScript = """
      #!/bin/bash
      # Submits the shard array, then the merge job that waits for all of it to succeed.
      # With task indices (e.g. `submit.sh 3` or `submit.sh 1,5`) it re-submits only those
      # tasks, which resume their saved parts, and a new merge job in place of the old one.
      set -euo pipefail
      cd \(shellQuoted(dir))
      tasks=()
      after=""
      if [ $# -gt 0 ]; then
        tasks=(--array="$1")
        # The first submission's tasks may still run: the merge also waits for them to end.
        if [ -s shards.job ] && [ -n "$(squeue -h -j "$(cat shards.job)" 2>/dev/null)" ]; then
          after=",afterany:$(cat shards.job)"
        fi
        if [ -s merge.job ]; then scancel "$(cat merge.job)" 2>/dev/null || true; fi
      fi
      array=$(sbatch --parsable ${tasks[@]+"${tasks[@]}"} shards.sbatch)
      array=${array%%;*}
      if [ $# -eq 0 ]; then echo "$array" > shards.job; fi
      merge=$(sbatch --parsable --dependency=afterok:"$array$after" merge.sbatch)
      echo "${merge%%;*}" > merge.job
      echo "submitted shards as job $array and the merge as job ${merge%%;*}"

      """

    do {
      try AtomicFile.write([
        (dir + "/shards.sbatch", shardsScript), (dir + "/merge.sbatch", mergeScript),
        (dir + "/submit.sh", submitScript),
      ])
    } catch { throw CommandFailure("\(error)") }
    chmod(dir + "/submit.sh", 0o755)

    guard submit else {
      StandardStream.output(
        "wrote \(dir)/shards.sbatch (\(shards) tasks) and \(dir)/merge.sbatch\n"
          + "submit with: \(shellQuoted(dir + "/submit.sh"))\n"
          + "the merged report will be \(dir)/result.json\n")
      return
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [dir + "/submit.sh"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CommandFailure("sbatch failed (exit \(process.terminationStatus)); is Slurm reachable?")
    }
    StandardStream.output("the merged report will be \(dir)/result.json\n")
  }

  /// `mkdir -p path`; the system's reason when it fails.
  private static func makeDirectories(_ path: String) -> String? {
    var prefix = ""
    for component in path.split(separator: "/") {
      prefix += "/" + component
      if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
    }
    var info = stat()
    guard stat(path, &info) == 0 else { return String(cString: strerror(errno)) }
    return info.st_mode & S_IFMT == S_IFDIR ? nil : "not a directory"
  }

  private func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  static func currentExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }
}
