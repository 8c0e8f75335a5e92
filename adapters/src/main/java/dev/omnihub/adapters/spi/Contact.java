package dev.omnihub.adapters.spi;

import java.util.List;

/**
 * A person on the other side of a channel: the sender of an inbound message or the recipient of an
 * outbound one.
 *
 * @param displayName the name the channel shows for them, or {@code null}
 * @param identities  every identity the channel knows for them, at least one
 */
public record Contact(String displayName, List<ContactIdentity> identities) {
  public Contact {
    identities = List.copyOf(identities);
    if (identities.isEmpty()) {
      throw new IllegalArgumentException("a contact needs at least one identity");
    }
    displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
  }

  public static Contact of(String displayName, ContactIdentity... identities) {
    return new Contact(displayName, List.of(identities));
  }
}
