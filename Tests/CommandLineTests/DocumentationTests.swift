import Foundation
import TestSupport
import Testing

/// Runs every command and checks every YAML snippet shown in `README.md` and `docs/*.md`, so
/// the documentation cannot drift from the program.
///
/// Every fenced block names its language. What the test does with it:
/// - ` ```sh `: run by bash, in order, from a copy of the repository root (the bundled
///   scenarios are there; whatever the commands write stays in a temporary directory); the
///   block and every `funnelsim` it calls must exit 0.
/// - ` ```console `: `$ ` lines are commands (a trailing `\` continues one), the lines after a
///   command are what it prints (standard output and error together), compared exactly; a line
///   `...` stands for any number of lines. A command may exit non-zero only when the next one
///   shown is `echo $?`, whose output then pins the status.
/// - ` ```yaml `: loaded and validated as a scenario. A fragment says where it goes:
///   `<!-- fragment of scenarios/b2b-consulting.yaml at levels.junior -->` sets each of its
///   top-level keys there (`at` may be left out for the top level), as `--set` would.
///   `<!-- file: scenarios/mine.yaml -->` instead writes the block to that file, for the
///   commands after it on the same page.
/// - ` ```json `, ` ```csv `, ` ```text `, ` ```swift `: examples of output and code, not run.
///
/// `<!-- not-run: reason -->` just before a block skips it, and says why.
///
/// To keep the suite fast on a debug build, `funnelsim run`, `report`, `compare`, `sweep`,
/// `explain`, `quota`, `staff` and `forecast` run at most a few replications (`--replications`
/// is lowered or added),
/// and `swift run -c release funnelsim` runs the `funnelsim` built for the tests; `staff` may
/// then find no mix that holds up on the re-check (exit status 3), which counts as success.
/// The figures the docs quote from full runs are measured by hand with the release build.
@Suite struct DocumentationTests {
  static let pages: [String] = {
    let docs = ScenarioFiles.packageRoot.appendingPathComponent("docs").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: docs)) ?? []
    return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
  }()

  @Test func everyPageIsFound() {
    #expect(Self.pages.contains("docs/scenario-errors.md"))
  }

  @Test(arguments: pages) func everyBlockSaysWhatItIs(_ page: String) throws {
    for block in try DocumentBlock.blocks(of: page) {
      #expect(
        DocumentBlock.languages.contains(block.language),
        "\(block.place): a fenced block needs one of \(DocumentBlock.languages.sorted())")
      if case .notRun(let reason) = block.marker {
        #expect(!reason.isEmpty, "\(block.place): say why the block is not run")
      }
    }
  }

  @Test(arguments: pages) func commandsAndSnippetsWorkAsShown(_ page: String) throws {
    let workspace = try Workspace()
    for block in try DocumentBlock.blocks(of: page) {
      if case .notRun = block.marker { continue }
      switch block.language {
      case "sh": try workspace.runScript(block)
      case "console": try workspace.runTranscript(block)
      case "yaml": try workspace.check(yaml: block)
      default: continue
      }
    }
  }
}

/// A fenced block of a Markdown page, with the marker comment just before it.
struct DocumentBlock {
  enum Marker: Equatable {
    case notRun(String)
    case file(String)
    case fragment(of: String, at: String?)
  }

  static let languages: Set<String> = ["sh", "console", "yaml", "json", "csv", "text", "swift"]

  var page: String
  /// The 1-based line of the opening fence.
  var line: Int
  var language: String
  var lines: [String]
  var marker: Marker?

  var place: String { "\(page):\(line)" }
  var text: String { lines.map { $0 + "\n" }.joined() }

  static func blocks(of page: String) throws -> [DocumentBlock] {
    let text = try String(
      contentsOf: ScenarioFiles.packageRoot.appendingPathComponent(page), encoding: .utf8)
    let lines = text.components(separatedBy: "\n")
    var blocks: [DocumentBlock] = []
    var i = 0
    while i < lines.count {
      let opening = lines[i].trimmingCharacters(in: .whitespaces)
      guard opening.hasPrefix("```") else {
        i += 1
        continue
      }
      let indent = lines[i].prefix { $0 == " " }.count
      var body: [String] = []
      var j = i + 1
      while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" {
        body.append(String(lines[j].dropFirst(min(indent, lines[j].prefix { $0 == " " }.count))))
        j += 1
      }
      blocks.append(
        DocumentBlock(
          page: page, line: i + 1, language: String(opening.dropFirst(3)), lines: body,
          marker: marker(before: i, in: lines)))
      i = j + 1
    }
    return blocks
  }

  /// The `<!-- ... -->` comment on the last non-blank line before line `index`, if any.
  static func marker(before index: Int, in lines: [String]) -> Marker? {
    guard
      let previous = lines[..<index].last(where: {
        !$0.trimmingCharacters(in: .whitespaces).isEmpty
      })?.trimmingCharacters(in: .whitespaces),
      previous.hasPrefix("<!--"), previous.hasSuffix("-->")
    else { return nil }
    let content = previous.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
    if content.hasPrefix("not-run:") {
      return .notRun(content.dropFirst(8).trimmingCharacters(in: .whitespaces))
    }
    if content.hasPrefix("file:") {
      return .file(content.dropFirst(5).trimmingCharacters(in: .whitespaces))
    }
    if content.hasPrefix("fragment of ") {
      let words = content.split(separator: " ").map(String.init)
      return .fragment(of: words[2], at: words.count >= 5 && words[3] == "at" ? words[4] : nil)
    }
    return nil
  }
}

