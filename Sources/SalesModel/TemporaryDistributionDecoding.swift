public import Stochastic

// Minimal YAML decoding of `Distribution` until the Stochastic module provides its own:
// a bare number is a constant; a mapping names the distribution and its parameters.
extension Distribution: Decodable {
  private enum Keys: String, CodingKey { case distribution, value, min, max, mean, sd }

  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer(), let v = try? single.decode(Double.self) {
      self = .constant(v)
      return
    }
    let c = try decoder.container(keyedBy: Keys.self)
    let name = try c.decode(String.self, forKey: .distribution)
    switch name {
    case "constant": self = .constant(try c.decode(Double.self, forKey: .value))
    case "uniform":
      self = .uniform(
        min: try c.decode(Double.self, forKey: .min), max: try c.decode(Double.self, forKey: .max))
    case "exponential": self = .exponential(mean: try c.decode(Double.self, forKey: .mean))
    case "lognormal":
      self = .lognormal(
        mean: try c.decode(Double.self, forKey: .mean), sd: try c.decode(Double.self, forKey: .sd))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .distribution, in: c,
        debugDescription:
          "unknown distribution '\(name)' (constant, uniform, exponential, lognormal)")
    }
  }
}
