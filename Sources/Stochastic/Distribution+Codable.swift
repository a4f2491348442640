/// YAML and JSON form of a distribution.
///
/// A bare number is a constant. Anything else is a mapping whose `distribution:` key names
/// the kind, with the parameters alongside:
///
/// ```yaml
/// deal_size: {distribution: lognormal, mean: 50000, sd: 20000}
/// seats: {distribution: discrete, values: [1, 2, 3], weights: [0.2, 0.5, 0.3]}
/// ```
///
/// Every error is a `DecodingError.dataCorrupted` whose coding path ends at the offending
/// key (or list element), so a loader can report the file, line and column.
extension Distribution: Codable {
  /// The kinds of distribution, by the name used in the `distribution:` key.
  public enum Kind: String, CaseIterable, Sendable {
    case constant, uniform, triangular, exponential, gamma, lognormal
    case truncatedNormal = "truncated_normal"
    case weibull, poisson, bernoulli, binomial, geometric, discrete, empirical

    /// The parameter keys, required ones first; truncated_normal's min and max are optional.
    public var parameters: [String] {
      switch self {
      case .constant: return ["value"]
      case .uniform: return ["min", "max"]
      case .triangular: return ["min", "mode", "max"]
      case .exponential, .poisson: return ["mean"]
      case .gamma, .weibull: return ["shape", "scale"]
      case .lognormal: return ["mean", "sd"]
      case .truncatedNormal: return ["mean", "sd", "min", "max"]
      case .bernoulli, .geometric: return ["p"]
      case .binomial: return ["n", "p"]
      case .discrete: return ["values", "weights"]
      case .empirical: return ["values", "cumulative"]
      }
    }

    /// Finds a kind regardless of case and of `_`, `-` or camel case: `truncatedNormal`.
    init?(lenient name: String) {
      let wanted = Kind.squash(name)
      guard let kind = Kind.allCases.first(where: { Kind.squash($0.rawValue) == wanted }) else {
        return nil
      }
      self = kind
    }

    static func squash(_ s: String) -> String {
      String(s.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
  }

  /// The kind of this distribution.
  public var kind: Kind {
    switch self {
    case .constant: return .constant
    case .uniform: return .uniform
    case .triangular: return .triangular
    case .exponential: return .exponential
    case .gamma: return .gamma
    case .lognormal: return .lognormal
    case .truncatedNormal: return .truncatedNormal
    case .weibull: return .weibull
    case .poisson: return .poisson
    case .bernoulli: return .bernoulli
    case .binomial: return .binomial
    case .geometric: return .geometric
    case .discrete: return .discrete
    case .empirical: return .empirical
    }
  }

  /// Decodes a bare number as a constant, or a `distribution:` mapping; validates it.
  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer(), let value = try? single.decode(Double.self)
    {
      guard value.isFinite else {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription: "expected a finite number (got \(format(value)))"))
      }
      self = .constant(value)
      return
    }
    let kindList = Kind.allCases.map(\.rawValue).joined(separator: ", ")
    guard let map = try? decoder.container(keyedBy: AnyKey.self) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription:
            "expected a number or a mapping with a 'distribution:' key (one of \(kindList))"))
    }
    let kindKey = AnyKey("distribution")
    guard map.contains(kindKey) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: map.codingPath,
          debugDescription:
            "missing key 'distribution'; expected one of \(kindList), e.g. "
            + "{distribution: lognormal, mean: 50000, sd: 20000}"))
    }
    let name: String
    do { name = try map.decode(String.self, forKey: kindKey) } catch {
      throw DecodingError.dataCorruptedError(
        forKey: kindKey, in: map, debugDescription: "distribution must be one of \(kindList)")
    }
    guard let kind = Kind(lenient: name) else {
      var message = "unknown distribution '\(name)'"
      if let guess = Kind.closest(to: name) { message += "; did you mean '\(guess.rawValue)'?" }
      message += " Valid kinds: \(kindList)"
      throw DecodingError.dataCorruptedError(
        forKey: kindKey, in: map, debugDescription: message)
    }

    let takes = "\(kind.rawValue) takes " + kind.parameters.joined(separator: ", ")
    for key in map.allKeys where key.stringValue != "distribution" {
      guard kind.parameters.contains(key.stringValue) else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: map, debugDescription: "unknown key '\(key.stringValue)'; \(takes)")
      }
    }

    let fields = Fields(map: map, takes: takes)
    switch kind {
    case .constant: self = .constant(try fields.number("value"))
    case .uniform: self = .uniform(min: try fields.number("min"), max: try fields.number("max"))
    case .triangular:
      self = .triangular(
        min: try fields.number("min"), mode: try fields.number("mode"),
        max: try fields.number("max"))
    case .exponential: self = .exponential(mean: try fields.number("mean"))
    case .gamma: self = .gamma(shape: try fields.number("shape"), scale: try fields.number("scale"))
    case .lognormal: self = .lognormal(mean: try fields.number("mean"), sd: try fields.number("sd"))
    case .truncatedNormal:
      self = .truncatedNormal(
        mean: try fields.number("mean"), sd: try fields.number("sd"),
        min: try fields.number("min", default: -.infinity),
        max: try fields.number("max", default: .infinity))
    case .weibull:
      self = .weibull(shape: try fields.number("shape"), scale: try fields.number("scale"))
    case .poisson: self = .poisson(mean: try fields.number("mean"))
    case .bernoulli: self = .bernoulli(p: try fields.number("p"))
    case .binomial: self = .binomial(n: try fields.count("n"), p: try fields.number("p"))
    case .geometric: self = .geometric(p: try fields.number("p"))
    case .discrete:
      self = .discrete(values: try fields.numbers("values"), weights: try fields.numbers("weights"))
    case .empirical:
      self = .empirical(
        values: try fields.numbers("values"), cumulative: try fields.numbers("cumulative"))
    }

    if let problem = problems.first {
      var path = map.codingPath + [AnyKey(problem.parameter)]
      if let index = problem.index { path.append(AnyKey(index: index)) }
      throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: problem.message))
    }
  }

  /// Encodes a constant as a bare number, anything else as a `distribution:` mapping.
  public func encode(to encoder: any Encoder) throws {
    if case .constant(let v) = self {
      var single = encoder.singleValueContainer()
      try single.encode(v)
      return
    }
    var map = encoder.container(keyedBy: AnyKey.self)
    try map.encode(kind.rawValue, forKey: AnyKey("distribution"))
    func put(_ key: String, _ value: Double) throws { try map.encode(value, forKey: AnyKey(key)) }
    func put(_ key: String, _ value: [Double]) throws { try map.encode(value, forKey: AnyKey(key)) }
    switch self {
    case .constant: break
    case .uniform(let lo, let hi):
      try put("min", lo)
      try put("max", hi)
    case .triangular(let lo, let mode, let hi):
      try put("min", lo)
      try put("mode", mode)
      try put("max", hi)
    case .exponential(let mean), .poisson(let mean): try put("mean", mean)
    case .gamma(let shape, let scale), .weibull(let shape, let scale):
      try put("shape", shape)
      try put("scale", scale)
    case .lognormal(let mean, let sd):
      try put("mean", mean)
      try put("sd", sd)
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      try put("mean", mean)
      try put("sd", sd)
      // Infinite bounds are the default; JSON could not carry them anyway.
      if lo.isFinite { try put("min", lo) }
      if hi.isFinite { try put("max", hi) }
    case .bernoulli(let p), .geometric(let p): try put("p", p)
    case .binomial(let n, let p):
      try map.encode(n, forKey: AnyKey("n"))
      try put("p", p)
    case .discrete(let table):
      try put("values", table.values)
      try put("weights", table.weights)
    case .empirical(let values, let cumulative):
      try put("values", values)
      try put("cumulative", cumulative)
    }
  }
}

