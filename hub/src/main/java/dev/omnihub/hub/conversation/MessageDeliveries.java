package dev.omnihub.hub.conversation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code delivery} part of outbound messages: every change of a delivery's state is one method
 * here, so the stored shape of a delivery is known in this class and {@link MessageStore} only. Each
 * is a single-document update, so a message and its delivery state never disagree. Blocking: run as
 * store writes.
 */
public final class MessageDeliveries {

  static final String DELIVERY = "delivery";
  private static final String STATUS = "delivery.status";
  private static final String ATTEMPTS = "delivery.attempts";
  private static final String LAST_ERROR = "delivery.lastError";
  private static final String NEXT_ATTEMPT_AT = "delivery.nextAttemptAt";
  private static final String SENDING_SINCE = "delivery.sendingSince";
  private static final String FAILED_AT = "delivery.failedAt";

  private final MongoCollection<Document> messages;

  public MessageDeliveries(MongoStore store) {
    this.messages = store.collection(Collections.MESSAGES);
  }

  /** The delivery of a new outbound message, due now. */
  static Document queued(Instant now) {
    return new Document("status", DeliveryStates.QUEUED).append("attempts", 0).append("nextAttemptAt", Docs.date(now));
  }

  /** A delivery that gave up is queued again, from its first attempt. */
  public void requeue(String messageId, Instant now) {
    update(messageId, Updates.set(STATUS, DeliveryStates.QUEUED), Updates.set(ATTEMPTS, 0), Updates.set(NEXT_ATTEMPT_AT, Docs.date(now)),
        Updates.unset(FAILED_AT));
  }

  /** A send starts: {@code sending}, keeping when the first unfinished send started. */
  public void markSending(String messageId, Instant now) {
    update(messageId, Updates.set(STATUS, DeliveryStates.SENDING), Updates.min(SENDING_SINCE, Docs.date(now)));
  }

  /**
   * The channel took it ({@code sent}) or had nowhere to send it ({@code skipped}).
   *
   * @param facts further facts the channel reported, kept beside the delivery's own fields
   */
  public void recordSent(String messageId, String status, int attempts, String providerId, String detail, Map<String, ?> facts,
      Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(
        Updates.set(STATUS, status),
        Updates.set(ATTEMPTS, attempts),
        Updates.set("delivery.sentAt", Docs.date(now)),
        Updates.set("delivery.providerId", providerId),
        Updates.set("delivery.detail", detail),
        Updates.unset(NEXT_ATTEMPT_AT),
        Updates.unset(SENDING_SINCE),
        Updates.unset(LAST_ERROR)));
    facts.forEach((fact, value) -> updates.add(Updates.set(DELIVERY + "." + fact, value)));
    messages.updateOne(Filters.eq("_id", messageId), Updates.combine(updates));
  }

  /** A send failed and is tried again at {@code next}. */
  public void recordRetry(String messageId, int attempts, String reason, Instant next) {
    update(messageId, Updates.set(STATUS, DeliveryStates.QUEUED), Updates.set(ATTEMPTS, attempts), Updates.set(LAST_ERROR, reason),
        Updates.set(NEXT_ATTEMPT_AT, Docs.date(next)));
  }

  /** The delivery failed for good. */
  public void recordFailure(String messageId, int attempts, String reason, Instant now) {
    update(messageId, Updates.set(STATUS, DeliveryStates.FAILED), Updates.set(ATTEMPTS, attempts), Updates.set(LAST_ERROR, reason),
        Updates.set(FAILED_AT, Docs.date(now)), Updates.unset(NEXT_ATTEMPT_AT));
  }

  /** The channel's news about a sent message (a status callback, a bounce). */
  public void recordStatus(String messageId, String status, String reason, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.set(STATUS, status), Updates.set("delivery.updatedAt", Docs.date(now))));
    if (reason != null) {
      updates.add(Updates.set(LAST_ERROR, reason));
    }
    messages.updateOne(Filters.eq("_id", messageId), Updates.combine(updates));
  }

  /** Unfinished deliveries of these conversations fail: there is nobody to send them to any more. */
  public void failUnfinished(Collection<String> conversationIds, String reason) {
    messages.updateMany(Filters.and(Filters.in("conversationId", conversationIds), Filters.in(STATUS, DeliveryStates.UNFINISHED)),
        Updates.combine(Updates.set(STATUS, DeliveryStates.FAILED), Updates.set(LAST_ERROR, reason)));
  }

  private void update(String messageId, Bson... updates) {
    messages.updateOne(Filters.eq("_id", messageId), Updates.combine(updates));
  }

  /** A stored delivery as the domain sees it; {@code null} when the message has none. */
  static Delivery toDelivery(Object stored) {
    if (!(stored instanceof Document doc)) {
      return null;
    }
    Map<String, Object> facts = new java.util.LinkedHashMap<>(Docs.plainMap(doc));
    // Written as providerMessageId before the delivery queue used API.md's names.
    Object legacyProviderId = facts.remove("providerMessageId");
    String providerId = doc.getString("providerId") != null ? doc.getString("providerId")
        : legacyProviderId instanceof String legacy ? legacy : null;
    Delivery.FIELDS.forEach(facts::remove);
    String status = doc.getString("status");
    return new Delivery(
        DeliveryStates.LEGACY_PENDING.equals(status) || DeliveryStates.LEGACY_RETRYING.equals(status) ? DeliveryStates.QUEUED : status,
        (int) Docs.longValue(doc, "attempts"),
        doc.getString("lastError"),
        Docs.instant(doc, "nextAttemptAt"),
        Docs.instant(doc, "sendingSince"),
        Docs.instant(doc, "sentAt"),
        Docs.instant(doc, "failedAt"),
        Docs.instant(doc, "updatedAt"),
        providerId,
        doc.getString("detail"),
        java.util.Collections.unmodifiableMap(facts));
  }
}
