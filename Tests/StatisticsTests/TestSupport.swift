import Stochastic

/// Whether `a` and `b` agree within `relative` of the larger magnitude (or `absolute`).
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
  abs(a - b) <= Swift.max(absolute, relative * Swift.max(abs(a), abs(b)))
}

/// Whether both bounds of two intervals agree within `tolerance`.
func isClose(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>, tolerance: Double) -> Bool {
  guard let a else { return false }
  return abs(a.lowerBound - b.lowerBound) <= tolerance
    && abs(a.upperBound - b.upperBound) <= tolerance
}

/// An approximately standard normal draw (Irwin–Hall: twelve uniforms minus six), enough for
/// coverage checks without depending on a normal sampler.
func approximatelyNormal(_ stream: RandomStream) -> Double {
  var s = 0.0
  for _ in 0..<12 { s += stream.uniform() }
  return s - 6
}
