package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.omnihub.hub.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory written by earlier versions (mongo-java-server's stock H2 format) opens with all its data. */
class LegacyStoreMigrationTest {

  private static final int MESSAGES = 300;

  @TempDir
  Path dataDir;

  @Test
  void aStoreInTheStockFormatIsMovedIntoTheIndexedFormatAtStart() throws Exception {
    Path file = dataDir.resolve("omnihub.mv.db");
    writeWithTheStockBackend(file);

    Vertx vertx = Vertx.vertx();
    try (MongoStore store = MongoStore.open(vertx, ConfigLoader.load(Map.of("DATA_DIR", dataDir.toString()), dataDir),
        new SimpleMeterRegistry())) {
      StoreIndexes.create(store);
      MongoCollection<Document> messages = store.collection(Collections.MESSAGES);
      assertThat(messages.countDocuments()).isEqualTo(MESSAGES);
      List<Document> thread = messages.find(Filters.eq("conversationId", "c7")).sort(Sorts.descending("createdAt", "_id"))
          .into(new ArrayList<>());
      assertThat(thread).extracting(d -> d.getString("_id")).containsExactly("m297", "m287", "m277", "m267", "m257", "m247",
          "m237", "m227", "m217", "m207", "m197", "m187", "m177", "m167", "m157", "m147", "m137", "m127", "m117", "m107", "m97", "m87",
          "m77", "m67", "m57", "m47", "m37", "m27", "m17", "m7");
      assertThat(thread.get(0).getDate("createdAt")).isEqualTo(new Date(1_700_000_000_000L + 297_000));
      assertThat(store.collection(Collections.CUSTOMERS).find(Filters.eq("_id", "cust-1")).first().getList("tags", String.class))
          .containsExactly("vip");
      // The unique index came back with the data.
      assertThatThrownBy(() -> messages.insertOne(new Document("_id", "again").append("dedupeKey", "ch:5")))
          .matches(DuplicateKeys::isDuplicateKey);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      assertThat(reopened.getMapNames()).noneMatch(name -> name.startsWith("databases.") || name.startsWith("meta.")
          || name.contains("._index_"));
    } finally {
      reopened.close();
    }
  }

  private static void writeWithTheStockBackend(Path file) {
    MongoServer server = new MongoServer(new H2Backend(file.toString()));
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      MongoCollection<Document> messages = client.getDatabase("omnihub").getCollection(Collections.MESSAGES);
      messages.createIndex(Indexes.ascending("dedupeKey"), new IndexOptions().name("dedupe_key").unique(true).sparse(true));
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        batch.add(new Document("_id", "m" + i).append("dedupeKey", "ch:" + i).append("conversationId", "c" + (i % 10))
            .append("text", "message " + i).append("createdAt", new Date(1_700_000_000_000L + i * 1000L)));
      }
      messages.insertMany(batch);
      client.getDatabase("omnihub").getCollection(Collections.CUSTOMERS)
          .insertOne(new Document("_id", "cust-1").append("tags", List.of("vip")).append("version", 1L));
    } finally {
      server.shutdownNow();
    }
  }
}
