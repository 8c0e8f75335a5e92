package dev.omnihub.hub.outbound;

import dev.omnihub.adapters.spi.AuthorRef;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.IdentityKey;
import java.util.List;
import java.util.Map;

/** Builds what an adapter delivers from the stored message, its customer and its channel. */
final class OutboundFactory {

  private OutboundFactory() {
  }

  /** @throws DeliveryException (permanent) when the customer has no identity a channel could use */
  static OutboundMessage create(Message message, Customer customer, Channel channel) {
    List<ContactIdentity> identities = customer.identities().stream()
        .map(key -> IdentityKey.split(key, "identity"))
        .map(key -> new ContactIdentity(key.kind(), key.value()))
        .toList();
    if (identities.isEmpty()) {
      throw DeliveryException.permanent("customer " + customer.id() + " has no identity to deliver to");
    }
    AuthorRef author = new AuthorRef(message.author().getString("type"), message.author().getString("id"),
        message.author().getString("name"));
    return new OutboundMessage(message.id(), message.conversationId(), customer.id(), new ChannelRef(channel.type(), channel.id()),
        new Contact(customer.name(), identities), message.text(), message.html(), List.of(), author, message.createdAt(),
        Map.of("conversationId", message.conversationId()));
  }
}
