package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/** An event about a conversation, carrying its JSON shape; fan-out facts come from that shape. */
public sealed interface ConversationEvent extends HubEvent permits ConversationCreated, ConversationUpdated {

  JsonObject conversation();

  @Override
  default String conversationId() {
    return conversation().getString("id");
  }

  @Override
  default String assigneeId() {
    return conversation().getString("assigneeId");
  }

  @Override
  default String queueId() {
    return conversation().getString("queueId");
  }
}
