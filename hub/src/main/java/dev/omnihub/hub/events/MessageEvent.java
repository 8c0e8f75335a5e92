package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * An event about a message, carrying its JSON shape and where its conversation is assigned (which a
 * message does not say itself).
 */
public sealed interface MessageEvent extends HubEvent permits MessageCreated, MessageUpdated {

  JsonObject message();

  @Override
  default String conversationId() {
    return message().getString("conversationId");
  }

  @Override
  default JsonObject toJson() {
    return new JsonObject().put("type", type()).put("message", message()).put("assigneeId", assigneeId()).put("queueId", queueId());
  }
}
