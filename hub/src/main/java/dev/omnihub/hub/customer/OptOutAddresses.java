package dev.omnihub.hub.customer;

import dev.omnihub.adapters.spi.IdentityKind;

/**
 * Where a reply on a channel that honours opt-outs would go: the address of the channel's kind the
 * customer last wrote from on it, else their first identity of that kind.
 */
public final class OptOutAddresses {

  private OptOutAddresses() {
  }

  /** @return the address, or {@code null} when the customer has none of that kind */
  public static String recipient(Customer customer, String channelId, IdentityKind kind) {
    if (kind == null) {
      return null;
    }
    ContactAddress contact = customer.contactOn(channelId);
    if (contact != null && kind.wireName().equals(contact.kind())) {
      return contact.value();
    }
    return customer.identities().stream().map(key -> IdentityKey.split(key, "identity")).filter(key -> key.kind() == kind)
        .map(IdentityKey::value).findFirst().orElse(null);
  }
}
