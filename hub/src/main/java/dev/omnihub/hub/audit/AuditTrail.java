package dev.omnihub.hub.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Who did or saw what, to the millisecond (API.md "Audit"): logins and failed logins, every read of a
 * customer's profile or conversation by a person or token, every change and admin action, with the
 * actor, the target, the time and the address. Written beside the request, not waited for (the next
 * group commit makes it durable, milliseconds later), so reading a customer costs no extra fsync.
 * There is no route that changes or deletes an entry. Blocking where it reads.
 */
public final class AuditTrail {

  /** One entry as the API lists it. */
  public record Entry(String id, Instant at, Actor actor, String action, String targetType, String targetId, String customerId, String ip) {
  }

  /** What the list may be narrowed to; {@code null} for any. */
  public record Filter(String actorId, String customerId, String action, Instant from, Instant to) {
  }

  private final MongoStore store;
  private final MongoCollection<Document> audit;
  private final Clock clock;

  public AuditTrail(MongoStore store, Clock clock) {
    this.store = store;
    this.audit = store.collection(Collections.AUDIT);
    this.clock = clock;
  }

  /** Records an entry (off the event loop, without waiting for it to be durable). */
  public void record(Actor actor, String action, String targetType, String targetId, String customerId, String ip) {
    Document entry = new Document("_id", Ids.newId())
        .append("type", action)
        .append("actor", StoredActors.toDocument(actor))
        .append("at", Docs.date(clock.instant()))
        .append("target", new Document("type", targetType).append("id", targetId))
        .append("subjectId", customerId)
        .append("ip", ip);
    store.writeWithoutWaiting(() -> audit.insertOne(entry));
  }

  /** Entries newest first. */
  public Page<Entry> list(Filter filter, PageCursor cursor, int limit) {
    List<Bson> clauses = new ArrayList<>();
    if (filter.actorId() != null) {
      clauses.add(Filters.eq("actor.id", filter.actorId()));
    }
    if (filter.customerId() != null) {
      clauses.add(Filters.eq("subjectId", filter.customerId()));
    }
    if (filter.action() != null) {
      clauses.add(Filters.eq("type", filter.action()));
    }
    if (filter.from() != null) {
      clauses.add(Filters.gte("at", Docs.date(filter.from())));
    }
    if (filter.to() != null) {
      clauses.add(Filters.lt("at", Docs.date(filter.to())));
    }
    if (cursor != null) {
      clauses.add(cursor.afterDescending("at"));
    }
    List<Document> fetched = audit.find(clauses.isEmpty() ? new Document() : Filters.and(clauses)).sort(Sorts.descending("at", "_id"))
        .limit(limit + 1).into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "at", AuditTrail::toEntry);
  }

  private static Entry toEntry(Document document) {
    Document actor = document.get("actor", Document.class);
    Document target = document.get("target", Document.class);
    return new Entry(document.getString("_id"), Docs.instant(document, "at"),
        actor == null ? null : new Actor(actor.getString("type"), actor.getString("id"), actor.getString("name")),
        document.getString("type"), target == null ? "customer" : target.getString("type"),
        target == null ? document.getString("subjectId") : target.getString("id"), document.getString("subjectId"), document.getString("ip"));
  }
}
