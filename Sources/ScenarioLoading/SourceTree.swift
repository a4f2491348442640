internal import SalesModel

/// Walks the source tree along scenario paths: to find where a value was written and to
/// name list elements the way users do (`levels.junior` rather than `levels.1`).
enum SourceTree {
  /// The node at `path`, or the deepest node on the way when the rest is absent.
  static func locate(_ path: ScenarioPath, in root: SourceNode) -> (found: Bool, node: SourceNode) {
    var node = root
    for component in path {
      let next: SourceNode?
      switch component {
      case .key(let k):
        if let v = node.value(forKey: k) {
          next = v
        } else if let elements = node.elements, let i = Int(k), elements.indices.contains(i) {
          next = elements[i]
        } else if let elements = node.elements {
          next = elements.first(where: { $0.value(forKey: "name")?.scalar?.text == k })
        } else {
          next = nil
        }
      case .index(let i):
        if let elements = node.elements, elements.indices.contains(i) {
          next = elements[i]
        } else {
          next = node.value(forKey: String(i))
        }
      }
      guard let next else { return (false, node) }
      node = next
    }
    return (true, node)
  }

  /// `levels.junior.headcount` when element 1 of `levels` has `name: junior`, else `levels.1...`.
  static func displayPath(_ path: ScenarioPath, in root: SourceNode) -> String {
    var node: SourceNode? = root
    var parts: [String] = []
    for component in path {
      switch component {
      case .key(let k):
        parts.append(k)
        node = node?.value(forKey: k)
      case .index(let i):
        let element = node?.elements.flatMap { $0.indices.contains(i) ? $0[i] : nil }
        parts.append(element?.nameForPath ?? String(i))
        node = element
      }
    }
    return parts.joined(separator: ".")
  }
}
