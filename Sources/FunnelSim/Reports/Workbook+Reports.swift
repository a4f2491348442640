import SalesModel

// `--format xlsx`: each report's tables as sheets (the same cells as its CSV), then a sheet of
// the inputs and assumptions it was run with.

extension RunReport: WorkbookReport {
  /// Sheets `metrics` (the CSV's rows), `series` (monthly mean and quantiles) and `inputs`.
  public func workbook() -> Workbook {
    var series: [[Workbook.Cell]] = []
    for s in self.series {
      for m in s.mean.indices {
        series.append(
          [monthLabels == nil ? .number(Double(m + 1)) : .text(monthName(m)),
           .text(s.descriptor.key), .text(s.descriptor.group)]
            + [s.mean[m], s.p10[m], s.p50[m], s.p90[m]].map(Workbook.Cell.value))
      }
    }
    return Workbook(sheets: [
      cellTable().sheet("metrics"),
      .init(
        name: "series", header: ["month", "metric", "group", "mean", "p10", "p50", "p90"],
        rows: series),
      .init(name: "inputs", lines: inputLines),
    ])
  }

  /// The inputs and assumptions the run was made with, one per line; every format ends with them.
  var inputLines: [String] {
    [
      "Scenario file: \(scenarioFile) (\(scenarioName)).",
      "Replications: \(replications); seed \(seed); horizon \(horizonMonths) months.",
      "Intervals: 95% t intervals of the mean over replications; a ratio pooled over them "
        + "(docs/statistics.md). Money in \(MetricUnit.currency).",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}

extension ComparisonReport: WorkbookReport {
  /// Sheets `comparison` (the CSV's rows) and `inputs`.
  public func workbook() -> Workbook {
    Workbook(sheets: [
      cellTable().sheet("comparison"),
      .init(name: "inputs", lines: inputLines),
    ])
  }

  /// The inputs and assumptions the comparison was made with, one per line.
  var inputLines: [String] {
    zip(labels, scenarios).map { "\($0) = \($1.name) (\($1.file))." } + [
      "Replications: \(replications) per scenario; seed \(seed); horizon \(horizonMonths) "
        + "months; common random numbers (the same seed and replication indices for every "
        + "scenario).",
      "Differences: paired by replication, 95% t intervals; Welch's interval for the unpaired "
        + "view. Money in \(MetricUnit.currency).",
      "Made by FunnelSim \(FunnelSimVersion.current).",
    ]
  }
}

extension SweepReport: WorkbookReport {
  /// Sheets `sweep` (the CSV's tidy rows) and `inputs`.
  public func workbook() -> Workbook {
    Workbook(sheets: [
      cellTable().sheet("sweep"),
      .init(name: "inputs", lines: inputLines),
    ])
  }

  /// The inputs and assumptions the sweep was made with, one per line.
  var inputLines: [String] {
    ["Scenario file: \(scenarioFile) (\(scenarioName))."]
      + axes.map { "Axis \($0.key): \($0.values.joined(separator: ", "))." } + [
        "Objective: \(objective).",
        "Replications: \(replications) per point; seed \(seed); horizon \(horizonMonths) "
          + "months; common random numbers (the same seed and replication indices for every "
          + "point).",
        "Intervals: 95% t intervals over replications. Money in \(MetricUnit.currency).",
        "Made by FunnelSim \(FunnelSimVersion.current).",
      ]
  }
}

extension PartialReport: WorkbookReport {
  /// The wrapped report's workbook.
  public func workbook() -> Workbook {
    switch self {
    case .run(let r): r.workbook()
    case .compare(let r): r.workbook()
    case .sweep(let r): r.workbook()
    }
  }
}
