// The estimators of the fit, each with its sample size and a 95% interval
// (docs/calibration.md, "Estimators").
import CGSL
import Foundation

/// A fitted quantity: the estimate, the sample it rests on and a 95% interval.
public struct Estimate: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The point estimate.
  public var value: Double
  /// The observations it rests on (deals, months, clients, ...).
  public var n: Int
  /// Lower end of the 95% interval.
  public var lower: Double
  /// Upper end of the 95% interval.
  public var upper: Double

  /// An estimate with its interval.
  public init(value: Double, n: Int, lower: Double, upper: Double) {
    self.value = value
    self.n = n
    self.lower = lower
    self.upper = upper
  }

  /// Whether the 95% interval holds `x`.
  public func covers(_ x: Double) -> Bool { lower <= x && x <= upper }

  /// `0.31 (n 412, 95% 0.27…0.36)`.
  public var description: String {
    "\(Estimate.format(value)) (n \(n), 95% \(Estimate.format(lower))…\(Estimate.format(upper)))"
  }

  /// Four significant digits, no exponent for everyday magnitudes.
  public static func format(_ x: Double) -> String {
    guard x.isFinite else { return x > 0 ? "inf" : "-inf" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1e15 || magnitude < 1e-6 { return String(format: "%.4g", x) }
    let decimals = max(0, 3 - Int(log10(magnitude).rounded(.down)))
    var s = String(format: "%.\(decimals)f", x)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s
  }
}

enum GSLSetup {
  // GSL's default error handler aborts the process; every call here checks its inputs.
  static let configured: Void = { gsl_set_error_handler_off() }()
  static func configure() { _ = configured }
}

/// Closed-form and likelihood estimators used by the fit.
public enum Estimators {
  /// A Poisson rate: `events / exposure`, exact (Garwood) 95% interval from χ² quantiles.
  public static func poissonRate(events: Int, exposure: Double) -> Estimate {
    GSLSetup.configure()
    guard exposure > 0 else { return Estimate(value: 0, n: events, lower: 0, upper: 0) }
    let k = Double(events)
    let lower = events == 0 ? 0 : gsl_cdf_chisq_Pinv(0.025, 2 * k) / 2 / exposure
    let upper = gsl_cdf_chisq_Pinv(0.975, 2 * k + 2) / 2 / exposure
    return Estimate(value: k / exposure, n: events, lower: lower, upper: upper)
  }

  /// A binomial share `successes / trials` with the exact (Clopper–Pearson) 95% interval.
  public static func proportion(successes: Int, trials: Int) -> Estimate {
    GSLSetup.configure()
    guard trials > 0 else { return Estimate(value: 0, n: 0, lower: 0, upper: 1) }
    let k = Double(successes)
    let n = Double(trials)
    let lower = successes == 0 ? 0 : betaQuantile(0.025, k, n - k + 1)
    let upper = successes == trials ? 1 : betaQuantile(0.975, k + 1, n - k)
    return Estimate(value: k / n, n: trials, lower: lower, upper: upper)
  }

  /// Beta-binomial empirical Bayes: the prior Beta(α, β) fitted to the groups' shares by the
  /// method of moments (weighted by trials), then each group's posterior mean
  /// `(k + α) / (n + α + β)` with its 95% posterior interval.
  ///
  /// With groups that vary no more than binomial noise would make them, the prior is
  /// concentrated (α + β large) and every group is pulled to the pooled share; with a
  /// single group or no trials the prior falls back to Beta(1, 1) around the pooled share.
  public static func shrunkProportions(_ groups: [(successes: Int, trials: Int)]) -> (
    prior: (alpha: Double, beta: Double), estimates: [Estimate]
  ) {
    GSLSetup.configure()
    let total = groups.reduce(0) { $0 + $1.trials }
    let wins = groups.reduce(0) { $0 + $1.successes }
    let pooled = total > 0 ? Double(wins) / Double(total) : 0.5
    var strength = 2.0  // α + β
    let used = groups.filter { $0.trials > 0 }
    if used.count >= 2, pooled > 0, pooled < 1 {
      // Between-group variance of the shares beyond the binomial part (Kleinman's weights).
      let n = Double(total)
      let weighted = used.reduce(0.0) { acc, g in
        let p = Double(g.successes) / Double(g.trials)
        return acc + Double(g.trials) * (p - pooled) * (p - pooled)
      }
      let sumSquares = used.reduce(0.0) { $0 + Double($1.trials) * Double($1.trials) }
      let k = Double(used.count)
      let binomial = pooled * (1 - pooled)
      // E[weighted] = binomial (k − 1) + τ² (n − Σn²/n), τ² the prior's variance.
      let tau2 = max(0, (weighted - binomial * (k - 1)) / (n - sumSquares / n))
      if tau2 <= 0 {
        strength = 1e6
      } else {
        strength = min(1e6, max(2, binomial / tau2 - 1))
      }
    }
    let alpha = max(1e-3, pooled * strength)
    let beta = max(1e-3, (1 - pooled) * strength)
    let estimates = groups.map { g -> Estimate in
      let a = alpha + Double(g.successes)
      let b = beta + Double(g.trials - g.successes)
      return Estimate(
        value: a / (a + b), n: g.trials, lower: betaQuantile(0.025, a, b),
        upper: betaQuantile(0.975, a, b))
    }
    return ((alpha, beta), estimates)
  }

