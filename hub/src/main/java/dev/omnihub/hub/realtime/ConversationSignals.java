package dev.omnihub.hub.realtime;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.ConversationService;
import io.vertx.core.Future;
import java.util.List;

/**
 * Typing and read receipts from agents, passed on live to whoever sees the conversation. Typing stores
 * nothing; a read also sets the conversation's unread count back to 0 ({@link ConversationService#markRead}).
 */
public final class ConversationSignals {

  private final PublishingStore store;
  private final ConversationStore conversations;
  private final ConversationService service;

  public ConversationSignals(PublishingStore store, ConversationStore conversations, ConversationService service) {
    this.store = store;
    this.conversations = conversations;
    this.service = service;
  }

  /**
   * The agent is typing in the conversation. Fails with {@link dev.omnihub.adapters.spi.NotFoundException}
   * when there is no such conversation.
   */
  Future<Void> agentTyping(String conversationId, String agentId) {
    return store.readAndPublish(() -> signal("typing", conversations.require(conversationId), agentId));
  }

  /**
   * The agent has read the conversation up to now: nothing in it is unread any more (a
   * {@code conversation.updated} tells the other agents' lists, once durable, if that changed the count),
   * and the visitor's widget marks its messages seen.
   */
  Future<Void> agentRead(String conversationId, String agentId) {
    return store.writeAndPublishDurableIfAny(() -> service.markRead(conversationId))
        .compose(conversation -> store.readAndPublish(() -> signal("read", conversation, agentId)));
  }

  private static Outcome<Void> signal(String kind, Conversation conversation, String agentId) {
    return new Outcome<>(null, List.of(new ConversationSignal(kind, conversation.id(), "agent", agentId, null,
        conversation.assigneeId(), conversation.queueId())));
  }
}
