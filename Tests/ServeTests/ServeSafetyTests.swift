import Foundation
import TestSupport
import Testing

/// `funnelsim serve` over loopback only: safe defaults, limits, cancellation, several pages.
@Suite(.serialized) struct ServeSafetyTests {
  static let scenario = "b2b-consulting"

  static func run(
    page: String, overrides: [String] = [], replications: Int
  ) -> [String: Any] {
    [
      "page": page, "replications": replications,
      "variant": ["scenario": scenario, "overrides": overrides],
    ]
  }

  @Test func listensOnTheLoopbackAddressByDefault() async throws {
    let server = try AppServerProcess()
    #expect(server.address.host == "127.0.0.1")
    // The kernel's table of listening sockets: the port is bound to 127.0.0.1 (0100007F).
    let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
    let port = String(format: "%04X", server.port)
    let listening = table.split(separator: "\n").filter {
      $0.contains(":\(port) ") && $0.contains(" 0A ")
    }
    #expect(!listening.isEmpty)
    #expect(listening.allSatisfy { $0.contains("0100007F:\(port)") })
    let page = try await server.request("/")
    #expect(page.status == 200)
    #expect(String(decoding: page.body, as: UTF8.self).contains("FunnelSim what-if"))
  }

  @Test func anotherAddressNeedsAToken() throws {
    let result = try FunnelSimProcess.run(["serve", "--host", "0.0.0.0", "--port", "0"])
    #expect(result.status == 2, "bad input, as in every command (docs/exit-status.md)")
    #expect(result.error.contains("--token"))
  }

  @Test func badInputExitsWithTheStatusOfEveryCommand() throws {
    let missing = try FunnelSimProcess.run(["serve", "no-such-scenario.yaml", "--port", "0"])
    #expect(missing.status == 2, "\(missing.error)")
    #expect(missing.error.contains("no-such-scenario.yaml: no such file"))
    let misspelt = try FunnelSimProcess.run(["serve", "--prot", "0"])
    #expect(misspelt.status == 2, "\(misspelt.error)")
    #expect(misspelt.error.contains("--prot"))
  }

  @Test func theTokenIsCheckedOnEveryRequest() async throws {
    let token = "correct-horse-battery-staple"
    // 127.0.0.2 is loopback too, but not the default address, so it needs the token.
    let server = try AppServerProcess(["--host", "127.0.0.2", "--token", token])
    #expect(server.address.absoluteString.contains("token=\(token)"))
    for path in ["/api/scenarios", "/", "/api/inputs?scenario=\(Self.scenario)"] {
      let bare = try await server.request(path, host: "127.0.0.2")
      #expect(bare.status == 401, "\(path) without a token")
      let wrong = try await server.request(
        path, headers: ["Authorization": "Bearer wrong-horse-battery-staple"], host: "127.0.0.2")
      #expect(wrong.status == 401, "\(path) with a wrong token")
      let right = try await server.request(
        path, headers: ["Authorization": "Bearer \(token)"], host: "127.0.0.2")
      #expect(right.status == 200, "\(path) with the token")
    }
    let inQuery = try await server.request("/?token=\(token)", host: "127.0.0.2")
    #expect(inQuery.status == 200)
  }

  @Test func aForeignHostNameIsRefused() async throws {
    let server = try AppServerProcess()
    let rebound = try await server.request(
      "/api/scenarios", headers: ["Host": "attacker.example:80"])
    #expect(rebound.status == 403)
  }

