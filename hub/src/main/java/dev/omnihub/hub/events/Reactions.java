package dev.omnihub.hub.events;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.Leases;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link Reaction} for each durable event, in cursor order, following the event log as a
 * socket does ({@link LogFollower}: up to its horizon, so an event whose write finished late is never
 * skipped). Where it
 * got to is saved in the store every second and at stop; after a crash it goes on from there, so a
 * reaction runs at least once for every event, and again for those of the last second.
 *
 * <p>A reaction that fails is tried again after a second (two, three...), {@value #MAX_ATTEMPTS} times
 * in all; then the event is recorded in {@code dead_reactions} for that reaction and the others go on. An event
 * older than the log's retention when the hub starts again is gone, and with it its reactions (logged).
 *
 * <p>One runner of a name works at a time on a store: it holds the lease {@code reactions:<name>},
 * renews it every third of its time, and runs only while its own clock says the lease is still held,
 * less a margin; one that loses the lease stops, and another node's runner takes over from the saved
 * position. The position is saved with the lease's fencing token, and the store refuses a save whose
 * token is lower than the last one saved: a runner paused past its lease's end (so that its clock
 * check passed before the pause) finds its next save refused and stops, and never moves the position
 * of the runner that took over. What it did in between, a reaction batch at most, the new runner does
 * again from the saved position: reactions are idempotent.
 */
public final class Reactions {

  private static final Logger log = LoggerFactory.getLogger(Reactions.class);
  static final int MAX_ATTEMPTS = 5;
  private static final long SAVE_MILLIS = 1_000;

  private final String name;
  private final List<Reaction> reactions;
  private final long retryMillis;
  private final Duration leaseTtl;
  private Leases leases;
  /** This runner's clock says its lease is held until then (the lease's end less a margin). */
  private volatile java.time.Instant heldUntil = java.time.Instant.MIN;
  /** The lease's fencing token while held: every position saved carries it. */
  private long fence;
  private boolean running;
  private long leaseTimer = -1;
  private MongoStore mongo;
  private Vertx vertx;
  private Context context;
  private PublishingStore store;
  private EventLog events;
  private MongoCollection<Document> positions;
  private MongoCollection<Document> dead;
  private Clock clock;
  /** Every event at or below it has had its reactions. */
  private long done;
  private long saved;
  private volatile boolean stopped;
  private long saveTimer = -1;
  private LogFollower follower;

  private Reactions(String name, List<Reaction> reactions, long retryMillis, Duration leaseTtl) {
    this.name = name;
    this.reactions = List.copyOf(reactions);
    this.retryMillis = retryMillis;
    this.leaseTtl = leaseTtl;
  }

  /** @param name whose position this is in {@code reaction_positions} */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The names of the registered reactions, in the order they run. */
  public List<String> names() {
    return reactions.stream().map(Reaction::name).toList();
  }

  /**
   * Takes the runner's lease (or waits for it, trying again every third of its time) and, holding it,
   * starts after the position saved last time (the log's horizon on a first start: there is nothing
   * to catch up with), on a context of its own. Completes after the first try for the lease.
   */
  public Future<Void> start(Vertx vertx, PublishingStore store, MongoStore mongo, EventLog events, Clock clock, Leases leases) {
    this.vertx = vertx;
    this.store = store;
    this.mongo = mongo;
    this.events = events;
    this.clock = clock;
    this.leases = leases;
    this.positions = mongo.collection(Collections.REACTION_POSITIONS);
    this.dead = mongo.collection(Collections.DEAD_REACTIONS);
    this.context = vertx.getOrCreateContext();
    Promise<Void> started = Promise.promise();
    context.runOnContext(ignored -> {
      leaseTimer = vertx.setPeriodic(leaseTtl.toMillis() / 3, id -> keepLease());
      keepLease().onComplete(started);
    });
    return started.future();
  }

  private String leaseName() {
    return "reactions:" + name;
  }

