package dev.omnihub.hub.timers;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code timers}: work due at a time that must survive a restart and run once on a cluster. A timer
 * has one id per purpose (scheduling it again while it waits keeps the earlier due time and records
 * that something changed); the node that claims a due timer holds a lease on it while it runs, and
 * another node takes it over once the lease ran out. A timer that failed as often as its kind allows
 * (or for good) is moved to {@code dead_timers} with its last error, where operators find it;
 * scheduling the same purpose again starts a fresh one. Blocking: run through the store.
 */
public final class TimerStore {

  /**
   * @param changedAt when it was last scheduled: a timer scheduled again while it ran is not done
   */
  public record Timer(String id, String kind, String subjectId, Instant dueAt, Instant changedAt, int attempts, String claim) {
  }

  /** A timer given up: what it was for, why, and when. */
  public record DeadTimer(String id, String kind, String subjectId, int attempts, String lastError, Instant diedAt) {
  }

  private final MongoCollection<Document> timers;
  private final MongoCollection<Document> dead;

  public TimerStore(MongoStore store) {
    this.timers = store.collection(Collections.TIMERS);
    this.dead = store.collection(Collections.DEAD_TIMERS);
  }

  /** Schedules the timer at {@code dueAt}, or keeps its earlier due time when it already waits. */
  public void schedule(String id, TimerKind kind, String subjectId, Instant dueAt, Instant changedAt) {
    var update = Updates.combine(
        Updates.setOnInsert("kind", kind.name()),
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

  /**
   * Takes up to {@code limit} of the most overdue timers nobody holds, leasing them to {@code owner}: the
   * ones this call's token marked, so two nodes claiming at once never share one.
   */
  public List<Timer> claimDue(Instant now, String owner, Duration lease, int limit) {
    Bson free = Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", Docs.date(now)));
    List<String> due = timers.find(Filters.and(Filters.lte("dueAt", Docs.date(now)), free)).sort(Sorts.ascending("dueAt")).limit(limit)
        .projection(new Document("_id", 1)).map(document -> document.getString("_id")).into(new ArrayList<>());
    if (due.isEmpty()) {
      return List.of();
    }
    String token = owner + ":" + Ids.newId();
    timers.updateMany(Filters.and(Filters.in("_id", due), free), Updates.combine(Updates.set("leaseOwner", owner),
        Updates.set("leaseToken", token), Updates.set("leaseUntil", Docs.date(now.plus(lease))), Updates.inc("attempts", 1)));
    List<Timer> claimed = new ArrayList<>();
    timers.find(Filters.and(Filters.in("_id", due), Filters.eq("leaseToken", token))).forEach(document -> claimed.add(toTimer(document)));
    claimed.sort(java.util.Comparator.comparing(Timer::dueAt));
    return claimed;
  }

  /** Takes the most overdue timer nobody holds, leasing it to {@code owner}. */
  public Optional<Timer> claimDue(Instant now, String owner, Duration lease) {
    Document claimed = timers.findOneAndUpdate(
        Filters.and(Filters.lte("dueAt", Docs.date(now)), Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", Docs.date(now)))),
        Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseToken", owner + ":" + Ids.newId()),
            Updates.set("leaseUntil", Docs.date(now.plus(lease))), Updates.inc("attempts", 1)),
        new FindOneAndUpdateOptions().sort(Sorts.ascending("dueAt")).returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(claimed).map(TimerStore::toTimer);
  }

  /**
   * The timer's work is done. When it was scheduled again while it ran, it stays, due at
   * {@code nextIfChanged}, for what changed meanwhile (its attempts counted from zero again).
   */
  public void complete(Timer timer, Instant nextIfChanged) {
    long removed = timers.deleteOne(Filters.and(Filters.eq("_id", timer.id()), Filters.eq("changedAt", Docs.date(timer.changedAt()))))
        .getDeletedCount();
    if (removed == 0) {
      release(timer, nextIfChanged, Updates.set("attempts", 0));
    }
  }

  /**
   * The run is done and the timer runs again at {@code next}; when it was scheduled again while it ran,
   * at {@code now} instead (what it was scheduled for may have come after the run looked).
   */
  public void reschedule(Timer timer, Instant next, Instant now) {
    long kept = timers.updateOne(Filters.and(Filters.eq("_id", timer.id()), Filters.eq("changedAt", Docs.date(timer.changedAt()))),
        Updates.combine(Updates.set("dueAt", Docs.date(next)), Updates.unset("leaseUntil"), Updates.unset("leaseOwner"),
            Updates.unset("leaseToken"), Updates.set("attempts", 0))).getMatchedCount();
    if (kept == 0) {
      release(timer, now, Updates.set("attempts", 0));
    }
  }

  /**
   * Ends a batch's runs in a few commands: each timer done is deleted and each recurring one due again
   * at its next time, unless it was scheduled again while it ran; those (still under this run's claim)
   * run again for what changed, as {@link #complete} and {@link #reschedule} do one at a time.
   */
  public void completeAll(List<TimerHandler.Fired> ran, Instant now) {
    List<WriteModel<Document>> done = new ArrayList<>();
    List<WriteModel<Document>> recurring = new ArrayList<>();
    for (TimerHandler.Fired fired : ran) {
      Bson unchanged = Filters.and(Filters.eq("_id", fired.timer().id()), Filters.eq("changedAt", Docs.date(fired.timer().changedAt())));
      if (fired.rerun().recurring()) {
        recurring.add(new UpdateOneModel<>(unchanged, Updates.combine(Updates.set("dueAt", Docs.date(fired.rerun().at())),
            Updates.unset("leaseUntil"), Updates.unset("leaseOwner"), Updates.unset("leaseToken"), Updates.set("attempts", 0))));
      } else {
        done.add(new DeleteOneModel<>(unchanged));
      }
    }
    BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
    if (!done.isEmpty()) {
      timers.bulkWrite(done, unordered);
    }
    if (!recurring.isEmpty()) {
      timers.bulkWrite(recurring, unordered);
    }
    java.util.Map<String, TimerHandler.Fired> byId = new java.util.HashMap<>();
    ran.forEach(fired -> byId.put(fired.timer().id(), fired));
    List<String> claims = ran.stream().map(fired -> fired.timer().claim()).filter(java.util.Objects::nonNull).distinct().toList();
    for (Document changed : timers.find(Filters.and(Filters.in("_id", byId.keySet()), Filters.in("leaseToken", claims)))
        .projection(new Document("_id", 1))) {
      TimerHandler.Fired fired = byId.get(changed.getString("_id"));
      release(fired.timer(), fired.rerun().recurring() ? now : fired.rerun().at(), Updates.set("attempts", 0));
    }
  }

  /** The run failed: the timer runs again at {@code dueAt}, its error kept for operators. */
  public void retry(Timer timer, Instant dueAt, String error, Instant failedAt) {
    release(timer, dueAt, Updates.combine(Updates.set("lastFailedAt", Docs.date(failedAt)), Updates.set("lastError", error)));
  }

  private void release(Timer timer, Instant dueAt, Bson more) {
    timers.updateOne(Filters.eq("_id", timer.id()), Updates.combine(Updates.set("dueAt", Docs.date(dueAt)), Updates.unset("leaseUntil"),
        Updates.unset("leaseOwner"), Updates.unset("leaseToken"), more));
  }

  /**
   * Gives the timer up: it moves to {@code dead_timers} (keyed by its id, so doing it twice after a crash
   * keeps one record) and runs no more.
   */
  public void bury(Timer timer, String reason, Instant at) {
    dead.replaceOne(Filters.eq("_id", timer.id()), new Document("_id", timer.id()).append("kind", timer.kind())
        .append("subjectId", timer.subjectId()).append("attempts", timer.attempts()).append("lastError", reason)
        .append("diedAt", Docs.date(at)), new ReplaceOptions().upsert(true));
    timers.deleteOne(Filters.eq("_id", timer.id()));
  }

  /**
   * Ends the leases a node held before it stopped: restarted (its name is its data directory's), it
   * runs those timers again at once instead of after the lease; their work is idempotent.
   *
   * @return how many
   */
  public long releaseLeasesOf(String owner) {
    return timers.updateMany(Filters.eq("leaseOwner", owner), Updates.combine(Updates.unset("leaseUntil"), Updates.unset("leaseOwner"),
        Updates.unset("leaseToken"))).getModifiedCount();
  }

  /** Gives up, at start, every stored timer whose kind is not among {@code known}; returns them. */
  public List<Timer> buryUnknownKinds(Set<String> known, Instant at) {
    List<Timer> unknown = new ArrayList<>();
    timers.find(Filters.nin("kind", known)).forEach(document -> unknown.add(toTimer(document)));
    unknown.forEach(timer -> bury(timer, "no handler for timer kind " + timer.kind(), at));
    return unknown;
  }

  /** Timers given up, newest first. */
  public List<DeadTimer> deadTimers(int limit) {
    List<DeadTimer> found = new ArrayList<>();
    dead.find().sort(Sorts.descending("diedAt")).limit(limit).forEach(document -> found.add(new DeadTimer(document.getString("_id"),
        document.getString("kind"), document.getString("subjectId"), document.getInteger("attempts", 0), document.getString("lastError"),
        Docs.instant(document, "diedAt"))));
    return found;
  }

  /** Drops the timer: what it waited for happened. */
  public void cancel(String id) {
    timers.deleteOne(Filters.eq("_id", id));
  }

  /**
   * Drops the timer unless it was scheduled again after {@code at}: what it waited for happened then,
   * and a later schedule waits for something newer (a reaction running after the fact must not drop it).
   */
  public void cancelIfUnchangedSince(String id, Instant at) {
    timers.deleteOne(Filters.and(Filters.eq("_id", id), Filters.lte("changedAt", Docs.date(at))));
  }

  public Optional<Timer> find(String id) {
    return Optional.ofNullable(timers.find(Filters.eq("_id", id)).first()).map(TimerStore::toTimer);
  }

  private static Timer toTimer(Document document) {
    return new Timer(document.getString("_id"), document.getString("kind"), document.getString("subjectId"), Docs.instant(document, "dueAt"),
        Docs.instant(document, "changedAt"), document.getInteger("attempts", 0), document.getString("leaseToken"));
  }
}
