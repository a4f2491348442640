import ArgumentParser
import FunnelSim

@main
struct FunnelSimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "funnelsim",
    abstract: "Simulate sales funnels and client portfolios.",
    version: FunnelSimVersion.current,
    subcommands: [
      Run.self, Report.self, Compare.self, Sweep.self, Quota.self, Staff.self, Explain.self,
      Validate.self,
      Merge.self, Slurm.self, Serve.self,
      Bench.self,
    ],
    defaultSubcommand: nil)
}