  /// The `p` quantile of Beta(`a`, `b`). GSL's inverse gives NaN for some large shapes
  /// (a + b near 10⁶, which a shrinkage prior with no spread between owners produces); there
  /// the quantile is found by bisection on GSL's distribution function, which stays exact.
  static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
    let x = gsl_cdf_beta_Pinv(p, a, b)
    if x.isFinite { return x }
    var (lower, upper) = (0.0, 1.0)
    for _ in 0..<200 where upper - lower > 1e-15 {
      let middle = 0.5 * (lower + upper)
      if gsl_cdf_beta_P(middle, a, b) < p { lower = middle } else { upper = middle }
    }
    return 0.5 * (lower + upper)
  }

  /// The mean and its t interval of a sample (response times and the like).
  public static func mean(_ sample: [Double]) -> Estimate {
    GSLSetup.configure()
    guard !sample.isEmpty else { return Estimate(value: 0, n: 0, lower: 0, upper: 0) }
    let n = Double(sample.count)
    let m = sample.reduce(0, +) / n
    guard sample.count >= 2 else { return Estimate(value: m, n: 1, lower: m, upper: m) }
    let sd = sample.withUnsafeBufferPointer { gsl_stats_sd_m($0.baseAddress, 1, $0.count, m) }
    let h = gsl_cdf_tdist_Pinv(0.975, n - 1) * sd / n.squareRoot()
    return Estimate(value: m, n: sample.count, lower: m - h, upper: m + h)
  }
}

/// The Kaplan–Meier estimate of a survival curve from right-censored durations.
public struct KaplanMeier: Sendable {
  /// Distinct event times in increasing order.
  public var times: [Double] = []
  /// S(t) just after each of `times`.
  public var survival: [Double] = []
  /// Greenwood's variance sum Σ d / (r (r − d)) up to each time.
  var greenwood: [Double] = []
  /// Observations (events and censored).
  public var n: Int

  /// The curve of `durations`, where `observed[i]` is false for a censored duration.
  public init(durations: [Double], observed: [Bool]) {
    n = durations.count
    let order = durations.indices.sorted { durations[$0] < durations[$1] }
    var atRisk = durations.count
    var s = 1.0
    var g = 0.0
    var i = 0
    while i < order.count {
      let t = durations[order[i]]
      var deaths = 0
      var leaving = 0
      while i < order.count, durations[order[i]] == t {
        if observed[order[i]] { deaths += 1 }
        leaving += 1
        i += 1
      }
      if deaths > 0 {
        s *= 1 - Double(deaths) / Double(atRisk)
        if atRisk > deaths { g += Double(deaths) / (Double(atRisk) * Double(atRisk - deaths)) }
        times.append(t)
        survival.append(s)
        greenwood.append(g)
      }
      atRisk -= leaving
    }
  }

  /// S(t).
  public func survival(at t: Double) -> Double {
    var s = 1.0
    for (k, time) in times.enumerated() where time <= t { s = survival[k] }
    return s
  }

  /// The median with a 95% interval (Brookmeyer–Crowley: the times whose Greenwood band
  /// holds 0.5); nil when the curve never falls to 0.5.
  public var median: Estimate? {
    guard let k = survival.firstIndex(where: { $0 <= 0.5 }) else { return nil }
    var lower = times[k]
    var upper = Double.infinity
    for (j, s) in survival.enumerated() {
      let se = s * greenwood[j].squareRoot()
      if s - 1.96 * se <= 0.5 { lower = min(lower, times[j]) }
      if s + 1.96 * se < 0.5 {
        upper = times[j]
        break
      }
    }
    return Estimate(value: times[k], n: n, lower: lower, upper: upper)
  }
}

/// A distribution family fitted by maximum likelihood.
public enum Family: String, CaseIterable, Sendable, Codable {
  case exponential, gamma, lognormal, weibull

  var parameterCount: Int { self == .exponential ? 1 : 2 }
}

