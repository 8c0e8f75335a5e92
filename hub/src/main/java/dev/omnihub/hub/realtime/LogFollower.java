package dev.omnihub.hub.realtime;

import dev.omnihub.hub.events.EventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the event log for one socket: hands it every event after a cursor, in cursor order, up to
 * the log's horizon only (so an event whose write finished late is never skipped), from memory or from
 * the store, 500 at a time. Every settled write wakes it (coalesced); it pauses while the socket's
 * write queue is full and goes on when the socket drains. Runs on the socket's context.
 */
final class LogFollower {

  private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
  private static final int BATCH = 500;

  private final Vertx vertx;
  private final Context context;
  private final EventLog events;
  private final Consumer<EventLog.Logged> deliver;
  private final BooleanSupplier blocked;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private final Runnable wake = this::scheduleWake;
  private long delivered;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean stopped;

  /**
   * @param deliver gets each event after the starting cursor
   * @param blocked true while nothing should be sent (the socket's write queue is full)
   */
  LogFollower(Vertx vertx, EventLog events, Consumer<EventLog.Logged> deliver, BooleanSupplier blocked) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.events = events;
    this.deliver = deliver;
    this.blocked = blocked;
  }

  /** Starts following after {@code cursor}. */
  void start(long cursor) {
    delivered = cursor;
    events.onHorizonMoved(wake);
    pump();
  }

  void stop() {
    stopped = true;
    events.removeListener(wake);
  }

  private void scheduleWake() {
    if (wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> {
        wakeScheduled.set(false);
        pump();
      });
    }
  }

  /** Hands over what lies between the last delivered cursor and the horizon, a batch at a time. */
  void pump() {
    if (stopped) {
      return;
    }
    if (pumping) {
      pumpAgain = true;
      return;
    }
    long upTo = events.horizon();
    if (delivered >= upTo || blocked.getAsBoolean()) {
      return;
    }
    pumping = true;
    long after = delivered;
    Future<List<EventLog.Logged>> batch = events.readBetween(after, upTo, BATCH);
    batch.onComplete(result -> {
      pumping = false;
      if (stopped) {
        return;
      }
      if (result.failed()) {
        log.warn("Could not read the event log for a socket: {}", result.cause().toString());
        vertx.setTimer(1_000, id -> pump());
        return;
      }
      List<EventLog.Logged> found = result.result();
      found.forEach(deliver);
      delivered = found.size() < BATCH ? upTo : found.get(found.size() - 1).cursor();
      if (pumpAgain || found.size() == BATCH || events.horizon() > delivered) {
        pumpAgain = false;
        pump();
      }
    });
  }
}
