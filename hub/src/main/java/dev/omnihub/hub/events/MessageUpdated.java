package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.views.WireViews;
import io.vertx.core.json.JsonObject;

/** A stored message changed, typically its delivery status. */
public record MessageUpdated(Message message, String assigneeId, String queueId) implements MessageEvent {

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
    return new MessageUpdated(WireViews.message(json.getJsonObject("message")), json.getString("assigneeId"), json.getString("queueId"));
  }
}
