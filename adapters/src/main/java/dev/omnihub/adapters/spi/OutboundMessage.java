package dev.omnihub.adapters.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message from the business to a customer, ready for a channel to deliver.
 *
 * @param messageId      the hub's id; channels that support it pass it on as an idempotency key
 * @param conversationId the conversation it belongs to
 * @param customerId     the customer it goes to
 * @param channel        the channel instance to deliver on
 * @param recipient      the customer's name and identities (the adapter picks the one it can use)
 * @param text           plain text
 * @param html           an HTML body, or {@code null}
 * @param attachments    files to send
 * @param author         who wrote it
 * @param createdAt      when it was written
 * @param threading      channel-specific threading facts (email {@code In-Reply-To}, chat session)
 */
public record OutboundMessage(
    String messageId,
    String conversationId,
    String customerId,
    ChannelRef channel,
    Contact recipient,
    String text,
    String html,
    List<Attachment> attachments,
    AuthorRef author,
    Instant createdAt,
    Map<String, String> threading) {

  public OutboundMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipient, "recipient");
    text = text == null ? "" : text;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    threading = threading == null ? Map.of() : Map.copyOf(threading);
  }
}
