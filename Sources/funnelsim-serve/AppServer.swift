import FlyingFox
import FlyingSocks
import Foundation

/// FlyingFox under the app (docs/serve.md, "Why FlyingFox": its first build takes about an
/// eighth of Hummingbird's CPU time). Every request goes to ``WhatIfApp/respond(to:)``; the
/// body is read only up to the app's limit, so an oversized request is refused before it is
/// held in memory.
enum AppServer {
  /// Handlers may take as long as a run does; a run has its own limits (replications, size).
  static let handlerTimeout: TimeInterval = 6 * 3600

  static func run(
    _ app: WhatIfApp, host: String, port: Int, listening: @escaping @Sendable (Int) -> Void
  ) async throws {
    let quiet: DisabledLogger = .disabled
    let server = HTTPServer(
      config: HTTPServer.Configuration(
        address: try socketAddress(host, UInt16(port)), timeout: handlerTimeout,
        logger: quiet),
      handler: ClosureHTTPHandler { request in try await respond(app, request) })
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.run() }
      try await server.waitUntilListening(timeout: 30)
      switch await server.listeningAddress {
      case .ip4(_, let bound), .ip6(_, let bound): listening(Int(bound))
      default: listening(port)
      }
      _ = try await group.next()
    }
  }

  static func socketAddress(_ host: String, _ port: UInt16) throws -> any SocketAddress {
    if host == "localhost" { return try sockaddr_in.inet(ip4: "127.0.0.1", port: port) }
    if host.contains(":") { return try sockaddr_in6.inet6(ip6: host, port: port) }
    do { return try sockaddr_in.inet(ip4: host, port: port) } catch {
      throw ServeFailure("--host \(host): expected an IP address such as 127.0.0.1 or ::1")
    }
  }

  static func respond(_ app: WhatIfApp, _ request: HTTPRequest) async throws -> HTTPResponse {
    var headers: [String: String] = [:]
    for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
    var query: [String: String] = [:]
    for item in request.query { query[item.name] = item.value }
    var appRequest = AppRequest(
      method: request.method.rawValue, path: request.path, query: query, headers: headers,
      body: Data())
    // Headers first: a wrong token or a declared oversize is refused without reading the body.
    var answer = app.refusal(appRequest)
    if answer == nil {
      var body = Data()
      for try await chunk in request.bodySequence {
        body.append(chunk)
        if body.count > app.limits.maximumBodyBytes {
          answer = .problem(413, "a request may be at most \(app.limits.maximumBodyBytes) bytes")
          break
        }
      }
      appRequest.body = body
    }
    if answer == nil { answer = await app.respond(to: appRequest) }
    let reply = answer!
    var fields = HTTPHeaders()
    fields[HTTPHeader("Content-Type")] = reply.contentType
    fields[HTTPHeader("Cache-Control")] = "no-store"
    for (name, value) in reply.headers { fields[HTTPHeader(name)] = value }
    return HTTPResponse(
      statusCode: HTTPStatusCode(reply.status, phrase: phrase(reply.status)), headers: fields,
      body: reply.body)
  }

  static func phrase(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 409: "Conflict"
    case 413: "Content Too Large"
    case 422: "Unprocessable Content"
    case 503: "Service Unavailable"
    default: "Error"
    }
  }
}
