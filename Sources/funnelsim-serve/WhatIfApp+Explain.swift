import Foundation
import FunnelSim
import SalesModel

extension WhatIfApp {
  /// The largest explanation the app runs, in simulated replications over all switches of the
  /// causes: `2^k` times the replications for `k` causes (docs/explain.md).
  var maximumExplainReplications: Int { limits.maximumReplications * 64 }

  /// `funnelsim explain` on a variant: the gap to the plan split into causes, as the page of
  /// `funnelsim explain --format html`.
  func explain(_ body: Data) async -> AppResponse {
    do {
      let request = try Self.decode(RunRequest.self, body)
      let variant = try load(request.variant)
      let n = try replications(request.replications ?? ExplainOptions.defaultReplications, variant)
      let options = ExplainOptions(replications: n, seed: variant.scenario.seed, threads: threads)
      let planned = ShortfallAnalysis.plannedReplications(for: variant.scenario, options: options)
      guard planned <= maximumExplainReplications else {
        throw Problems(
          field: "replications",
          "got '\(n)'; expected fewer: explaining this scenario runs \(planned) replications, "
            + "at most \(maximumExplainReplications) in the app")
      }
      guard let state = runs.begin(page: request.page, total: planned) else {
        return .problem(503, "\(limits.maximumRuns) runs are under way; try again when one ends")
      }
      defer { runs.end(page: request.page, state) }
      let scenario = variant.scenario
      let file = variant.entry.file
      let overrides = request.variant.overrides
      let explanation: ShortfallExplanation? = try await Self.offLoop {
        do {
          return try ShortfallAnalysis.explain(
            scenario, file: file, overrides: overrides, options: options,
            progress: { done, _ in state.done.store(done, ordering: .relaxed) },
            shouldStop: { state.stopped })
        } catch is AnalysisInterrupted {
          return nil
        }
      }
      guard let explanation else { return Self.cancelled }
      return .json(
        .object([
          ("name", .string(variant.name)), ("replications", .int(n)),
          ("html", .string(explanation.html())),
        ]))
    } catch let problems as Problems {
      return problems.response
    } catch let error as AnalysisInputError {
      return Problems(field: "", "\(error)").response
    } catch {
      return .problem(500, "\(error)")
    }
  }
}
