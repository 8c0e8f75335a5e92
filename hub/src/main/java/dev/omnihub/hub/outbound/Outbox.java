package dev.omnihub.hub.outbound;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
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
import java.util.Optional;
import org.bson.Document;

/**
 * The delivery queue: one row per delivery still to make, independent of what is delivered (today a
 * reply message, whose {@code delivery} sub-document stays the source of truth of its state; bot and
 * integration events next). Rows are taken with a lease so that each is delivered by one node at a
 * time, and a conversation's rows go out one at a time in the order they were queued: only the
 * oldest row of a conversation (its head) is ever taken. The queue can be rebuilt from the messages
 * ({@link #rebuild}), which start-up does.
 */
public final class Outbox {

  private static final Instant NO_LEASE = Instant.EPOCH;

  /** What a row delivers. */
  public static final String KIND_MESSAGE = "message";

  /**
   * One queued delivery.
   *
   * @param id             the delivery's id: the message id for a reply, and its idempotency key
   * @param conversationId deliveries of one conversation go out one at a time, in {@code queuedAt} order
   */
  public record Entry(String id, String kind, String conversationId, String channelId, Instant queuedAt, Instant nextAttemptAt,
      int attempts, Instant leaseUntil) {
  }

  private final MongoCollection<Document> outbox;
  private final MongoCollection<Document> dead;
  private final MongoStore store;
  private final Clock clock;
  private volatile Runnable wake = () -> { };

  public Outbox(MongoStore store, Clock clock) {
    this.outbox = store.collection(Collections.OUTBOX);
    this.dead = store.collection(Collections.DEAD_DELIVERIES);
    this.store = store;
    this.clock = clock;
  }

  /**
   * Whom to wake when a row was queued: called once the write that queued it is durable, never
   * before (a delivery of a write that a crash could take back would reach a customer and then not
   * exist), on the committing thread. The dispatcher also polls every second for rows come due.
   */
  public void onQueued(Runnable wake) {
    this.wake = wake;
  }

  /** The kind of an event for a bot (its payload and bot are on the entry). */
  public static final String KIND_BOT_EVENT = "bot";

  /**
   * Queues an event for a bot, behind the conversation's other deliveries; the same id again is a no-op.
   *
   * @param id the event's delivery id, the receiver's idempotency key
   */
  public void enqueueBotEvent(String id, String conversationId, String botId, String eventType, io.vertx.core.json.JsonObject payload,
      Instant due) {
    insertOnce(entry(id, KIND_BOT_EVENT, conversationId, due)
        .append("botId", botId)
        .append("event", eventType)
        .append("payload", payload.encode()));
  }

  /** An entry as queued: a bot event's {@code botId}, {@code event} and {@code payload} (JSON text), another kind's details; empty when it is gone. */
  public java.util.Optional<Document> botEvent(String id) {
    return java.util.Optional.ofNullable(outbox.find(Filters.eq("_id", id)).first());
  }

  /**
   * Queues a delivery of another kind (its {@link QueuedDelivery} knows what to send), behind the
   * conversation's other deliveries; the same id again is a no-op.
   */
  public void enqueue(String id, String kind, String conversationId, Instant due) {
    insertOnce(entry(id, kind, conversationId, due));
  }

  /**
   * Queues a delivery of another kind with what it sends ({@code details}: fields of the entry, read
   * back with {@link #botEvent}), behind the conversation's other deliveries; the same id again is a no-op.
   */
  public void enqueue(String id, String kind, String conversationId, Document details, Instant due) {
    Document entry = entry(id, kind, conversationId, due);
    details.forEach(entry::putIfAbsent);
    insertOnce(entry);
  }

  /** Queues a delivery of a message; queuing the same one again is a no-op. */
  public void enqueue(Message message, Instant due) {
    insertOnce(entry(message.id(), KIND_MESSAGE, message.conversationId(), due).append("channelId", message.channelId()));
  }

  private Document entry(String id, String kind, String conversationId, Instant due) {
    return new Document("_id", id)
        .append("kind", kind)
        .append("conversationId", conversationId)
        .append("queuedAt", Docs.date(clock.instant()))
        .append("nextAttemptAt", Docs.date(due))
        .append("attempts", 0)
        .append("leaseUntil", Docs.date(NO_LEASE));
  }

  /** Queuing the same delivery again is a no-op. */
  private void insertOnce(Document entry) {
    try {
      outbox.insertOne(entry);
      // Everything written so far, this row included, is durable when this completes.
      store.awaitDurable().onSuccess(ignored -> wake.run());
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
  }

  /** Entries due now whose lease (if any) has run out, soonest first. */
  public List<Entry> due(Instant now, int limit) {
    return outbox.find(Filters.and(Filters.lte("nextAttemptAt", Docs.date(now)), Filters.lte("leaseUntil", Docs.date(now))))
        .sort(Sorts.ascending("nextAttemptAt")).limit(limit).map(Outbox::toEntry).into(new ArrayList<>());
  }

  /** The oldest entry of a conversation: the only one of it that may be delivered now. */
  public Optional<Entry> head(String conversationId) {
    return Optional.ofNullable(outbox.find(Filters.eq("conversationId", conversationId)).sort(Sorts.ascending("queuedAt", "_id")).first())
        .map(Outbox::toEntry);
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
        Filters.and(Filters.eq("_id", entry.id()), Filters.eq("leaseUntil", Docs.date(entry.leaseUntil()))),
        Updates.combine(Updates.set("leaseUntil", Docs.date(until)), Updates.set("nextAttemptAt", Docs.date(until)),
            Updates.set("leaseOwner", owner))).getModifiedCount() == 1;
  }

