// docs/scenario-format.md, "routing"; docs/model.md, section 5.3 (Routing).

/// Routing of leads to eligible managers.
public struct Routing: Sendable, SectionDefaults {
  /// Who gets a new lead.
  public var policy = RoutingPolicy.roundRobin

  /// Round robin.
  public static let defaults = Routing()
}

/// How a new lead finds its manager.
public enum RoutingPolicy: String, Codable, CaseIterable, Sendable {
  case roundRobin = "round_robin"
  case leastLoaded = "least_loaded"
  case mostSeniorFirst = "most_senior_first"
}
