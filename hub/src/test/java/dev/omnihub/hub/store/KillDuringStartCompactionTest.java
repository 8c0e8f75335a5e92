package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import dev.omnihub.hub.store.embedded.IndexConsistency;
import dev.omnihub.hub.store.embedded.MvBackend;
import dev.omnihub.hub.store.embedded.QueryObserver;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compaction a hub runs at start on a file far above its live data is safe under SIGKILL: the hub
 * is killed in the middle of it, again and again, and every time the file's indexes are whole, the
 * next start serves every acknowledged message and every document written before, and in the end the
 * file is compacted.
 */
class KillDuringStartCompactionTest {

  private static final String COMPACTING = "Compacting the embedded store before serving";
  private static final String COMPACTED = "Compacted the embedded store before serving";
  private static final int MESSAGES = 120;
  private static final int COMMITS = 2_000;
  private static final int CHURN_DOCUMENTS = 1_000;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @TempDir
  Path dataDir;

  @Test
  void aKillWhileCompactingAtStartLosesNothing() throws Exception {
    // GIVEN a hub's store with acknowledged messages, then many small commits that left most of the file garbage
    JsonObject channel;
    Map<String, String> acknowledged = new HashMap<>();
    try (HubProcess hub = HubProcess.fromClasspath(dataDir, Map.of())) {
      hub.awaitListening(START_TIMEOUT);
      HubClient client = hub.client();
      channel = client.createApiChannel(client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD), "Compaction kill test", null);
      for (int i = 0; i < MESSAGES; i++) {
        HttpResult result = client.webhook(channel, message(i));
        assertThat(result.status()).isEqualTo(200);
        acknowledged.put("m" + i, result.json().getString("messageId"));
      }
      hub.terminate(Duration.ofSeconds(30));
    }
    Path file = dataDir.resolve(EmbeddedMongo.STORE_FILE);
    double bloated = bloat(file);
    assertThat(bloated).as("file over live data before the starts").isGreaterThan(StoreCompactor.START_ABOVE * 2);

    // WHEN the hub is killed while it compacts at start, at different moments
    SplittableRandom random = new SplittableRandom(7);
    int killedWhileCompacting = 0;
    for (int round = 0; round < 3; round++) {
      try (HubProcess hub = HubProcess.fromClasspath(dataDir, Map.of())) {
        // Until a start finds the file compact enough (an earlier round may have got it there).
        if (!awaitCompactingOrListening(hub)) {
          hub.terminate(Duration.ofSeconds(30));
          break;
        }
        Thread.sleep(50 + random.nextInt(350));
        boolean compacting = hub.output().stream().noneMatch(line -> line.contains(COMPACTED));
        hub.kill();
        killedWhileCompacting += compacting ? 1 : 0;
      }
      // THEN the file as the kill left it has whole indexes
      assertThat(IndexConsistency.problems(file)).as("index problems after kill " + round).isEmpty();
    }
    assertThat(killedWhileCompacting).as("kills that hit the compaction (the bloat must take longer to compact)").isPositive();

    // THEN a start that is not killed compacts, and serves everything written before
    try (HubProcess hub = HubProcess.fromClasspath(dataDir, Map.of())) {
      hub.awaitListening(START_TIMEOUT);
      HubClient client = hub.client();
      for (int i = 0; i < MESSAGES; i++) {
        HttpResult again = client.webhook(channel, message(i));
        assertThat(again.json().getBoolean("duplicate")).as("m" + i).isTrue();
        assertThat(again.json().getString("messageId")).isEqualTo(acknowledged.get("m" + i));
      }
      hub.terminate(Duration.ofSeconds(30));
    }
    assertThat(IndexConsistency.problems(file)).isEmpty();
    try (Served served = Served.open(file)) {
      assertThat(served.collection("bloat_keep").countDocuments()).isEqualTo(COMMITS);
      assertThat(served.collection("bloat_churn").countDocuments()).isEqualTo(CHURN_DOCUMENTS);
      assertThat(served.fileToLive()).as("file over live data after the start").isLessThanOrEqualTo(StoreCompactor.START_ABOVE);
      System.out.printf("file/live %.2f before the starts, %.2f after; %d kills hit the compaction%n", bloated, served.fileToLive(),
          killedWhileCompacting);
    }
  }

  private static JsonObject message(int i) {
    return HubClient.message("m" + i, new JsonObject().put("email", "writer-" + i % 8 + "@compaction.test"), "message " + i);
  }

  /**
   * Many small commits into two collections of the hub's database, with the space of dead chunks not
   * reused: each commit keeps one new document and rewrites ten others, so most of what it writes dies.
   *
   * @return the file over its live data afterwards
   */
  private static double bloat(Path file) {
    try (Served served = Served.open(file)) {
      served.store.setReuseSpace(false);
      MongoCollection<Document> keep = served.collection("bloat_keep");
      MongoCollection<Document> churn = served.collection("bloat_churn");
      SplittableRandom random = new SplittableRandom(1);
      for (int i = 0; i < CHURN_DOCUMENTS; i++) {
        churn.insertOne(new Document("_id", i).append("pad", pad(random, 1_000)));
      }
      served.store.commit();
      for (int commit = 0; commit < COMMITS; commit++) {
        keep.insertOne(new Document("_id", "keep-" + commit).append("pad", pad(random, 200)));
        for (int i = 0; i < 10; i++) {
          churn.updateOne(Filters.eq("_id", random.nextInt(CHURN_DOCUMENTS)), Updates.set("pad", pad(random, 1_000)));
        }
        served.store.commit();
      }
      served.store.setReuseSpace(true);
      served.store.commit();
      return served.fileToLive();
    }
  }

  private static String pad(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  /** @return true once the hub says it compacts before serving, false once it serves without having done so */
  private static boolean awaitCompactingOrListening(HubProcess hub) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      List<String> output = hub.output();
      if (output.stream().anyMatch(line -> line.contains(COMPACTING))) {
        return true;
      }
      if (output.stream().anyMatch(line -> line.contains("OmniHub listening"))) {
        return false;
      }
      assertThat(System.nanoTime()).as("waiting for the hub to start:\n" + String.join("\n", output)).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** The store file served by the backend alone (no hub), as {@link EmbeddedMongo} opens it, committed by hand. */
  private record Served(MVStore store, MongoServer server, MongoClient client) implements AutoCloseable {

    static Served open(Path file) {
      MVStore store = EmbeddedMongo.open(file);
      MongoServer server = new MongoServer(new MvBackend(store, new ReentrantReadWriteLock().readLock(), QueryObserver.NONE));
      server.bind("127.0.0.1", 0);
      return new Served(store, server, MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()));
    }

    MongoCollection<Document> collection(String name) {
      return client.getDatabase("omnihub").getCollection(name);
    }

    double fileToLive() {
      return ((CompactingFileStore) store.getFileStore()).space().fileToLive();
    }

    @Override
    public void close() {
      client.close();
      server.shutdownNow();
      store.commit();
      store.sync();
      store.close();
    }
  }
}
