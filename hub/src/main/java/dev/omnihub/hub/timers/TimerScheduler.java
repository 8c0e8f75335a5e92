package dev.omnihub.hub.timers;

import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.hub.logging.LogText;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Gives up the stored timers no handler knows, takes back the timers this node held when it last
   * stopped (after a crash, at once rather than after the lease), then looks for due work every second.
   */
  public Future<Void> start() {
    return store.write(() -> {
      timers.releaseLeasesOf(nodeId);
      return timers.buryUnknownKinds(registry.names(), clock.instant());
    }).map(buried -> {
      buried.forEach(timer -> log.error("Gave up timer {}: no handler for its kind {}", timer.id(), timer.kind()));
      poller = vertx.setPeriodic(POLL_MILLIS, id -> runDue());
      return null;
    });
  }

  public void stop() {
    vertx.cancelTimer(poller);
  }

  /**
   * Runs the due timers, a batch at a time: each kind's timers of the batch together
   * ({@link TimerHandler#fireAll}), their ends recorded in one write, and at once the next batch when
   * this one was full.
   */
  private void runDue() {
    if (running) {
      return;
    }
    running = true;
    store.writeWithoutWaiting(() -> timers.claimDue(clock.instant(), nodeId, LEASE, BATCH))
        .compose(claimed -> {
          Map<String, List<TimerStore.Timer>> byKind = new LinkedHashMap<>();
          claimed.forEach(timer -> byKind.computeIfAbsent(timer.kind(), kind -> new ArrayList<>()).add(timer));
          List<Future<Void>> kinds = byKind.values().stream().map(this::runKind).toList();
          return Future.join(kinds).transform(ran -> Future.succeededFuture(claimed.size()));
        })
        .onComplete(result -> {
          running = false;
          if (result.failed()) {
            log.warn("Could not claim due timers: {}", result.cause().toString());
          } else if (result.result() == BATCH) {
            runDue();
          }
        });
  }

  /** Runs one kind's claimed timers and records how each ended. */
  private Future<Void> runKind(List<TimerStore.Timer> claimed) {
    Optional<TimerRegistry.Registered> registered = registry.find(claimed.get(0).kind());
    if (registered.isEmpty()) {
      // Stored by another node's newer version meanwhile: nothing here can run them.
      return Future.join(claimed.stream().map(timer -> giveUp(timer, "no handler for timer kind " + timer.kind())).toList()).mapEmpty();
    }
    Future<List<TimerHandler.Fired>> fired;
    try {
      fired = registered.get().handler().fireAll(claimed);
    } catch (RuntimeException e) {
      fired = Future.failedFuture(e);
    }
    return fired.recover(error -> Future.succeededFuture(claimed.stream().map(timer -> TimerHandler.Fired.failed(timer, error)).toList()))
        .compose(ended -> {
          List<TimerHandler.Fired> ran = ended.stream().filter(one -> one.failure() == null).toList();
          List<Future<Boolean>> settled = new ArrayList<>();
          if (!ran.isEmpty()) {
            settled.add(store.write(() -> {
              timers.completeAll(ran, clock.instant());
              return true;
            }));
          }
          ended.stream().filter(one -> one.failure() != null).forEach(one -> settled.add(failed(one.timer(), one.failure(),
              registered.get().kind())));
          return Future.join(settled).mapEmpty();
        });
  }

  /** A run failed: given up when the failure is for good or its kind's attempts are used up, else retried later. */
  private Future<Boolean> failed(TimerStore.Timer timer, Throwable cause, TimerKind kind) {
    if (isPermanent(cause) || timer.attempts() >= kind.maxAttempts()) {
      return giveUp(timer, describe(cause));
    }
    Instant retryAt = clock.instant().plus(backoff(timer.attempts()));
    log.warn("Timer {} failed (attempt {} of {}), runs again at {}: {}", timer.id(), timer.attempts(), kind.maxAttempts(), retryAt,
        LogText.withoutIdentities(cause.toString()));
    return store.write(() -> {
      timers.retry(timer, retryAt, describe(cause), clock.instant());
      return true;
    });
  }

  private Future<Boolean> giveUp(TimerStore.Timer timer, String reason) {
    log.error("Gave up timer {} of kind {} after {} attempts: {}", timer.id(), timer.kind(), timer.attempts(),
        LogText.withoutIdentities(reason));
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
