/// A scenario section whose keys a file may leave out: a key left out takes its value in
/// ``defaults``, except the ``requiredKeys``, which a file must write.
///
/// A section is read and written by its synthesized `Codable` conformance; its file keys are
/// the snake_case of its property names (`dealSize` is `deal_size`). To add a key, add a
/// property with its default value: the loader, its unknown-key check and its suggestions
/// read the same coding keys. docs/scenario-format.md lists every key and default.
public protocol SectionDefaults: Codable {
  /// The value of every key a file leaves out.
  static var defaults: Self { get }
  /// The coding keys a file must write; their values in ``defaults`` are never used.
  static var requiredKeys: [any CodingKey] { get }
}

extension SectionDefaults {
  /// No key is required.
  public static var requiredKeys: [any CodingKey] { [] }
}

/// A part of the model that a scenario switches on by writing its section.
///
/// A written section is on unless it says `enabled: false`; a section left out is ``off``:
/// the same defaults, switched off (docs/model.md, section 14).
public protocol SwitchablePart: SectionDefaults {
  /// Whether the part takes part in the simulation.
  var enabled: Bool { get set }
}

extension SwitchablePart {
  /// The part as it is when its section is left out.
  public static var off: Self {
    var part = defaults
    part.enabled = false
    return part
  }
}
