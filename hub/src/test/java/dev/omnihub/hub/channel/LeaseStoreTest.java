package dev.omnihub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.ManualClock;
import dev.omnihub.hub.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named leases: one holder at a time, a fencing token that grows only when the lease changes hands. */
class LeaseStoreTest {

  private static final Duration TTL = Duration.ofSeconds(10);

  @TempDir
  Path dataDir;

  @Test
  void theTokenStaysWhileTheHolderRenewsAndGrowsWithEveryChangeOfHands() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
      LeaseStore a = new LeaseStore(store, clock, "node-a");
      LeaseStore b = new LeaseStore(store, clock, "node-b");

      long first = acquire(a, "job");
      assertThat(first).isPositive();
      assertThat(acquire(b, "job")).as("held by node-a").isZero();
      clock.advance(Duration.ofSeconds(5));
      assertThat(acquire(a, "job")).as("a renewal keeps the token").isEqualTo(first);

      clock.advance(Duration.ofSeconds(11));
      long second = acquire(b, "job");
      assertThat(second).as("taken over after it ran out").isGreaterThan(first);
      assertThat(acquire(a, "job")).as("node-a comes back: not its any more").isZero();
      assertThat(store.read(() -> a.holds("job", first)).await(10, TimeUnit.SECONDS)).isFalse();
      assertThat(store.read(() -> b.holds("job", second)).await(10, TimeUnit.SECONDS)).isTrue();

      b.release("job").await(10, TimeUnit.SECONDS);
      long third = acquire(a, "job");
      assertThat(third).as("given up and taken: the token never starts again").isGreaterThan(second);
    }
  }

  @Test
  void theLeasesOfANodeThatLeftAreFreeAtOnceAndComeBackToItOnlyIfNobodyTookThem() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
      LeaseStore a = new LeaseStore(store, clock, "node-a");
      LeaseStore b = new LeaseStore(store, clock, "node-b");
      long taken = acquire(a, "taken");
      long kept = acquire(a, "kept");

      assertThat(store.write(() -> b.endLeasesOf("node-a")).await(10, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(acquire(b, "taken")).as("no waiting for the time to run out").isGreaterThan(taken);
      assertThat(acquire(a, "taken")).as("the paused node finds it taken").isZero();
      assertThat(acquire(a, "kept")).as("nobody took it: the same holder, the same token").isEqualTo(kept);
    }
  }

  private static long acquire(LeaseStore leases, String name) throws Exception {
    return leases.acquireFenced(name, TTL).await(10, TimeUnit.SECONDS);
  }
}
