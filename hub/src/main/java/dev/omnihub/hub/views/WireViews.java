package dev.omnihub.hub.views;

import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.CsatRef;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.Delivery;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.ListedAttachment;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.Routing;
import dev.omnihub.hub.conversation.TicketRef;
import dev.omnihub.hub.sla.SlaSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records read back from their API views ({@link Views}), for events that cross a cluster's wire as
 * JSON: the one place a view is parsed. A conversation's {@code activeFor} and {@code version} are not
 * in its view and come back {@code null} and 0.
 */
public final class WireViews {


  private WireViews() {
  }

  public static Message message(JsonObject json) {
    JsonObject author = json.getJsonObject("author", new JsonObject());
    List<ListedAttachment> attachments = new ArrayList<>();
    for (Object item : json.getJsonArray("attachments", new JsonArray())) {
      JsonObject attachment = (JsonObject) item;
      attachments.add(new ListedAttachment(attachment.getString("id"), attachment.getString("url"), attachment.getString("fileName"),
          attachment.getString("contentType"), attachment.getLong("size", 0L), attachment.getBoolean("inline"),
          attachment.getString("contentId"), attachment.getBoolean("erased", false)));
    }
    JsonObject metadata = json.getJsonObject("metadata", new JsonObject());
    return new Message(json.getString("id"), json.getString("conversationId"), json.getString("customerId"), json.getString("channel"),
        json.getString("channelId"), Direction.fromWireName(json.getString("direction")),
        new Author(author.getString("type"), author.getString("id"), author.getString("name")), json.getString("text"),
        json.getString("html"), List.copyOf(attachments), json.getString("externalId"), instant(json, "sentAt"),
        instant(json, "createdAt"), delivery(json.getJsonObject("delivery")), plain(metadata));
  }

  public static Conversation conversation(JsonObject json) {
    return new Conversation(json.getString("id"), json.getString("customerId"),
        ConversationStatus.parse(json.getString("status"), "status"), strings(json.getJsonArray("channels")),
        strings(json.getJsonArray("channelIds")), json.getString("lastChannelId"), json.getString("lastChannelType"), null,
        json.getString("assigneeId"),
        json.getString("queueId"), json.getString("priority"), instant(json, "createdAt"), instant(json, "updatedAt"),
        instant(json, "lastMessageAt"), instant(json, "lastInboundAt"), instant(json, "waitingSince"), instant(json, "firstResponseAt"),
        instant(json, "snoozedUntil"), json.getString("lastPreview"), 0L, json.getString("botId"), routing(json),
        ticket(json.getJsonObject("ticket")), sla(json.getJsonObject("sla")), strings(json.getJsonArray("tags")), csat(json.getJsonObject("csat")),
        json.getInteger("unreadCount", 0));
  }

  private static SlaSummary sla(JsonObject json) {
    if (json == null) {
      return null;
    }
    List<SlaSummary.Breach> breaches = new ArrayList<>();
    for (Object entry : json.getJsonArray("breaches", new JsonArray())) {
      JsonObject breach = (JsonObject) entry;
      breaches.add(new SlaSummary.Breach(breach.getString("target"), instant(breach, "dueAt"), instant(breach, "at")));
    }
    return new SlaSummary(json.getString("policyId"), instant(json, "firstResponseDueAt"), instant(json, "nextResponseDueAt"),
        instant(json, "resolutionDueAt"), instant(json, "firstRespondedAt"), breaches);
  }

  private static CsatRef csat(JsonObject json) {
    return json == null ? null : new CsatRef(json.getInteger("score", 0), json.getString("comment"), instant(json, "at"));
  }

  private static TicketRef ticket(JsonObject json) {
    return json == null ? null : new TicketRef(json.getString("id"), json.getLong("number", 0L), json.getString("status"),
        json.getString("priority"), json.getInteger("escalationLevel", 1));
  }

  /** What a conversation's view tells of its routing (the hold and the wait are not shown). */
  private static Routing routing(JsonObject json) {
    JsonObject decision = json.getJsonObject("routing");
    return new Routing(instant(json, "queuedAt"), null, Routing.rank(json.getString("priority")), strings(json.getJsonArray("requiredSkills")),
        null, null, decision == null ? null : decision.getString("reason"), decision == null ? null : decision.getString("ruleId"), false,
        false, false);
  }

  private static Delivery delivery(JsonObject json) {
    if (json == null) {
      return null;
    }
    Map<String, Object> facts = new LinkedHashMap<>(plain(json));
    Delivery.FIELDS.forEach(facts::remove);
    return new Delivery(json.getString("status"), json.getInteger("attempts", 0), json.getString("lastError"),
        instant(json, "nextAttemptAt"), instant(json, "sendingSince"), instant(json, "sentAt"), instant(json, "failedAt"),
        instant(json, "updatedAt"), json.getString("providerId"), json.getString("detail"), Collections.unmodifiableMap(facts));
  }

  private static Instant instant(JsonObject json, String field) {
    String value = json.getString(field);
    return value == null ? null : Instant.parse(value);
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  private static Map<String, Object> plain(JsonObject json) {
    Map<String, Object> plain = new LinkedHashMap<>();
    json.forEach(entry -> plain.put(entry.getKey(), plain(entry.getValue())));
    return Collections.unmodifiableMap(plain);
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      return plain(object);
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(WireViews::plain).toList();
    }
    return value;
  }
}
