import Foundation
import FunnelSim
import SalesModel
import ScenarioLoading
import Synchronization

/// A request as the app sees it, whichever HTTP server delivered it.
struct AppRequest: Sendable {
  var method: String
  var path: String
  var query: [String: String]
  /// Header names in lower case.
  var headers: [String: String]
  var body: Data
}

/// What the app answers.
struct AppResponse: Sendable {
  var status: Int
  var contentType: String
  var body: Data
  var headers: [(String, String)] = []

  static func json(_ value: JSONValue, status: Int = 200) -> AppResponse {
    AppResponse(
      status: status, contentType: "application/json; charset=utf-8",
      body: Data(value.rendered(pretty: false).utf8))
  }

  static func problem(_ status: Int, _ message: String) -> AppResponse {
    json(.object([("error", .string(message))]), status: status)
  }
}

/// The what-if app: the page, the scenario inputs, runs, comparisons and YAML downloads.
/// It knows nothing of HTTP servers (``ServeCommand`` adapts one to it), so it is the same
/// under any of them.
final class WhatIfApp: Sendable {
  /// What the server allows; see docs/serve.md, "Safe by default".
  struct Limits: Sendable {
    /// Largest request body, bytes: a variant is a list of overrides, a few kilobytes.
    var maximumBodyBytes = 64 << 10
    /// Most replications of one run (a comparison runs this many per variant).
    var maximumReplications = 20_000
    /// Memory the outcomes of one run may keep, bytes.
    var maximumOutcomeBytes = 1e9
    /// Runs at once over all pages.
    var maximumRuns = 4
  }

  let catalog: ScenarioCatalog
  let limits: Limits
  /// Required on every request when set (`--token`).
  let token: String?
  let threads: Int?
  let runs: RunRegistry

  init(catalog: ScenarioCatalog, limits: Limits, token: String?, threads: Int?) {
    self.catalog = catalog
    self.limits = limits
    self.token = token
    self.threads = threads
    runs = RunRegistry(maximumRuns: limits.maximumRuns)
  }

  func respond(to request: AppRequest) async -> AppResponse {
    if let refusal = refusal(request) { return refusal }
    switch (request.method, request.path) {
    case ("GET", "/"), ("GET", "/index.html"):
      return AppResponse(
        status: 200, contentType: "text/html; charset=utf-8", body: Data(AppPage.html.utf8),
        headers: [
          // Nothing but this server: no fonts, scripts or images from the network.
          (
            "Content-Security-Policy",
            "default-src 'self' 'unsafe-inline' data: blob:; connect-src 'self'; form-action 'none'"
          )
        ])
    case ("GET", "/api/scenarios"): return scenarios()
    case ("GET", "/api/inputs"): return inputs(request.query["scenario"] ?? "")
    case ("GET", "/api/progress"): return progress(page: request.query["page"] ?? "")
    case ("POST", "/api/run"): return await run(request.body)
    case ("POST", "/api/compare"): return await compare(request.body)
    case ("POST", "/api/explain"): return await explain(request.body)
    case ("POST", "/api/yaml"): return yaml(request.body)
    default:
      return .problem(404, "no such page: \(request.method) \(request.path)")
    }
  }

  /// A request refused before it is read: wrong token, foreign `Host`, oversized body.
  func refusal(_ request: AppRequest) -> AppResponse? {
    if let token {
      let given =
        request.headers["authorization"].flatMap {
          $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil
        } ?? request.query["token"]
      guard let given, Self.sameBytes(given, token) else {
        return .problem(401, "this server needs its token: open the address it printed")
      }
    } else if let host = request.headers["host"] {
      // Without a token the server is on the loopback address: a page of another site that
      // resolves its own name to 127.0.0.1 (DNS rebinding) is refused by its Host header.
      let name =
        host.hasPrefix("[")
        ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
      guard ["127.0.0.1", "localhost", "[::1]"].contains(name.lowercased()) else {
        return .problem(403, "this server answers only to 127.0.0.1 and localhost")
      }
    }
    if let length = request.headers["content-length"].flatMap({ Int($0) }),
      length > limits.maximumBodyBytes
    {
      return .problem(
        413, "a request may be at most \(limits.maximumBodyBytes) bytes (got \(length))")
    }
    if request.body.count > limits.maximumBodyBytes {
      return .problem(413, "a request may be at most \(limits.maximumBodyBytes) bytes")
    }
    return nil
  }

