package dev.omnihub.hub.views;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.Delivery;
import dev.omnihub.hub.conversation.ListedAttachment;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.Routing;
import dev.omnihub.hub.conversation.TicketRef;
import dev.omnihub.hub.customer.Claim;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.MergeSuggestionStore;
import dev.omnihub.hub.customer.SensitiveAttributes;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.timeline.TimelineEvent;
import dev.omnihub.hub.timeline.TimelineItem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

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
        .put("attributes", json(SensitiveAttributes.masked(customer.attributes())))
        .put("tags", new JsonArray(customer.tags()))
        .put("createdAt", time(customer.createdAt()))
        .put("updatedAt", time(customer.updatedAt()));
    JsonArray claims = new JsonArray();
    for (Claim claim : customer.claims()) {
      claims.add(new JsonObject().put("kind", claim.kind()).put("value", claim.value()).put("verified", false)
          .put("source", claim.source()).put("at", time(claim.at())));
    }
    json.put("claims", claims);
    if (customer.consent() != null) {
      json.put("consent", json(customer.consent()));
    }
    if (customer.mergedInto() != null) {
      json.put("mergedInto", customer.mergedInto());
    }
    if (!customer.mergedFrom().isEmpty()) {
      json.put("mergedFrom", new JsonArray(customer.mergedFrom()));
    }
    return json;
  }

  public static JsonObject mergeSuggestion(MergeSuggestionStore.MergeSuggestion suggestion) {
    JsonObject json = new JsonObject()
        .put("id", suggestion.id())
        .put("customerId", suggestion.claimantId())
        .put("otherId", suggestion.ownerId())
        .put("identity", new JsonObject().put("kind", suggestion.identity().kind().wireName()).put("value", suggestion.identity().value()))
        .put("reason", "customer " + suggestion.claimantId() + " says " + suggestion.identity().value() + " is theirs (unverified); "
            + "it belongs to customer " + suggestion.ownerId())
        .put("status", suggestion.status())
        .put("createdAt", time(suggestion.createdAt()));
    if (suggestion.decidedAt() != null) {
      json.put("decidedAt", time(suggestion.decidedAt()));
      json.put("decidedBy", new JsonObject().put("type", suggestion.decidedBy().type()).put("id", suggestion.decidedBy().id()));
    }
    return json;
  }

  /** A timeline item: a message (its API view) or an outside event, with {@code kind} and {@code at}. */
  public static JsonObject timelineItem(TimelineItem item) {
    return switch (item) {
      case TimelineItem.MessageItem message -> message(message.message()).put("kind", "message")
          .put("at", time(item.at()));
      case TimelineItem.EventItem event -> timelineEvent(event.event()).put("kind", "event");
    };
  }

  public static JsonObject timelineEvent(TimelineEvent event) {
    return new JsonObject()
        .put("id", event.id())
        .put("customerId", event.customerId())
        .put("type", event.type())
        .put("title", event.title())
        .put("at", time(event.occurredAt()))
        .put("occurredAt", time(event.occurredAt()))
        .put("externalId", event.externalId())
        .put("data", json(event.data()))
        .put("createdAt", time(event.createdAt()));
  }

  public static JsonObject conversation(Conversation conversation) {
    return new JsonObject()
        .put("id", conversation.id())
        .put("customerId", conversation.customerId())
        .put("status", conversation.status().wireName())
        .put("channels", new JsonArray(conversation.channels()))
        .put("channelIds", new JsonArray(conversation.channelIds()))
        .put("lastChannelId", conversation.lastChannelId())
        .put("lastChannelType", conversation.lastChannelType())
        .put("assigneeId", conversation.assigneeId())
        .put("queueId", conversation.queueId())
        .put("queuedAt", time(conversation.routing().queuedAt()))
        .put("requiredSkills", new JsonArray(conversation.routing().requiredSkills()))
        .put("routing", routing(conversation.routing()))
        .put("priority", conversation.priority())
        .put("ticket", ticket(conversation.ticket()))
        .put("sla", sla(conversation.sla()))
        .put("tags", new JsonArray(conversation.tags()))
        .put("csat", conversation.csat() == null ? null : new JsonObject().put("score", conversation.csat().score())
            .put("comment", conversation.csat().comment()).put("at", time(conversation.csat().at())))
        .put("createdAt", time(conversation.createdAt()))
        .put("updatedAt", time(conversation.updatedAt()))
        .put("lastMessageAt", time(conversation.lastMessageAt()))
        .put("lastInboundAt", time(conversation.lastInboundAt()))
        .put("waitingSince", time(conversation.waitingSince()))
        .put("firstResponseAt", time(conversation.firstResponseAt()))
        .put("snoozedUntil", time(conversation.snoozedUntil()))
        .put("lastPreview", conversation.lastPreview())
        .put("unreadCount", conversation.unreadCount())
        .put("botId", conversation.botId());
  }

  /**
   * A conversation as the REST API shows it: its view with its customer's id and name ({@code null} when
   * the profile has none). Events carry the plain view.
   */
  public static JsonObject conversation(Conversation conversation, String customerName) {
    return conversation(conversation).put("customer", new JsonObject().put("id", conversation.customerId()).put("name", customerName));
  }

  /** SLA clocks as tickets and conversations show them, or {@code null}. */
  public static JsonObject sla(SlaSummary sla) {
    if (sla == null) {
      return null;
    }
    JsonArray breaches = new JsonArray();
    sla.breaches().forEach(breach -> breaches.add(new JsonObject().put("target", breach.target()).put("dueAt", time(breach.dueAt()))
        .put("at", time(breach.at()))));
    return new JsonObject().put("policyId", sla.policyId()).put("firstResponseDueAt", time(sla.firstResponseDueAt()))
        .put("nextResponseDueAt", time(sla.nextResponseDueAt())).put("resolutionDueAt", time(sla.resolutionDueAt()))
        .put("firstRespondedAt", time(sla.firstRespondedAt())).put("breaches", breaches);
  }

  /** The conversation's open (or latest) ticket, or {@code null}. */
  public static JsonObject ticket(TicketRef ticket) {
    return ticket == null ? null : new JsonObject().put("id", ticket.id()).put("number", ticket.number()).put("status", ticket.status())
        .put("priority", ticket.priority()).put("escalationLevel", ticket.escalationLevel());
  }

  /** The last routing decision ({@code reason}, and the rule that made it), or {@code null} before any. */
  public static JsonObject routing(Routing routing) {
    if (routing.reason() == null) {
      return null;
    }
    JsonObject json = new JsonObject().put("reason", routing.reason());
    if (routing.ruleId() != null) {
      json.put("ruleId", routing.ruleId());
    }
    return json;
  }

  public static JsonObject message(Message message) {
    JsonArray attachments = new JsonArray();
    message.attachments().forEach(attachment -> attachments.add(attachment(attachment)));
    JsonObject json = new JsonObject()
        .put("id", message.id())
        .put("conversationId", message.conversationId())
        .put("customerId", message.customerId())
        .put("channel", message.channel())
        .put("channelId", message.channelId())
        .put("direction", message.direction().wireName())
        .put("author", new JsonObject().put("type", message.author().type()).put("id", message.author().id())
            .put("name", message.author().name()))
        .put("text", message.text())
        .put("attachments", attachments)
        .put("externalId", message.externalId())
        .put("sentAt", time(message.sentAt()))
        .put("createdAt", time(message.createdAt()));
    if (message.html() != null) {
      // Customer-written HTML is returned as data for sanitizing clients, never rendered by the hub.
      json.put("html", message.html());
    }
    if (message.fact("subject") != null) {
      json.put("subject", message.fact("subject"));
    }
    if (message.call() != null) {
      json.put("kind", "call").put("call", json(message.call()));
    }
    if (message.fact("quoted") != null) {
      json.put("quoted", message.fact("quoted"));
    }
    if (message.fact("campaignId") != null) {
      // A campaign's message (campaign.Campaigns.CAMPAIGN_ID).
      json.put("campaignId", message.fact("campaignId"));
    }
    if (!message.metadata().isEmpty()) {
      json.put("metadata", json(message.metadata()));
    }
    if (message.delivery() != null) {
      json.put("delivery", delivery(message.delivery()));
    }
    return json;
  }

  private static JsonObject attachment(ListedAttachment attachment) {
    if (attachment.erased()) {
      return new JsonObject().put("fileName", attachment.fileName()).put("erased", true);
    }
    JsonObject json = new JsonObject().put("fileName", attachment.fileName()).put("contentType", attachment.contentType())
        .put("size", attachment.size());
    if (attachment.id() != null) {
      json.put("id", attachment.id());
    }
    json.put("url", attachment.url());
    if (attachment.inline() != null) {
      json.put("inline", attachment.inline());
    }
    if (attachment.contentId() != null) {
      json.put("contentId", attachment.contentId());
    }
    return json;
  }

  private static JsonObject delivery(Delivery delivery) {
    JsonObject json = new JsonObject().put("status", delivery.status()).put("attempts", delivery.attempts());
    putPresent(json, "lastError", delivery.lastError());
    putPresent(json, "nextAttemptAt", time(delivery.nextAttemptAt()));
    putPresent(json, "sendingSince", time(delivery.sendingSince()));
    putPresent(json, "sentAt", time(delivery.sentAt()));
    putPresent(json, "failedAt", time(delivery.failedAt()));
    putPresent(json, "updatedAt", time(delivery.updatedAt()));
    putPresent(json, "providerId", delivery.providerId());
    putPresent(json, "detail", delivery.detail());
    delivery.facts().forEach((fact, value) -> json.put(fact, value(value)));
    return json;
  }

  private static void putPresent(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  public static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Stored values as JSON, with times as ISO strings. */
  public static JsonObject json(Map<?, ?> values) {
    JsonObject json = new JsonObject();
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      json.put(String.valueOf(entry.getKey()), value(entry.getValue()));
    }
    return json;
  }

  private static Object value(Object value) {
    if (value instanceof Map<?, ?> map) {
      return json(map);
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(value(item)));
      return array;
    }
    return value;
  }
}
