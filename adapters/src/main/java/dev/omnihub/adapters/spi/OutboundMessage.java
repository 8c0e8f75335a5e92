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
 * @param threading      channel-specific threading facts (email {@code inReplyTo}, {@code references},
 *                       {@code replyToken}; a chat session)
 * @param to             the address to deliver to: where the customer last wrote from on this channel,
 *                       else one of their identities the channel can use; {@code null} lets the adapter
 *                       pick from {@code recipient}
 * @param subject        the subject for channels that have one ({@code Re: } of the customer's last), or
 *                       {@code null}
 * @param idempotencyKey stable across every attempt of this delivery, for receivers that honour one
 * @param inDoubtSince   for an adapter that {@link ChannelAdapter#marksSends() marks sends}: when an
 *                       earlier attempt started that never finished (a crash, a lost answer), so the
 *                       provider may have the message already; {@code null} when no attempt is in doubt
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
    Map<String, String> threading,
    ContactIdentity to,
    String subject,
    String idempotencyKey,
    Instant inDoubtSince) {

  public OutboundMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipient, "recipient");
    text = text == null ? "" : text;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    threading = threading == null ? Map.of() : Map.copyOf(threading);
    idempotencyKey = idempotencyKey == null ? messageId : idempotencyKey;
  }

  public OutboundMessage(String messageId, String conversationId, String customerId, ChannelRef channel, Contact recipient, String text,
      String html, List<Attachment> attachments, AuthorRef author, Instant createdAt, Map<String, String> threading, ContactIdentity to,
      String subject, String idempotencyKey) {
    this(messageId, conversationId, customerId, channel, recipient, text, html, attachments, author, createdAt, threading, to, subject,
        idempotencyKey, null);
  }

  /** The same message, telling the adapter an earlier attempt started at {@code since} and never finished. */
  public OutboundMessage inDoubtSince(Instant since) {
    return new OutboundMessage(messageId, conversationId, customerId, channel, recipient, text, html, attachments, author, createdAt,
        threading, to, subject, idempotencyKey, since);
  }
}
