import Foundation
import TestSupport
import Testing

/// `--format xlsx` read back with a real reader (openpyxl, installed by scripts/setup.sh and,
/// if missing, here): every value of the command's CSV is in the workbook's first sheet, in
/// the same place, numbers as numbers.
@Suite(.serialized) struct WorkbookTests {
  /// Compares `csv` with the first sheet of `xlsx` cell by cell; prints `ok` or the mismatches.
  static let reader = """
    import csv, sys, openpyxl
    book = openpyxl.load_workbook(sys.argv[2], read_only=True)
    sheet = book[book.sheetnames[0]]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    expected = list(csv.reader(open(sys.argv[1], newline="")))
    bad = []
    if len(rows) != len(expected):
        bad.append(f"{len(rows)} rows in the workbook, {len(expected)} in the CSV")
    for i, (got, want) in enumerate(zip(rows, expected)):
        got = list(got) + [None] * (len(want) - len(got))
        for j, w in enumerate(want):
            g = got[j]
            if w == "":
                ok = g is None
            else:
                try:
                    number = float(w)
                except ValueError:
                    number = None
                if number is None:
                    ok = g == w
                else:
                    ok = isinstance(g, (int, float)) and number == float(g)
            if not ok:
                bad.append(f"row {i + 1} column {j + 1}: workbook {g!r}, CSV {w!r}")
    print("ok" if not bad else "\\n".join(bad[:20]))
    print("sheets:", ",".join(book.sheetnames))
    """

  /// Makes sure openpyxl can be imported, installing it with pip when it is missing.
  static func ensureReader() throws {
    if try shell("python3 -c 'import openpyxl'").status == 0 { return }
    _ = try shell(
      "python3 -m pip install -q openpyxl || python3 -m pip install -q --break-system-packages openpyxl")
  }

  static func shell(_ script: String) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = ["-c", script]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static let commands: [(name: String, arguments: [String], sheets: String)] = [
    (
      "run", ["run", FunnelSimProcess.scenario("key-accounts.yaml")],
      "metrics,series,inputs"
    ),
    (
      "compare",
      [
        "compare", FunnelSimProcess.scenario("staffing-two-juniors.yaml"),
        FunnelSimProcess.scenario("staffing-one-senior.yaml"),
      ], "comparison,inputs"
    ),
    (
      "sweep",
      ["sweep", FunnelSimProcess.scenario("key-accounts.yaml"), "--vary", "levels.senior.headcount=1,2"],
      "sweep,inputs"
    ),
  ]

  @Test(arguments: commands.map(\.name))
  func everyCSVValueIsInTheWorkbook(command: String) throws {
    try Self.ensureReader()
    let spec = try #require(Self.commands.first { $0.name == command })
    let dir = try TemporaryDirectory()
    let common = ["--replications", "2", "--seed", "5", "--quiet"]
    let csv = try FunnelSimProcess.run(
      spec.arguments + common + ["--format", "csv", "--output", dir.file("out.csv")])
    #expect(csv.status == 0, "\(csv.error)")
    let xlsx = try FunnelSimProcess.run(
      spec.arguments + common + ["--format", "xlsx", "--output", dir.file("out.xlsx")])
    #expect(xlsx.status == 0, "\(xlsx.error)")
    try dir.write("read.py", Self.reader)
    let check = try Self.shell(
      "python3 \(dir.file("read.py")) \(dir.file("out.csv")) \(dir.file("out.xlsx"))")
    #expect(check.status == 0, "\(check.output)")
    #expect(check.output.hasPrefix("ok\n"), "\(check.output)")
    #expect(check.output.contains("sheets: \(spec.sheets)"), "\(check.output)")
  }

  @Test func aWorkbookNeedsAnOutputFile() throws {
    let r = try FunnelSimProcess.run([
      "run", FunnelSimProcess.scenario("key-accounts.yaml"), "--replications", "2",
      "--format", "xlsx",
    ])
    #expect(r.status != 0)
    #expect(r.error.contains("--format xlsx writes a workbook file"))
  }
}