  @Test func readsOnlyTheScenariosItWasGiven() async throws {
    let server = try AppServerProcess([FunnelSimProcess.scenario("key-accounts.yaml")])
    let list = try AppServerProcess.object(try await server.request("/api/scenarios").body)
    let ids = (list["scenarios"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
    #expect(ids == ["key-accounts"])
    for id in [Self.scenario, "../Package", "/etc/passwd"] {
      let other = try await server.request(
        "/api/inputs?scenario=\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
      #expect(other.status == 404)
    }
  }

  @Test func refusesOversizedRequests() async throws {
    let server = try AppServerProcess()
    let big = Data(repeating: UInt8(ascii: " "), count: 200_000)
    let reply = try await server.request("/api/run", method: "POST", body: big)
    #expect(reply.status == 413)
  }

  @Test func refusesRunsAboveTheSizeLimits() async throws {
    let server = try AppServerProcess(["--max-replications", "500"])
    let many = try await server.request(
      "/api/run", method: "POST", json: Self.run(page: "p", replications: 501))
    #expect(many.status == 422)
    let errors = try #require(try AppServerProcess.object(many.body)["errors"] as? [[String: Any]])
    #expect(errors.first?["field"] as? String == "replications")
    // A team too large to keep in memory: the scenario's own size limit, as `validate` says.
    let huge = try await server.request(
      "/api/run", method: "POST",
      json: Self.run(page: "p", overrides: ["levels.junior.headcount=20000000"], replications: 10))
    #expect(huge.status == 422)
    #expect(
      String(decoding: huge.body, as: UTF8.self).contains("expected at most 10000000 managers"))
  }

  @Test func errorsNameTheFieldInTheWordsOfValidate() async throws {
    let server = try AppServerProcess()
    let overrides = ["levels.junior.headcount=-2", "funnel.stages.meeting.probability=1.5"]
    let reply = try await server.request(
      "/api/run", method: "POST", json: Self.run(page: "p", overrides: overrides, replications: 10))
    #expect(reply.status == 422)
    let errors = try #require(try AppServerProcess.object(reply.body)["errors"] as? [[String: Any]])
    #expect(
      errors.compactMap { $0["field"] as? String }.sorted() == [
        "funnel.stages.meeting.probability", "levels.junior.headcount",
      ])
    let validate = try FunnelSimProcess.run(
      ["validate", "scenarios/b2b-consulting.yaml"] + overrides.flatMap { ["--set", $0] })
    #expect(validate.status == 2)
    for error in errors {
      let text = try #require(error["text"] as? String)
      #expect(validate.error.contains(text + "\n"), "\(text) is not what validate says")
    }
  }

  // A long run: 100,000 replications of b2b-consulting stay within the app's 1 GB budget for
  // outcomes (about 6.5 kB each with the monthly series per level) and take minutes here.
  @Test func aNewRunOfThePageStopsThePreviousOne() async throws {
    let server = try AppServerProcess(["--max-replications", "200000"])
    async let long = server.request(
      "/api/run", method: "POST", json: Self.run(page: "same", replications: 100_000))
    try await Self.waitUntilRunning(server, page: "same")
    let short = try await server.request(
      "/api/run", method: "POST", json: Self.run(page: "same", replications: 4))
    #expect(short.status == 200)
    #expect(try await long.status == 409)
  }

  @Test func pagesDoNotWaitForEachOther() async throws {
    let server = try AppServerProcess(["--max-replications", "200000"])
    async let long = server.request(
      "/api/run", method: "POST", json: Self.run(page: "first", replications: 100_000))
    try await Self.waitUntilRunning(server, page: "first")
    // Another page reads and runs while the first page's run goes on.
    let list = try await server.request("/api/scenarios")
    #expect(list.status == 200)
    let other = try await server.request(
      "/api/run", method: "POST", json: Self.run(page: "second", replications: 4))
    #expect(other.status == 200)
    let progress = try AppServerProcess.object(
      try await server.request("/api/progress?page=first").body)
    #expect(progress["running"] as? Bool == true, "the first page's run was still under way")
    // End the long run through its own page rather than waiting for it.
    _ = try await server.request(
      "/api/run", method: "POST", json: Self.run(page: "first", replications: 2))
    #expect(try await long.status == 409)
  }

  static func waitUntilRunning(_ server: AppServerProcess, page: String) async throws {
    for _ in 0..<600 {
      let p = try AppServerProcess.object(
        try await server.request("/api/progress?page=\(page)").body)
      if p["running"] as? Bool == true, (p["done"] as? Int ?? 0) > 0 { return }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw ServeTestFailure("the run of page \(page) never started")
  }

  @Test func aVariantDownloadsAsAScenarioThatValidates() async throws {
    let server = try AppServerProcess()
    let overrides = [
      "levels.junior.headcount=5", "careers.planned_hires=[{level: middle, month: 4, count: 2}]",
    ]
    let reply = try await server.request(
      "/api/yaml", method: "POST",
      json: ["scenario": Self.scenario, "overrides": overrides, "name": "junior: five"])
    #expect(reply.status == 200)
    let dir = try TemporaryDirectory()
    let file = dir.file("variant.yaml")
    try reply.body.write(to: URL(fileURLWithPath: file))
    let validate = try FunnelSimProcess.run(["validate", file])
    #expect(validate.status == 0, "\(validate.error)")
    let original = try FunnelSimProcess.run(
      ["validate", "scenarios/b2b-consulting.yaml"] + overrides.flatMap { ["--set", $0] })
    // The same team as the form's overrides: the summary lines after the name agree.
    #expect(
      validate.output.split(separator: "\n").dropFirst(2)
        == original.output.split(separator: "\n").dropFirst(2))
    #expect(String(decoding: reply.body, as: UTF8.self).contains("name: 'junior: five'"))
  }

  @Test func comparesTwoVariantsWithAVerdict() async throws {
    let server = try AppServerProcess()
    let variant = { (overrides: [String], name: String) -> [String: Any] in
      ["scenario": Self.scenario, "overrides": overrides, "name": name]
    }
    let reply = try await server.request(
      "/api/compare", method: "POST",
      json: [
        "page": "p", "replications": 40, "baseline": variant([], "as planned"),
        "alternative": variant(["levels.junior.headcount=6"], "six juniors"),
      ])
    #expect(reply.status == 200)
    let body = try AppServerProcess.object(reply.body)
    let verdicts = try #require(body["verdicts"] as? [String])
    #expect(verdicts.count == 1)
    #expect(verdicts[0].contains("six juniors") && verdicts[0].contains("as planned"))
    #expect((body["html"] as? String)?.contains("<svg") == true)
  }

  @Test func explainRunsOnAVariantAndANewRunStopsIt() async throws {
    let server = try AppServerProcess(["--max-replications", "200"])
    let bad = try await server.request(
      "/api/explain", method: "POST",
      json: Self.run(page: "p", overrides: ["levels.junior.headcount=x"], replications: 10))
    #expect(bad.status == 422)
    let errors = try #require(try AppServerProcess.object(bad.body)["errors"] as? [[String: Any]])
    #expect(errors.first?["field"] as? String == "levels.junior.headcount")
    // Every switch of the causes runs the replications: far more than one run may.
    let huge = try await server.request(
      "/api/explain", method: "POST", json: Self.run(page: "p", replications: 200))
    #expect(huge.status == 422)
    #expect(String(decoding: huge.body, as: UTF8.self).contains("explaining this scenario runs"))
    // A real explanation starts, and the page's next run stops it.
    async let explained = server.request(
      "/api/explain", method: "POST", json: Self.run(page: "p", replications: 20))
    try await Self.waitUntilRunning(server, page: "p")
    let short = try await server.request(
      "/api/run", method: "POST", json: Self.run(page: "p", replications: 2))
    #expect(short.status == 200)
    #expect(try await explained.status == 409)
  }

  @Test func serveSaysHowToBuildTheServerWhenItIsMissing() throws {
    let dir = try TemporaryDirectory()
    let lone = URL(fileURLWithPath: dir.file("funnelsim"))
    try FileManager.default.copyItem(at: FunnelSimProcess.executable, to: lone)
    let process = Process()
    process.executableURL = lone
    process.arguments = ["serve"]
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus != 0)
    #expect(text.contains("swift build --product funnelsim-serve"))
  }
}