  /// Compares in time independent of where the strings differ.
  static func sameBytes(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var diff = x.count ^ y.count
    for i in 0..<Swift.max(x.count, y.count) {
      diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0))
    }
    return diff == 0
  }

  // MARK: Reading

  func scenarios() -> AppResponse {
    .json(
      .object([
        (
          "scenarios",
          .array(
            catalog.entries.map {
              .object([
                ("id", .string($0.id)), ("name", .string($0.scenario.name)),
                ("file", .string($0.file)),
              ])
            })
        ),
        ("maximumReplications", .int(limits.maximumReplications)),
        ("explain", .bool(true)),
      ]))
  }

  func inputs(_ id: String) -> AppResponse {
    guard let entry = catalog.entry(id) else {
      return .problem(404, "no scenario '\(id)'; the server reads only the scenarios it was given")
    }
    let s = entry.scenario
    var fields = EditableInputs(s).json
    if case .object(var members) = fields {
      members.insert(
        contentsOf: [
          ("scenario", .string(entry.id)), ("name", .string(s.name)), ("file", .string(entry.file)),
          ("replications", .int(Swift.min(s.replications, limits.maximumReplications))),
          ("seed", .string(String(s.seed))), ("horizonMonths", .int(s.horizonMonths)),
        ], at: 0)
      fields = .object(members)
    }
    return .json(fields)
  }

  func progress(page: String) -> AppResponse {
    guard let state = runs.current(page: page) else {
      return .json(.object([("running", .bool(false))]))
    }
    return .json(
      .object([
        ("running", .bool(true)), ("done", .int(state.done.load(ordering: .relaxed))),
        ("total", .int(state.total)),
      ]))
  }

  // MARK: Variants

  /// A variant as the page sends it: a scenario and the overrides of the fields changed.
  struct VariantRequest: Decodable, Sendable {
    var scenario: String
    var overrides: [String] = []
    var name: String?

    enum CodingKeys: String, CodingKey { case scenario, overrides, name }

    // A script may leave out `overrides` (the scenario as it is) and `name`.
    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      scenario = try c.decode(String.self, forKey: .scenario)
      overrides = try c.decodeIfPresent([String].self, forKey: .overrides) ?? []
      name = try c.decodeIfPresent(String.self, forKey: .name)
    }
  }

  struct RunRequest: Decodable, Sendable {
    var page: String
    var variant: VariantRequest
    var replications: Int?
  }

  struct CompareRequest: Decodable, Sendable {
    var page: String
    var baseline: VariantRequest
    var alternative: VariantRequest
    var replications: Int?
  }

  /// Problems of a variant, each with the form field it belongs to (its key path) and the
  /// words `funnelsim validate` prints.
  struct Problems: Error {
    var items: [(field: String, message: String, text: String)]

    init(field: String, _ message: String) { items = [(field, message, "\(field): \(message)")] }
    init(items: [(field: String, message: String, text: String)]) { self.items = items }

    var response: AppResponse {
      .json(
        .object([
          (
            "errors",
            .array(
              items.map {
                .object([
                  ("field", .string($0.field)), ("message", .string($0.message)),
                  ("text", .string($0.text)),
                ])
              })
          )
        ]), status: 422)
    }
  }

  /// A variant loaded and compiled, ready to run.
  struct LoadedVariant {
    var entry: ScenarioCatalog.Entry
    var scenario: Scenario
    var model: SalesModel
    var name: String
  }

  /// Loads the variant as `funnelsim validate --set ...` would, with the default size limits.
  func load(_ v: VariantRequest) throws(Problems) -> LoadedVariant {
    guard let entry = catalog.entry(v.scenario) else {
      throw Problems(
        field: "scenario",
        "no scenario '\(v.scenario)'; the server reads only the scenarios it was given")
    }
    let overrides = v.overrides.map(ScenarioOverride.init)
    do {
      let scenario = try SizeLimits.$current.withValue(.default) {
        try ScenarioLoader.load(
          Scenario.self, text: entry.text, file: entry.file, overrides: overrides)
      }
      let model = try SalesModel(scenario: scenario)
      return LoadedVariant(
        entry: entry, scenario: scenario, model: model, name: v.name ?? scenario.name)
    } catch let error as ScenarioLoadError {
      throw Problems(
        items: error.issues.map { issue in
          let key = issue.override.map { ScenarioOverride($0).key } ?? issue.path
          return (key, issue.message, issue.description)
        })
    } catch let error as ScenarioInvalid {
      throw Problems(
        items: error.issues.map { issue -> (field: String, message: String, text: String) in
          let message =
            "\(issue.value.map { "\($0) is not " } ?? "")expected \(issue.expected)"
          return (issue.path.dotted, message, "\(entry.file): \(issue.path.dotted): \(message)")
        })
    } catch {
      throw Problems(field: "", "\(error)")
    }
  }

  func replications(_ requested: Int?, _ v: LoadedVariant) throws(Problems) -> Int {
    let n = requested ?? Swift.min(v.scenario.replications, limits.maximumReplications)
    guard n >= 2 else {
      throw Problems(field: "replications", "got '\(n)'; expected a whole number >= 2")
    }
    guard n <= limits.maximumReplications else {
      throw Problems(
        field: "replications",
        "got '\(n)'; expected at most \(limits.maximumReplications) replications per run "
          + "in the app (run bigger ones with funnelsim run)")
    }
    // The same estimate as `funnelsim run`'s memory check, with the app's smaller budget.
    let schema = v.model.schema
    let perOutcome =
      Double(schema.scalars.count + schema.series.count * v.model.horizonMonths + 16) * 8 + 128
    if Double(n) * perOutcome > limits.maximumOutcomeBytes {
      throw Problems(
        field: "replications",
        "got '\(n)'; expected at most \(Int(limits.maximumOutcomeBytes / perOutcome)) replications "
          + "of this scenario, whose outcomes must fit in "
          + "\(Int(limits.maximumOutcomeBytes / 1e6)) MB"
      )
    }
    return n
  }

  static func decode<T: Decodable>(_ type: T.Type, _ body: Data) throws(Problems) -> T {
    do { return try JSONDecoder().decode(type, from: body) } catch {
      throw Problems(field: "", "the request is not the JSON the page sends: \(error)")
    }
  }

  /// Runs `models` one after another on common random numbers, off the event loop; nil when a
  /// newer run of the page stopped it.
  func simulate(_ models: [SalesModel], seed: UInt64, replications: Int, state: RunState)
    async
    throws -> [[ReplicationOutcome]]?
  {
    let runner = ReplicationRunner(threads: threads)
    return try await Self.offLoop {
      var all: [[ReplicationOutcome]] = []
      for (i, model) in models.enumerated() {
        let outcomes = try runner.run(
          model, seed: seed, replications: 0..<replications,
          shouldStop: { state.stopped },
          progress: { state.done.store(i * replications + $0, ordering: .relaxed) })
        if outcomes.count < replications || state.stopped { return nil }
        all.append(outcomes)
      }
      return all
    }
  }

  /// Runs `work` on a thread of its own, so the server's event loop keeps answering other
  /// pages (and this page's progress requests) meanwhile.
  static func offLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
  }

  static let cancelled = AppResponse.problem(409, "stopped: a newer run of this page replaced it")

  func run(_ body: Data) async -> AppResponse {
    do {
      let request = try Self.decode(RunRequest.self, body)
      let variant = try load(request.variant)
      let n = try replications(request.replications, variant)
      guard let state = runs.begin(page: request.page, total: n) else {
        return .problem(503, "\(limits.maximumRuns) runs are under way; try again when one ends")
      }
      defer { runs.end(page: request.page, state) }
      let seed = variant.scenario.seed
      guard
        let outcomes = try await simulate(
          [variant.model], seed: seed, replications: n, state: state)
      else { return Self.cancelled }
      let report = RunReport(
        scenarioName: variant.name, scenarioFile: variant.entry.file, seed: seed,
        horizonMonths: variant.model.horizonMonths, schema: variant.model.schema,
        outcomes: outcomes[0])
      func mean(_ key: String) -> JSONValue { .number(report.metric(key)?.statistics.mean) }
      return .json(
        .object([
          ("name", .string(variant.name)), ("replications", .int(n)),
          ("seed", .string(String(seed))),
          ("bookings", mean(Metric.bookings.key)),
          ("planReached", mean(TeamMetric.planReached.key)),
          ("revenue", mean(Metric.revenue.key)),
          ("html", .string(HTMLReport.render(run: report))),
        ]))
    } catch let problems as Problems {
      return problems.response
    } catch {
      return .problem(500, "\(error)")
    }
  }

  func compare(_ body: Data) async -> AppResponse {
    do {
      let request = try Self.decode(CompareRequest.self, body)
      let baseline = try load(request.baseline)
      let alternative = try load(request.alternative)
      let n = try replications(request.replications, baseline)
      _ = try replications(n, alternative)
      guard baseline.model.horizonMonths == alternative.model.horizonMonths else {
        throw Problems(field: "", "the variants have different horizons; compare needs the same")
      }
      guard let state = runs.begin(page: request.page, total: 2 * n) else {
        return .problem(503, "\(limits.maximumRuns) runs are under way; try again when one ends")
      }
      defer { runs.end(page: request.page, state) }
      // Both on the baseline's seed: replication i of each sees the same random numbers
      // wherever the variants agree, which is what makes the paired comparison sharp.
      let seed = baseline.scenario.seed
      guard
        let outcomes = try await simulate(
          [baseline.model, alternative.model], seed: seed, replications: n, state: state)
      else { return Self.cancelled }
      let names =
        baseline.name == alternative.name
        ? [baseline.name, alternative.name + " (2)"] : [baseline.name, alternative.name]
      let report = try ComparisonReport(
        runs: [baseline, alternative].enumerated().map {
          ScenarioOutcomes(
            name: names[$0.offset], file: $0.element.entry.file, schema: $0.element.model.schema,
            outcomes: outcomes[$0.offset])
        }, seed: seed, horizonMonths: baseline.model.horizonMonths)
      return .json(
        .object([
          ("verdicts", .array(report.verdicts.map { .string($0) })), ("replications", .int(n)),
          ("html", .string(report.html())),
        ]))
    } catch let problems as Problems {
      return problems.response
    } catch {
      return .problem(500, "\(error)")
    }
  }

  func yaml(_ body: Data) -> AppResponse {
    do {
      let v = try Self.decode(VariantRequest.self, body)
      let loaded = try load(v)
      let text = try VariantYAML.render(
        base: loaded.entry.text, file: loaded.entry.file, overrides: v.overrides, name: v.name)
      let fileName = String(loaded.name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
      return AppResponse(
        status: 200, contentType: "application/yaml; charset=utf-8", body: Data(text.utf8),
        headers: [("Content-Disposition", "attachment; filename=\"\(fileName).yaml\"")])
    } catch let problems as Problems {
      return problems.response
    } catch {
      return .problem(500, "\(error)")
    }
  }
}