/// A temporary copy of the repository root: the bundled scenarios, and a `bin/` folder put
/// first on `PATH` with the `funnelsim` under test, a `swift` that only knows
/// `swift run -c release funnelsim`, and a stand-in for `scripts/setup.sh`.
final class Workspace {
  /// Most replications a documented command runs here.
  static let replications = 2

  let directory: TemporaryDirectory
  private var log: String { directory.file(".funnelsim-calls") }

  init() throws {
    directory = try TemporaryDirectory()
    let files = FileManager.default
    for name in try files.contentsOfDirectory(atPath: ScenarioFiles.folder.path) {
      try directory.write("scenarios/.keep", "")
      try files.createSymbolicLink(
        atPath: directory.file("scenarios/" + name), withDestinationPath: ScenarioFiles.path(name))
    }
    // The example CRM export of docs/calibration.md.
    try files.createSymbolicLink(
      atPath: directory.file("examples"),
      withDestinationPath: ScenarioFiles.packageRoot.appendingPathComponent("examples").path)
    try script(
      "bin/funnelsim",
      """
      #!/usr/bin/env bash
      # The funnelsim under test, each call's status and arguments logged. Simulations run at
      # most \(Self.replications) replications (at least one per shard).
      exe="\(FunnelSimProcess.executable.path)"
      args=("$@")
      case $1 in
        run|report|compare|sweep|quota|staff|explain|forecast)
          cap=\(Self.replications) found=0 verify=0 args=()
          for a in "$@"; do
            [[ $a =~ ^[0-9]+/([0-9]+)$ ]] && ((BASH_REMATCH[1] > cap)) && cap=${BASH_REMATCH[1]}
          done
          while (($#)); do
            case $1 in
              --replications|--verify-replications)
                [[ $1 == --replications ]] && found=1 || verify=1
                n=$2; ((n > cap)) && n=$cap
                args+=("$1" "$n"); shift 2; continue;;
            esac
            args+=("$1"); shift
          done
          ((found)) || args+=(--replications "$cap")
          [[ ${args[0]} == staff ]] && ! ((verify)) && args+=(--verify-replications "$cap");;
      esac
      "$exe" "${args[@]}"
      status=$?
      # On two replications the re-check of a staffing search rarely confirms the mix found,
      # and `staff` then exits 3 (no mix meets the target) after writing its report.
      [[ ${args[0]} == staff && $status == 3 ]] && status=0
      printf '%s\\t%s\\n' "$status" "${args[*]}" >> "\(log)"
      exit $status
      """)
    try script(
      "bin/swift",
      """
      #!/usr/bin/env bash
      if [[ $1 == run && $2 == -c && $3 == release && $4 == funnelsim ]]; then
        shift 4; exec funnelsim "$@"
      fi
      echo "the documentation tests run only 'swift run -c release funnelsim', not 'swift $*'" >&2
      exit 127
      """)
    // Installing packages is not the business of a test: check the script is there.
    try script(
      "scripts/setup.sh",
      """
      #!/usr/bin/env bash
      test -x "\(ScenarioFiles.packageRoot.appendingPathComponent("scripts/setup.sh").path)"
      """)
  }

