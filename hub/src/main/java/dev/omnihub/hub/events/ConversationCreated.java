package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.views.Views;
import dev.omnihub.hub.views.WireViews;
import io.vertx.core.json.JsonObject;

/** A conversation started. */
public record ConversationCreated(Conversation conversation) implements ConversationEvent {

  public static final String TYPE = "conversation.created";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.CONVERSATION_CREATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("conversation", Views.conversation(conversation));
  }

  public static ConversationCreated fromJson(JsonObject json) {
    return new ConversationCreated(WireViews.conversation(json.getJsonObject("conversation")));
  }
}
