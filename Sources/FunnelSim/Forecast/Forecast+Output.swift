// The forecast in every output format; the JSON is documented in docs/output-format.md.
import CRMFit
import SalesModel

extension Forecast: RenderableReport {
  public func table() -> String {
    var out = "Forecast from \(asOf): \(months) months, \(replications) replications, seed \(seed); "
    out += "\(openDeals) deals open on \(asOf) start in their stages\n\n"
    var t = TextTable(headers: [
      "month", "won P10", "won P50", "won P90", "bookings P10", "bookings P50", "bookings P90",
    ])
    for m in monthly {
      t.append(
        [m.month] + [m.won.p10, m.won.p50, m.won.p90].map { Self.deals($0) }
          + [m.bookings.p10, m.bookings.p50, m.bookings.p90].map { Format.value($0, unit: .money) })
    }
    t.append(
      ["total"] + [totalWon.p10, totalWon.p50, totalWon.p90].map { Self.deals($0) }
        + [totalBookings.p10, totalBookings.p50, totalBookings.p90].map {
          Format.value($0, unit: .money)
        })
    out += t.rendered() + "\n"
    if levels.count > 1 || perOwner {
      var l = TextTable(headers: [
        perOwner ? "owner" : "level", "managers", "open deals", "won P10", "won P50", "won P90", "bookings P50",
      ])
      for level in levels {
        l.append(
          [level.name, String(level.headcount), String(level.openDeals)]
            + [level.won.p10, level.won.p50, level.won.p90].map { Self.deals($0) }
            + [Format.value(level.bookings.p50, unit: .money)])
      }
      out += "\n" + l.rendered() + "\n"
    }
    if let plan, let p = planProbability {
      out += "\nPlan \(Format.value(plan, unit: .money)) over \(months) months: reached in "
      out += "\(Format.value(p.value, unit: .share)) of replications "
      out += "(95% \(Format.value(p.lower, unit: .share))–\(Format.value(p.upper, unit: .share)))\n"
    }
    return out
  }

  /// A count of deals: whole numbers (the quantiles) without a fraction, means with one.
  static func deals(_ v: Double) -> String {
    v == v.rounded() ? Format.grouped(v) : Format.fixed(v, decimals: 1)
  }

  static func band(_ b: Band) -> JSONValue {
    .object([
      ("mean", .number(b.mean)), ("p10", .number(b.p10)), ("p50", .number(b.p50)),
      ("p90", .number(b.p90)),
    ])
  }