/// A maximum-likelihood fit of one family to a sample, possibly with right-censored values.
public struct FamilyFit: Sendable, Codable {
  /// The family.
  public var family: Family
  /// Parameters: exponential (mean); gamma (shape, scale); lognormal (μ, σ of the log);
  /// Weibull (shape, scale).
  public var parameters: [Double]
  /// The maximised log-likelihood.
  public var logLikelihood: Double
  /// Observed values (uncensored).
  public var n: Int
  /// Akaike's criterion, 2 k − 2 log L.
  public var aic: Double { 2 * Double(family.parameterCount) - 2 * logLikelihood }
  /// The mean of the fitted distribution with its 95% interval (delta method on the
  /// observed information).
  public var mean: Estimate

  /// The fitted distribution's mean.
  static func mean(_ family: Family, _ p: [Double]) -> Double {
    switch family {
    case .exponential: p[0]
    case .gamma: p[0] * p[1]
    case .lognormal: exp(p[0] + p[1] * p[1] / 2)
    case .weibull: p[1] * gsl_sf_gamma(1 + 1 / p[0])
    }
  }

  /// The fitted distribution's quantile `p` (0 < p < 1), by GSL.
  public func quantile(_ p: Double) -> Double {
    let q = parameters
    switch family {
    case .exponential: return gsl_cdf_exponential_Pinv(p, q[0])
    case .gamma: return gsl_cdf_gamma_Pinv(p, q[0], q[1])
    case .lognormal: return gsl_cdf_lognormal_Pinv(p, q[0], q[1])
    case .weibull: return gsl_cdf_weibull_Pinv(p, q[1], q[0])
    }
  }

  /// log f(x) and log S(x) of the family.
  static func logDensity(_ family: Family, _ p: [Double], _ x: Double) -> Double {
    switch family {
    case .exponential: return -log(p[0]) - x / p[0]
    case .gamma:
      return (p[0] - 1) * log(x) - x / p[1] - gsl_sf_lngamma(p[0]) - p[0] * log(p[1])
    case .lognormal:
      let z = (log(x) - p[0]) / p[1]
      return -log(x) - log(p[1]) - 0.5 * log(2 * Double.pi) - z * z / 2
    case .weibull:
      let r = x / p[1]
      return log(p[0] / p[1]) + (p[0] - 1) * log(r) - pow(r, p[0])
    }
  }

  static func logSurvival(_ family: Family, _ p: [Double], _ x: Double) -> Double {
    switch family {
    case .exponential: return -x / p[0]
    case .gamma: return log(max(1e-300, gsl_sf_gamma_inc_Q(p[0], x / p[1])))
    case .lognormal: return log(max(1e-300, gsl_cdf_ugaussian_Q((log(x) - p[0]) / p[1])))
    case .weibull: return -pow(x / p[1], p[0])
    }
  }

  /// Fits `family` to `values` (all > 0) with `censored` values (> 0) known only to be larger.
  /// nil when the sample is too small (fewer than 2 values) or the fit fails.
  public static func fit(_ family: Family, values: [Double], censored: [Double] = [])
    -> FamilyFit?
  {
    GSLSetup.configure()
    guard values.count >= 2 else { return nil }
    let n = Double(values.count)
    let logs = values.map(log)
    let meanLog = logs.reduce(0, +) / n
    let sdLog = (logs.reduce(0) { $0 + ($1 - meanLog) * ($1 - meanLog) } / n).squareRoot()
    let meanValue = values.reduce(0, +) / n
    // Parameters are optimised on the log scale so that every trial point is valid.
    let start: [Double]
    let toParameters: ([Double]) -> [Double]
    switch family {
    case .exponential:
      start = [log(meanValue)]
      toParameters = { [exp($0[0])] }
    case .gamma:
      start = [log(max(0.05, 1 / max(1e-6, sdLog * sdLog))), log(meanValue * max(1e-6, sdLog * sdLog))]
      toParameters = { [exp($0[0]), exp($0[1])] }
    case .lognormal:
      start = [meanLog, log(max(1e-6, sdLog))]
      toParameters = { [$0[0], exp($0[1])] }
    case .weibull:
      start = [log(max(0.1, 1.2 / max(1e-6, sdLog))), log(meanValue)]
      toParameters = { [exp($0[0]), exp($0[1])] }
    }
    let negLogLik: ([Double]) -> Double = { u in
      let p = toParameters(u)
      var ll = 0.0
      for x in values { ll += logDensity(family, p, x) }
      for c in censored { ll += logSurvival(family, p, c) }
      return ll.isFinite ? -ll : .greatestFiniteMagnitude
    }
    let best: [Double]
    if family == .lognormal && censored.isEmpty {
      best = start  // closed form
    } else if family == .exponential && censored.isEmpty {
      best = start
    } else {
      best = NelderMead.minimise(negLogLik, from: start)
    }
    let p = toParameters(best)
    let ll = -negLogLik(best)
    guard ll.isFinite, p.allSatisfy({ $0.isFinite }) else { return nil }
    // Delta method on the log of the mean, with the observed information in u-space.
    let logMean: ([Double]) -> Double = { u in log(mean(family, toParameters(u))) }
    let m = mean(family, p)
    var interval = (m, m)
    if let cov = NelderMead.inverseHessian(negLogLik, at: best) {
      let g = NelderMead.gradient(logMean, at: best)
      var v = 0.0
      for i in g.indices { for j in g.indices { v += g[i] * cov[i][j] * g[j] } }
      if v.isFinite, v >= 0 {
        let h = 1.96 * v.squareRoot()
        interval = (m * exp(-h), m * exp(h))
      }
    }
    return FamilyFit(
      family: family, parameters: p, logLikelihood: ll, n: values.count,
      mean: Estimate(value: m, n: values.count, lower: interval.0, upper: interval.1))
  }

