import ArgumentParser
import EngineWorkloads
import Foundation
import FunnelSim
import SalesModel

/// `funnelsim bench`: measurements of the simulation engine itself.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the discrete-event engine's speed and check it against exact results.",
    subcommands: [Engine.self, MMc.self, Model.self])

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json
  }

  /// The classic hold model.
  struct Engine: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "engine",
      abstract: "Run the hold model: K pending events, each fired event schedules one more.",
      discussion: """
        Each fired event schedules one successor at now + Exp(1), so the future-event set \
        keeps K events. Filling it is not timed. Peak memory is the whole process's.
        """)

    @Option(help: "Events to fire in the timed part.")
    var events: Int = 10_000_000

    @Option(help: "Events kept pending (K).")
    var pending: Int = 1_000

    @Option(help: "Seed of the random stream.")
    var seed: UInt64 = 1

    @Option(
      name: .customLong("whole-days"),
      help: ArgumentHelp(
        "Hold on whole days instead: delays of ceil(MEAN x Exp(1)) days, on the whole-day event set.",
        valueName: "MEAN"))
    var wholeDays: Double?

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func validate() throws {
      if let wholeDays, !(wholeDays > 0 && wholeDays <= 1e6) {
        throw ValidationError("--whole-days must be a mean delay between 0 and 1000000 days.")
      }
      guard events > 0 else { throw ValidationError("--events must be positive.") }
      guard pending > 0, pending < Int(UInt32.max) else {
        throw ValidationError("--pending must be between 1 and 4294967294.")
      }
    }

    func run() throws {
      let m =
        if let wholeDays {
          WholeDayHoldModel.measure(events: events, pending: pending, meanDays: wholeDays, seed: seed)
        } else {
          HoldModel.measure(events: events, pending: pending, seed: seed)
        }
      let peak = peakMemoryBytes()
      switch format {
      case .json:
        try printJSON(EngineReport(hold: m, peakMemoryBytes: peak))
      case .table:
        printTable([
          ("workload", wholeDays.map { "hold model on whole days, mean delay \($0) days" } ?? "hold model"),
          ("pending events (K)", grouped(m.pending)),
          ("events fired", grouped(m.events)),
          ("wall time", String(format: "%.3f s", m.seconds)),
          ("events per second", String(format: "%.2f million", m.eventsPerSecond / 1e6)),
          ("CPU time", String(format: "%.3f s", m.cpuSeconds)),
          ("events per CPU second", String(format: "%.2f million", m.eventsPerCPUSecond / 1e6)),
          ("peak memory", String(format: "%.1f MiB", Double(peak) / 1_048_576)),
        ])
      }
    }
  }

  /// An M/M/c queue against Erlang C.
  struct MMc: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mmc",
      abstract: "Run an M/M/c queue; compare its mean wait with the exact Erlang C value.",
      discussion: """
        Time is in mean service times. The first tenth of each replication's customers \
        warm the queue up and are not counted. The interval is a 95% Student-t interval \
        over the replications' mean waits.
        """)

    @Option(help: "Number of servers (c).")
    var servers: Int = 5

    @Option(help: "Utilisation of each server (rho), strictly between 0 and 1.")
    var load: Double = 0.9

    @Option(help: "Customers per replication.")
    var customers: Int = 1_000_000

    @Option(help: "Independent replications.")
    var replications: Int = 10

    @Option(help: "Seed of the random streams.")
    var seed: UInt64 = 1

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func validate() throws {
      guard servers > 0 else { throw ValidationError("--servers must be positive.") }
      guard load > 0, load < 1 else {
        throw ValidationError("--load must lie strictly between 0 and 1.")
      }
      guard customers >= 10 else { throw ValidationError("--customers must be at least 10.") }
      guard replications > 0 else {
        throw ValidationError("--replications must be positive.")
      }
    }

    func run() throws {
      let r = MMcQueue(servers: servers, load: load)
        .run(customers: customers, replications: replications, seed: seed)
      let peak = peakMemoryBytes()
      switch format {
      case .json:
        try printJSON(MMcReport(mmc: r, peakMemoryBytes: peak))
      case .table:
        let interval: String
        if let lo = r.lowerBound, let hi = r.upperBound {
          let verdict = r.intervalContainsExact == true ? "contains" : "misses"
          interval = String(format: "[%.5f, %.5f] (%@ Erlang C)", lo, hi, verdict)
        } else {
          interval = "needs at least two replications"
        }
        printTable([
          ("workload", "M/M/\(r.servers) at load \(r.load)"),
          ("replications x customers", "\(r.replications) x \(grouped(r.customers))"),
          ("events fired", grouped(Int(r.events))),
          ("wall time", String(format: "%.3f s", r.seconds)),
          ("events per second", String(format: "%.2f million", r.eventsPerSecond / 1e6)),
          ("mean wait (simulated)", String(format: "%.5f", r.meanWait)),
          ("95% interval", interval),
          ("mean wait (Erlang C)", String(format: "%.5f", r.exactMeanWait)),
          ("peak memory", String(format: "%.1f MiB", Double(peak) / 1_048_576)),
        ])
      }
    }
  }
}

