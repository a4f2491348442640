import ArgumentParser
import Foundation
import FunnelSim

@main
struct FunnelSimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "funnelsim",
    abstract: "Simulate sales funnels and client portfolios.",
    version: FunnelSimVersion.current,
    // Every command below names itself (`commandName:`): parsing walks the whole tree, and a
    // name derived from the type costs failing runtime conformance look-ups over the whole
    // binary, about 3 ms of every start for the lot.
    subcommands: [
      Run.self, Report.self, Compare.self, Sweep.self, Quota.self, Staff.self, Explain.self,
      Validate.self, Merge.self, Slurm.self, Serve.self, Fit.self, ForecastCommand.self,
      BacktestCommand.self,
      Bench.self, Desk.self,
    ],
    defaultSubcommand: nil)

  /// Parses and runs the command; every failure exits with its ``ExitStatus``: an option the
  /// parser or a `validate()` refuses is bad input (2), like a scenario that is not valid.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let failure as CommandFailure {
      StandardStream.error(fullMessage(for: failure) + "\n")
      Foundation.exit(failure.status.rawValue)
    } catch {
      if exitCode(for: error) == .validationFailure {
        StandardStream.error(fullMessage(for: error) + "\n")
        Foundation.exit(ExitStatus.badInput.rawValue)
      }
      exit(withError: error)
    }
  }
}
