import SalesModel
import Testing

@testable import FunnelSim

/// The median deal, the one-deal check and the zero-booking warning beside a quota proposal.
@Suite struct QuotaAnnotationTests {
  static let schema = OutcomeSchema(
    scalars: [
      .init(key: Metric.won.key, group: "junior", unit: .count, label: "Won"),
      .init(key: Metric.dealValueMedian.key, group: "junior", unit: .money, label: "Median"),
      .init(key: Metric.rampedPeriods.key, group: "junior", unit: .count, label: "Periods"),
      .init(
        key: Metric.rampedPeriodsWithoutBookings.key, group: "junior", unit: .count,
        label: "Empty"),
      .init(key: Metric.zeroBookingShare.key, group: "junior", unit: .share, label: "Share"),
    ], series: [], samples: [])

  /// Three replications: medians 100, 200 and (no deal) none; 5 of 10 periods book nothing.
  static let outcomes = [
    [2.0, 100, 4, 2, 0.5], [3, 200, 6, 3, 0.5], [0, 0, 0, 0, 0],
  ].map { ReplicationOutcome(values: $0, series: [], samples: [], events: 1) }

  static func annotated(quota: Double, attain: Double) -> LevelQuotaProposal {
    var p = [
      LevelQuotaProposal(
        level: "junior", currentQuota: 1, proposedQuota: quota, interval: nil, observations: 10,
        note: nil)
    ]
    QuotaAnalysis.annotate(
      &p, schema: schema, outcomes: outcomes, period: .month, attain: attain)
    return p[0]
  }

  @Test func aProposalBelowOneMedianDealIsFlaggedWithAPeriodThatHoldsOne() {
    let p = Self.annotated(quota: 60, attain: 0.4)
    // The median over the two replications that won a deal, not over three with a 0.
    #expect(p.medianDeal == 150)
    #expect(p.belowOneDeal && p.suggestedPeriod == "quarter")
    #expect(p.proposedAnnualQuota == 720)
    #expect(Self.annotated(quota: 20, attain: 0.4).suggestedPeriod == "year")
    #expect(!Self.annotated(quota: 150, attain: 0.4).belowOneDeal)
  }

  @Test func zeroBookingShareAboveOneMinusPWarns() {
    #expect(Self.annotated(quota: 200, attain: 0.4).zeroBookingWarning == nil)
    let p = Self.annotated(quota: 200, attain: 0.6)
    #expect(p.zeroBookingShare == 0.5)
    #expect(p.zeroBookingWarning?.contains("a quarter would work") == true)
  }

  @Test func theQuotaKeyIsStatedPerYear() {
    #expect(
      QuotaAnalysis.quotaOverride("junior", perPeriod: 100, .quarter)
        == "levels.junior.annual_quota=400")
  }
}
