package dev.omnihub.hub.outbound;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * The delivery queue. The source of truth of a reply's delivery is its message's {@code delivery}
 * sub-document; this small collection only lists the messages still to deliver and when, so that
 * dispatchers never scan all messages. It can be rebuilt from the messages ({@link #rebuild}), which
 * start-up does. Rows are taken with a lease so that each is delivered by one node at a time.
 */
public final class Outbox {

  private static final Instant NO_LEASE = Instant.EPOCH;

  /** One queued delivery. */
  public record Entry(String messageId, Instant nextAttemptAt, int attempts, Instant leaseUntil) {
  }

  private final MongoCollection<Document> outbox;
  private final Clock clock;

  public Outbox(MongoStore store, Clock clock) {
    this.outbox = store.collection(Collections.OUTBOX);
    this.clock = clock;
  }

  public void enqueue(String messageId, Instant due) {
    try {
      outbox.insertOne(new Document("_id", messageId)
          .append("nextAttemptAt", Docs.date(due))
          .append("attempts", 0)
          .append("leaseUntil", Docs.date(NO_LEASE))
          .append("createdAt", Docs.date(clock.instant())));
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
  }

  /** Entries due now whose lease (if any) has run out, oldest first. */
  public List<Entry> due(Instant now, int limit) {
    return outbox.find(Filters.and(Filters.lte("nextAttemptAt", Docs.date(now)), Filters.lte("leaseUntil", Docs.date(now))))
        .sort(Sorts.ascending("nextAttemptAt")).limit(limit).map(Outbox::toEntry).into(new ArrayList<>());
  }

  /**
   * Takes an entry for this node until {@code until}, if nobody took it since it was read. A leased
   * entry is not due before its lease runs out, so the due list (read from the {@code due} index)
   * never reads entries other nodes are delivering.
   *
   * @return false when another dispatcher holds it
   */
  public boolean lease(Entry entry, Instant until, String owner) {
    return outbox.updateOne(
        Filters.and(Filters.eq("_id", entry.messageId()), Filters.eq("leaseUntil", Docs.date(entry.leaseUntil()))),
        Updates.combine(Updates.set("leaseUntil", Docs.date(until)), Updates.set("nextAttemptAt", Docs.date(until)),
            Updates.set("leaseOwner", owner))).getModifiedCount() == 1;
  }

  public void reschedule(String messageId, Instant nextAttemptAt, int attempts) {
    outbox.updateOne(Filters.eq("_id", messageId), Updates.combine(
        Updates.set("nextAttemptAt", Docs.date(nextAttemptAt)),
        Updates.set("attempts", attempts),
        Updates.set("leaseUntil", Docs.date(NO_LEASE))));
  }

  public void remove(String messageId) {
    outbox.deleteOne(Filters.eq("_id", messageId));
  }

  /** Re-queues undelivered messages whose entry was lost (a crash between the two writes). */
  public int rebuild(List<Message> undelivered) {
    int added = 0;
    for (Message message : undelivered) {
      if (outbox.find(Filters.eq("_id", message.id())).first() == null) {
        Instant due = Docs.instant(message.delivery(), "nextAttemptAt");
        enqueue(message.id(), due == null ? clock.instant() : due);
        added++;
      }
    }
    return added;
  }

  private static Entry toEntry(Document doc) {
    Object attempts = doc.get("attempts");
    return new Entry(doc.getString("_id"), Docs.instant(doc, "nextAttemptAt"), attempts instanceof Number n ? n.intValue() : 0,
        Docs.instant(doc, "leaseUntil"));
  }
}
