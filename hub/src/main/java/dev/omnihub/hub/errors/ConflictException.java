package dev.omnihub.hub.errors;

/** The request is valid but clashes with the current state (a taken email, an impossible transition). Maps to 409. */
public final class ConflictException extends RuntimeException {

  private final String code;

  public ConflictException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
