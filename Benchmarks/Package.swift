// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the main package's builds and tests do not
// pay for the benchmark dependency. Run: `cd Benchmarks && swift package benchmark`.
let package = Package(
  name: "FunnelSimBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "FunnelSim", path: ".."),
    .package(
      url: "https://github.com/ordo-one/package-benchmark", exact: "1.38.1",
      traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "Engine",
      dependencies: [
        .product(name: "EngineWorkloads", package: "FunnelSim"),
        .product(name: "Benchmark", package: "package-benchmark"),
      ],
      path: "Benchmarks/Engine",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]),
  ]
)
