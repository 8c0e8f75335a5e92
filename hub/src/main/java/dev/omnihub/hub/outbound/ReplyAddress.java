package dev.omnihub.hub.outbound;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.ContactAddress;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import java.util.Optional;

/**
 * Where an answer on a channel goes: the address of the customer's message it answers, else the
 * address they last wrote from on that channel, else their first identity of the kind the channel's
 * adapter says it reaches. The one rule for the delivery and for the opt-out check before a reply is
 * stored, so both look at the same number.
 */
public final class ReplyAddress {

  /** How far back in a conversation the customer's newest message on the channel is looked for. */
  public static final int ANSWERED_LOOK_BACK = 50;

  private ReplyAddress() {
  }

  /**
   * @param addressedBy the kind of identity the channel reaches ({@code null}: only addresses the customer wrote from)
   * @param answered    the customer's newest message on the channel in this conversation, if any
   */
  public static Optional<ContactIdentity> of(Customer customer, String channelId, IdentityKind addressedBy, Optional<Message> answered) {
    Optional<ContactIdentity> used = answered.flatMap(last -> address(last.fact("addressKind"), last.fact("address")))
        .or(() -> Optional.ofNullable(customer.contactOn(channelId)).flatMap(ReplyAddress::address));
    if (used.isPresent() || addressedBy == null) {
      return used;
    }
    return customer.identities().stream().map(key -> IdentityKey.split(key, "identity")).filter(key -> key.kind() == addressedBy)
        .map(key -> new ContactIdentity(key.kind(), key.value())).findFirst();
  }

  /**
   * The address a reply in a conversation on a channel goes to, as its delivery will pick it: by the
   * customer's newest message there, else as {@link #of}. Blocking: reads the customer and that message.
   */
  public static Optional<ContactIdentity> inConversation(CustomerStore customers, MessageStore messages, String customerId,
      String conversationId, String channelId, IdentityKind addressedBy) {
    return customers.findCurrent(customerId).flatMap(customer -> of(customer, channelId, addressedBy,
        messages.lastInbound(conversationId, channelId, ANSWERED_LOOK_BACK)));
  }

  private static Optional<ContactIdentity> address(ContactAddress contact) {
    return address(contact.kind(), contact.value());
  }

  private static Optional<ContactIdentity> address(String kind, String value) {
    if (kind == null || value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ContactIdentity(IdentityKind.fromWireName(kind), value));
    } catch (IllegalArgumentException unknownKind) {
      return Optional.empty();
    }
  }
}
