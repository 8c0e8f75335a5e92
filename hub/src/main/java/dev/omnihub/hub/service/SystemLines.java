package dev.omnihub.hub.service;

import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.WrittenMessage;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.store.Ids;
import java.time.Clock;
import java.util.List;

/**
 * The one writer of system lines: what happened to a conversation, told to agents in its timeline
 * (direction {@code system}, never sent to the customer). Blocking: call inside a store write.
 */
public final class SystemLines {

  /** The author of what the hub writes by itself. */
  public static final Principal HUB = new Principal("system", null, "OmniHub", List.of());

  private final ConversationStore conversations;
  private final MessageStore messages;
  private final Clock clock;

  public SystemLines(ConversationStore conversations, MessageStore messages, Clock clock) {
    this.conversations = conversations;
    this.messages = messages;
    this.clock = clock;
  }

  /** A line the hub writes by itself. */
  public Outcome<Message> write(String conversationId, String line) {
    return write(conversations.require(conversationId), line, HUB);
  }

  /** A line about what {@code actor} did; the conversation as it is after that. */
  public Outcome<Message> write(Conversation conversation, String line, Principal actor) {
    // Not on the hot path: its message.created gets an entry of its own in the log.
    Message message = messages.insertWritten(new WrittenMessage(Ids.newId(), conversation, Direction.SYSTEM,
        new Author(Author.SYSTEM, actor.id(), actor.name()), line, null, null, clock.instant()), null);
    return new Outcome<>(message, List.of(new MessageCreated(message, conversation.assigneeId(), conversation.queueId())));
  }
}
