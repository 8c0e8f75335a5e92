package dev.omnihub.hub.timers;

import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due timers, one at a time per node, each under a lease so that a cluster runs it once and a
 * crash hands it to the next node (or this one, after the lease). Looks for due work every second; a
 * failure runs the timer again after a backoff that grows with its attempts, up to ten minutes, until
 * its kind's {@link TimerKind#maxAttempts} are used up or the failure is permanent (a
 * {@link DeliveryException} that is not retryable, such as an SMTP 5xx): then it is given up
 * ({@link TimerStore#bury}). At start, stored timers of kinds nobody registered are given up too.
 */
public final class TimerScheduler {

  private static final Logger log = LoggerFactory.getLogger(TimerScheduler.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 1_000;
  /** Timers claimed and run at a time. */
  static final int BATCH = 200;

  private final Vertx vertx;
  private final MongoStore store;
  private final TimerStore timers;
  private final TimerRegistry registry;
  private final String nodeId;
  private final Clock clock;
  private boolean running;
  private long poller = -1;

  public TimerScheduler(Vertx vertx, MongoStore store, TimerStore timers, TimerRegistry registry, String nodeId, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.timers = timers;
    this.registry = registry;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  /** Gives up the stored timers no handler knows, then looks for due work every second. */
  public Future<Void> start() {
    return store.write(() -> timers.buryUnknownKinds(registry.names(), clock.instant())).map(buried -> {
      buried.forEach(timer -> log.error("Gave up timer {}: no handler for its kind {}", timer.id(), timer.kind()));
      poller = vertx.setPeriodic(POLL_MILLIS, id -> runDue());
      return null;
    });
  }

  public void stop() {
    vertx.cancelTimer(poller);
  }

  /**
   * Runs the due timers, a batch at a time, the timers of a batch side by side (their store writes
   * share commits), and at once the next batch when this one was full.
   */
  private void runDue() {
    if (running) {
      return;
    }
    running = true;
    store.writeWithoutWaiting(() -> timers.claimDue(clock.instant(), nodeId, LEASE, BATCH))
        .compose(claimed -> Future.join(claimed.stream().map(this::run).toList()).transform(ran -> Future.succeededFuture(claimed.size())))
        .onComplete(result -> {
          running = false;
          if (result.failed()) {
            log.warn("Could not claim due timers: {}", result.cause().toString());
          } else if (result.result() == BATCH) {
            runDue();
          }
        });
  }

  /** Runs one claimed timer and records how it went; a failure is logged, and the timer waits for its retry or its lease. */
  private Future<Boolean> run(TimerStore.Timer timer) {
    Optional<TimerRegistry.Registered> registered = registry.find(timer.kind());
    if (registered.isEmpty()) {
      // Stored by another node's newer version meanwhile: nothing here can run it.
      return giveUp(timer, "no handler for timer kind " + timer.kind());
    }
    Future<TimerHandler.Rerun> fired;
    try {
      fired = registered.get().handler().fire(timer);
    } catch (RuntimeException e) {
      fired = Future.failedFuture(e);
    }
    return fired.transform(result -> {
      if (result.succeeded()) {
        TimerHandler.Rerun rerun = result.result();
        return store.write(() -> {
          if (rerun.recurring()) {
            timers.reschedule(timer, rerun.at(), clock.instant());
          } else {
            timers.complete(timer, rerun.at());
          }
          return true;
        });
      }
      Throwable cause = result.cause();
      if (isPermanent(cause) || timer.attempts() >= registered.get().kind().maxAttempts()) {
        return giveUp(timer, describe(cause));
      }
      Instant retryAt = clock.instant().plus(backoff(timer.attempts()));
      log.warn("Timer {} failed (attempt {} of {}), runs again at {}: {}", timer.id(), timer.attempts(),
          registered.get().kind().maxAttempts(), retryAt, cause.toString());
      return store.write(() -> {
        timers.retry(timer, retryAt, describe(cause), clock.instant());
        return true;
      });
    });
  }

  private Future<Boolean> giveUp(TimerStore.Timer timer, String reason) {
    log.error("Gave up timer {} of kind {} after {} attempts: {}", timer.id(), timer.kind(), timer.attempts(), reason);
    return store.write(() -> {
      timers.bury(timer, reason, clock.instant());
      return true;
    });
  }

  private static boolean isPermanent(Throwable cause) {
    return cause instanceof DeliveryException delivery && !delivery.retryable();
  }

  private static String describe(Throwable cause) {
    String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return text.length() > 1_000 ? text.substring(0, 1_000) + "…" : text;
  }

  static Duration backoff(int attempts) {
    long seconds = Math.min(600, 5L << Math.min(attempts, 7));
    return Duration.ofSeconds(seconds);
  }
}
