// The two forecasts every sales team already makes, as samples so that they are scored like
// the model's (docs/calibration.md, "Backtest"): the run rate of the last three months and the
// weighted pipeline.

public import Stochastic

/// Monthly forecasts of won deals and bookings, one pair per month ahead.
public struct MonthlyForecast: Sendable {
  /// Won-deal count samples for each month ahead (month 1 first).
  public var won: [SampledForecast]
  /// Bookings samples for each month ahead.
  public var bookings: [SampledForecast]
}

/// The baselines a backtest compares the model against.
public enum Baseline {
  /// The run rate: each month ahead looks like the last three. Won deals per month are
  /// Poisson with the mean of the last three months' counts; each won deal's value is drawn
  /// from the values won in those months (a bootstrap), so bookings vary as the months did.
  ///
  /// - Parameters:
  ///   - recentWon: won deals in each of the last three (or fewer) months.
  ///   - recentValues: the value of every deal won in those months.
  ///   - months: months ahead to forecast.
  ///   - draws: samples per forecast.
  public static func runRate(
    recentWon: [Int], recentValues: [Double], months: Int, draws: Int, stream: RandomStream
  ) -> MonthlyForecast {
    let mean = recentWon.isEmpty ? 0 : Double(recentWon.reduce(0, +)) / Double(recentWon.count)
    var won: [Double] = []
    var bookings: [Double] = []
    won.reserveCapacity(draws)
    bookings.reserveCapacity(draws)
    for _ in 0..<draws {
      let n = mean > 0 ? stream.poisson(mean) : 0
      won.append(Double(n))
      bookings.append(drawTotal(n, from: recentValues, stream: stream))
    }
    let w = SampledForecast(samples: won)!
    let b = SampledForecast(samples: bookings)!
    return MonthlyForecast(
      won: Array(repeating: w, count: months), bookings: Array(repeating: b, count: months))
  }

  /// An open deal as the weighted pipeline sees it.
  public struct OpenDeal: Sendable {
    /// The furthest stage reached (index into the funnel).
    public var stage: Int
    /// Its amount; nil or 0 when the CRM has none (a value won before is drawn instead).
    public var amount: Double?
    public init(stage: Int, amount: Double?) {
      self.stage = stage
      self.amount = amount
    }
  }

  /// The weighted pipeline: each open deal is won with the historical win rate of deals that
  /// reached its stage, in a month drawn evenly among the next `cycleMonths` (the typical
  /// time from creation to a win, at least 1); deals not yet created add, in month h,
  /// `Poisson(newWinsPerMonth × min(1, (h − ½) / cycleMonths))` wins, the run rate ramping
  /// up as the pipeline of today is used up. Values without an amount, and new wins, draw
  /// their value from `wonValues`.
  ///
  /// - Parameters:
  ///   - winRateByStage: won / closed among the closed deals that reached each stage.
  ///   - newWinsPerMonth: the recent monthly won count (the run rate's mean).
  public static func weightedPipeline(
    open: [OpenDeal], winRateByStage: [Double], cycleMonths: Int, newWinsPerMonth: Double,
    wonValues: [Double], months: Int, draws: Int, stream: RandomStream
  ) -> MonthlyForecast {
    let cycle = max(1, cycleMonths)
    var won = [[Double]](repeating: [], count: months)
    var bookings = won
    var monthWon = [Int](repeating: 0, count: months)
    var monthBooked = [Double](repeating: 0, count: months)
    for _ in 0..<draws {
      for h in 0..<months {
        monthWon[h] = 0
        monthBooked[h] = 0
      }
      for deal in open {
        let p = deal.stage < winRateByStage.count ? winRateByStage[deal.stage] : 0
        guard stream.uniform() < p else { continue }
        let month = Int(stream.uniform() * Double(cycle))
        guard month < months else { continue }
        monthWon[month] += 1
        if let amount = deal.amount, amount > 0 {
          monthBooked[month] += amount
        } else {
          monthBooked[month] += drawTotal(1, from: wonValues, stream: stream)
        }
      }
      for h in 0..<months {
        let mean = newWinsPerMonth * min(1, (Double(h) + 0.5) / Double(cycle))
        let n = mean > 0 ? stream.poisson(mean) : 0
        monthWon[h] += n
        monthBooked[h] += drawTotal(n, from: wonValues, stream: stream)
        won[h].append(Double(monthWon[h]))
        bookings[h].append(monthBooked[h])
      }
    }
    return MonthlyForecast(
      won: won.map { SampledForecast(samples: $0)! },
      bookings: bookings.map { SampledForecast(samples: $0)! })
  }

  /// The sum of `n` values drawn with replacement from `values` (0 when there are none).
  static func drawTotal(_ n: Int, from values: [Double], stream: RandomStream) -> Double {
    guard !values.isEmpty else { return 0 }
    var total = 0.0
    let count = Double(values.count)
    for _ in 0..<n { total += values[min(values.count - 1, Int(stream.uniform() * count))] }
    return total
  }
}
