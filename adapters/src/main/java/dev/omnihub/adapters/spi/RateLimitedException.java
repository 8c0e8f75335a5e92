package dev.omnihub.adapters.spi;

/** Too many attempts; try again after the given seconds. Maps to 429 with {@code Retry-After}. */
public final class RateLimitedException extends RuntimeException {

  private final long retryAfterSeconds;

  public RateLimitedException(String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
