package dev.omnihub.hub.timers;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;

/**
 * {@code timers}: work due at a time that must survive a restart and run once on a cluster. A timer
 * has one id per purpose (scheduling it again while it waits keeps the earlier due time and records
 * that something changed); the node that claims a due timer holds a lease on it while it runs, and
 * another node takes it over once the lease ran out. Blocking: run through the store.
 */
public final class TimerStore {

  /**
   * @param changedAt when it was last scheduled: a timer scheduled again while it ran is not done
   */
  public record Timer(String id, String kind, String subjectId, Instant dueAt, Instant changedAt, int attempts) {
  }

  private final MongoCollection<Document> timers;

  public TimerStore(MongoStore store) {
    this.timers = store.collection(Collections.TIMERS);
  }

  /** Schedules the timer at {@code dueAt}, or keeps its earlier due time when it already waits. */
  public void schedule(String id, String kind, String subjectId, Instant dueAt, Instant changedAt) {
    var update = Updates.combine(
        Updates.setOnInsert("kind", kind),
        Updates.setOnInsert("subjectId", subjectId),
        Updates.setOnInsert("attempts", 0),
        Updates.min("dueAt", Docs.date(dueAt)),
        Updates.max("changedAt", Docs.date(changedAt)));
    try {
      timers.updateOne(Filters.eq("_id", id), update, new UpdateOptions().upsert(true));
    } catch (com.mongodb.MongoException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
      // Two schedules raced to insert it: the other one did; apply ours to it.
      timers.updateOne(Filters.eq("_id", id), update);
    }
  }

  /** Takes the most overdue timer nobody holds, leasing it to {@code owner}. */
  public Optional<Timer> claimDue(Instant now, String owner, Duration lease) {
    Document claimed = timers.findOneAndUpdate(
        Filters.and(Filters.lte("dueAt", Docs.date(now)), Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", Docs.date(now)))),
        Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", Docs.date(now.plus(lease))), Updates.inc("attempts", 1)),
        new FindOneAndUpdateOptions().sort(Sorts.ascending("dueAt")).returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(claimed).map(TimerStore::toTimer);
  }

  /**
   * The timer's work is done. When it was scheduled again while it ran, it stays, due at
   * {@code nextIfChanged}, for what changed meanwhile.
   */
  public void complete(Timer timer, Instant nextIfChanged) {
    long removed = timers.deleteOne(Filters.and(Filters.eq("_id", timer.id()), Filters.eq("changedAt", Docs.date(timer.changedAt()))))
        .getDeletedCount();
    if (removed == 0) {
      later(timer, nextIfChanged, false);
    }
  }

  /** Runs the timer again at {@code dueAt} (after a failure, or for what changed meanwhile). */
  public void later(Timer timer, Instant dueAt, boolean failed) {
    timers.updateOne(Filters.eq("_id", timer.id()), Updates.combine(Updates.set("dueAt", Docs.date(dueAt)), Updates.unset("leaseUntil"),
        Updates.unset("leaseOwner"), failed ? Updates.set("lastFailedAt", Docs.date(Instant.now())) : Updates.set("attempts", 0)));
  }

  /** Drops the timer: what it waited for happened. */
  public void cancel(String id) {
    timers.deleteOne(Filters.eq("_id", id));
  }

  public Optional<Timer> find(String id) {
    return Optional.ofNullable(timers.find(Filters.eq("_id", id)).first()).map(TimerStore::toTimer);
  }

  private static Timer toTimer(Document document) {
    return new Timer(document.getString("_id"), document.getString("kind"), document.getString("subjectId"), Docs.instant(document, "dueAt"),
        Docs.instant(document, "changedAt"), document.getInteger("attempts", 0));
  }
}
