package dev.omnihub.adapters.spi;

/**
 * A delivery did not happen. {@link #retryable()} tells the dispatcher whether trying again later can
 * help (a timeout, a 503) or cannot (a 400, a recipient the channel can't reach).
 */
public final class DeliveryException extends RuntimeException {

  private final boolean retryable;

  private DeliveryException(boolean retryable, String message, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public static DeliveryException retryable(String message, Throwable cause) {
    return new DeliveryException(true, message, cause);
  }

  public static DeliveryException retryable(String message) {
    return new DeliveryException(true, message, null);
  }

  public static DeliveryException permanent(String message) {
    return new DeliveryException(false, message, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
