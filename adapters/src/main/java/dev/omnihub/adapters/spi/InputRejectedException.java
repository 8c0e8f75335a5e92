package dev.omnihub.adapters.spi;

/**
 * The caller sent something the hub will not accept. It carries what an error body needs: a stable
 * snake_case {@code code}, a human message naming the bad value, and the offending field's path.
 * Protocol edges map {@link Kind} to their own status (HTTP 400/401/413, SMTP 5xx).
 */
public final class InputRejectedException extends RuntimeException {

  /** Why the input was refused. */
  public enum Kind {
    /** Malformed or invalid content. */
    INVALID,
    /** A signature, token or credential is missing, wrong or stale. */
    UNAUTHENTICATED,
    /** Larger than the limit for that input. */
    TOO_LARGE
  }

  private final Kind kind;
  private final String code;
  private final String field;

  public InputRejectedException(Kind kind, String code, String message, String field) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.field = field;
  }

  public static InputRejectedException invalid(String field, String message) {
    return new InputRejectedException(Kind.INVALID, "invalid_field", message, field);
  }

  public static InputRejectedException invalid(String code, String field, String message) {
    return new InputRejectedException(Kind.INVALID, code, message, field);
  }

  public static InputRejectedException unauthenticated(String code, String message) {
    return new InputRejectedException(Kind.UNAUTHENTICATED, code, message, null);
  }

  public static InputRejectedException tooLarge(String message) {
    return new InputRejectedException(Kind.TOO_LARGE, "payload_too_large", message, null);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** The JSON path of the offending field ({@code from.email}), or {@code null}. */
  public String field() {
    return field;
  }
}
