package dev.omnihub.hub.customer;

import java.util.List;

/**
 * Who sent a message.
 *
 * @param created true when this message created the customer
 * @param merges  profiles merged because the message linked them
 * @param known   the customer as read while resolving, or {@code null} when the message created it
 */
public record IdentityResolution(String customerId, boolean created, List<MergeResult> merges, Customer known) {

  /** True when the customer is known to have written from this address on the channel last time. */
  public boolean lastWroteFrom(String channelId, String address) {
    ContactAddress contact = known == null ? null : known.contactOn(channelId);
    return contact != null && address.equals(contact.value());
  }
}
