// docs/scenario-format.md, "funnel"; docs/model.md, sections 6 (A day of work) and 7 (Stage outcomes).
public import Stochastic

/// The funnel: stages in order, no-shows, the schedule policy.
public struct Funnel: Sendable, SectionDefaults {
  /// The stages in order; the last success wins the deal.
  public var stages: [Stage]
  /// Meetings the client misses.
  public var noShow = NoShow.off
  /// How a manager splits days between calls and meetings.
  public var schedule = SchedulePolicy.mixed

  /// Every meeting held, mixed days.
  public static let defaults = Funnel(stages: [])
  /// `stages`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.stages] }
}

/// One funnel stage: success probability, duration, the capacity it uses.
public struct Stage: Sendable, SectionDefaults {
  /// The stage's name, used in `reached_<name>` and `conversion_<name>`.
  public var name: String
  /// Base success probability.
  public var probability: Double
  /// Working days from the activity (or from entering a stage that uses nothing) to the outcome.
  public var durationDays = Distribution.constant(1)
  /// The manager capacity the stage occupies.
  public var uses = StageResource.none
  /// The role that owns the stage (docs/model.md, 5.6); required when roles are declared.
  public var role: String?

  /// One day, using nothing.
  public static let defaults = Stage(name: "", probability: 0)
  /// `name` and `probability`.
  public static var requiredKeys: [any CodingKey] { [CodingKeys.name, CodingKeys.probability] }
}

/// What a funnel stage occupies on the manager's calendar.
public enum StageResource: String, Codable, CaseIterable, Sendable {
  case call, meeting, none
}

/// How a manager splits days between calls and meetings.
public enum SchedulePolicy: String, Codable, CaseIterable, Sendable {
  /// Calls and meetings every day.
  case mixed
  /// Call days (twice the calls) and meeting days (twice the slots) in turn.
  case alternate
}

/// Meetings the client does not come to, and how often they are rescheduled.
public struct NoShow: Sendable, SwitchablePart {
  /// Whether some meetings are missed.
  public var enabled = true
  /// Chance that a meeting is a no-show.
  public var probability = 0.1
  /// Reschedules before the lead is lost.
  public var maxReschedules = 2

  /// One meeting in ten missed, two reschedules.
  public static let defaults = NoShow()
}
