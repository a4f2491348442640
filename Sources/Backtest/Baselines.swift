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
    /// The month ahead of its expected close, 0 the first forecast month; a deal whose
    /// expected close has passed is expected in the first month.
    public var closeMonth: Int
    public init(stage: Int, amount: Double?, closeMonth: Int) {
      self.stage = stage
      self.amount = amount
      self.closeMonth = max(0, closeMonth)
    }
  }

  /// The expected wins of deals not yet created in month `h` ahead (0 the first): created at
  /// `newWinsPerMonth` wins a month from the start of the forecast and each expected to close
  /// `cycleMonths` after its creation, as the open deals are, so month `h` holds those created
  /// in `[h − c, h + 1 − c]`: `newWinsPerMonth × min(1, max(0, h + 1 − c))`. The open deals
  /// account for the months before (a ramp that starts at once would count their wins twice).
  public static func newWins(month h: Int, perMonth: Double, cycleMonths: Double) -> Double {
    perMonth * min(1, max(0, Double(h + 1) - max(0, cycleMonths)))
  }

  /// The weighted pipeline: each open deal is won with the historical win rate of deals that
  /// reached its stage, in the month of its expected close (``OpenDeal/closeMonth``); deals not
  /// yet created add ``newWins(month:perMonth:cycleMonths:)`` wins a month, Poisson. Values
  /// without an amount, and new wins, draw their value from `wonValues`.
  ///
  /// - Parameters:
  ///   - winRateByStage: the chance that a deal in each stage is won.
  ///   - cycleMonths: the typical time from creation to a win, in months (the median won cycle).
  ///   - newWinsPerMonth: the recent monthly won count (the run rate's mean).
  public static func weightedPipeline(
    open: [OpenDeal], winRateByStage: [Double], cycleMonths: Double, newWinsPerMonth: Double,
    wonValues: [Double], months: Int, draws: Int, stream: RandomStream
  ) -> MonthlyForecast {
    var won = [[Double]](repeating: [], count: months)
    var bookings = won
    var monthWon = [Int](repeating: 0, count: months)
    var monthBooked = [Double](repeating: 0, count: months)
    let newMeans = (0..<months).map {
      newWins(month: $0, perMonth: newWinsPerMonth, cycleMonths: cycleMonths)
    }
    for _ in 0..<draws {
      for h in 0..<months {
        monthWon[h] = 0
        monthBooked[h] = 0
      }
      for deal in open {
        let p = deal.stage < winRateByStage.count ? winRateByStage[deal.stage] : 0
        guard stream.uniform() < p else { continue }
        let month = deal.closeMonth
        guard month < months else { continue }
        monthWon[month] += 1
        if let amount = deal.amount, amount > 0 {
          monthBooked[month] += amount
        } else {
          monthBooked[month] += drawTotal(1, from: wonValues, stream: stream)
        }
      }
      for h in 0..<months {
        let n = newMeans[h] > 0 ? stream.poisson(newMeans[h]) : 0
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
