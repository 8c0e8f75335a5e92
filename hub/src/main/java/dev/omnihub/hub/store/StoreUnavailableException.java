package dev.omnihub.hub.store;

/** The store cannot take or confirm writes right now (unreachable, closed, disk failure). Maps to 503. */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
