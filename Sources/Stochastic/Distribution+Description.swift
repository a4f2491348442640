extension Distribution: CustomStringConvertible {
  /// A short form for people: "lognormal(mean 50000, sd 20000)".
  public var description: String {
    func f(_ kind: String, _ pairs: KeyValuePairs<String, Double>) -> String {
      kind + "(" + pairs.map { "\($0.key) \(format($0.value))" }.joined(separator: ", ") + ")"
    }
    func list(_ xs: [Double]) -> String { "[" + xs.map(format).joined(separator: ", ") + "]" }
    switch self {
    case .constant(let v): return format(v)
    case .uniform(let lo, let hi): return f("uniform", ["min": lo, "max": hi])
    case .triangular(let lo, let mode, let hi):
      return f("triangular", ["min": lo, "mode": mode, "max": hi])
    case .exponential(let mean): return f("exponential", ["mean": mean])
    case .gamma(let shape, let scale): return f("gamma", ["shape": shape, "scale": scale])
    case .lognormal(let mean, let sd): return f("lognormal", ["mean": mean, "sd": sd])
    case .truncatedNormal(let mean, let sd, let lo, let hi):
      return f("truncated_normal", ["mean": mean, "sd": sd, "min": lo, "max": hi])
    case .weibull(let shape, let scale): return f("weibull", ["shape": shape, "scale": scale])
    case .poisson(let mean): return f("poisson", ["mean": mean])
    case .bernoulli(let p): return f("bernoulli", ["p": p])
    case .binomial(let n, let p): return f("binomial", ["n": Double(n), "p": p])
    case .geometric(let p): return f("geometric", ["p": p])
    case .discrete(let table):
      return "discrete(values \(list(table.values)), weights \(list(table.weights)))"
    case .empirical(let values, let cumulative):
      return "empirical(values \(list(values)), cumulative \(list(cumulative)))"
    }
  }
}
