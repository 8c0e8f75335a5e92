package dev.omnihub.adapters.spi;

import java.util.Objects;

/**
 * One identity of a person as the channel gave it (not yet normalized: the hub lower-cases emails
 * and turns phone numbers into E.164).
 */
public record ContactIdentity(IdentityKind kind, String value) {
  public ContactIdentity {
    Objects.requireNonNull(kind, "kind");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(kind.wireName() + " identity must not be blank");
    }
  }

  public static ContactIdentity email(String value) {
    return new ContactIdentity(IdentityKind.EMAIL, value);
  }

  public static ContactIdentity phone(String value) {
    return new ContactIdentity(IdentityKind.PHONE, value);
  }

  public static ContactIdentity visitor(String value) {
    return new ContactIdentity(IdentityKind.VISITOR, value);
  }

  public static ContactIdentity external(String value) {
    return new ContactIdentity(IdentityKind.EXTERNAL, value);
  }
}
