package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;

/**
 * An event about a message, carrying the message and where its conversation is assigned (which a
 * message does not say itself); its API view is rendered only at the edge ({@link #toJson}).
 */
public sealed interface MessageEvent extends HubEvent permits MessageCreated, MessageUpdated {

  Message message();

  @Override
  default String conversationId() {
    return message().conversationId();
  }

  @Override
  default JsonObject toJson() {
    return new JsonObject().put("type", type()).put("message", Views.message(message())).put("assigneeId", assigneeId()).put("queueId", queueId());
  }
}
