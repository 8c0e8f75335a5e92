package dev.omnihub.hub.timeline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.PageCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code customer_events}: the outside events of customers' timelines. {@code externalId} is unique,
 * so a retried post is stored once. Blocking: run through the store.
 */
public final class TimelineEventStore {

  private final MongoCollection<Document> events;

  public TimelineEventStore(MongoStore store) {
    this.events = store.collection(Collections.CUSTOMER_EVENTS);
  }

  /** @return the stored event, or empty when one with its {@code externalId} exists */
  public Optional<TimelineEvent> insertIfNew(TimelineEvent event) {
    Document document = new Document("_id", event.id())
        .append("customerId", event.customerId())
        .append("type", event.type())
        .append("title", event.title())
        .append("occurredAt", Docs.date(event.occurredAt()))
        .append("externalId", event.externalId())
        .append("data", new Document(event.data()))
        .append("createdAt", Docs.date(event.createdAt()));
    try {
      events.insertOne(document);
      return Optional.of(event);
    } catch (com.mongodb.MongoException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public Optional<TimelineEvent> findByExternalId(String externalId) {
    return Optional.ofNullable(events.find(Filters.eq("externalId", externalId)).first()).map(TimelineEventStore::toEvent);
  }

  /** The customers' events, newest first, after the cursor; at most {@code limit}. */
  public List<TimelineEvent> newest(List<String> customerIds, PageCursor after, int limit) {
    Bson filter = Filters.in("customerId", customerIds);
    if (after != null) {
      filter = Filters.and(filter, after.afterDescending("occurredAt"));
    }
    return events.find(filter).sort(Sorts.descending("occurredAt", "_id")).limit(limit).map(TimelineEventStore::toEvent)
        .into(new ArrayList<>());
  }

  /**
   * A merge: the loser's events are the survivor's now (idempotent).
   *
   * @return the ids of the events moved (an unmerge moves them back)
   */
  public List<String> moveToCustomer(String fromCustomerId, String toCustomerId) {
    List<String> moved = events.find(Filters.eq("customerId", fromCustomerId)).projection(new Document("_id", 1))
        .map(document -> document.getString("_id")).into(new ArrayList<>());
    events.updateMany(Filters.eq("customerId", fromCustomerId), Updates.set("customerId", toCustomerId));
    return moved;
  }

  /** An unmerge: these events are this customer's again. */
  public void moveBack(List<String> ids, String customerId) {
    if (!ids.isEmpty()) {
      events.updateMany(Filters.in("_id", ids), Updates.set("customerId", customerId));
    }
  }

  private static TimelineEvent toEvent(Document document) {
    return new TimelineEvent(document.getString("_id"), document.getString("customerId"), document.getString("type"),
        document.getString("title"), Docs.instant(document, "occurredAt"), document.getString("externalId"),
        Docs.plainMap(document.get("data")), Docs.instant(document, "createdAt"));
  }
}
