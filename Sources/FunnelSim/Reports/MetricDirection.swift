import SalesModel

/// Whether a higher value of a metric is good news for the business: what colours a
/// difference better or worse (a higher cost is worse) in comparisons.
enum MetricDirection: Sendable {
  case higherIsBetter, lowerIsBetter, neutral

  /// Keys where less is better: costs, losses, churn, waits, breaches, empty seats.
  static let lowerIsBetterKeys: Set<String> = [
    Metric.lost.key, Metric.noShows.key, Metric.salesCycleDays.key, Metric.pushedDeals.key,
    Metric.salesCycleDaysTotal.key, Metric.clientsChurned.key, Metric.clientsTaken.key,
    Metric.churnRate.key, "annual_churn", Metric.abandonedRequests.key,
    Metric.responseTimeMean.key, Metric.responseTimeP90.key, Metric.responseDaysTotal.key,
    Metric.salaryCost.key, Metric.commissionCost.key, Metric.costOfSales.key, Metric.exits.key,
    Metric.openSeatsEnd.key, Metric.zeroBookingShare.key, Metric.rampedPeriodsWithoutBookings.key,
    TeamMetric.leadsExpired.key, TeamMetric.marketRejected.key, TeamMetric.supportCost.key,
    TeamMetric.escalationWaitTotal.key, TeamMetric.escalationWait.key,
  ]

  /// Keys where more is better: money and deals in, clients kept, service within its SLA,
  /// quotas reached, leads and stage successes.
  static let higherIsBetterKeys: Set<String> = [
    Metric.bookings.key, Metric.revenue.key, DerivedMetric.margin.key, Metric.won.key,
    Metric.winRate.key, Metric.dealValueMean.key, Metric.dealValueMedian.key,
    Metric.clientsEnd.key, Metric.clientsNew.key, Metric.withinSLA.key,
    Metric.requestsWithinSLA.key, Metric.quotaAttainmentMean.key, Metric.quotaAtOrAbove.key,
    Metric.quotaAttainmentTotal.key, Metric.rampedPeriodsAtQuota.key, Metric.contacts.key,
    Metric.meetingsHeld.key, Metric.leadsInbound.key, Metric.leadsOutbound.key,
    Metric.leadsReferral.key, Metric.leadsEvent.key, TeamMetric.planReached.key,
    TeamMetric.leadsIn.key,
  ]

  /// The direction of the metric `key`.
  static func of(_ key: String) -> MetricDirection {
    if lowerIsBetterKeys.contains(key) { return .lowerIsBetter }
    if higherIsBetterKeys.contains(key) { return .higherIsBetter }
    for stage in [StageMetric.successes, .conversion] where stage.stage(inKey: key) != nil {
      return .higherIsBetter
    }
    // The service desk's (docs/model.md, 8.5): its cost, hang-ups and waits, and its SLA.
    if key == DeskMetric.cost.key { return .lowerIsBetter }
    for kind in [DeskChannelMetric.abandoned, .waitMinutesTotal, .waitMean, .waitP90]
    where kind.channel(inKey: key) != nil {
      return .lowerIsBetter
    }
    for kind in [DeskChannelMetric.answeredWithinSLA, .withinSLAShare]
    where kind.channel(inKey: key) != nil {
      return .higherIsBetter
    }
    return .neutral
  }

  /// `better`, `worse` or `undecided` for a difference whose interval is `low…high`; a metric
  /// with no direction is `higher`, `lower` or `undecided`.
  func verdict(low: Double, high: Double) -> String {
    let sign = low > 0 ? 1 : high < 0 ? -1 : 0
    switch (self, sign) {
    case (_, 0): return "undecided"
    case (.higherIsBetter, 1), (.lowerIsBetter, -1): return "better"
    case (.higherIsBetter, _), (.lowerIsBetter, _): return "worse"
    case (.neutral, 1): return "higher"
    case (.neutral, _): return "lower"
    }
  }
}

extension DisplayFormat {
  /// A difference: signed, in percentage points for a share (`+3.2 pp`), else as ``short``.
  static func difference(_ v: Double?, unit: MetricUnit) -> String {
    guard let v, v.isFinite else { return "–" }
    let sign = v > 0 ? "+" : ""
    if unit == .share { return sign + Format.fixed(v * 100, decimals: 1) + " pp" }
    return sign + short(v, unit: unit)
  }
}