  /// Fits every family and keeps the one with the smallest AIC.
  public static func best(values: [Double], censored: [Double] = [], among: [Family] = Family.allCases)
    -> (chosen: FamilyFit, all: [FamilyFit])?
  {
    let fits = among.compactMap { fit($0, values: values, censored: censored) }
    guard let chosen = fits.min(by: { $0.aic < $1.aic }) else { return nil }
    return (chosen, fits)
  }
}

/// A small Nelder–Mead simplex minimiser with numerical derivatives.
///
/// Hand-written rather than GSL's `gsl_multimin`: that API takes a C function pointer with a
/// `void *` context, which cannot carry a Swift closure without unsafe bridging, and the fits
/// here have one or two parameters.
enum NelderMead {
  static func minimise(_ f: ([Double]) -> Double, from start: [Double], iterations: Int = 2000)
    -> [Double]
  {
    let d = start.count
    var simplex = [start]
    for i in 0..<d {
      var p = start
      p[i] += 0.5
      simplex.append(p)
    }
    var values = simplex.map(f)
    for _ in 0..<iterations {
      let order = values.indices.sorted { values[$0] < values[$1] }
      simplex = order.map { simplex[$0] }
      values = order.map { values[$0] }
      if abs(values[d] - values[0]) <= 1e-10 * (abs(values[0]) + 1e-10) { break }
      var centroid = [Double](repeating: 0, count: d)
      for p in simplex.dropLast() { for i in 0..<d { centroid[i] += p[i] / Double(d) } }
      func along(_ t: Double) -> [Double] {
        (0..<d).map { centroid[$0] + t * (simplex[d][$0] - centroid[$0]) }
      }
      let reflected = along(-1)
      let fr = f(reflected)
      if fr < values[0] {
        let expanded = along(-2)
        let fe = f(expanded)
        if fe < fr {
          simplex[d] = expanded
          values[d] = fe
        } else {
          simplex[d] = reflected
          values[d] = fr
        }
      } else if fr < values[d - 1] {
        simplex[d] = reflected
        values[d] = fr
      } else {
        let contracted = fr < values[d] ? along(-0.5) : along(0.5)
        let fc = f(contracted)
        if fc < min(fr, values[d]) {
          simplex[d] = contracted
          values[d] = fc
        } else {
          for k in 1...d {
            simplex[k] = (0..<d).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) }
            values[k] = f(simplex[k])
          }
        }
      }
    }
    return simplex[values.indices.min { values[$0] < values[$1] }!]
  }

  static func gradient(_ f: ([Double]) -> Double, at x: [Double]) -> [Double] {
    x.indices.map { i in
      let h = 1e-5 * max(1, abs(x[i]))
      var a = x
      var b = x
      a[i] += h
      b[i] -= h
      return (f(a) - f(b)) / (2 * h)
    }
  }

  /// The inverse of the Hessian of `f` at `x` (1 or 2 dimensions); nil when not positive.
  static func inverseHessian(_ f: ([Double]) -> Double, at x: [Double]) -> [[Double]]? {
    let d = x.count
    var h = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
    let step = x.map { 1e-4 * max(1, abs($0)) }
    for i in 0..<d {
      for j in 0..<d {
        var pp = x, pm = x, mp = x, mm = x
        pp[i] += step[i]; pp[j] += step[j]
        pm[i] += step[i]; pm[j] -= step[j]
        mp[i] -= step[i]; mp[j] += step[j]
        mm[i] -= step[i]; mm[j] -= step[j]
        h[i][j] = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * step[i] * step[j])
      }
    }
    if d == 1 { return h[0][0] > 0 ? [[1 / h[0][0]]] : nil }
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0]
    guard d == 2, det > 0, h[0][0] > 0 else { return nil }
    return [[h[1][1] / det, -h[0][1] / det], [-h[1][0] / det, h[0][0] / det]]
  }
}
