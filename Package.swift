// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: scenario -> model -> per-replication metrics -> statistics -> report.
// The targets mirror that flow; `DiscreteEvent` knows nothing of sales.
let strictness: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "FunnelSim",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "FunnelSim", targets: ["FunnelSim"]),
    .executable(name: "funnelsim", targets: ["funnelsim"]),
    // The what-if web app, which `funnelsim serve` starts; its own product so that building
    // `funnelsim` never builds a web server (docs/serve.md).
    .executable(name: "funnelsim-serve", targets: ["funnelsim-serve"]),
    // For the Benchmarks/ package only; not part of the public API.
    .library(name: "EngineWorkloads", targets: ["EngineWorkloads"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
    // The web server of `funnelsim-serve` only: a first debug build in under a minute, where
    // Hummingbird took several (docs/serve.md, "Why FlyingFox").
    .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    // Excel workbooks (`--format xlsx`): the zip container and the sheets' XML.
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
  ],
  targets: [
    // GNU GSL, through pkg-config, plus a few `static inline` helpers (our generator).
    .systemLibrary(
      name: "CGSL", pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]),

    // A cache prefetch for the kernel's heap and the model's records, which Swift has no way
    // to ask for.
    .target(name: "CPrefetch"),

    // The generic discrete-event kernel: clock, future-event set, cancel, run-until.
    .target(name: "DiscreteEvent", dependencies: ["CPrefetch"], swiftSettings: strictness),

    // Random streams (one per source of randomness) and distributions sampled by GSL.
    .target(name: "Stochastic", dependencies: ["CGSL"], swiftSettings: strictness),

    // Summary statistics, confidence intervals, quantiles, paired comparisons (GSL).
    .target(name: "Statistics", dependencies: ["CGSL"], swiftSettings: strictness),

    // The sales organisation: scenario types and validation, the processes, the metrics.
    .target(
      name: "SalesModel",
      dependencies: ["CPrefetch", "DiscreteEvent", "Stochastic"],
      swiftSettings: strictness),

    // YAML -> Scenario: every problem with file, line, column and key path; `--set` overrides.
    .target(
      name: "ScenarioLoading",
      dependencies: ["SalesModel", "Stochastic", .product(name: "Yams", package: "Yams")],
      swiftSettings: strictness),

    // CRM history -> fitted scenario: read an opportunity export (and optional owners, stage
    // history, clients, requests), estimate with intervals, write a runnable scenario.
    .target(
      name: "CRMFit",
      dependencies: [
        "SalesModel", "Statistics", "CGSL",
        .product(name: "SwiftCSV", package: "SwiftCSV"),
      ],
      swiftSettings: strictness),

    // The public library: run replications on threads, summarise, report.
    .target(
      name: "FunnelSim",
      dependencies: [
        "SalesModel", "ScenarioLoading", "Statistics", "Stochastic", "DiscreteEvent", "CRMFit",
        "Backtest", "CGSL",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "XMLCoder", package: "XMLCoder"),
      ],
      swiftSettings: strictness),

    // Scores of forecasts against what happened (CRPS, PIT, coverage) and the baselines a
    // backtest compares with; its own target so that the fit stays "data in, scenario out".
    .target(
      name: "Backtest",
      dependencies: ["Statistics", "Stochastic"],
      swiftSettings: strictness),

    // Benchmark workloads of the kernel (hold model, M/M/c), for `funnelsim bench` and
    // Benchmarks/; kept out of the public library.
    .target(
      name: "EngineWorkloads",
      dependencies: ["DiscreteEvent", "Stochastic", "Statistics"],
      swiftSettings: strictness),

    // The command-line tool.
    .executableTarget(
      name: "funnelsim",
      dependencies: [
        "FunnelSim", "EngineWorkloads", "SalesModel", "Statistics", "Stochastic", "DiscreteEvent",
        "CRMFit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictness),

    // `funnelsim serve`: the what-if web app on a local server (docs/serve.md).
    .executableTarget(
      name: "funnelsim-serve",
      dependencies: [
        "FunnelSim", "SalesModel", "ScenarioLoading", "Stochastic",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "FlyingFox", package: "FlyingFox"),
        .product(name: "FlyingSocks", package: "FlyingFox"),
      ],
      swiftSettings: strictness),

    // Helpers shared by the test targets: temporary directories, the bundled scenarios' paths,
    // running the built `funnelsim`.
    .target(name: "TestSupport", path: "Tests/TestSupport"),

    .testTarget(name: "DiscreteEventTests", dependencies: ["DiscreteEvent"]),
    .testTarget(
      name: "StochasticTests",
      dependencies: ["Stochastic", "Statistics", .product(name: "Yams", package: "Yams")]),
    .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "Stochastic"]),
    .testTarget(
      name: "SalesModelTests",
      dependencies: ["SalesModel", "ScenarioLoading", "Stochastic", "Statistics", "TestSupport"]),
    .testTarget(
      name: "ScenarioLoadingTests",
      dependencies: ["ScenarioLoading", "SalesModel", "Stochastic", "TestSupport"]),
    .testTarget(
      name: "FunnelSimTests",
      dependencies: ["FunnelSim", "SalesModel", "Statistics", "TestSupport", "CRMFit", "Backtest"]),
    .testTarget(
      name: "CRMFitTests",
      dependencies: [
        "CRMFit", "FunnelSim", "SalesModel", "ScenarioLoading", "Stochastic", "Statistics", "CGSL",
        "TestSupport",
      ]),
    .testTarget(name: "EngineWorkloadsTests", dependencies: ["EngineWorkloads"]),
    .testTarget(
      name: "BacktestTests", dependencies: ["Backtest", "Statistics", "Stochastic", "CGSL"]),
    .testTarget(name: "CommandLineTests", dependencies: ["funnelsim", "TestSupport"]),
    // Runs the built `funnelsim serve` over loopback and in headless Chromium.
    .testTarget(
      name: "ServeTests", dependencies: ["funnelsim", "funnelsim-serve", "TestSupport"],
      exclude: ["browser_check.py"]),
  ],
  swiftLanguageModes: [.v6]
)
