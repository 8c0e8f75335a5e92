package dev.omnihub.hub.customer;

import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.Objects;

/**
 * A normalized identity, stored as the {@code _id} of the {@code identities} collection in the form
 * {@code <kind>:<value>} ({@code email:ana@example.com}, {@code phone:+4915112345678}). Build one with
 * {@link IdentityNormalizer}; the constructor trusts its value.
 */
public record IdentityKey(IdentityKind kind, String value) {

  public IdentityKey {
    Objects.requireNonNull(kind, "kind");
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("identity value must not be empty");
    }
  }

  /** The stored form, {@code kind:value}. */
  public String key() {
    return kind.wireName() + ":" + value;
  }

  /**
   * Splits a stored or user-given key into kind and raw value (not normalized).
   *
   * @throws InputRejectedException naming {@code field} when it has no known {@code kind:} prefix
   */
  public static IdentityKey split(String key, String field) {
    int colon = key == null ? -1 : key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      throw InputRejectedException.invalid(field, field + " must look like email:ana@example.com or phone:+4915112345678");
    }
    try {
      return new IdentityKey(IdentityKind.fromWireName(key.substring(0, colon)), key.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw InputRejectedException.invalid(field, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return key();
  }
}