  /** Takes or renews the lease; starts following on taking it, stops on losing it. On the runner's context. */
  private Future<Void> keepLease() {
    if (stopped) {
      return Future.succeededFuture();
    }
    java.time.Instant asked = clock.instant();
    return leases.acquireFenced(leaseName(), leaseTtl).recover(error -> {
      log.warn("Reactions {} could not renew their lease: {}", name, error.toString());
      return Future.succeededFuture(0L);
    }).compose(token -> {
      if (stopped) {
        return Future.succeededFuture();
      }
      if (token > 0) {
        if (running && token != fence) {
          // Taken over and back while this runner was away: where it got to may have been passed by the other.
          stopFollowing("their lease changed hands meanwhile; starting again from the saved position");
        }
        fence = token;
        // Counted from before the ask, less a third: a slow answer or a drifting clock eats the margin, not the lease.
        heldUntil = asked.plus(leaseTtl.multipliedBy(2).dividedBy(3));
        return running ? Future.succeededFuture() : follow();
      }
      heldUntil = java.time.Instant.MIN;
      stopFollowing("they lost their lease to another node");
      return Future.succeededFuture();
    });
  }

  private void stopFollowing(String why) {
    if (running) {
      log.warn("Reactions {} stop here: {}", name, why);
      running = false;
      follower.stop();
    }
  }

  private boolean holdsLease() {
    return clock.instant().isBefore(heldUntil);
  }

  /** Starts following the log after the saved position. */
  private Future<Void> follow() {
    running = true;
    return mongo.read(() -> positions.find(Filters.eq("_id", name)).first())
        .onFailure(error -> running = false)
        .map(position -> {
          done = position == null ? events.horizon() : position.getLong("cursor");
          saved = done;
          long oldestKept = clock.instant().minus(EventLog.RETENTION).toEpochMilli() << 16;
          if (position != null && done < oldestKept) {
            log.warn("Reactions stopped more than {} ago: the events since then are no longer in the log, and get no reactions",
                EventLog.RETENTION);
          }
          if (saveTimer < 0) {
            saveTimer = vertx.setPeriodic(SAVE_MILLIS, id -> save());
          }
          follower = new LogFollower(vertx, events, "reactions", this::handleAll, () -> false, false);
          follower.start(done);
          return null;
        });
  }

  /** Stops after the reaction in progress, saves the position and gives the lease back. */
  public Future<Void> stop() {
    if (context == null || stopped) {
      return Future.succeededFuture();
    }
    stopped = true;
    if (follower != null) {
      follower.stop();
    }
    Promise<Void> finished = Promise.promise();
    context.runOnContext(ignored -> {
      vertx.cancelTimer(saveTimer);
      vertx.cancelTimer(leaseTimer);
      boolean held = holdsLease();
      save().compose(saved -> held ? leases.release(leaseName()) : Future.succeededFuture()).onComplete(finished);
    });
    return finished.future();
  }

  /**
   * One batch of the log: each reaction takes the events it wants in one store write (one commit for
   * the lot, not one per event), in cursor order; if that write fails, the reaction takes them again one
   * at a time, each with its own retries, so one poisonous event cannot hold the others back. Reactions
   * are independent of each other, so the second reaction may see an event after the first reaction has
   * seen later ones. A batch handed over again after a failure skips the events done already.
   */
  private Future<Void> handleAll(List<EventLog.Logged> found) {
    List<EventLog.Logged> fresh = found.stream().filter(event -> event.cursor() > done).toList();
    if (fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Reaction reaction : reactions) {
      List<EventLog.Logged> wanted = fresh.stream().filter(event -> wants(reaction, event)).toList();
      if (!wanted.isEmpty()) {
        chain = chain.compose(ignored -> stopped || !holdsLease() ? Future.failedFuture("stopped, or the lease is not held")
            : runBatch(reaction, wanted));
      }
    }
    long last = fresh.get(fresh.size() - 1).cursor();
    return chain.onSuccess(ignored -> done = Math.max(done, last));
  }

  private Future<Void> runBatch(Reaction reaction, List<EventLog.Logged> events) {
    if (events.size() == 1) {
      return run(reaction, events.get(0), 1);
    }
    return store.writeAndPublish(write -> new Outcome<Void>(null, reaction.reactAll(events, write))).recover(error -> {
      if (stopped) {
        return Future.failedFuture(error);
      }
      log.warn("Reaction {} failed on a batch of {} events, taking them one at a time: {}", reaction.name(), events.size(), error.toString());
      Future<Void> oneByOne = Future.succeededFuture();
      for (EventLog.Logged event : events) {
        oneByOne = oneByOne.compose(ignored -> stopped || !holdsLease() ? Future.failedFuture("stopped, or the lease is not held")
            : run(reaction, event, 1));
      }
      return oneByOne;
    });
  }

