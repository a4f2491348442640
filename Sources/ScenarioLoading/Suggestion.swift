/// "Did you mean" for mistyped keys, enum values and `--set` paths.
enum Suggestion {
  /// Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
  /// ignoring case: `sede` -> `seed` is 1, `HeadCount` -> `headcount` is 0.
  static func distance(_ a: String, _ b: String) -> Int {
    let s = Array(a.lowercased().unicodeScalars)
    let t = Array(b.lowercased().unicodeScalars)
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    let width = t.count + 1
    var d = [Int](repeating: 0, count: (s.count + 1) * width)
    for i in 0...s.count { d[i * width] = i }
    for j in 0...t.count { d[j] = j }
    for i in 1...s.count {
      for j in 1...t.count {
        let cost = s[i - 1] == t[j - 1] ? 0 : 1
        var best = min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1)
        best = min(best, d[(i - 1) * width + j - 1] + cost)
        if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
          best = min(best, d[(i - 2) * width + j - 2] + 1)
        }
        d[i * width + j] = best
      }
    }
    return d[s.count * width + t.count]
  }

  /// The closest candidate within a distance that still looks like a typo, if any.
  static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    let allowed = word.count <= 3 ? 1 : (word.count <= 7 ? 2 : 3)
    var best: (String, Int)?
    for candidate in candidates.sorted() {
      let d = distance(word, candidate)
      if d <= allowed, d < (best?.1 ?? .max) { best = (candidate, d) }
    }
    return best?.0
  }

  /// "; did you mean 'seed'?" or "; valid keys: a, b, c" (empty when there is nothing to offer).
  static func hint(for word: String, in candidates: some Collection<String>, noun: String) -> String
  {
    if let match = closest(to: word, in: candidates) { return "; did you mean '\(match)'?" }
    if candidates.isEmpty { return "" }
    return "; valid \(noun): " + candidates.sorted().joined(separator: ", ")
  }
}
