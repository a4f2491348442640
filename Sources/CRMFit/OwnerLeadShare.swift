// Each owner's share of the team's leads as the per-owner forecast gives it (docs/calibration.md,
// "Forecast"), with an interval, for the fit report.

extension HistoryFit {
  /// Each seated owner's share of the leads in a per-owner scenario, `r_i / Σ r_j` with
  /// `r_i = (n_i + ½) / max(7, d_i)` (``OwnerLeads/rate``; 0 for an owner who has left): `n` is
  /// the owner's leads of the last ``OwnerLeads/window`` days, and the interval is the owner's
  /// Garwood interval of `n_i / max(7, d_i)` in place of `r_i`, the other owners' rates held
  /// fixed. Owners in the order of ``seats(perOwner:)``.
  public func ownerLeadShares() -> [(owner: String, share: Estimate)] {
    let owners = seats(perOwner: true).compactMap(\.owner)
    let rates = owners.map { ownerLeads[$0]?.rate ?? 0.5 / Double(OwnerLeads.window) }
    let total = rates.reduce(0, +)
    return zip(owners, rates).map { owner, rate in
      let leads = ownerLeads[owner]
      let n = leads?.count ?? 0
      guard total > 0, rate > 0 else {
        return (owner, Estimate(value: 0, n: n, lower: 0, upper: 0))
      }
      let others = total - rate
      let days = leads?.days ?? Double(OwnerLeads.window)
      let factor = leads?.factor ?? 1
      let interval = Estimators.poissonRate(events: n, exposure: max(7, days))
      func share(_ r: Double) -> Double { r + others > 0 ? r / (r + others) : 0 }
      return (
        owner,
        Estimate(
          value: rate / total, n: n, lower: share(interval.lower * factor),
          upper: share(interval.upper * factor))
      )
    }
  }
}
