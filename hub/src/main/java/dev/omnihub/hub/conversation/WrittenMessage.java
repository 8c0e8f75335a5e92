package dev.omnihub.hub.conversation;

import java.time.Instant;

/**
 * A message written in the hub: an agent's or bot's reply, a note, a system line.
 *
 * @param channel   the channel type a reply goes out on; {@code null} for notes and system lines
 * @param channelId the channel a reply goes out on; {@code null} for notes and system lines
 */
public record WrittenMessage(String id, Conversation conversation, Direction direction, Author author, String text, String channel,
    String channelId, Instant createdAt) {

  public String conversationId() {
    return conversation.id();
  }

  public String customerId() {
    return conversation.customerId();
  }
}
