// The backtest in every output format; the JSON is documented in docs/output-format.md.

import Backtest
import SalesModel
import Statistics

extension BacktestReport.Method {
  /// The method's name in tables and the HTML.
  var title: String {
    switch self {
    case .model: "Model"
    case .runRate: "Run rate (3 months)"
    case .weightedPipeline: "Weighted pipeline"
    }
  }
}

extension BacktestReport: RenderableReport {
  /// Forecast months scored, per method and quantity (the same for all).
  var scored: Int { scores.first?.summary.count ?? 0 }

  private func unit(_ q: Quantity) -> MetricUnit { q == .won ? .count : .money }

  private static func percent(_ p: Proportion?) -> String {
    guard let p else { return "–" }
    let w = p.wilsonInterval(level: 0.95) ?? 0...1
    func share(_ v: Double) -> String { Format.value(v, unit: .share) }
    return "\(share(p.estimate)) (\(share(w.lowerBound))–\(share(w.upperBound)))"
  }

  /// One row per method and quantity of the team: CRPS, its difference to the model, coverage.
  func scoreRows() -> [[String]] { scoreRows(scores, advantage: advantage) }

  /// The same over every owner's months, pooled.
  func ownerScoreRows() -> [[String]] { scoreRows(ownerScores, advantage: ownerAdvantage) }

  private func scoreRows(_ scores: [Scores], advantage: (Method, Quantity) -> Summary?)
    -> [[String]]
  {
    scores.map { s in
      let crps = Format.value(s.summary.crps, unit: unit(s.quantity))
      var difference = "–"
      if s.method != .model, let d = advantage(s.method, s.quantity),
        let ci = d.confidenceInterval
      {
        difference =
          "\(Format.value(d.mean, unit: unit(s.quantity))) "
          + "(\(Format.value(ci.lowerBound, unit: unit(s.quantity)))"
          + "–\(Format.value(ci.upperBound, unit: unit(s.quantity))))"
      }
      return [
        s.method.title, s.quantity.rawValue, crps, difference, Self.percent(s.summary.coverage50),
        Self.percent(s.summary.coverage80),
      ]
    }
  }

  static let ownerHeaders = [
    "owner", "quantity", "months", "model CRPS", "run rate CRPS", "weighted pipeline CRPS",
    "model in 50%", "model in 80%",
  ]

  /// One row per owner and quantity: the months scored, each method's CRPS and the model's
  /// coverage.
  func ownerRows() -> [[String]] {
    owners.flatMap { o in
      Quantity.allCases.enumerated().map { q, quantity in
        let model = o.summaries[0][q]
        func share(_ p: Proportion?) -> String {
          p.map { Format.value($0.estimate, unit: .share) } ?? "–"
        }
        return [o.owner, quantity.rawValue, String(model.count)]
          + Method.allCases.indices.map { Format.value(o.summaries[$0][q].crps, unit: unit(quantity)) }
          + [share(model.coverage50), share(model.coverage80)]
      }
    }
  }

  private static let scoreHeaders = [
    "method", "quantity", "CRPS", "CRPS minus model's (95% CI)", "in 50% interval (95% CI)",
    "in 80% interval (95% CI)",
  ]

  public func table() -> String {
    var out =
      "Backtest to \(asOf): \(origins.count) origins, \(months) months ahead, "
      + "\(replications) replications, seed \(seed); \(scored) forecast months scored\n\n"
    var t = TextTable(headers: Self.scoreHeaders)
    for row in scoreRows() { t.append(row) }
    out += t.rendered() + "\n\n"
    var pit = TextTable(headers: ["method", "quantity"] + (0..<10).map { "\($0 * 10)%" })
    for s in scores {
      pit.append([s.method.title, s.quantity.rawValue] + s.summary.pitBins.map(String.init))
    }
    out += "PIT histogram (a calibrated forecast fills the ten bins evenly):\n"
    out += pit.rendered() + "\n"
    guard !owners.isEmpty else { return out }
    var pooled = TextTable(headers: Self.scoreHeaders)
    for row in ownerScoreRows() { pooled.append(row) }
    out += "\nPer owner, over every owner's months (\(ownerSummary(.model, .won).count) scored):\n"
    out += pooled.rendered() + "\n\n"
    var byOwner = TextTable(headers: Self.ownerHeaders)
    for row in ownerRows() { byOwner.append(row) }
    out += byOwner.rendered() + "\n"
    return out
  }

