package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * Someone is typing, or has read up to a message, in a conversation: the customer, or an agent.
 * Passed on live, never stored or replayed.
 *
 * @param type       {@code typing} or {@code read}
 * @param authorType {@code customer} or {@code agent}
 * @param seq        for {@code read}: the last message seen, or {@code null}
 */
public record ConversationSignal(String type, String conversationId, String authorType, String authorId, Long seq, String assigneeId,
    String queueId) implements HubEvent {

  @Override
  public String address() {
    return EventAddresses.CONVERSATION_SIGNAL;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("conversationId", conversationId)
        .put("author", new JsonObject().put("type", authorType).put("id", authorId))
        .put("assigneeId", assigneeId).put("queueId", queueId);
    if (seq != null) {
      json.put("seq", seq);
    }
    return json;
  }

  public static ConversationSignal fromJson(JsonObject json) {
    JsonObject author = json.getJsonObject("author");
    return new ConversationSignal(json.getString("type"), json.getString("conversationId"), author.getString("type"),
        author.getString("id"), json.getLong("seq"), json.getString("assigneeId"), json.getString("queueId"));
  }
}
