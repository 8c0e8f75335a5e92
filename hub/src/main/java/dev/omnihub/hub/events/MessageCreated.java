package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.views.WireViews;
import io.vertx.core.json.JsonObject;

/** A message was stored (inbound, reply, note, system line). */
public record MessageCreated(Message message, String assigneeId, String queueId) implements MessageEvent {

  public static final String TYPE = "message.created";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.MESSAGE_CREATED;
  }

  public static MessageCreated fromJson(JsonObject json) {
    return new MessageCreated(WireViews.message(json.getJsonObject("message")), json.getString("assigneeId"), json.getString("queueId"));
  }
}