  public func json() -> JSONValue {
    .object([
      ("kind", .string("backtest")), ("as_of", .string(asOf)), ("months", .int(months)),
      ("replications", .int(replications)), ("seed", .number(Double(seed))),
      ("scored", .int(scored)),
      ("scores", .array(scoresJSON(scores, advantage: advantage))),
      ("owner_scores", .array(scoresJSON(ownerScores, advantage: ownerAdvantage))),
      (
        "owners",
        .array(
          owners.map { o in
            .object([
              ("owner", .string(o.owner)),
              (
                "scores",
                .array(
                  Method.allCases.enumerated().flatMap { i, method in
                    Quantity.allCases.enumerated().map { q, quantity in
                      .object(
                        [("method", .string(method.rawValue)), ("quantity", .string(quantity.rawValue))]
                          + Self.summaryJSON(o.summaries[i][q]))
                    }
                  })
              ),
            ])
          })
      ),
      (
        "origins",
        .array(
          origins.map { o in
            .object([
              ("as_of", .string(o.asOf)), ("open_deals", .int(o.openDeals)),
              (
                "months",
                .array(
                  o.months.map { m in
                    var members: [(String, JSONValue)] = [
                      ("month", .string(m.month)), ("actual_won", .int(m.actualWon)),
                      ("actual_bookings", .number(m.actualBookings)),
                    ]
                    for (i, method) in Method.allCases.enumerated() {
                      var perQuantity: [(String, JSONValue)] = []
                      for (q, quantity) in Quantity.allCases.enumerated() {
                        perQuantity.append(
                          (quantity.rawValue, .array(m.quantiles[i][q].map { .number($0) })))
                      }
                      members.append((method.rawValue, .object(perQuantity)))
                    }
                    return .object(members)
                  })
              ),
            ])
          })
      ),
    ])
  }

  /// A score summary's members: n, CRPS, coverage and the PIT histogram.
  private static func summaryJSON(_ s: ScoreSummary) -> [(String, JSONValue)] {
    [
      ("n", .int(s.count)), ("crps", .number(s.crps)),
      ("coverage_50", .number(s.coverage50?.estimate)),
      ("coverage_80", .number(s.coverage80?.estimate)),
      ("pit_histogram", .array(s.pitBins.map { .int($0) })),
    ]
  }

  private func scoresJSON(_ scores: [Scores], advantage: (Method, Quantity) -> Summary?)
    -> [JSONValue]
  {
    scores.map { s in
      let d = advantage(s.method, s.quantity)
      let own = s.method == .model
      return .object([
        ("method", .string(s.method.rawValue)), ("quantity", .string(s.quantity.rawValue)),
        ("n", .int(s.summary.count)), ("crps", .number(s.summary.crps)),
        ("crps_minus_model", .number(own ? 0 : d?.mean)),
        ("crps_minus_model_low", .number(own ? 0 : d?.confidenceInterval?.lowerBound)),
        ("crps_minus_model_high", .number(own ? 0 : d?.confidenceInterval?.upperBound)),
        ("coverage_50", .number(s.summary.coverage50?.estimate)),
        ("coverage_80", .number(s.summary.coverage80?.estimate)),
        ("pit_histogram", .array(s.summary.pitBins.map { .int($0) })),
      ])
    }
  }

  public func csv() -> String {
    var out = "origin,month,quantity,actual"
    for method in Method.allCases {
      for p in ["p10", "p25", "p50", "p75", "p90"] { out += ",\(method.rawValue)_\(p)" }
    }
    out += "\n"
    for o in origins {
      for m in o.months {
        for (q, quantity) in Quantity.allCases.enumerated() {
          let actual = q == 0 ? Double(m.actualWon) : m.actualBookings
          out += "\(o.asOf),\(m.month),\(quantity.rawValue),\(JSONValue.format(actual))"
          for i in Method.allCases.indices {
            for v in m.quantiles[i][q] { out += ",\(JSONValue.format(v))" }
          }
          out += "\n"
        }
      }
    }
    return out
  }

  public func html() -> String { HTMLReport(backtest: self).rendered() }
}

