package dev.omnihub.hub.timers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timers in the store: one per purpose, the earliest due time kept, leased while they run, taken over after a crash. */
class TimerStoreTest {

  private static final TimerKind KIND = new TimerKind("test", 3);

  @TempDir
  Path dataDir;

  @Test
  void aTimerKeepsItsEarliestDueTimeIsLeasedOnceAndOutlivesAHolderThatDied() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      TimerStore timers = new TimerStore(store);
      // A century ahead: the hub's own scheduler (on the real clock) never finds this test's timer due.
      Instant now = Instant.parse("2126-12-02T10:00:00Z");
      write(store, () -> {
        timers.schedule("t:1", KIND, "s1", now.plusSeconds(60), now);
        timers.schedule("t:1", KIND, "s1", now.plusSeconds(600), now.plusSeconds(5));
        return null;
      });
      TimerStore.Timer scheduled = write(store, () -> timers.find("t:1").orElseThrow());
      assertThat(scheduled.dueAt()).as("the earlier due time stays").isEqualTo(now.plusSeconds(60));
      assertThat(scheduled.changedAt()).isEqualTo(now.plusSeconds(5));

      assertThat(write(store, () -> timers.claimDue(now.plusSeconds(59), "node-a", Duration.ofMinutes(2)))).as("not due yet").isEmpty();
      TimerStore.Timer claimed = write(store, () -> timers.claimDue(now.plusSeconds(61), "node-a", Duration.ofMinutes(2))).orElseThrow();
      assertThat(claimed.attempts()).isEqualTo(1);
      assertThat(write(store, () -> timers.claimDue(now.plusSeconds(62), "node-b", Duration.ofMinutes(2))))
          .as("leased to node-a").isEmpty();
      TimerStore.Timer takenOver = write(store, () -> timers.claimDue(now.plusSeconds(200), "node-b", Duration.ofMinutes(2)))
          .orElseThrow();
      assertThat(takenOver.attempts()).as("node-a's lease ran out: node-b takes it").isEqualTo(2);

      // Scheduled again while it ran: completing it leaves it for what changed.
      write(store, () -> {
        timers.schedule("t:1", KIND, "s1", now.plusSeconds(900), now.plusSeconds(201));
        timers.complete(takenOver, now.plusSeconds(300));
        return null;
      });
      assertThat(write(store, () -> timers.find("t:1")).orElseThrow().dueAt()).isEqualTo(now.plusSeconds(300));
      TimerStore.Timer again = write(store, () -> timers.claimDue(now.plusSeconds(301), "node-b", Duration.ofMinutes(2))).orElseThrow();
      write(store, () -> {
        timers.complete(again, now.plusSeconds(400));
        return null;
      });
      assertThat(write(store, () -> timers.find("t:1"))).as("done").isEmpty();
    }
  }

  @Test
  void aRecurringTimerWaitsForItsNextTimeUnlessScheduledWhileItRanThenItRunsAtOnce() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      TimerStore timers = new TimerStore(store);
      Instant now = Instant.parse("2126-12-02T10:00:00Z");
      write(store, () -> {
        timers.schedule("r:1", KIND, "s1", now, now);
        return null;
      });
      TimerStore.Timer first = write(store, () -> timers.claimDue(now, "node-a", Duration.ofMinutes(2))).orElseThrow();
      write(store, () -> {
        timers.reschedule(first, now.plusSeconds(3_600), now.plusSeconds(1));
        return null;
      });
      TimerStore.Timer kept = write(store, () -> timers.find("r:1")).orElseThrow();
      assertThat(kept.dueAt()).as("unchanged while it ran: due at its next time").isEqualTo(now.plusSeconds(3_600));
      assertThat(kept.attempts()).isZero();
      assertThat(write(store, () -> timers.claimDue(now.plusSeconds(2), "node-b", Duration.ofMinutes(2)))).as("not leased, not due").isEmpty();

      TimerStore.Timer second = write(store, () -> timers.claimDue(now.plusSeconds(3_600), "node-a", Duration.ofMinutes(2))).orElseThrow();
      write(store, () -> {
        // Something it counts changed while it ran and wants it at +10 s; the run had computed +2 h.
        timers.schedule("r:1", KIND, "s1", now.plusSeconds(3_610), now.plusSeconds(3_601));
        timers.reschedule(second, now.plusSeconds(7_200), now.plusSeconds(3_602));
        return null;
      });
      assertThat(write(store, () -> timers.find("r:1")).orElseThrow().dueAt()).as("runs again at once to see the change")
          .isEqualTo(now.plusSeconds(3_602));
    }
  }

  @Test
  void aBatchEndsInAFewCommandsAndATimerScheduledAgainWhileItRanRunsAgain() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      TimerStore timers = new TimerStore(store);
      Instant now = Instant.parse("2126-12-02T10:00:00Z");
      write(store, () -> {
        for (String id : java.util.List.of("b:done", "b:again", "b:recurring", "b:changed")) {
          timers.schedule(id, KIND, "s", now, now);
        }
        return null;
      });
      java.util.List<TimerStore.Timer> claimed = write(store, () -> timers.claimDue(now, "node-a", Duration.ofMinutes(2), 10));
      assertThat(claimed).hasSize(4);
      java.util.Map<String, TimerStore.Timer> byId = new java.util.HashMap<>();
      claimed.forEach(timer -> byId.put(timer.id(), timer));
      write(store, () -> {
        // Two of them are scheduled again while they run.
        timers.schedule("b:again", KIND, "s", now.plusSeconds(30), now.plusSeconds(1));
        timers.schedule("b:changed", KIND, "s", now.plusSeconds(30), now.plusSeconds(1));
        timers.completeAll(java.util.List.of(
            TimerHandler.Fired.ran(byId.get("b:done"), TimerHandler.Rerun.ifChanged(now.plusSeconds(60))),
            TimerHandler.Fired.ran(byId.get("b:again"), TimerHandler.Rerun.ifChanged(now.plusSeconds(60))),
            TimerHandler.Fired.ran(byId.get("b:recurring"), TimerHandler.Rerun.at(now.plusSeconds(3_600))),
            TimerHandler.Fired.ran(byId.get("b:changed"), TimerHandler.Rerun.at(now.plusSeconds(3_600)))), now.plusSeconds(2));
        return null;
      });
      assertThat(write(store, () -> timers.find("b:done"))).as("done").isEmpty();
      assertThat(write(store, () -> timers.find("b:again")).orElseThrow().dueAt()).as("for what changed").isEqualTo(now.plusSeconds(60));
      assertThat(write(store, () -> timers.find("b:recurring")).orElseThrow().dueAt()).isEqualTo(now.plusSeconds(3_600));
      assertThat(write(store, () -> timers.find("b:changed")).orElseThrow().dueAt()).as("at once").isEqualTo(now.plusSeconds(2));
      assertThat(write(store, () -> timers.claimDue(now.plusSeconds(70), "node-b", Duration.ofMinutes(2), 10))).as("none still leased")
          .extracting(TimerStore.Timer::id).containsExactlyInAnyOrder("b:again", "b:changed");
    }
  }

  private static <T> T write(MongoStore store, Callable<T> work) throws Exception {
    return store.write(work).await(10, TimeUnit.SECONDS);
  }
}
