internal import CGSL

/// Process-wide GSL set-up.
public enum GSL {
  /// Turns GSL's default error handler (which aborts the process) off, once. Callers check
  /// return codes and validate inputs instead.
  public static func configure() { _ = configured }

  private static let configured: Bool = {
    gsl_set_error_handler_off()
    return true
  }()
}