extension HTMLReport {
  init(backtest b: BacktestReport) {
    self.init(
      title: "Backtest to \(b.asOf)",
      subtitle: "\(b.origins.count) origins · \(b.months) months ahead · "
        + "\(Format.grouped(Double(b.replications))) runs · seed \(b.seed)")
    let model = b.summary(.model, .won)
    let figures = [
      Figure(
        label: "Won deals in the model's 80% interval",
        value: model.coverage80.map { DisplayFormat.percent($0.estimate) } ?? "–",
        notes: ["\(b.scored) forecast months", "a calibrated forecast: 80%"]),
      Figure(
        label: "Won deals in the model's 50% interval",
        value: model.coverage50.map { DisplayFormat.percent($0.estimate) } ?? "–",
        notes: ["a calibrated forecast: 50%"]),
    ]
    var fans: [Block] = []
    for o in b.origins where !o.months.isEmpty {
      for (q, quantity) in BacktestReport.Quantity.allCases.enumerated() {
        var chart = FanChart(
          title: "\(quantity == .won ? "Deals won" : "Bookings") from \(o.asOf)",
          unit: quantity == .won ? .count : .money,
          p10: o.months.map { $0.quantiles[0][q][0] }, p50: o.months.map { $0.quantiles[0][q][2] },
          p90: o.months.map { $0.quantiles[0][q][4] },
          mean: o.months.map { q == 0 ? Double($0.actualWon) : $0.actualBookings })
        chart.meanLabel = "Actual"
        chart.width = 520
        fans.append(
          .chart(
            title: chart.title, svg: chart.svg(),
            caption: "Months \(o.months.first!.month) to \(o.months.last!.month); "
              + "\(o.openDeals) deals open at the origin."))
      }
    }
    var pits: [Block] = []
    for s in b.scores {
      let chart = HistogramChart(
        title: "PIT, \(s.method.title), \(s.quantity.rawValue)", unit: .share,
        edges: (0...10).map { Double($0) / 10 }, counts: s.summary.pitBins)
      pits.append(.chart(title: chart.title, svg: chart.svg(), caption: nil))
    }
    sections = [
      Section(
        id: "scores", title: "Scores",
        intro: "At each origin the scenario was fitted on what was known that day, started from "
          + "the deals open then, and simulated; each month's forecast is scored against what "
          + "happened, and so are the two baselines. Lower CRPS is better; a positive "
          + "difference to the model means the model did better.",
        blocks: [
          .figures(figures),
          .table(
            Table(
              caption: "Scores over every origin and month",
              headers: ["Method", "Quantity", "CRPS", "CRPS minus model's (95% CI)",
                "In 50% interval (95% CI)", "In 80% interval (95% CI)"],
              rows: b.scoreRows(), numeric: Set(2..<6))),
        ]),
    ]
    if !b.owners.isEmpty {
      sections.append(
        Section(
          id: "owners", title: "Per owner",
          intro: "Each owner's won deals and bookings per month: the per-owner forecast (every "
            + "owner a level of one manager with their own win rate and open deals) and both "
            + "baselines from the owner's own history, scored at every origin where the owner "
            + "had a seat.",
          blocks: [
            .table(
              Table(
                caption: "Scores over every owner's months",
                headers: ["Method", "Quantity", "CRPS", "CRPS minus model's (95% CI)",
                  "In 50% interval (95% CI)", "In 80% interval (95% CI)"],
                rows: b.ownerScoreRows(), numeric: Set(2..<6))),
            .table(
              Table(
                caption: "By owner",
                headers: ["Owner", "Quantity", "Months", "Model CRPS", "Run rate CRPS",
                  "Weighted pipeline CRPS", "Model in 50%", "Model in 80%"],
                rows: b.ownerRows(), numeric: Set(2..<8))),
          ]))
    }
    sections += [
      Section(
        id: "fans", title: "Forecasts against what happened",
        intro: "The model's P10–P90 band and median at each origin, and the actual line.",
        blocks: [.grid(fans, columns: 2)]),
      Section(
        id: "pit", title: "PIT histograms",
        intro: "Where each actual fell in its forecast distribution; a calibrated forecast "
          + "fills the ten bins evenly, a too narrow one piles up at both ends.",
        blocks: [.grid(pits, columns: 2)]),
    ]
    footer = ["Backtest to \(b.asOf) · seed \(b.seed)"]
  }
}
