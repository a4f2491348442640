/// The report's style sheet, inline in every page: system fonts only, print-friendly.
enum ReportStyle {
  static let css = """
    :root { --ink: #1d2733; --muted: #5b6b7c; --rule: #dde3ea; --panel: #f6f8fb;
      --accent: #1f5f99; --good: #2e8b57; --bad: #c0392b; --warn: #d9730d; }
    * { box-sizing: border-box; }
    body { margin: 0; color: var(--ink); background: #fff;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 28px; }
    header { padding-top: 28px; padding-bottom: 8px; border-bottom: 1px solid var(--rule); }
    .kicker { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: .06em;
      text-transform: uppercase; font-size: 12px; }
    h1 { margin: 4px 0 4px; font-size: 28px; line-height: 1.2; }
    .subtitle { margin: 0 0 12px; color: var(--muted); }
    nav { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; padding-bottom: 6px; }
    nav a { color: var(--accent); text-decoration: none; }
    section { padding: 22px 0 8px; border-bottom: 1px solid var(--rule); }
    h2 { margin: 0 0 6px; font-size: 20px; }
    h3 { margin: 0 0 6px; font-size: 15px; }
    .intro { margin: 0 0 14px; color: var(--muted); max-width: 78ch; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 14px; margin-bottom: 16px; }
    .figure { background: var(--panel); border: 1px solid var(--rule); border-radius: 8px;
      padding: 14px 16px; border-top: 4px solid var(--accent); }
    .figure.good { border-top-color: var(--good); }
    .figure.bad { border-top-color: var(--bad); }
    .figure.warn { border-top-color: var(--warn); }
    .figure-label { font-size: 13px; color: var(--muted); font-weight: 600; }
    .figure-value { font-size: 28px; font-weight: 700; margin: 2px 0 4px;
      font-variant-numeric: tabular-nums; }
    .figure-note { font-size: 12.5px; color: var(--muted); font-variant-numeric: tabular-nums; }
    figure.chart { margin: 0 0 18px; }
    figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; max-width: 90ch; }
    .grid { display: grid; gap: 8px 24px; }
    .grid.cols-3 { grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
    .grid.cols-2 { grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); }
    svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
    svg text { font-family: inherit; fill: var(--ink); }
    svg .tick { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
    svg .legend { font-size: 12px; fill: var(--ink); }
    svg .axis-title { font-size: 12px; fill: var(--muted); }
    svg .empty { font-size: 13px; fill: var(--muted); }
    svg .stage-label { font-size: 13px; font-weight: 600; }
    svg .bar-value { font-size: 13px; font-weight: 600; fill: #fff; }
    svg .conversion { font-size: 13px; font-weight: 600; fill: var(--accent); }
    svg .gridline { stroke: #e8edf2; stroke-width: 1; }
    svg .axis { stroke: #9aa8b6; stroke-width: 1; }
    svg .band { fill: #9ec3e6; fill-opacity: .55; stroke: none; }
    svg .median-line { fill: none; stroke: var(--accent); stroke-width: 2.5; }
    svg .median-dot { fill: var(--accent); }
    svg .mean-line { fill: none; stroke: var(--warn); stroke-width: 1.8; stroke-dasharray: 5 4; }
    svg .hover { fill: transparent; }
    svg .hover:hover { fill: rgba(31, 95, 153, .06); }
    svg .bar.below { fill: #8da9c4; }
    svg .bar.above { fill: var(--good); }
    svg .bar.outside { fill: #5b7f5f; }
    svg .bar:hover, svg .funnel-bar:hover, svg .cell:hover { opacity: .8; }
    svg .waterfall-bar.total { fill: var(--accent); }
    svg .waterfall-bar.raise { fill: var(--bad); }
    svg .waterfall-bar.lower { fill: var(--good); }
    svg .connector { stroke: #9aa8b6; stroke-width: 1; stroke-dasharray: 2 2; }
    svg .marker { stroke: var(--bad); stroke-width: 1.6; stroke-dasharray: 4 3; }
    svg .marker-label { font-size: 11px; fill: var(--bad); font-weight: 600; }
    svg .reference { stroke: var(--ink); stroke-width: 1.2; stroke-dasharray: 3 3; }
    svg .interval { stroke-width: 2.4; }
    svg .interval.better { stroke: var(--good); } svg .estimate.better { fill: var(--good); }
    svg .interval.worse { stroke: var(--bad); } svg .estimate.worse { fill: var(--bad); }
    svg .interval.higher, svg .interval.lower { stroke: var(--accent); }
    svg .estimate.higher, svg .estimate.lower { fill: var(--accent); }
    svg .interval.undecided { stroke: #7f8c99; } svg .estimate.undecided { fill: #7f8c99; }
    svg .series-line { fill: none; stroke-width: 2.2; }
    svg .series-band { stroke: none; fill-opacity: .18; }
    svg .series-0 { stroke: #1f5f99; fill: #1f5f99; } svg .series-1 { stroke: #d9730d; fill: #d9730d; }
    svg .series-2 { stroke: #2e8b57; fill: #2e8b57; } svg .series-3 { stroke: #8e44ad; fill: #8e44ad; }
    svg .series-4 { stroke: #c0392b; fill: #c0392b; } svg .series-5 { stroke: #607d8b; fill: #607d8b; }
    svg .series-line.series-0, svg .series-line.series-1, svg .series-line.series-2,
    svg .series-line.series-3, svg .series-line.series-4, svg .series-line.series-5 { fill: none; }
    svg .cell.missing { fill: #e4e7eb; }
    svg .cell-value { font-size: 11px; fill: var(--ink); }
    svg .cell-value.dark { fill: #fff; }
    .table-wrap { overflow-x: auto; margin-bottom: 16px; }
    table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
    th, td { padding: 6px 10px; border-bottom: 1px solid var(--rule); text-align: left; }
    thead th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--rule);
      vertical-align: bottom; }
    tbody th { font-weight: 600; }
    .num { text-align: right; white-space: nowrap; }
    tbody tr:hover { background: var(--panel); }
    details { margin: 8px 0 16px; }
    summary { cursor: pointer; color: var(--accent); font-weight: 600; margin-bottom: 8px; }
    footer { padding-top: 14px; padding-bottom: 28px; color: var(--muted); font-size: 12px; }
    footer p { margin: 2px 0; }
    @media print { section { break-inside: avoid; } nav { display: none; } }

    """
}