  private func script(_ name: String, _ text: String) throws {
    try directory.write(name, text + "\n")
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: directory.file(name))
  }

  /// Runs `script` with bash in the workspace; returns its status and output (both streams).
  private func bash(_ script: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = directory.file("bin") + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readAllRetryingInterrupts()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// The calls logged since the last time, as (status, arguments).
  private func calls() throws -> [(status: Int, arguments: String)] {
    defer { try? FileManager.default.removeItem(atPath: log) }
    guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map {
      let parts = $0.split(separator: "\t", maxSplits: 1)
      return (Int(parts[0]) ?? -1, parts.count > 1 ? String(parts[1]) : "")
    }
  }

  func runScript(_ block: DocumentBlock) throws {
    let result = try bash("set -eo pipefail\n" + block.text)
    let calls = try calls()
    #expect(
      result.status == 0, "\(block.place): the block exits \(result.status):\n\(result.output)")
    #expect(!calls.isEmpty, "\(block.place): no funnelsim command ran")
    for call in calls where call.status != 0 {
      Issue.record(
        "\(block.place): `funnelsim \(call.arguments)` exits \(call.status):\n\(result.output)")
    }
  }

  /// A console transcript: commands, each followed by the output shown for it.
  func runTranscript(_ block: DocumentBlock) throws {
    var commands: [(command: String, shown: [String])] = []
    var continued = false
    for line in block.lines {
      if continued {
        commands[commands.count - 1].command += "\n" + line
      } else if line.hasPrefix("$ ") {
        commands.append((String(line.dropFirst(2)), []))
      } else if commands.isEmpty {
        Issue.record("\(block.place): a console block starts with a `$ ` command")
        return
      } else {
        commands[commands.count - 1].shown.append(line)
      }
      continued = !commands.isEmpty && line.hasSuffix("\\") && commands.last!.shown.isEmpty
    }
    // Each command's output follows a record separator; its status, a unit separator. `$?` is
    // restored before each command, for `echo $?`.
    let script =
      "__s=0\n"
      + commands.map {
        "printf '\\036\\n'; (exit $__s); \($0.command) 2>&1; __s=$?; printf '\\037%d\\n' $__s"
      }.joined(separator: "\n")
    let output = try bash(script).output
    _ = try calls()
    let pieces = output.split(separator: "\u{1E}\n", omittingEmptySubsequences: false).dropFirst()
    #expect(pieces.count == commands.count, "\(block.place): \(output)")
    for (index, ((command, shown), piece)) in zip(commands, pieces).enumerated() {
      var printed = piece.components(separatedBy: "\n")
      let statusLine = printed.lastIndex { $0.hasPrefix("\u{1F}") }
      let status = statusLine.map { Int(printed[$0].dropFirst()) ?? -1 } ?? -1
      printed = Array(printed[..<(statusLine ?? printed.count)])
      let pinned = index + 1 < commands.count && commands[index + 1].command == "echo $?"
      #expect(
        status == 0 || pinned,
        "\(block.place): `\(command)` exits \(status); show `$ echo $?` after it:\n\(piece)")
      #expect(
        Self.matches(printed, shown),
        """
        \(block.place): `\(command)` prints
        \(printed.joined(separator: "\n"))
        but the page shows
        \(shown.joined(separator: "\n"))
        """)
    }
  }

  /// Whether `printed` equals `shown`, line by line with trailing spaces ignored, where a line
  /// `...` of `shown` stands for any number of lines.
  static func matches(_ printed: [String], _ shown: [String]) -> Bool {
    func trimmed(_ lines: [String]) -> [String] {
      var lines = lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
      while lines.last == "" { lines.removeLast() }
      return lines
    }
    func match(_ p: ArraySlice<String>, _ s: ArraySlice<String>) -> Bool {
      guard let first = s.first else { return p.isEmpty }
      if first == "..." {
        return (p.startIndex...p.endIndex).contains { match(p[$0...], s.dropFirst()) }
      }
      return p.first == first && match(p.dropFirst(), s.dropFirst())
    }
    let p = trimmed(printed)
    let s = trimmed(shown)
    return match(p[...], s[...])
  }

  func check(yaml block: DocumentBlock) throws {
    switch block.marker {
    case .file(let path):
      try directory.write(path, block.text)
    case .fragment(let scenario, let prefix):
      // Each top-level key with its value (the rest of its line and the lines indented under
      // it) becomes one `--set`.
      var sets: [String] = []
      for line in block.lines where !line.hasPrefix("#") && !line.isEmpty {
        if let first = line.first, first != " " {
          let key = line.prefix { $0 != ":" }
          let value = line.dropFirst(key.count + 1)
          sets.append((prefix.map { $0 + "." } ?? "") + key + "=" + value)
        } else if !sets.isEmpty {
          sets[sets.count - 1] += "\n" + line
        }
      }
      let arguments = ["validate", scenario] + sets.flatMap { ["--set", $0] }
      let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
      let result = try bash("funnelsim " + quoted.joined(separator: " "))
      _ = try calls()
      #expect(
        result.status == 0, "\(block.place): the snippet does not validate:\n\(result.output)")
    default:
      Issue.record(
        """
        \(block.place): say what this YAML is: precede it with \
        `<!-- fragment of scenarios/NAME.yaml at KEY.PATH -->`, `<!-- file: PATH -->` or \
        `<!-- not-run: reason -->`
        """)
    }
  }
}
