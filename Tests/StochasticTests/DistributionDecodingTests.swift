import Testing
import Yams

@testable import Stochastic

/// A scenario fragment: the distribution sits under a key, as it will in a real file.
private struct Fragment: Codable {
  var dealSize: Distribution
}

private func decode(_ yaml: String) throws -> Distribution {
  try YAMLDecoder().decode(Fragment.self, from: yaml).dealSize
}

/// The coding path and message of the error decoding `yaml` throws, or nil.
private func failure(_ yaml: String) -> (path: String, message: String)? {
  do {
    _ = try decode(yaml)
    return nil
  } catch DecodingError.dataCorrupted(let context) {
    let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
    return (path.joined(separator: "."), context.debugDescription)
  } catch {
    return ("not dataCorrupted", "\(error)")
  }
}

@Suite struct DistributionDecodingTests {
  @Test func bareNumberIsAConstant() throws {
    #expect(try decode("dealSize: 42000") == .constant(42_000))
    #expect(try decode("dealSize: 2.5e3") == .constant(2_500))
  }

  @Test func mappingsDecodeEveryKind() throws {
    let cases: [(String, Distribution)] = [
      ("{distribution: constant, value: 3}", .constant(3)),
      ("{distribution: uniform, min: 1, max: 2}", .uniform(min: 1, max: 2)),
      ("{distribution: triangular, min: 1, mode: 2, max: 4}", .triangular(min: 1, mode: 2, max: 4)),
      ("{distribution: exponential, mean: 3}", .exponential(mean: 3)),
      ("{distribution: gamma, shape: 2, scale: 3}", .gamma(shape: 2, scale: 3)),
      ("{distribution: lognormal, mean: 50000, sd: 20000}", .lognormal(mean: 50_000, sd: 20_000)),
      (
        "{distribution: truncated_normal, mean: 5, sd: 2, min: 0}",
        .truncatedNormal(mean: 5, sd: 2, min: 0, max: .infinity)
      ),
      (
        "{distribution: truncatedNormal, mean: 5, sd: 2, min: -.inf, max: 9}",
        .truncatedNormal(mean: 5, sd: 2, min: -.infinity, max: 9)
      ),
      ("{distribution: weibull, shape: 1.5, scale: 10}", .weibull(shape: 1.5, scale: 10)),
      ("{distribution: poisson, mean: 4}", .poisson(mean: 4)),
      ("{distribution: bernoulli, p: 0.1}", .bernoulli(p: 0.1)),
      ("{distribution: binomial, n: 10, p: 0.3}", .binomial(n: 10, p: 0.3)),
      ("{distribution: geometric, p: 0.2}", .geometric(p: 0.2)),
      (
        "{distribution: discrete, values: [1, 2, 3], weights: [0.2, 0.5, 0.3]}",
        .discrete(values: [1, 2, 3], weights: [0.2, 0.5, 0.3])
      ),
      (
        "{distribution: empirical, values: [0, 10, 30], cumulative: [0, 0.6, 1]}",
        .empirical(values: [0, 10, 30], cumulative: [0, 0.6, 1])
      ),
    ]
    for (yaml, expected) in cases {
      #expect(try decode("dealSize: \(yaml)") == expected, "\(yaml)")
    }
  }

  @Test func blockStyleDecodes() throws {
    let yaml = """
      dealSize:
        distribution: lognormal
        mean: 50000
        sd: 20000
      """
    #expect(try decode(yaml) == .lognormal(mean: 50_000, sd: 20_000))
  }

  @Test(
    arguments: DistributionMomentTests.cases + [
      .truncatedNormal(mean: 1, sd: 1, min: -.infinity, max: .infinity)
    ])
  func encodingRoundTrips(_ d: Distribution) throws {
    let yaml = try YAMLEncoder().encode(Fragment(dealSize: d))
    #expect(try decode(yaml) == d, "\(yaml)")
  }

  @Test func unknownKindListsTheKindsAndGuesses() throws {
    let f = try #require(failure("dealSize: {distribution: lognormel, mean: 1, sd: 1}"))
    #expect(f.path == "dealSize.distribution")
    #expect(f.message.contains("unknown distribution 'lognormel'; did you mean 'lognormal'?"))
    #expect(f.message.contains("truncated_normal") && f.message.contains("empirical"))
  }

  @Test func unknownKeyIsNamedWithTheKeysTheKindTakes() throws {
    let f = try #require(failure("dealSize: {distribution: lognormal, mean: 1, sigma: 1}"))
    #expect(f.path == "dealSize.sigma")
    #expect(f.message == "unknown key 'sigma'; lognormal takes mean, sd")
  }

  @Test(arguments: [
    ("{distribution: lognormal, mean: 100, sd: -5}", "dealSize.sd", "sd must be >= 0 (got -5)"),
    (
      "{distribution: uniform, min: 5, max: 1}", "dealSize.max",
      "min must be < max (got min 5, max 1)"
    ),
    ("{distribution: bernoulli, p: 1.5}", "dealSize.p", "p must be between 0 and 1 (got 1.5)"),
    (
      "{distribution: discrete, values: [1, 2, 3], weights: [0.2, -1, 0.3]}", "dealSize.weights.1",
      "weights must be non-negative numbers (got -1)"
    ),
    (
      "{distribution: discrete, values: [1, 2], weights: [0, 0]}", "dealSize.weights",
      "weights must be non-negative and not all zero"
    ),
    (
      "{distribution: discrete, values: [1, x], weights: [1, 1]}", "dealSize.values.1",
      "values must be a list of numbers"
    ),
    (
      "{distribution: lognormal, mean: 100}", "dealSize",
      "missing key 'sd'; lognormal takes mean, sd"
    ),
    ("{distribution: lognormal, mean: lots, sd: 1}", "dealSize.mean", "mean must be a number"),
    ("{distribution: binomial, n: 2.5, p: 0.5}", "dealSize.n", "n must be a whole number"),
    ("{mean: 100, sd: 5}", "dealSize", "missing key 'distribution'"),
    ("big", "dealSize", "expected a number or a mapping with a 'distribution:' key"),
    (".nan", "dealSize", "expected a finite number"),
  ])
  func invalidInputIsReportedAtTheOffendingKey(_ yaml: String, _ path: String, _ message: String)
    throws
  {
    let f = try #require(failure("dealSize: \(yaml)"))
    #expect(f.path == path, "\(yaml)")
    #expect(f.message.hasPrefix(message), "\(yaml): \(f.message)")
  }

  @Test func didYouMeanStaysQuietForNonsense() {
    #expect(Distribution.Kind.closest(to: "banana split") == nil)
    #expect(Distribution.Kind.closest(to: "weibul") == .weibull)
    #expect(Distribution.Kind.closest(to: "possion") == .poisson)
  }
}
