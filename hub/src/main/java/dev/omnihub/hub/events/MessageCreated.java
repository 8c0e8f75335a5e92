package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/** A message was stored (inbound, reply, note). */
public record MessageCreated(JsonObject message, String assigneeId, String queueId) implements HubEvent {

  public static final String TYPE = "message.created";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.MESSAGE_CREATED;
  }

  @Override
  public String conversationId() {
    return message.getString("conversationId");
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("message", message).put("assigneeId", assigneeId).put("queueId", queueId);
  }

  public static MessageCreated fromJson(JsonObject json) {
    return new MessageCreated(json.getJsonObject("message"), json.getString("assigneeId"), json.getString("queueId"));
  }
}
