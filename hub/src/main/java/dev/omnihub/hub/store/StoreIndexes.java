package dev.omnihub.hub.store;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * Creates every index at start-up (idempotent). Unique indexes carry correctness (one customer per
 * identity, one message per delivery, one default thread per customer); the embedded server uses an
 * index only when a query's fields are exactly the index's fields, so hot paths query by those.
 * Secondary indexes only speed up a real MongoDB; the embedded server ignores them, so they are
 * created there only.
 */
public final class StoreIndexes {

  private record Spec(String collection, Bson keys, IndexOptions options) {
  }

  private static final List<Spec> UNIQUE = List.of(
      // Idempotency of inbound deliveries: "<channelId>:<externalId>"; absent on outbound messages.
      new Spec(Collections.MESSAGES, Indexes.ascending("dedupeKey"), unique("dedupe_key").sparse(true)),
      // At most one default (continuing) conversation per customer; claimed by insert.
      new Spec(Collections.CONVERSATIONS, Indexes.ascending("activeFor"), unique("active_for").sparse(true)),
      new Spec(Collections.AGENTS, Indexes.ascending("email"), unique("agent_email")),
      new Spec(Collections.API_TOKENS, Indexes.ascending("hash"), unique("token_hash")),
      // Compare-and-set on version by exact key, which the embedded server can serve from an index.
      new Spec(Collections.CUSTOMERS, Indexes.ascending("_id", "version"), unique("id_version")),
      new Spec(Collections.CONVERSATIONS, Indexes.ascending("_id", "version"), unique("id_version")));

  private static final List<Spec> SECONDARY = List.of(
      new Spec(Collections.IDENTITIES, Indexes.ascending("customerId"), named("customer")),
      new Spec(Collections.CUSTOMERS, Indexes.descending("createdAt"), named("created")),
      new Spec(Collections.CONVERSATIONS, Indexes.descending("lastMessageAt", "_id"), named("recent")),
      new Spec(Collections.CONVERSATIONS, Indexes.ascending("customerId"), named("customer")),
      new Spec(Collections.CONVERSATIONS, Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("lastMessageAt")), named("status_recent")),
      new Spec(Collections.CONVERSATIONS, Indexes.compoundIndex(Indexes.ascending("assigneeId"), Indexes.descending("lastMessageAt")), named("assignee_recent")),
      new Spec(Collections.MESSAGES, Indexes.ascending("conversationId", "createdAt", "_id"), named("conversation_time")),
      new Spec(Collections.MESSAGES, Indexes.ascending("delivery.status"), named("delivery_status").sparse(true)),
      new Spec(Collections.OUTBOX, Indexes.ascending("nextAttemptAt"), named("due")),
      new Spec(Collections.TIMERS, Indexes.ascending("dueAt"), named("due")),
      new Spec(Collections.AUDIT, Indexes.ascending("subjectId", "at"), named("subject")));

  private StoreIndexes() {
  }

  /** Blocking; run once at start-up before serving. */
  public static void create(MongoStore store, boolean embedded) {
    for (Spec spec : UNIQUE) {
      store.collection(spec.collection()).createIndex(spec.keys(), spec.options());
    }
    if (!embedded) {
      for (Spec spec : SECONDARY) {
        store.collection(spec.collection()).createIndex(spec.keys(), spec.options());
      }
    }
  }

  private static IndexOptions unique(String name) {
    return new IndexOptions().name(name).unique(true);
  }

  private static IndexOptions named(String name) {
    return new IndexOptions().name(name);
  }
}