extension Bench {
  /// The sales model itself on a scenario.
  struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "model",
      abstract: "Time the sales model on a scenario: events, replications and manager-years per second.",
      discussion: """
        Runs the scenario's replications on one thread, then (with --threads above 1) on \
        that many, and checks that both give the same outcomes. A manager-year is one \
        starting seat simulated for twelve months: the sum of the levels' headcounts times \
        the horizon in years, per replication. Peak memory is the whole process's.
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Replications to time (default: the scenario's own).")
    var replications: Int?

    @Option(help: "Threads for the second measurement (1: one measurement only).")
    var threads: Int = 1

    @Option(help: "Seed of the run (default: the scenario's own).")
    var seed: UInt64?

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Flag(
      name: .customLong("day-hook"),
      help: "Call the per-day hook `run` uses (progress count, stop check), to measure its cost.")
    var dayHook = false

    func validate() throws {
      if let replications, replications < 1 {
        throw ValidationError("--replications must be at least 1.")
      }
      guard threads >= 1, threads <= 4096 else {
        throw ValidationError("--threads must be between 1 and 4096.")
      }
    }

    func run() throws {
      let loaded = try scenario.load()
      let count = replications ?? loaded.scenario.replications
      let seed = seed ?? loaded.scenario.seed
      let managers = loaded.scenario.levels.reduce(0) { $0 + $1.headcount }
      let managerYears = Double(managers) * Double(loaded.model.horizonMonths) / 12
      let arrivals = ArrivalCounts(loaded.model.schema)
      var rows: [ModelMeasurement] = []
      var first: [ReplicationOutcome]?
      for t in threads > 1 ? [1, threads] : [1] {
        let started = Clock.seconds()
        let cpuStarted = processCPUSeconds()
        let runner = ReplicationRunner(threads: t)
        let outcomes: [ReplicationOutcome]
        if dayHook {
          // What `run` passes, with the bar off (as under --quiet or without a terminal).
          let bar = ProgressBar(
            total: count, label: "replications",
            days: ProgressBar.Days(
              total: count * loaded.model.simulatedDays,
              perMonth: loaded.model.workingDaysPerMonth),
            enabled: false)
          outcomes = try runner.run(
            loaded.model, seed: seed, replications: 0..<count,
            shouldStop: { interruptRequested.load(ordering: .relaxed) },
            progress: { bar.update($0) }, dayProgress: bar.dayProgress)
        } else {
          outcomes = try runner.run(loaded.model, seed: seed, replications: 0..<count)
        }
        let seconds = max(Clock.seconds() - started, 1e-9)
        let cpu = processCPUSeconds() - cpuStarted
        if let first, first != outcomes {
          throw CommandFailure("\(t) threads gave other outcomes than one thread")
        }
        first = first ?? outcomes
        let kernelEvents = outcomes.reduce(UInt64(0)) { $0 &+ $1.events }
        let leadArrivals = UInt64(outcomes.reduce(0) { $0 + arrivals.leads($1) })
        let requestArrivals = UInt64(outcomes.reduce(0) { $0 + arrivals.requests($1) })
        let events = kernelEvents + leadArrivals + requestArrivals
        rows.append(
          ModelMeasurement(
            threads: t, replications: count, kernelEvents: kernelEvents,
            leadArrivals: leadArrivals, requestArrivals: requestArrivals,
            arrivals: leadArrivals + requestArrivals, modelEvents: events, seconds: seconds,
            cpuSeconds: cpu, modelEventsPerSecond: Double(events) / seconds,
            kernelEventsPerSecond: Double(kernelEvents) / seconds,
            replicationsPerSecond: Double(count) / seconds,
            managerYearsPerSecond: managerYears * Double(count) / seconds,
            cpuMicrosecondsPerModelEvent: cpu * 1e6 / Double(max(events, 1)),
            cpuMicrosecondsPerKernelEvent: cpu * 1e6 / Double(max(kernelEvents, 1)),
            cpuMillisecondsPerManagerYear: cpu * 1e3 / max(managerYears * Double(count), 1e-9)))
      }
      let report = ModelReport(
        scenario: loaded.scenario.name, managers: managers,
        horizonMonths: loaded.model.horizonMonths, measurements: rows,
        peakMemoryBytes: peakMemoryBytes())
      switch format {
      case .json:
        try printJSON(report)
      case .table:
        var table: [(String, String)] = [
          ("scenario", "\(report.scenario): \(grouped(managers)) managers, \(report.horizonMonths) months"),
          ("replications", grouped(count)),
          ("kernel events per replication", grouped(Int(rows[0].kernelEvents / UInt64(count)))),
          ("arrivals per replication", grouped(Int(rows[0].arrivals / UInt64(count)))),
          ("  leads", grouped(Int(rows[0].leadArrivals / UInt64(count)))),
          ("  service requests", grouped(Int(rows[0].requestArrivals / UInt64(count)))),
          ("events per replication (kernel + arrivals)", grouped(Int(rows[0].modelEvents / UInt64(count)))),
        ]
        for m in rows {
          let on = m.threads == 1 ? "1 thread" : "\(m.threads) threads"
          table += [
            ("wall time, \(on)", String(format: "%.3f s (CPU %.3f s)", m.seconds, m.cpuSeconds)),
            ("events per second, \(on)", String(format: "%.3f million", m.modelEventsPerSecond / 1e6)),
            ("kernel events per second, \(on)", String(format: "%.3f million", m.kernelEventsPerSecond / 1e6)),
            ("replications per second, \(on)", String(format: "%.2f", m.replicationsPerSecond)),
            ("manager-years per second, \(on)", String(format: "%.0f", m.managerYearsPerSecond)),
            ("CPU per manager-year, \(on)", String(format: "%.4f ms", m.cpuMillisecondsPerManagerYear)),
            ("CPU per event, \(on)", String(format: "%.3f µs", m.cpuMicrosecondsPerModelEvent)),
            ("CPU per kernel event, \(on)", String(format: "%.3f µs", m.cpuMicrosecondsPerKernelEvent)),
          ]
        }
        if rows.count == 2 {
          table.append(("speed-up", String(format: "%.2fx", rows[0].seconds / rows[1].seconds)))
        }
        table.append(("peak memory", String(format: "%.1f MiB", Double(report.peakMemoryBytes) / 1_048_576)))
        printTable(table)
      }
    }
  }
}

/// One timed run of `bench model`.
///
/// The model's events are the kernel's (day starts, stage outcomes, hires, days of work,
/// month ends, hand-offs) and the arrivals the model handles without the kernel's queue: leads
/// arriving at a day start or from a cold call, and clients' service requests (docs/model.md,
/// sections 3 to 6 and 8.5). Both are counted, apart and together, so that a cost per event
/// is not read off the kernel's events alone.
struct ModelMeasurement: Codable {
  var threads: Int
  var replications: Int
  var kernelEvents: UInt64
  var leadArrivals: UInt64
  var requestArrivals: UInt64
  var arrivals: UInt64
  /// Kernel events plus arrivals.
  var modelEvents: UInt64
  var seconds: Double
  var cpuSeconds: Double
  var modelEventsPerSecond: Double
  var kernelEventsPerSecond: Double
  var replicationsPerSecond: Double
  var managerYearsPerSecond: Double
  var cpuMicrosecondsPerModelEvent: Double
  var cpuMicrosecondsPerKernelEvent: Double
  var cpuMillisecondsPerManagerYear: Double
}

/// Where a replication's arrivals are counted among its team values (docs/model.md, 11).
///
/// Read from the outcome rather than counted by the model, which keeps the hot path as it is.
/// Leads: the inbound, outbound, referral and event leads created, and the arrivals that found
/// no prospect left in a finite market (drawn, then dropped); opening deals exist before day 0
/// and are no arrival. Requests: the managers' service requests (`requests`) and the service
/// desk's (`desk_<channel>_requests`). An orphan client's requests, drawn but lost (6, step 1),
/// are in no metric and not counted.
struct ArrivalCounts {
  var leadSlots: [Int] = []
  var requestSlots: [Int] = []

  init(_ schema: OutcomeSchema) {
    let leadKeys: Set = [
      "leads_inbound", "leads_outbound", "leads_referral", "leads_event",
      "market_exhausted_arrivals",
    ]
    for (i, d) in schema.scalars.enumerated() where d.group == "team" {
      if leadKeys.contains(d.key) {
        leadSlots.append(i)
      } else if d.key == "requests" || DeskChannelMetric.requests.channel(inKey: d.key) != nil {
        requestSlots.append(i)
      }
    }
  }

  func leads(_ outcome: ReplicationOutcome) -> Int {
    leadSlots.reduce(0) { $0 + Int(outcome.values[$1]) }
  }

  func requests(_ outcome: ReplicationOutcome) -> Int {
    requestSlots.reduce(0) { $0 + Int(outcome.values[$1]) }
  }
}

struct ModelReport: Codable {
  var scenario: String
  var managers: Int
  var horizonMonths: Int
  var measurements: [ModelMeasurement]
  var peakMemoryBytes: Int
}

/// User plus system CPU time of the whole process, in seconds.
func processCPUSeconds() -> Double {
  var usage = rusage()
  #if os(Linux)
    guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
  #else
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
  #endif
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

struct EngineReport: Codable {
  var hold: HoldModelMeasurement
  var peakMemoryBytes: Int
}

struct MMcReport: Codable {
  var mmc: MMcResult
  var peakMemoryBytes: Int
}

/// The process's peak resident memory, from getrusage (kilobytes on Linux, bytes on macOS).
func peakMemoryBytes() -> Int {
  var usage = rusage()
  #if os(Linux)
    guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss) * 1024
  #else
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss)
  #endif
}

func printJSON(_ value: some Encodable) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func printTable(_ rows: [(String, String)]) {
  let width = rows.map(\.0.count).max() ?? 0
  for (label, value) in rows {
    print(label + String(repeating: " ", count: width - label.count) + "  " + value)
  }
}

/// `1234567` as `1,234,567`.
func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, ch) in digits.enumerated() {
    if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(ch)
  }
  return (n < 0 ? "-" : "") + out
}
