/// A Swift type read from one YAML scalar, with the loader's rules for it.
///
/// The rules are YAML 1.2's core schema, stricter than Yams' YAML 1.1 defaults: `yes`/`no`/
/// `on`/`off` are refused for booleans (they surprise people, e.g. the country code `NO`),
/// `.nan` and `.inf` are refused for numbers, and a quoted `"5"` is text, not a number.
protocol ScalarValue {
  /// What the value must look like, for messages: "a whole number >= 0".
  static var expectation: String { get }
  /// Returned after a recorded error so decoding can go on and find the file's other errors.
  static var placeholder: Self { get }
  /// The value, or nil when `scalar` does not fit.
  static func parse(_ scalar: SourceNode.Scalar) -> Self?
}

extension ScalarValue {
  /// The message for a node that does not fit: `got '2.5'; expected a whole number`.
  static func mismatch(_ node: SourceNode) -> String {
    var got = node.shortDescription
    if let s = node.scalar, s.isQuoted, !s.text.isEmpty, Self.self != String.self,
      parse(SourceNode.Scalar(text: s.text, isQuoted: false)) != nil
    {
      got += " (quoted, so text)"
    }
    var message = "got \(got); expected \(expectation)"
    if Self.self == Bool.self, let s = node.scalar,
      ["yes", "no", "on", "off", "y", "n"].contains(s.text.lowercased())
    {
      message += " (yes/no/on/off are not accepted)"
    }
    if let s = node.scalar, NumberSyntax.isNonFinite(s) {
      message += " (.nan and .inf are not accepted)"
    }
    return message
  }
}

/// Number syntax shared by the integer and floating-point rules.
enum NumberSyntax {
  /// The scalar as a finite Double, or nil. Accepts `12`, `-3.5`, `1e6`, `1_000`, `0x1F`.
  static func double(_ s: SourceNode.Scalar) -> Double? {
    guard !s.isQuoted, let text = cleaned(s.text) else { return nil }
    if let i = hexOrOctal(text) { return Double(i) }
    guard let d = Double(text), d.isFinite else { return nil }
    return d
  }

  /// The scalar as an exact integer, or nil (too large, fractional, not a number).
  static func integer(_ s: SourceNode.Scalar) -> Int? {
    guard !s.isQuoted, let text = cleaned(s.text) else { return nil }
    if let i = hexOrOctal(text) { return i }
    if let i = Int(text) { return i }
    // `1e6` and `3.0` are whole numbers too.
    guard let d = Double(text), d.isFinite, d.rounded() == d, abs(d) < 9.0e15 else { return nil }
    return Int(d)
  }

  /// Digits, sign, point and exponent only (so no `nan`, `inf` or hex floats), `_` dropped.
  private static func cleaned(_ text: String) -> String? {
    guard !text.isEmpty else { return nil }
    if text.hasPrefix("0x") || text.hasPrefix("0o") {
      return text.replacingOccurrences(of: "_", with: "")
    }
    let allowed = Set("0123456789+-._eE")
    guard text.allSatisfy({ allowed.contains($0) }), text.contains(where: \.isNumber) else {
      return nil
    }
    if text.hasPrefix("_") || text.hasSuffix("_") { return nil }
    return text.replacingOccurrences(of: "_", with: "")
  }

  private static func hexOrOctal(_ text: String) -> Int? {
    if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
    if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
    return nil
  }

  /// Whether the text is a YAML non-finite float (`.nan`, `-.inf`), refused with its own words.
  static func isNonFinite(_ s: SourceNode.Scalar) -> Bool {
    !s.isQuoted && [".nan", ".inf", "+.inf", "-.inf"].contains(s.text.lowercased())
  }
}

extension String: ScalarValue {
  static var expectation: String { "text" }
  static var placeholder: String { "" }
  static func parse(_ s: SourceNode.Scalar) -> String? { s.isNull ? nil : s.text }
}

extension Bool: ScalarValue {
  static var expectation: String { "true or false" }
  static var placeholder: Bool { false }
  static func parse(_ s: SourceNode.Scalar) -> Bool? {
    if s.isQuoted { return nil }
    switch s.text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }
}

extension Double: ScalarValue {
  static var expectation: String { "a finite number" }
  static var placeholder: Double { 0 }
  static func parse(_ s: SourceNode.Scalar) -> Double? { NumberSyntax.double(s) }
}

extension Float: ScalarValue {
  static var expectation: String { "a finite number" }
  static var placeholder: Float { 0 }
  static func parse(_ s: SourceNode.Scalar) -> Float? {
    NumberSyntax.double(s).flatMap { Float(exactly: $0) ?? (Float($0).isFinite ? Float($0) : nil) }
  }
}

/// Whole numbers of every width share one rule and one message.
protocol WholeNumberValue: ScalarValue, FixedWidthInteger {}

extension WholeNumberValue {
  static var expectation: String {
    if Self.min == 0 {
      return "a whole number >= 0" + (Self.bitWidth < 64 ? " and <= \(Self.max)" : "")
    }
    return Self.bitWidth < 64
      ? "a whole number between \(Self.min) and \(Self.max)" : "a whole number"
  }
  static var placeholder: Self { 0 }
  static func parse(_ s: SourceNode.Scalar) -> Self? {
    if !s.isQuoted, let text = Optional(s.text.replacingOccurrences(of: "_", with: "")),
      Self.min == 0 ? UInt64(text) != nil : false
    {
      return Self(exactly: UInt64(text)!)
    }
    return NumberSyntax.integer(s).flatMap { Self(exactly: $0) }
  }
}

extension Int: WholeNumberValue {}
extension Int8: WholeNumberValue {}
extension Int16: WholeNumberValue {}
extension Int32: WholeNumberValue {}
extension Int64: WholeNumberValue {}
extension UInt: WholeNumberValue {}
extension UInt8: WholeNumberValue {}
extension UInt16: WholeNumberValue {}
extension UInt32: WholeNumberValue {}
extension UInt64: WholeNumberValue {}
