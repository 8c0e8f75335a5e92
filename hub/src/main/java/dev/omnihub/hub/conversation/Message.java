package dev.omnihub.hub.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message in a conversation.
 *
 * @param channel     channel type ({@code api}, {@code email}, ...), {@code null} for notes
 * @param author      who wrote it
 * @param externalId  the channel's id for it (inbound: theirs; outbound: set once delivered)
 * @param delivery    outbound only: where its delivery stands; {@code null} for other messages
 * @param metadata    the channel's facts about it: an email's {@code subject}, {@code quoted} history,
 *                    {@code messageId} and {@code references}, a call's facts under {@link MessageStore#CALL};
 *                    empty when none
 */
public record Message(
    String id,
    String conversationId,
    String customerId,
    String channel,
    String channelId,
    Direction direction,
    Author author,
    String text,
    String html,
    List<ListedAttachment> attachments,
    String externalId,
    Instant sentAt,
    Instant createdAt,
    Delivery delivery,
    Map<String, Object> metadata) {

  /** A metadata value, or {@code null}. */
  public String fact(String name) {
    return metadata.get(name) instanceof String value ? value : null;
  }

  /** A call transcript's facts (speakers, timings, duration, recording), or {@code null} for other messages. */
  public Map<?, ?> call() {
    return metadata.get(MessageStore.CALL) instanceof Map<?, ?> call ? call : null;
  }

  /** Its delivery's status; {@code null} for a message that is not a delivery. */
  public String deliveryStatus() {
    return delivery == null ? null : delivery.status();
  }
}
