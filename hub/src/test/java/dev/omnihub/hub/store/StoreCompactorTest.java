package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.awaitility.Awaitility;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file holds little more than its live data: garbage is reclaimed while writing, and the file shrinks when idle. */
class StoreCompactorTest {

  private static final int KEYS = 20_000;
  private static final String VALUE = "x".repeat(400);

  @TempDir
  Path dir;

  /** The size of the same entries written once into a new file: what "no garbage at all" looks like. */
  private long sizeOfAFreshCopy(MVMap<Integer, String> map) throws Exception {
    Path copy = dir.resolve("copy.mv.db");
    MVStore fresh = EmbeddedMongo.open(copy);
    fresh.<Integer, String>openMap("data").putAll(map);
    fresh.commit();
    fresh.close();
    return Files.size(copy);
  }

  @Test
  void anIdleStoreShrinksToNearItsLiveDataAndKeepsEveryValue() throws Exception {
    Path file = dir.resolve("store.mv.db");
    MVStore store = EmbeddedMongo.open(file);
    try (StoreCompactor compactor = new StoreCompactor(store, new ReentrantReadWriteLock(), Duration.ofMillis(500))) {
      MVMap<Integer, String> map = store.openMap("data");
      for (int i = 0; i < KEYS; i++) {
        map.put(i, VALUE + i);
      }
      store.commit();
      // Many small commits, as a busy hub makes, that delete three entries of four: most of the file is garbage.
      for (int i = 0; i < KEYS; i++) {
        if (i % 4 != 0) {
          map.remove(i);
        }
        if (i % 70 == 0) {
          store.commit();
        }
      }
      store.commit();
      long busy = Files.size(file);

      long compactSize = sizeOfAFreshCopy(map);
      assertThat(busy).as("written with garbage").isGreaterThan(compactSize * 4);

      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.size(file) <= compactSize * 2);
      // An idle store is shrunk until little of it is garbage.
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> compactor.space().fileToLive() <= StoreCompactor.IDLE_TARGET);

      for (int i = 0; i < KEYS; i++) {
        assertThat(map.get(i)).isEqualTo(i % 4 == 0 ? VALUE + i : null);
      }
    } finally {
      store.close();
    }
    MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      MVMap<Integer, String> map = reopened.openMap("data");
      assertThat(map.sizeAsLong()).isEqualTo(KEYS / 4);
      assertThat(map.get(KEYS - 4)).isEqualTo(VALUE + (KEYS - 4));
    } finally {
      reopened.close();
    }
  }
}
