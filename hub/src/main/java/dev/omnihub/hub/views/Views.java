package dev.omnihub.hub.views;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.IdentityKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The JSON shapes of domain objects, as the REST API returns them and as events carry them (so a
 * socket can forward an event without reshaping it). Field names follow API.md.
 */
public final class Views {

  private Views() {
  }

  public static JsonObject customer(Customer customer) {
    JsonArray identities = new JsonArray();
    for (String key : customer.identities()) {
      IdentityKey identity = IdentityKey.split(key, "identity");
      identities.add(new JsonObject().put("kind", identity.kind().wireName()).put("value", identity.value()));
    }
    JsonObject json = new JsonObject()
        .put("id", customer.id())
        .put("name", customer.name())
        .put("identities", identities)
        .put("attributes", json(customer.attributes()))
        .put("tags", new JsonArray(customer.tags()))
        .put("createdAt", time(customer.createdAt()))
        .put("updatedAt", time(customer.updatedAt()));
    if (customer.mergedInto() != null) {
      json.put("mergedInto", customer.mergedInto());
    }
    if (!customer.mergedFrom().isEmpty()) {
      json.put("mergedFrom", new JsonArray(customer.mergedFrom()));
    }
    return json;
  }

  public static JsonObject conversation(Conversation conversation) {
    return new JsonObject()
        .put("id", conversation.id())
        .put("customerId", conversation.customerId())
        .put("status", conversation.status().wireName())
        .put("channels", new JsonArray(conversation.channels()))
        .put("channelIds", new JsonArray(conversation.channelIds()))
        .put("lastChannelId", conversation.lastChannelId())
        .put("assigneeId", conversation.assigneeId())
        .put("queueId", conversation.queueId())
        .put("priority", conversation.priority())
        .putNull("ticket")
        .put("createdAt", time(conversation.createdAt()))
        .put("updatedAt", time(conversation.updatedAt()))
        .put("lastMessageAt", time(conversation.lastMessageAt()))
        .put("lastInboundAt", time(conversation.lastInboundAt()))
        .put("waitingSince", time(conversation.waitingSince()))
        .put("firstResponseAt", time(conversation.firstResponseAt()))
        .put("snoozedUntil", time(conversation.snoozedUntil()))
        .put("lastPreview", conversation.lastPreview());
  }

  public static JsonObject message(Message message) {
    JsonArray attachments = new JsonArray();
    message.attachments().forEach(attachment -> attachments.add(json(attachment)));
    JsonObject json = new JsonObject()
        .put("id", message.id())
        .put("conversationId", message.conversationId())
        .put("customerId", message.customerId())
        .put("channel", message.channel())
        .put("channelId", message.channelId())
        .put("direction", message.direction().wireName())
        .put("author", json(message.author()))
        .put("text", message.text())
        .put("attachments", attachments)
        .put("externalId", message.externalId())
        .put("sentAt", time(message.sentAt()))
        .put("createdAt", time(message.createdAt()));
    if (message.html() != null) {
      // Customer-written HTML is returned as data for sanitizing clients, never rendered by the hub.
      json.put("html", message.html());
    }
    if (message.delivery() != null) {
      json.put("delivery", json(message.delivery()));
    }
    return json;
  }

  public static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** A stored document as JSON, with dates as ISO strings. */
  public static JsonObject json(Document document) {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      json.put(entry.getKey(), value(entry.getValue()));
    }
    return json;
  }

  private static Object value(Object value) {
    if (value instanceof Document document) {
      return json(document);
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(value(item)));
      return array;
    }
    return value;
  }
}
