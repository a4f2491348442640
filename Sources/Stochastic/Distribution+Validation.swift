/// Parameter checks: every problem is reported in the words of the scenario file, with the
/// parameter it concerns, so a loader can point at the offending key.
extension Distribution {
  /// One unacceptable parameter of a distribution.
  public struct Problem: Hashable, Sendable, CustomStringConvertible {
    /// The parameter's key as written in YAML (`sd`, `weights`, ...).
    public var parameter: String
    /// The position inside a list parameter, when one element is at fault.
    public var index: Int?
    /// What is expected, e.g. "sd must be >= 0 (got -3)".
    public var message: String

    /// The message.
    public var description: String { message }
  }

  /// Largest accepted Poisson mean and binomial trial count: GSL returns counts as 32-bit
  /// unsigned integers.
  static let largestCount = 1e9

  /// Every problem with the parameters; empty when the distribution is valid.
  public var problems: [Problem] {
    var out = Checker()
    switch self {
    case .constant(let v):
      out.finite("value", v)
    case .uniform(let lo, let hi):
      if out.finite("min", lo) && out.finite("max", hi) { out.less("min", lo, "max", hi) }
    case .triangular(let lo, let mode, let hi):
      if out.finite("min", lo) && out.finite("mode", mode) && out.finite("max", hi)
        && out.less("min", lo, "max", hi)
      {
        out.require(
          "mode", mode >= lo && mode <= hi,
          "mode must be between min and max (got \(format(mode)))")
      }
    case .exponential(let mean):
      out.positive("mean", mean)
    case .gamma(let shape, let scale):
      out.positive("shape", shape)
      out.positive("scale", scale)
    case .lognormal(let mean, let sd):
      out.positive("mean", mean)
      if out.finite("sd", sd) {
        out.require("sd", sd >= 0, "sd must be >= 0 (got \(format(sd)))")
      }
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      out.finite("mean", mean)
      if out.finite("sd", sd) {
        out.require("sd", sd >= 0, "sd must be >= 0 (got \(format(sd)))")
      }
      out.require("min", !lo.isNaN && lo != .infinity, "min must be a number or -.inf")
      out.require("max", !hi.isNaN && hi != -.infinity, "max must be a number or .inf")
      if !lo.isNaN && !hi.isNaN { out.less("min", lo, "max", hi) }
    case .weibull(let shape, let scale):
      if out.finite("shape", shape) {
        // Below 0.1 the tail is so heavy that draws overflow to infinity.
        out.require(
          "shape", shape >= 0.1, "shape must be at least 0.1 (got \(format(shape)))")
      }
      out.positive("scale", scale)
    case .poisson(let mean):
      if out.finite("mean", mean) {
        out.require(
          "mean", mean >= 0 && mean <= Self.largestCount,
          "mean must be between 0 and \(format(Self.largestCount)) (got \(format(mean)))")
      }
    case .bernoulli(let p):
      out.probability("p", p)
    case .binomial(let n, let p):
      out.require(
        "n", n >= 0 && Double(n) <= Self.largestCount,
        "n must be a whole number between 0 and \(format(Self.largestCount)) (got \(n))")
      out.probability("p", p)
    case .geometric(let p):
      if out.finite("p", p) {
        out.require("p", p > 0 && p <= 1, "p must be > 0 and <= 1 (got \(format(p)))")
      }
    case .discrete(let table):
      out.list("values", table.values)
      out.require("values", !table.values.isEmpty, "values must not be empty")
      out.require(
        "weights", table.weights.count == table.values.count,
        "weights must have one entry per value (\(table.values.count) values, "
          + "\(table.weights.count) weights)")
      var allFinite = true
      for (i, w) in table.weights.enumerated() where !(w.isFinite && w >= 0) {
        out.problems.append(
          Problem(
            parameter: "weights", index: i,
            message: "weights must be non-negative numbers (got \(format(w)))"))
        allFinite = false
      }
      if allFinite && !table.weights.isEmpty {
        out.require(
          "weights", table.total > 0 && table.total.isFinite,
          "weights must be non-negative and not all zero")
      }
    case .empirical(let values, let cumulative):
      out.list("values", values)
      out.list("cumulative", cumulative)
      out.require(
        "values", values.count >= 2, "values must list at least two points (got \(values.count))")
      out.require(
        "cumulative", cumulative.count == values.count,
        "cumulative must have one entry per value (\(values.count) values, "
          + "\(cumulative.count) cumulative probabilities)")
      for i in values.indices.dropFirst() where values[i] < values[i - 1] {
        out.problems.append(
          Problem(
            parameter: "values", index: i,
            message: "values must be in increasing order (\(format(values[i])) follows "
              + "\(format(values[i - 1])))"))
      }
      for i in cumulative.indices.dropFirst() where cumulative[i] < cumulative[i - 1] {
        out.problems.append(
          Problem(
            parameter: "cumulative", index: i,
            message: "cumulative probabilities must not decrease (\(format(cumulative[i])) "
              + "follows \(format(cumulative[i - 1])))"))
      }
      if let first = cumulative.first, first != 0 {
        out.problems.append(
          Problem(
            parameter: "cumulative", index: 0,
            message: "cumulative must start at 0 (got \(format(first)))"))
      }
      if cumulative.count >= 2, let last = cumulative.last, last != 1 {
        out.problems.append(
          Problem(
            parameter: "cumulative", index: cumulative.count - 1,
            message: "cumulative must end at 1 (got \(format(last)))"))
      }
    }
    return out.problems
  }

