import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A running `funnelsim serve` on a free loopback port: started through `funnelsim` (so the
/// hand-over to `funnelsim-serve` is part of every test), stopped when the test ends.
final class AppServerProcess: @unchecked Sendable {
  let process = Process()
  /// The address it printed, e.g. `http://127.0.0.1:41234/`.
  let address: URL
  let port: Int

  init(_ arguments: [String] = []) throws {
    process.executableURL = FunnelSimProcess.executable
    process.arguments = ["serve", "--port", "0"] + arguments
    process.currentDirectoryURL = FunnelSimProcess.packageRoot
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    // The first line is the address; wait for it (the server prints it once listening).
    var text = ""
    let deadline = Date().addingTimeInterval(60)
    while !text.contains("\n") && Date() < deadline {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
    }
    guard let line = text.split(separator: "\n").first, let start = line.range(of: "http://"),
      let url = URL(string: String(line[start.lowerBound...])), let port = url.port
    else {
      process.terminate()
      throw ServeTestFailure("funnelsim serve printed no address: \(text)")
    }
    address = url
    self.port = port
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  /// A request to `path` (with the token of the printed address when there is one).
  func request(
    _ path: String, method: String = "GET", json: Any? = nil, body: Data? = nil,
    headers: [String: String] = [:], host: String? = nil
  ) async throws -> (status: Int, body: Data) {
    var url = URL(string: path, relativeTo: address)!
    if let host { url = URL(string: "http://\(host):\(port)\(path)")! }
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = 300
    for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
    if let json {
      request.httpBody = try JSONSerialization.data(withJSONObject: json)
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    } else if let body {
      request.httpBody = body
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as! HTTPURLResponse).statusCode, data)
  }

  /// The JSON object of a response body.
  static func object(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }
}

struct ServeTestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
