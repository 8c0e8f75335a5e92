package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.testing.StoreProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code omnihub store} as an operator runs it (API.md, "Several nodes"): its own process, killed with SIGKILL. */
class StoreProcessTest {

  private static final String PASSWORD = "store-process-test";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int SIGKILLED = 128 + 9;

  @TempDir
  Path dataDir;

  @Test
  void refusesToStartWithoutAPassword() {
    Map<String, String> env = new HashMap<>();
    env.put("STORE_PASSWORD", null);
    try (StoreProcess store = StoreProcess.start(dataDir, env)) {
      assertThat(store.waitFor(START_TIMEOUT)).isEqualTo(2);
      assertThat(String.join("\n", store.stderr())).contains("STORE_PASSWORD");
      assertThat(store.stdout()).noneMatch(line -> line.contains("listening"));
    }
  }

  @Test
  void printsTheReadyLineWithThePortItListensOn() {
    try (StoreProcess store = StoreProcess.start(dataDir, Map.of("STORE_PASSWORD", PASSWORD))) {
      int port = store.awaitListening(START_TIMEOUT);

      assertThat(port).isPositive();
      try (MongoClient client = StoreServerTest.client(store.mongoUri(PASSWORD))) {
        client.getDatabase("omnihub").getCollection("things").insertOne(new Document("_id", "a"));
        assertThat(client.getDatabase("omnihub").getCollection("things").countDocuments()).isEqualTo(1);
      }
    }
  }

  @Test
  void aSecondStoreOnTheSameDataDirRefusesToStart() {
    try (StoreProcess first = StoreProcess.start(dataDir, Map.of("STORE_PASSWORD", PASSWORD))) {
      first.awaitListening(START_TIMEOUT);

      try (StoreProcess second = StoreProcess.start(dataDir, Map.of("STORE_PASSWORD", PASSWORD))) {
        assertThat(second.waitFor(START_TIMEOUT)).isEqualTo(1);
        assertThat(String.join("\n", second.stderr())).contains("cannot open the store");
      }
    }
  }

  @Test
  void acknowledgedWritesSurviveAKill() throws Exception {
    int writers = 4;
    int insertsEach = 50;
    try (StoreProcess store = StoreProcess.start(dataDir, Map.of("STORE_PASSWORD", PASSWORD))) {
      store.awaitListening(START_TIMEOUT);
      try (MongoClient client = StoreServerTest.client(store.mongoUri(PASSWORD))) {
        MongoCollection<Document> things = client.getDatabase("omnihub").getCollection("things");
        things.insertOne(new Document("_id", "counter").append("n", 0));
        // Several writers, as several nodes would be, so that acknowledged writes share group commits.
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
          List<Future<?>> running = new ArrayList<>();
          for (int writer = 0; writer < writers; writer++) {
            int w = writer;
            running.add(threads.submit(() -> {
              for (int i = 0; i < insertsEach; i++) {
                things.insertOne(new Document("_id", "w" + w + "-" + i));
                things.updateOne(Filters.eq("_id", "counter"), Updates.inc("n", 1));
              }
              return null;
            }));
          }
          for (Future<?> future : running) {
            future.get(60, TimeUnit.SECONDS);
          }
        } finally {
          threads.shutdownNow();
        }
        // At once after the last acknowledgement: only what was durable when it was given survives.
        assertThat(store.kill()).as("exit code of a SIGKILL, not of a clean shutdown").isEqualTo(SIGKILLED);
      }
    }

    try (StoreProcess store = StoreProcess.start(dataDir, Map.of("STORE_PASSWORD", PASSWORD))) {
      store.awaitListening(START_TIMEOUT);
      try (MongoClient client = StoreServerTest.client(store.mongoUri(PASSWORD))) {
        MongoCollection<Document> things = client.getDatabase("omnihub").getCollection("things");
        assertThat(things.countDocuments(Filters.ne("_id", "counter"))).isEqualTo(writers * insertsEach);
        assertThat(things.find(Filters.eq("_id", "counter")).first()).containsEntry("n", writers * insertsEach);
      }
    }
  }
}
