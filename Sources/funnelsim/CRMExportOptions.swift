import ArgumentParser
import FunnelSim
import SalesModel

#if canImport(Glibc)
  import Glibc
#endif

/// `run --export-crm DIR`: one replication's history written as a CRM export
/// (docs/output-format.md, "CRM export").
struct CRMExportOptions: ParsableArguments {
  @Option(
    name: .customLong("export-crm"),
    help: ArgumentHelp(
      "Also write one replication's history as CRM CSV files (opportunities, stage history, "
        + "owners, clients, requests) to this folder.", valueName: "dir"))
  var directory: String?

  @Option(
    name: .customLong("start-date"),
    help: ArgumentHelp(
      "The calendar date of the first month of the export (YYYY-MM-DD; its month is used).",
      valueName: "date"))
  var startDate = "2025-01-01"

  @Option(
    name: .customLong("export-replication"),
    help: ArgumentHelp("The replication to export (0-based).", valueName: "n"))
  var exportReplication = 0

  /// The first month of the export.
  var start: HistoryExport.Day? {
    HistoryExport.Day(iso: startDate).map {
      HistoryExport.Day(year: $0.year, month: $0.month, day: 1)
    }
  }

  func check(sharded: Bool) throws {
    guard let directory else { return }
    if sharded { throw ValidationError("--export-crm cannot be used with --shard") }
    if start == nil {
      throw ValidationError(
        "--start-date \(startDate): expected a date as YYYY-MM-DD, e.g. 2025-01-01")
    }
    if exportReplication < 0 {
      throw ValidationError("--export-replication \(exportReplication): expected 0 or more")
    }
    var info = stat()
    if stat(directory, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR {
      throw ValidationError("--export-crm \(directory): it exists and is not a folder")
    }
  }

  /// Runs the chosen replication again while recording it and writes the five files, all or
  /// none (the folder is made if missing).
  func write(_ loaded: LoadedScenario, seed: UInt64) throws {
    guard let directory, let start else { return }
    let history: History
    do {
      history = try loaded.model.history(replication: exportReplication, seed: seed)
    } catch {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(1)
    }
    var info = stat()
    if stat(directory, &info) != 0 && mkdir(directory, 0o755) != 0 {
      StandardStream.error(
        "error: --export-crm \(directory): cannot make the folder: "
          + String(cString: strerror(errno)) + "\n")
      throw ExitCode(1)
    }
    let export = HistoryExport(start: start, daysPerMonth: loaded.scenario.calendar.daysPerMonth)
    let files = export.files(history, scenario: loaded.scenario).map {
      (path: directory + "/" + $0.name, contents: $0.contents)
    }
    do {
      try AtomicFile.write(files)
    } catch {
      StandardStream.error("error: \(error)\n")
      throw ExitCode(1)
    }
  }
}
