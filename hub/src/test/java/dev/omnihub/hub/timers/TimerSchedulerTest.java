package dev.omnihub.hub.timers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.ManualClock;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timers are retried a bounded number of times and then given up, at once when the failure is
 * permanent; a kind nobody handles is given up at start. The scheduler under test runs on a clock the
 * test moves (set a century ahead, so the hub's own scheduler never finds these timers due).
 */
class TimerSchedulerTest {

  private static final TimerKind FLAKY = new TimerKind("test.flaky", 3);
  private static final TimerKind REFUSED = new TimerKind("test.refused", 5);
  private static final TimerKind GONE = new TimerKind("test.gone", 5);
  private static final Instant START = Instant.parse("2126-01-01T00:00:00Z");

  @TempDir
  static Path dataDir;
  private static TestHub hub;
  private static MongoStore store;
  private static TimerStore timers;
  private static final ManualClock clock = new ManualClock(START);
  private static final Vertx vertx = Vertx.vertx();
  private static final AtomicInteger flakyRuns = new AtomicInteger();
  private static final AtomicInteger refusedRuns = new AtomicInteger();
  private static TimerScheduler scheduler;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(dataDir);
    store = hub.hub().services().mongo();
    timers = new TimerStore(store);
    // Stored before the scheduler starts, as by an earlier version that had this kind.
    write(() -> {
      timers.schedule("gone:1", GONE, "c1", START, START);
      return null;
    });
    TimerRegistry registry = TimerRegistry.builder()
        .add(FLAKY, timer -> {
          flakyRuns.incrementAndGet();
          return Future.failedFuture(new IllegalStateException("still broken"));
        })
        .add(REFUSED, timer -> {
          refusedRuns.incrementAndGet();
          return Future.failedFuture(DeliveryException.permanent("550 5.1.1 mailbox unavailable"));
        })
        .build();
    scheduler = new TimerScheduler(vertx, store, timers, registry, "test-node", clock);
    scheduler.start().await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    scheduler.stop();
    vertx.close().await(10, TimeUnit.SECONDS);
    hub.close();
  }

  @Test
  void aStoredTimerOfAKindNobodyHandlesIsGivenUpAtStart() throws Exception {
    assertThat(dead("gone:1")).hasValueSatisfying(timer -> assertThat(timer.lastError()).contains("no handler for timer kind test.gone"));
    assertThat(write(() -> timers.find("gone:1"))).isEmpty();
  }

  @Test
  void aTimerThatKeepsFailingIsGivenUpAfterItsKindsAttemptsAndStartsAfreshWhenScheduledAgain() throws Exception {
    write(() -> {
      timers.schedule("flaky:1", FLAKY, "c2", clock.instant(), clock.instant());
      return null;
    });
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      clock.advance(Duration.ofMinutes(11)); // past any backoff
      return dead("flaky:1").isPresent();
    });
    assertThat(flakyRuns.get()).as("runs of a kind that allows 3").isEqualTo(3);
    assertThat(dead("flaky:1").orElseThrow().attempts()).isEqualTo(3);
    assertThat(dead("flaky:1").orElseThrow().lastError()).isEqualTo("still broken");

    write(() -> {
      timers.schedule("flaky:1", FLAKY, "c2", clock.instant(), clock.instant());
      return null;
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> flakyRuns.get() == 4);
    assertThat(write(() -> timers.find("flaky:1")).orElseThrow().attempts()).as("counted from one again").isEqualTo(1);
  }

  @Test
  void aPermanentFailureIsGivenUpAtOnce() throws Exception {
    write(() -> {
      timers.schedule("refused:1", REFUSED, "c3", clock.instant(), clock.instant());
      return null;
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dead("refused:1").isPresent());
    assertThat(refusedRuns.get()).isEqualTo(1);
    assertThat(dead("refused:1").orElseThrow().lastError()).contains("550 5.1.1");
  }

  private static Optional<TimerStore.DeadTimer> dead(String id) throws Exception {
    List<TimerStore.DeadTimer> all = write(() -> timers.deadTimers(100));
    return all.stream().filter(timer -> timer.id().equals(id)).findFirst();
  }

  private static <T> T write(Callable<T> work) throws Exception {
    return store.write(work).await(10, TimeUnit.SECONDS);
  }
}