  /** Ends every lease {@code owner} holds: those entries are due now. @return how many */
  public long releaseLeases(String owner, Instant now) {
    return outbox.updateMany(Filters.and(Filters.eq("leaseOwner", owner), Filters.gt("leaseUntil", Docs.date(now))),
        Updates.combine(Updates.set("leaseUntil", Docs.date(now)), Updates.set("nextAttemptAt", Docs.date(now)))).getModifiedCount();
  }

  /** Sets when an entry is next looked at (a retry, or an entry waiting behind its conversation's head). */
  public void reschedule(String id, Instant nextAttemptAt, int attempts) {
    outbox.updateOne(Filters.eq("_id", id), Updates.combine(
        Updates.set("nextAttemptAt", Docs.date(nextAttemptAt)),
        Updates.set("attempts", attempts),
        Updates.set("leaseUntil", Docs.date(NO_LEASE))));
  }

  /** Moves an entry waiting behind its conversation's head to when that head is next tried. */
  public void waitBehind(Entry waiting, Instant headNextAttempt) {
    outbox.updateOne(Filters.and(Filters.eq("_id", waiting.id()), Filters.eq("leaseUntil", Docs.date(waiting.leaseUntil()))),
        Updates.set("nextAttemptAt", Docs.date(headNextAttempt)));
  }

  /**
   * Removes a finished entry and makes the next entry of its conversation due at once, so replies
   * queued behind it do not wait for their own schedule.
   */
  public void remove(String id, String conversationId) {
    outbox.deleteOne(Filters.eq("_id", id));
    if (conversationId != null) {
      head(conversationId).ifPresent(next -> outbox.updateOne(
          Filters.and(Filters.eq("_id", next.id()), Filters.gt("nextAttemptAt", Docs.date(clock.instant())),
              Filters.lte("leaseUntil", Docs.date(clock.instant()))),
          Updates.set("nextAttemptAt", Docs.date(clock.instant()))));
    }
  }

  /**
   * Gives an entry up: its row moves to {@code dead_deliveries} (keyed by its id, so doing it twice
   * after a crash keeps one record) with why and how often it was tried, and the conversation's next
   * entry goes on.
   */
  public void bury(Entry entry, int attempts, String reason) {
    Document row = outbox.find(Filters.eq("_id", entry.id())).first();
    if (row != null) {
      row.remove("leaseUntil");
      row.remove("leaseOwner");
      row.remove("nextAttemptAt");
      row.append("attempts", attempts).append("lastError", reason).append("diedAt", Docs.date(clock.instant()));
      dead.replaceOne(Filters.eq("_id", entry.id()), row, new ReplaceOptions().upsert(true));
    }
    remove(entry.id(), entry.conversationId());
  }

  /** Entries given up, newest first. */
  public List<Document> dead(int limit) {
    return dead.find().sort(Sorts.descending("diedAt")).limit(limit).into(new ArrayList<>());
  }

  /** Messages looked up in one read while re-queuing. */
  private static final int REBUILD_PAGE = 500;

  /**
   * Re-queues unfinished messages whose entry was lost: a writer killed between a message and its
   * entry (they are two writes). Start-up does it for this node's own crash, and every node when
   * another leaves without saying so. Reads the outbox once per page of messages.
   *
   * @return how many it queued
   */
  public int rebuild(Iterable<Message> undelivered) {
    int added = 0;
    List<Message> page = new ArrayList<>(REBUILD_PAGE);
    for (Message message : undelivered) {
      page.add(message);
      if (page.size() == REBUILD_PAGE) {
        added += requeueMissing(page);
        page.clear();
      }
    }
    return added + requeueMissing(page);
  }

  private int requeueMissing(List<Message> page) {
    if (page.isEmpty()) {
      return 0;
    }
    java.util.Set<String> queued = outbox.find(Filters.in("_id", page.stream().map(Message::id).toList())).projection(new Document("_id", 1))
        .map(row -> row.getString("_id")).into(new java.util.HashSet<>());
    int added = 0;
    for (Message message : page) {
      if (!queued.contains(message.id())) {
        Instant due = message.delivery() == null ? null : message.delivery().nextAttemptAt();
        enqueue(message, due == null ? clock.instant() : due);
        added++;
      }
    }
    return added;
  }

  private static Entry toEntry(Document doc) {
    Object attempts = doc.get("attempts");
    Instant queuedAt = Docs.instant(doc, "queuedAt");
    return new Entry(doc.getString("_id"), doc.getString("kind") == null ? KIND_MESSAGE : doc.getString("kind"),
        doc.getString("conversationId"), doc.getString("channelId"), queuedAt == null ? Docs.instant(doc, "createdAt") : queuedAt,
        Docs.instant(doc, "nextAttemptAt"), attempts instanceof Number n ? n.intValue() : 0, Docs.instant(doc, "leaseUntil"));
  }
}
