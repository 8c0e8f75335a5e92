package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.awaitility.Awaitility;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit also commits writes that no writer waits for, before they grow too big for one
 * commit, and outlives the event loops of the writers it answers.
 */
class GroupCommitterTest {

  private static final String VALUE = "v".repeat(1000);

  @TempDir
  Path dir;

  @Test
  void writesNobodyWaitsForAreCommittedBeforeTheyOutgrowOneCommit() {
    MVStore store = EmbeddedMongo.open(dir.resolve("store.mv.db"));
    LongAdder batches = new LongAdder();
    try (GroupCommitter committer = new GroupCommitter(store, new ReentrantReadWriteLock(), size -> batches.increment(), () -> { })) {
      MVMap<Integer, String> map = store.openMap("data");
      int key = 0;
      while (store.getUnsavedMemory() <= GroupCommitter.MAX_UNSAVED_BYTES) {
        map.put(key++, VALUE + key);
      }
      long written = store.getCurrentVersion();

      // The commit cuts a version at once; H2 writes it out on its own thread, and only then is the
      // memory no longer unsaved (under load that took a while: asserting at the cut was flaky).
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.getCurrentVersion() > written);
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(store.getUnsavedMemory()).isLessThan(GroupCommitter.MAX_UNSAVED_BYTES));
      assertThat(batches.sum()).as("no writer's batch was committed").isZero();

      committer.awaitDurable().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(store.hasUnsavedChanges()).isFalse();
    } finally {
      store.close();
    }
  }

  @Test
  void aWriterWhoseEventLoopClosedDoesNotStopTheCommitsOfOthers() throws Exception {
    MVStore store = EmbeddedMongo.open(dir.resolve("store.mv.db"));
    CountDownLatch gate = new CountDownLatch(1);
    Vertx vertx = Vertx.vertx();
    try (GroupCommitter committer = new GroupCommitter(store, new ReentrantReadWriteLock(), size -> { }, () -> awaitQuietly(gate))) {
      store.openMap("data").put(1, VALUE);
      CompletableFuture<Future<Void>> onEventLoop = new CompletableFuture<>();
      vertx.runOnContext(ignored -> onEventLoop.complete(committer.awaitDurable()));
      Future<Void> writerGone = onEventLoop.get(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      gate.countDown();

      writerGone.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      store.openMap("data").put(2, VALUE);
      committer.awaitDurable().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(store.hasUnsavedChanges()).as("the commit thread lives on and commits the next write").isFalse();
    } finally {
      store.close();
    }
  }

  private static void awaitQuietly(CountDownLatch gate) {
    try {
      gate.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
