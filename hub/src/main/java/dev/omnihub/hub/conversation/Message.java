package dev.omnihub.hub.conversation;

import java.time.Instant;
import java.util.List;
import org.bson.Document;

/**
 * One message in a conversation.
 *
 * @param channel     channel type ({@code api}, {@code email}, ...), {@code null} for notes
 * @param author      {@code {type: customer|agent|bot|system, id, name}}
 * @param externalId  the channel's id for it (inbound: theirs; outbound: set once delivered)
 * @param delivery    outbound only: {@code {status, attempts, lastError, nextAttemptAt, sentAt, providerId}}
 * @param metadata    the channel's facts about it: an email's {@code subject}, {@code quoted} history,
 *                    {@code messageId} and {@code references}; empty when none
 */
public record Message(
    String id,
    String conversationId,
    String customerId,
    String channel,
    String channelId,
    Direction direction,
    Document author,
    String text,
    String html,
    List<Document> attachments,
    String externalId,
    Instant sentAt,
    Instant createdAt,
    Document delivery,
    Document metadata) {

  /** A metadata value, or {@code null}. */
  public String fact(String name) {
    return metadata.get(name) instanceof String value ? value : null;
  }
}
