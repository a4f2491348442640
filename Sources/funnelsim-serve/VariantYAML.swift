import Yams

/// A variant as a scenario file: the base file's YAML with the page's overrides written in,
/// so it loads and runs with `funnelsim run` like any other scenario.
///
/// Overrides are applied the way `--set` applies them (a list element by index or by its
/// `name:`); the caller loads the variant first, so every path is known to be valid. Yams
/// re-emits the document, so the base file's comments are not kept: a header says where the
/// variant comes from instead.
enum VariantYAML {
  static func render(base: String, file: String, overrides: [String], name: String?) throws
    -> String
  {
    guard var root = try Yams.compose(yaml: base) else {
      throw ServeFailure("\(file) is empty")
    }
    for override in overrides {
      guard let eq = override.firstIndex(of: "=") else { continue }
      let key = override[..<eq].split(separator: ".").map(String.init)
      let value = try Yams.compose(yaml: String(override[override.index(after: eq)...])) ?? Node("")
      root = set(value, at: key[...], in: root)
    }
    // Set as a node, not as `name=...` text, so a name with a colon stays a name.
    if let name { root = set(Node(name), at: ["name"], in: root) }
    let header =
      "# A variant of \(file) made in funnelsim serve, with these changes:\n"
      + overrides.map { "#   \($0)\n" }.joined()
    return header + (try Yams.serialize(node: root))
  }

  private static func set(_ value: Node, at path: ArraySlice<String>, in node: Node) -> Node {
    guard let first = path.first else { return value }
    let rest = path.dropFirst()
    switch node {
    case .mapping(let mapping):
      var pairs = Array(mapping)
      if let i = pairs.firstIndex(where: { $0.key.string == first }) {
        pairs[i].value = set(value, at: rest, in: pairs[i].value)
      } else {
        pairs.append((Node(first), set(value, at: rest, in: Node.mapping(Node.Mapping([])))))
      }
      return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, mapping.tag, mapping.style))
    case .sequence(let sequence):
      var nodes = Array(sequence)
      let index =
        Int(first).flatMap { nodes.indices.contains($0) ? $0 : nil }
        ?? nodes.firstIndex { $0.mapping?["name"]?.string == first }
      guard let index else { return node }
      nodes[index] = set(value, at: rest, in: nodes[index])
      return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style))
    default:
      return path.isEmpty ? value : node
    }
  }
}
