package dev.omnihub.hub.realtime;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.Future;
import java.util.List;

/** Typing and read receipts from agents, passed on live to whoever sees the conversation; nothing is stored. */
public final class ConversationSignals {

  private final PublishingStore store;
  private final ConversationStore conversations;

  public ConversationSignals(PublishingStore store, ConversationStore conversations) {
    this.store = store;
    this.conversations = conversations;
  }

  /**
   * The agent is typing in the conversation. Fails with {@link dev.omnihub.adapters.spi.NotFoundException}
   * when there is no such conversation.
   */
  Future<Void> agentTyping(String conversationId, String agentId) {
    return signal("typing", conversationId, agentId);
  }

  /** The agent has read the conversation up to now (the visitor's widget marks its messages seen). */
  Future<Void> agentRead(String conversationId, String agentId) {
    return signal("read", conversationId, agentId);
  }

  private Future<Void> signal(String kind, String conversationId, String agentId) {
    return store.readAndPublish(() -> {
      Conversation conversation = conversations.require(conversationId);
      return new Outcome<Void>(null, List.of(new ConversationSignal(kind, conversation.id(), "agent", agentId, null,
          conversation.assigneeId(), conversation.queueId())));
    });
  }
}
