package dev.omnihub.adapters.spi;

/** The caller is authenticated but lacks the role. Maps to 403. */
public final class ForbiddenException extends RuntimeException {

  public ForbiddenException(String message) {
    super(message, null, false, false);
  }
}