  /// The problem when a draw could fall below `minimum` (0 for a deal size, a duration or a
  /// count), naming the parameter that lets it; nil when every draw is at least `minimum`.
  ///
  /// ```swift
  /// Distribution.triangular(min: -500, mode: 10, max: 600).problem(drawsBelow: 0)?.message
  /// // "min must be >= 0 (got -500)"
  /// ```
  /// - Precondition: the parameters are valid (``problems`` is empty), so ``support`` exists.
  public func problem(drawsBelow minimum: Double) -> Problem? {
    let lowest = support.lowerBound
    guard lowest < minimum else { return nil }
    let bound = format(minimum)
    func problem(_ parameter: String, at index: Int? = nil, _ message: String) -> Problem {
      Problem(parameter: parameter, index: index, message: message)
    }
    switch self {
    case .constant(let v):
      return problem("value", "value must be >= \(bound) (got \(format(v)))")
    case .uniform(let lo, _), .triangular(let lo, _, _):
      return problem("min", "min must be >= \(bound) (got \(format(lo)))")
    case .truncatedNormal(_, _, let lo, _):
      guard lo.isFinite else {
        return problem("min", "min must be given and be >= \(bound) (without it, it is -.inf)")
      }
      return problem("min", "min must be >= \(bound) (got \(format(lo)))")
    case .discrete(let table):
      let i = table.values.firstIndex(of: lowest) ?? 0
      return problem("values", at: i, "values must be >= \(bound) (got \(format(lowest)))")
    case .empirical:
      return problem("values", at: 0, "values must be >= \(bound) (got \(format(lowest)))")
    case .exponential, .gamma, .lognormal, .weibull, .poisson, .bernoulli, .binomial, .geometric:
      // Their support starts at 0 (1 for geometric) whatever the parameters.
      return problem(
        "distribution",
        "\(kind.rawValue) draws start at \(format(lowest)), below \(bound)")
    }
  }

  /// The messages of every problem; empty when the distribution is valid.
  public func validate() -> [String] { problems.map(\.message) }

  /// Whether the parameters are acceptable, so that no draw is NaN or infinite.
  public var isValid: Bool { problems.isEmpty }

  /// This distribution, or an error listing every problem with its parameters.
  public func validated() throws(InvalidDistribution) -> Distribution {
    let found = problems
    guard found.isEmpty else { throw InvalidDistribution(distribution: self, problems: found) }
    return self
  }
}

/// A distribution whose parameters are unacceptable.
public struct InvalidDistribution: Error, Sendable, CustomStringConvertible {
  /// The offending distribution.
  public var distribution: Distribution
  /// What is wrong with it.
  public var problems: [Distribution.Problem]

  /// "lognormal(mean 0, sd 1): mean must be > 0 (got 0)".
  public var description: String {
    "\(distribution): " + problems.map(\.message).joined(separator: "; ")
  }
}

/// Collects problems; each check returns whether it passed, so dependent checks can be
/// skipped and a user sees each mistake once.
private struct Checker {
  var problems: [Distribution.Problem] = []

  @discardableResult
  mutating func require(_ parameter: String, _ ok: Bool, _ message: @autoclosure () -> String)
    -> Bool
  {
    if !ok { problems.append(.init(parameter: parameter, index: nil, message: message())) }
    return ok
  }

  @discardableResult
  mutating func finite(_ parameter: String, _ x: Double) -> Bool {
    require(parameter, x.isFinite, "\(parameter) must be a finite number (got \(format(x)))")
  }

  @discardableResult
  mutating func positive(_ parameter: String, _ x: Double) -> Bool {
    finite(parameter, x) && require(parameter, x > 0, "\(parameter) must be > 0 (got \(format(x)))")
  }

  @discardableResult
  mutating func less(_ a: String, _ x: Double, _ b: String, _ y: Double) -> Bool {
    require(b, x < y, "\(a) must be < \(b) (got \(a) \(format(x)), \(b) \(format(y)))")
  }

  mutating func probability(_ parameter: String, _ p: Double) {
    if finite(parameter, p) {
      require(
        parameter, p >= 0 && p <= 1, "\(parameter) must be between 0 and 1 (got \(format(p)))")
    }
  }

  mutating func list(_ parameter: String, _ xs: [Double]) {
    for (i, x) in xs.enumerated() where !x.isFinite {
      problems.append(
        .init(
          parameter: parameter, index: i,
          message: "\(parameter) must be finite numbers (got \(format(x)))"))
    }
  }
}

/// A number as a person writes it: 50000, not 50000.0.
func format(_ x: Double) -> String {
  if x.isNaN { return "nan" }
  if x.isInfinite { return x > 0 ? ".inf" : "-.inf" }
  if x.rounded() == x && abs(x) < 1e15 { return String(Int64(x)) }
  return "\(x)"
}
