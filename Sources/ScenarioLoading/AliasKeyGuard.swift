internal import Yams

/// Refuses aliases and collections as mapping keys before Yams composes the real document.
///
/// Yams checks every mapping for duplicate keys by hashing the keys, and hashing an alias
/// key hashes its whole expansion: `? *lol9 : x` after nine levels of nine-fold aliases
/// hangs for minutes before any node count can intervene. So a copy of the text in which
/// every alias `*name` is turned into a plain scalar (same line and column for every
/// character) is composed first — it cannot expand — and its keys are checked.
enum AliasKeyGuard {
  /// Stands in for `*`: a private-use character, printable for libyaml, one column wide.
  static let marker: Character = "\u{E000}"

  enum Refusal: Error {
    case syntax(any Error)
    case complexKey(Mark?)
    case aliasKey(Mark?)
  }

  /// Throws when the text uses an alias or a collection as a mapping key.
  static func check(_ text: String) throws(Refusal) {
    guard let neutral = neutralized(text) else { return }
    let root: Node?
    do {
      root = try Yams.compose(yaml: neutral)
    } catch {
      throw .syntax(error)
    }
    guard let root else { return }
    try checkKeys(root)
  }

  /// The text with every `*` that can start an alias replaced by `marker`; nil if there is none.
  ///
  /// Deliberately ignores quotes and comments: replacing inside them changes only this copy.
  static func neutralized(_ text: String) -> String? {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var previous: Character = "\n"
    var found = false
    for c in text {
      if c == "*", " \t\n\r[{,:".contains(previous) {
        result.append(marker)
        found = true
      } else {
        result.append(c)
      }
      previous = c
    }
    return found ? result : nil
  }

  /// Walks iteratively: the copy has no aliases, so its size is the text's size.
  private static func checkKeys(_ root: Node) throws(Refusal) {
    var stack = [root]
    while let node = stack.popLast() {
      switch node {
      case .mapping(let mapping):
        for (key, value) in mapping {
          guard case .scalar(let k) = key else { throw .complexKey(key.mark) }
          if k.style == .plain, k.string.first == marker { throw .aliasKey(key.mark) }
          stack.append(value)
        }
      case .sequence(let sequence):
        stack.append(contentsOf: sequence)
      case .scalar, .alias:
        break
      }
    }
  }
}
