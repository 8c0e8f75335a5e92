package dev.omnihub.hub.customer;

import dev.omnihub.adapters.spi.IdentityKind;
import org.bson.Document;

/** Where an SMS to a customer would go: the number they last wrote from on the channel, else their first phone identity. */
public final class OptOutAddresses {

  private OptOutAddresses() {
  }

  /** @return the number, or {@code null} when the customer has none */
  public static String smsRecipient(Customer customer, String channelId) {
    Document contact = customer.contactOn(channelId);
    if (contact != null && "phone".equals(contact.getString("kind"))) {
      return contact.getString("value");
    }
    return customer.identities().stream().map(key -> IdentityKey.split(key, "identity")).filter(key -> key.kind() == IdentityKind.PHONE)
        .map(IdentityKey::value).findFirst().orElse(null);
  }
}
