package dev.omnihub.hub.timers;

import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due timers, one at a time per node, each under a lease so that a cluster runs it once and a
 * crash hands it to the next node (or this one, after the lease). Looks for due work every second; a
 * failure runs the timer again after a backoff that grows with its attempts, up to ten minutes.
 */
public final class TimerScheduler {

  private static final Logger log = LoggerFactory.getLogger(TimerScheduler.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 1_000;

  private final Vertx vertx;
  private final MongoStore store;
  private final TimerStore timers;
  private final Map<String, TimerHandler> handlers;
  private final String nodeId;
  private final Clock clock;
  private boolean running;
  private long poller = -1;

  public TimerScheduler(Vertx vertx, MongoStore store, TimerStore timers, Map<String, TimerHandler> handlers, String nodeId, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.timers = timers;
    this.handlers = Map.copyOf(handlers);
    this.nodeId = nodeId;
    this.clock = clock;
  }

  public void start() {
    poller = vertx.setPeriodic(POLL_MILLIS, id -> runDue());
  }

  public void stop() {
    vertx.cancelTimer(poller);
  }

  /** Runs every due timer, one after the other. */
  private void runDue() {
    if (running) {
      return;
    }
    running = true;
    store.write(() -> timers.claimDue(clock.instant(), nodeId, LEASE)).compose(this::run).onComplete(result -> {
      running = false;
      if (result.failed()) {
        log.warn("A timer failed: {}", result.cause().toString());
      } else if (result.result()) {
        runDue();
      }
    });
  }

  /** @return whether a timer ran (so more may be due) */
  private Future<Boolean> run(Optional<TimerStore.Timer> claimed) {
    if (claimed.isEmpty()) {
      return Future.succeededFuture(false);
    }
    TimerStore.Timer timer = claimed.get();
    TimerHandler handler = handlers.get(timer.kind());
    Future<Instant> fired;
    try {
      fired = handler == null ? Future.failedFuture(new IllegalStateException("no handler for timer kind " + timer.kind()))
          : handler.fire(timer);
    } catch (RuntimeException e) {
      fired = Future.failedFuture(e);
    }
    return fired.transform(result -> {
      if (result.succeeded()) {
        return store.write(() -> {
          timers.complete(timer, result.result());
          return true;
        });
      }
      Instant retryAt = clock.instant().plus(backoff(timer.attempts()));
      log.warn("Timer {} failed (attempt {}), runs again at {}: {}", timer.id(), timer.attempts(), retryAt, result.cause().toString());
      return store.write(() -> {
        timers.later(timer, retryAt, true);
        return true;
      });
    });
  }

  static Duration backoff(int attempts) {
    long seconds = Math.min(600, 5L << Math.min(attempts, 7));
    return Duration.ofSeconds(seconds);
  }
}
