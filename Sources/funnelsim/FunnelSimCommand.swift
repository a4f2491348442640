import ArgumentParser

@main
struct FunnelSimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "funnelsim",
    abstract: "Simulate sales funnels and client portfolios.",
    subcommands: [Merge.self, Bench.self])
}
