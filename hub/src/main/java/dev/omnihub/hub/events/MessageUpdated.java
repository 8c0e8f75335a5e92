package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/** A stored message changed, typically its delivery status. */
public record MessageUpdated(JsonObject message, String assigneeId, String queueId) implements MessageEvent {

  public static final String TYPE = "message.updated";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.MESSAGE_UPDATED;
  }

  public static MessageUpdated fromJson(JsonObject json) {
    return new MessageUpdated(json.getJsonObject("message"), json.getString("assigneeId"), json.getString("queueId"));
  }
}