  public func json() -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("format", .string("funnelsim.forecast/1")), ("version", .string(FunnelSimVersion.current)),
      ("as_of", .string(asOf)), ("months", .int(months)), ("replications", .int(replications)),
      ("seed", .string(String(seed))),
      ("open_deals", .int(openDeals)),
      (
        "monthly",
        .array(
          monthly.map {
            .object([
              ("month", .string($0.month)), ("won", Self.band($0.won)),
              ("bookings", Self.band($0.bookings)),
            ])
          })
      ),
      ("total", .object([("won", Self.band(totalWon)), ("bookings", Self.band(totalBookings))])),
      ("levels_are", .string(perOwner ? "owners" : "levels")),
      (
        "levels",
        .array(
          levels.map {
            .object([
              ("name", .string($0.name)), ("headcount", .int($0.headcount)),
              ("open_deals", .int($0.openDeals)), ("won", Self.band($0.won)),
              ("bookings", Self.band($0.bookings)),
            ])
          })
      ),
    ]
    if let plan, let p = planProbability {
      members.append(
        (
          "plan",
          .object([
            ("bookings", .number(plan)), ("probability", .number(p.value)),
            ("ci95", .array([.number(p.lower), .number(p.upper)])),
          ])
        ))
    }
    return .object(members)
  }

  public func csv() -> String {
    var lines = ["month,group,quantity,mean,p10,p50,p90"]
    func row(_ month: String, _ group: String, _ q: String, _ b: Band) {
      lines.append(
        "\(month),\(CSV.field(group)),\(q),\(CSV.number(b.mean)),\(CSV.number(b.p10)),\(CSV.number(b.p50)),\(CSV.number(b.p90))"
      )
    }
    for m in monthly {
      row(m.month, "team", "won", m.won)
      row(m.month, "team", "bookings", m.bookings)
    }
    row("total", "team", "won", totalWon)
    row("total", "team", "bookings", totalBookings)
    for l in levels {
      row("total", l.name, "won", l.won)
      row("total", l.name, "bookings", l.bookings)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public func html() -> String { HTMLReport(forecast: self).rendered() }
}

extension HTMLReport {
  init(forecast f: Forecast) {
    self.init(
      title: "Forecast from \(f.asOf)",
      subtitle: "\(f.months) months · \(Format.grouped(Double(f.replications))) runs · seed \(f.seed) · "
        + "\(f.openDeals) deals open on \(f.asOf)")
    var figures = [
      Figure(
        label: "Deals won, \(f.months) months", value: Forecast.deals(f.totalWon.p50),
        notes: ["P10 \(Forecast.deals(f.totalWon.p10)) · P90 \(Forecast.deals(f.totalWon.p90))"]),
      Figure(
        label: "Bookings, \(f.months) months", value: DisplayFormat.short(f.totalBookings.p50, unit: .money),
        notes: [
          "P10 \(DisplayFormat.short(f.totalBookings.p10, unit: .money)) · P90 \(DisplayFormat.short(f.totalBookings.p90, unit: .money))"
        ]),
    ]
    if let plan = f.plan, let p = f.planProbability {
      figures.append(
        Figure(
          label: "Chance to reach the plan", value: DisplayFormat.percent(p.value),
          notes: ["plan \(DisplayFormat.short(plan, unit: .money))",
                  "95% \(DisplayFormat.percent(p.lower))–\(DisplayFormat.percent(p.upper))"]))
    }
    let won = FanChart(
      title: "Deals won by month", unit: .count, p10: f.monthly.map(\.won.p10),
      p50: f.monthly.map(\.won.p50), p90: f.monthly.map(\.won.p90), mean: f.monthly.map(\.won.mean))
    let bookings = FanChart(
      title: "Bookings by month", unit: .money, p10: f.monthly.map(\.bookings.p10),
      p50: f.monthly.map(\.bookings.p50), p90: f.monthly.map(\.bookings.p90),
      mean: f.monthly.map(\.bookings.mean))
    let months = f.monthly.map(\.month).joined(separator: ", ")
    var blocks: [Block] = [
      .figures(figures),
      .chart(
        title: "Deals won by month", svg: won.svg(),
        caption: "Months \(months). In eight runs out of ten the month fell inside the band."),
      .chart(title: "Bookings by month", svg: bookings.svg(), caption: nil),
    ]
    if f.levels.count > 1 || f.perOwner {
      blocks.append(
        .table(
          Table(
            caption: f.perOwner ? "By owner, over the forecast" : "By level, over the forecast",
            headers: [f.perOwner ? "Owner" : "Level", "Managers", "Open deals", "Won P10", "Won P50", "Won P90", "Bookings P50"],
            rows: f.levels.map {
              [
                RunView.humanise($0.name), String($0.headcount), String($0.openDeals),
                Forecast.deals($0.won.p10), Forecast.deals($0.won.p50),
                Forecast.deals($0.won.p90), DisplayFormat.short($0.bookings.p50, unit: .money),
              ]
            }, numeric: Set(1..<7))))
    }
    sections = [
      Section(
        id: "forecast", title: "Forecast",
        intro: "The scenario fitted to the history up to \(f.asOf), started from the deals open "
          + "on that day in their stages with their ages, simulated \(f.replications) times.",
        blocks: blocks)
    ]
    footer = ["As of \(f.asOf) · seed \(f.seed)"]
  }
}
