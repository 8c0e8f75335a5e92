package dev.omnihub.hub.errors;

/** The hub sheds this work rather than queueing it without bound. Maps to 503 with {@code Retry-After}. */
public final class OverloadedException extends RuntimeException {

  private final long retryAfterSeconds;

  public OverloadedException(String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
