package dev.omnihub.hub.outbound;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.AuthorRef;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.IdentityKey;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds what an adapter delivers from the stored message, its customer and its channel: where it
 * goes ({@link ReplyAddress}), and the thread facts of the customer's last message there, so an
 * email answer carries {@code In-Reply-To}, {@code References} and {@code Re: <subject>}.
 */
final class OutboundFactory {

  private static final String REPLY_PREFIX = "re:";

  private OutboundFactory() {
  }

  /**
   * @param answered the customer's newest message on the message's channel in this conversation, if any
   * @throws DeliveryException (permanent) when the customer has no identity a channel could use
   */
  static OutboundMessage create(Message message, Customer customer, Channel channel, OutboundPolicy policy, Optional<Message> answered) {
    return create(message, customer, channel, policy, answered, null, List.of());
  }

  /** As above, for a conversation with a ticket ({@code ticketNumber}, else {@code null}): channels with subjects show it. */
  static OutboundMessage create(Message message, Customer customer, Channel channel, OutboundPolicy policy, Optional<Message> answered,
      Long ticketNumber, List<Attachment> files) {
    List<ContactIdentity> identities = customer.identities().stream()
        .map(key -> IdentityKey.split(key, "identity"))
        .map(key -> new ContactIdentity(key.kind(), key.value()))
        .toList();
    if (identities.isEmpty()) {
      throw DeliveryException.permanent("customer " + customer.id() + " has no identity to deliver to");
    }
    AuthorRef author = new AuthorRef(message.author().type(), message.author().id(), message.author().name());
    Map<String, String> threading = new HashMap<>();
    threading.put("conversationId", message.conversationId());
    threading.put("replyToken", message.conversationId());
    if (ticketNumber != null) {
      threading.put("ticketNumber", Long.toString(ticketNumber));
    }
    String subject = null;
    if (answered.isPresent()) {
      Message last = answered.get();
      subject = replySubject(last.fact("subject"));
      String answeredId = last.fact("messageId");
      if (answeredId != null) {
        threading.put("inReplyTo", answeredId);
        String references = last.fact("references");
        threading.put("references", references == null || references.isBlank() ? answeredId : references + " " + answeredId);
      }
    }
    return new OutboundMessage(message.id(), message.conversationId(), customer.id(), new ChannelRef(channel.type(), channel.id()),
        new Contact(customer.name(), identities), message.text(), message.html(), files, author, message.createdAt(), threading,
        ReplyAddress.of(customer, channel.id(), policy.addressedBy(), answered).orElse(null), subject, message.id());
  }

  /** {@code Re: <subject>}, without stacking prefixes. */
  static String replySubject(String subject) {
    if (subject == null || subject.isBlank()) {
      return null;
    }
    String stripped = subject.strip();
    return stripped.toLowerCase(Locale.ROOT).startsWith(REPLY_PREFIX) ? stripped : "Re: " + stripped;
  }
}
