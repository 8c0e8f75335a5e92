package dev.omnihub.adapters.spi;

import java.util.Locale;

/** The ways a channel can name a person. The hub normalizes each kind into an identity key. */
public enum IdentityKind {
  /** An email address. */
  EMAIL("email"),
  /** A phone number, in any format the channel gives; the hub turns it into E.164. */
  PHONE("phone"),
  /** A chat widget visitor id issued by the hub. */
  VISITOR("visitor"),
  /** The business's own user id for this person, as sent by an integration or a verified widget. */
  EXTERNAL("external");

  private final String wireName;

  IdentityKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** @throws IllegalArgumentException naming the value when it is not a known kind */
  public static IdentityKind fromWireName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (IdentityKind kind : values()) {
      if (kind.wireName.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown identity kind '" + name + "'; expected email, phone, visitor or external");
  }
}
