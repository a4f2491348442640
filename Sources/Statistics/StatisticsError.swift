/// Why a statistic could not be computed from the data it was given.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The named sample has no values.
  case emptySample(String)
  /// The named sample holds NaN or an infinity at `index`.
  case nonFiniteValue(String, index: Int)
  /// Paired samples must have one alternative value per baseline value.
  case mismatchedLengths(baseline: Int, alternative: Int)
  /// A confidence level must lie strictly between 0 and 1.
  case invalidLevel(Double)
  /// A probability (quantile order, share) must lie in [0, 1].
  case invalidProbability(Double)
  /// A proportion needs `0 <= successes <= trials` and at least one trial.
  case invalidCounts(successes: Int, trials: Int)
  /// Histogram bins could not be built as asked.
  case invalidBinning(String)
  /// A ratio's denominator (a count) is negative at `index`.
  case negativeDenominator(index: Int)
  /// The values are finite but too large for the arithmetic (e.g. squares overflow).
  case valuesTooLarge(String)
  /// GSL reported an error (its code and message).
  case gsl(code: Int32, message: String)

  /// A sentence for the person who supplied the data.
  public var description: String {
    switch self {
    case .emptySample(let name): "the \(name) is empty"
    case .nonFiniteValue(let name, let index):
      "the \(name) holds a non-finite value at index \(index)"
    case .mismatchedLengths(let b, let a):
      "paired samples differ in length: \(b) baseline values, \(a) alternative values"
    case .invalidLevel(let level): "confidence level \(level) is not strictly between 0 and 1"
    case .invalidProbability(let p): "probability \(p) is not in [0, 1]"
    case .invalidCounts(let s, let n): "\(s) successes out of \(n) trials is not a proportion"
    case .invalidBinning(let why): "cannot build histogram bins: \(why)"
    case .negativeDenominator(let index):
      "the ratio's denominator is negative at index \(index); it must be a count"
    case .valuesTooLarge(let why): "values too large: \(why)"
    case .gsl(let code, let message): "GSL error \(code): \(message)"
    }
  }
}