  private static boolean wants(Reaction reaction, EventLog.Logged event) {
    try {
      return reaction.wants(event);
    } catch (RuntimeException e) {
      log.warn("Reaction {} could not tell whether it wants {} {}: {}", reaction.name(), event.type(), event.token(), e.toString());
      return false;
    }
  }

  private Future<Void> run(Reaction reaction, EventLog.Logged event, int attempt) {
    return store.writeAndPublish(write -> new Outcome<Void>(null, reaction.reactAll(List.of(event), write)))
        .recover(error -> {
          if (stopped) {
            return Future.failedFuture(error);
          }
          if (attempt >= MAX_ATTEMPTS) {
            log.error("Reaction {} gave up on {} {} after {} attempts: {}", reaction.name(), event.type(), event.token(), attempt,
                error.toString());
            return bury(reaction, event, error);
          }
          log.warn("Reaction {} failed on {} {} (attempt {} of {}), trying again: {}", reaction.name(), event.type(), event.token(),
              attempt, MAX_ATTEMPTS, error.toString());
          Promise<Void> later = Promise.promise();
          vertx.setTimer(retryMillis * attempt, id -> later.complete());
          return later.future().compose(ignored -> run(reaction, event, attempt + 1));
        });
  }

  /** Records the event a reaction gave up on, so an operator can see what did not happen. */
  private Future<Void> bury(Reaction reaction, EventLog.Logged event, Throwable error) {
    return store.<Void>write(() -> {
      dead.replaceOne(Filters.eq("_id", reaction.name() + ":" + event.token()), new Document("_id", reaction.name() + ":" + event.token())
          .append("reaction", reaction.name())
          .append("cursor", event.cursor())
          .append("type", event.type())
          .append("error", String.valueOf(error.getMessage()))
          .append("at", Docs.date(clock.instant())), new ReplaceOptions().upsert(true));
      return null;
    });
  }

  /**
   * Saves the position when it moved, with the lease's token; never moves a saved position back (saves
   * may overlap). The store refuses it when a runner with a newer token saved: this one lost the lease.
   */
  private Future<Void> save() {
    long position = done;
    long token = fence;
    if (position == saved || !holdsLease()) {
      return Future.succeededFuture();
    }
    return store.<Boolean>write(() -> {
      try {
        positions.updateOne(Filters.and(Filters.eq("_id", name), Filters.or(Filters.exists("fence", false), Filters.lte("fence", token))),
            Updates.combine(Updates.max("cursor", position), Updates.set("fence", token)), new UpdateOptions().upsert(true));
        return true;
      } catch (RuntimeException e) {
        if (DuplicateKeys.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    }).<Void>map(accepted -> {
      if (accepted) {
        saved = Math.max(saved, position);
      } else if (fence == token) {
        heldUntil = java.time.Instant.MIN;
        stopFollowing("a runner with a newer lease saved its position: this one's lease ran out unnoticed");
      }
      return null;
    }).onFailure(error -> log.warn("Could not save where reactions got to: {}", error.toString()));
  }

  /** Collects reactions at wiring; names must differ. */
  public static final class Builder {

    private final String name;
    private final Map<String, Reaction> reactions = new LinkedHashMap<>();
    private Duration retryAfter = Duration.ofSeconds(1);
    private Duration leaseTtl = Duration.ofSeconds(15);

    private Builder(String name) {
      this.name = name;
    }

    /** The wait before a failed reaction's second attempt; each further attempt waits that much longer. */
    public Builder retryAfter(Duration wait) {
      this.retryAfter = wait;
      return this;
    }

    /** How long the runner's lease lasts unless renewed (renewed every third of it); another node takes over after it. */
    public Builder leaseTtl(Duration ttl) {
      this.leaseTtl = ttl;
      return this;
    }

    /** @throws IllegalStateException when a reaction of that name is registered already */
    public Builder add(Reaction reaction) {
      if (reactions.putIfAbsent(reaction.name(), reaction) != null) {
        throw new IllegalStateException("reaction " + reaction.name() + " is registered twice");
      }
      return this;
    }

    public Reactions build() {
      return new Reactions(name, new ArrayList<>(reactions.values()), retryAfter.toMillis(), leaseTtl);
    }
  }
}
