internal import Foundation

/// Checks of a file's bytes made before YAML sees them, so that a problem is reported with the
/// place it is at rather than as a parser's message without one.
enum TextChecks {
  /// Where `data` first stops being UTF-8: the byte offset (0-based) and the line and column
  /// (1-based, counted in characters) it falls on; nil when all of it is UTF-8.
  static func firstInvalidUTF8(_ data: Data) -> (offset: Int, line: Int, column: Int)? {
    var iterator = data.makeIterator()
    var decoder = UTF8()
    var offset = 0
    var line = 1
    var column = 1
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
        if scalar == "\n" {
          line += 1
          column = 1
        } else {
          column += 1
        }
      case .emptyInput:
        return nil
      case .error:
        return (offset, line, column)
      }
    }
  }

  /// The first control character YAML does not allow (anything below U+0020 but tab, line
  /// feed and carriage return, and U+007F), with its line and column (1-based).
  static func firstControlCharacter(_ text: String) -> (
    scalar: Unicode.Scalar, line: Int, column: Int
  )? {
    var line = 1
    var column = 1
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A:
        line += 1
        column = 1
        continue
      case 0x09, 0x0D:
        break
      case 0x00..<0x20, 0x7F:
        return (scalar, line, column)
      default:
        break
      }
      column += 1
    }
    return nil
  }

  /// `U+0007` for a scalar the terminal cannot show.
  static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