extension Distribution.Kind {
  /// The kind whose name is within two edits of `name`, for a did-you-mean hint.
  static func closest(to name: String) -> Self? {
    let wanted = squash(name)
    let scored = allCases.map { ($0, editDistance(squash($0.rawValue), wanted)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= Swift.max(2, wanted.count / 4)
    else { return nil }
    return best.0
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0...b.count)
    for i in a.indices {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for j in b.indices {
        let substitution = previous[j] + (a[i] == b[j] ? 0 : 1)
        current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, substitution)
      }
      previous = current
    }
    return previous[b.count]
  }
}

/// Reads the parameters of one mapping, turning type errors into messages in user words.
private struct Fields {
  let map: KeyedDecodingContainer<AnyKey>
  let takes: String

  func missing(_ key: String) -> DecodingError {
    .dataCorrupted(
      .init(codingPath: map.codingPath, debugDescription: "missing key '\(key)'; \(takes)"))
  }

  func number(_ key: String, default fallback: Double? = nil) throws -> Double {
    let k = AnyKey(key)
    guard map.contains(k) else {
      if let fallback { return fallback }
      throw missing(key)
    }
    do { return try map.decode(Double.self, forKey: k) } catch {
      throw DecodingError.dataCorruptedError(
        forKey: k, in: map, debugDescription: "\(key) must be a number")
    }
  }

  func count(_ key: String) throws -> Int {
    let k = AnyKey(key)
    guard map.contains(k) else { throw missing(key) }
    do { return try map.decode(Int.self, forKey: k) } catch {
      throw DecodingError.dataCorruptedError(
        forKey: k, in: map, debugDescription: "\(key) must be a whole number")
    }
  }

  func numbers(_ key: String) throws -> [Double] {
    let k = AnyKey(key)
    guard map.contains(k) else { throw missing(key) }
    var list: any UnkeyedDecodingContainer
    do { list = try map.nestedUnkeyedContainer(forKey: k) } catch {
      throw DecodingError.dataCorruptedError(
        forKey: k, in: map, debugDescription: "\(key) must be a list of numbers, e.g. [1, 2, 3]")
    }
    var out: [Double] = []
    while !list.isAtEnd {
      let index = list.currentIndex
      do { out.append(try list.decode(Double.self)) } catch {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: map.codingPath + [k, AnyKey(index: index)],
            debugDescription: "\(key) must be a list of numbers"))
      }
    }
    return out
  }
}

/// A coding key made from any string or list index.
struct AnyKey: CodingKey, Hashable {
  let stringValue: String
  let intValue: Int?

  init(_ name: String) {
    stringValue = name
    intValue = nil
  }

  init(index: Int) {
    stringValue = String(index)
    intValue = index
  }

  init?(stringValue: String) { self.init(stringValue) }
  init?(intValue: Int) { self.init(index: intValue) }
}
