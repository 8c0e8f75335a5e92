package dev.omnihub.hub.secrets;

/** A stored secret that the configured key cannot open. */
public final class SecretUnreadableException extends RuntimeException {

  public SecretUnreadableException(String message) {
    super(message);
  }
}
