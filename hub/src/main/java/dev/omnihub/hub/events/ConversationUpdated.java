package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.views.Views;
import dev.omnihub.hub.views.WireViews;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A conversation's status, assignment or ownership changed, or an agent read it.
 *
 * @param changes what changed ({@code status}, {@code assignee}, {@code customer}, {@link #UNREAD}), for listeners that care about one
 * @param previousAssigneeId who had it before, so that agent's inbox learns it left
 */
public record ConversationUpdated(Conversation conversation, List<String> changes, String previousAssigneeId) implements ConversationEvent {

  public static final String TYPE = "conversation.updated";
  /** The change of an agent's read: the unread count went back to 0. */
  public static final String UNREAD = "unreadCount";

  public ConversationUpdated {
    changes = List.copyOf(changes);
  }

  /**
   * Whether only the unread count changed: news for the agents' lists, nothing for what reacts to a
   * conversation's state (routing, rules, SLA clocks).
   */
  public boolean onlyRead() {
    return changes.equals(List.of(UNREAD));
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.CONVERSATION_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    // Who has it, where it waits and why, also at the top (API.md: conversation.updated with assigneeId, queueId and routing).
    return new JsonObject().put("type", TYPE).put("conversation", Views.conversation(conversation)).put("changes", new JsonArray(changes))
        .put("previousAssigneeId", previousAssigneeId).put("assigneeId", conversation.assigneeId()).put("queueId", conversation.queueId())
        .put("routing", Views.routing(conversation.routing()));
  }

  public static ConversationUpdated fromJson(JsonObject json) {
    return fromStored(WireViews.conversation(json.getJsonObject("conversation")), json);
  }

  /** The event with its conversation as given and the rest of it as {@link #toJson} wrote it. */
  static ConversationUpdated fromStored(Conversation conversation, JsonObject json) {
    List<String> changes = json.getJsonArray("changes").stream().map(Object::toString).toList();
    return new ConversationUpdated(conversation, changes, json.getString("previousAssigneeId"));
  }
}
