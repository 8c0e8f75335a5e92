package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Conversation;

/** An event about a conversation, carrying it; fan-out facts come from it, its API view is rendered at the edge. */
public sealed interface ConversationEvent extends HubEvent permits ConversationCreated, ConversationUpdated {

  Conversation conversation();

  @Override
  default String conversationId() {
    return conversation().id();
  }

  @Override
  default String assigneeId() {
    return conversation().assigneeId();
  }

  @Override
  default String queueId() {
    return conversation().queueId();
  }
}
