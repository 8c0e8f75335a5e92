package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.config.ConfigLoader;
import dev.omnihub.hub.config.HubConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store through the real MongoDB driver: the operations the hub relies on, and restarts. */
class EmbeddedStoreTest {

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private MongoStore store;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = openStore();
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private MongoStore openStore() {
    HubConfig config = ConfigLoader.load(Map.of("DATA_DIR", dataDir.toString()), dataDir);
    MongoStore opened = MongoStore.open(vertx, config, new SimpleMeterRegistry());
    StoreIndexes.create(opened);
    return opened;
  }

  @Test
  void acknowledgedWritesSurviveARestart() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = Ids.newId();
      ids.add(id);
      store.write(() -> store.collection("things").insertOne(new Document("_id", id).append("n", 1))).await(10, TimeUnit.SECONDS);
    }
    store.close();

    store = openStore();
    long found = store.read(() -> store.collection("things").countDocuments(Filters.in("_id", ids))).await(10, TimeUnit.SECONDS);
    assertThat(found).isEqualTo(50);
  }

  @Test
  void sparseUniqueIndexRejectsASecondDeliveryButNotOutboundMessages() throws Exception {
    MongoCollection<Document> messages = store.collection(Collections.MESSAGES);
    store.write(() -> {
      messages.insertOne(new Document("_id", Ids.newId()).append("dedupeKey", "ch:1"));
      messages.insertOne(new Document("_id", Ids.newId()));
      messages.insertOne(new Document("_id", Ids.newId()));
      return null;
    }).await(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> store.write(() -> {
      messages.insertOne(new Document("_id", Ids.newId()).append("dedupeKey", "ch:1"));
      return null;
    }).await(10, TimeUnit.SECONDS)).matches(DuplicateKeys::isDuplicateKey);
  }

  @Test
  void activeConversationClaimAllowsOnePerCustomerAndIsReleasedByUnset() throws Exception {
    MongoCollection<Document> conversations = store.collection(Collections.CONVERSATIONS);
    String first = Ids.newId();
    store.write(() -> conversations.insertOne(new Document("_id", first).append("activeFor", "cust-1"))).await(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> store.write(() -> conversations.insertOne(new Document("_id", Ids.newId()).append("activeFor", "cust-1")))
        .await(10, TimeUnit.SECONDS)).matches(DuplicateKeys::isDuplicateKey);

    store.write(() -> conversations.updateOne(Filters.eq("_id", first), Updates.unset("activeFor"))).await(10, TimeUnit.SECONDS);
    String second = Ids.newId();
    store.write(() -> conversations.insertOne(new Document("_id", second).append("activeFor", "cust-1"))).await(10, TimeUnit.SECONDS);
    Document active = store.read(() -> conversations.find(Filters.eq("activeFor", "cust-1")).first()).await(10, TimeUnit.SECONDS);
    assertThat(active.getString("_id")).isEqualTo(second);
  }

  @Test
  void versionedCompareAndSetUpdatesOnlyTheExpectedVersion() throws Exception {
    MongoCollection<Document> customers = store.collection(Collections.CUSTOMERS);
    store.write(() -> customers.insertOne(new Document("_id", "c1").append("version", 1L))).await(10, TimeUnit.SECONDS);

    long stale = store.write(() -> customers.updateOne(Filters.and(Filters.eq("_id", "c1"), Filters.eq("version", 0L)),
        Updates.combine(Updates.set("name", "stale"), Updates.inc("version", 1L))).getModifiedCount()).await(10, TimeUnit.SECONDS);
    long current = store.write(() -> customers.updateOne(Filters.and(Filters.eq("_id", "c1"), Filters.eq("version", 1L)),
        Updates.combine(Updates.set("name", "fresh"), Updates.inc("version", 1L))).getModifiedCount()).await(10, TimeUnit.SECONDS);

    assertThat(stale).isZero();
    assertThat(current).isEqualTo(1);
    Document stored = store.read(() -> customers.find(Filters.eq("_id", "c1")).first()).await(10, TimeUnit.SECONDS);
    assertThat(stored.getString("name")).isEqualTo("fresh");
    assertThat(stored.getLong("version")).isEqualTo(2L);
  }

  @Test
  void upsertWithSetOnInsertKeepsTheFirstValue() throws Exception {
    MongoCollection<Document> identities = store.collection(Collections.IDENTITIES);
    FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
    Document first = store.write(() -> identities.findOneAndUpdate(Filters.eq("_id", "email:a@b.c"),
        Updates.setOnInsert("customerId", "c1"), upsert)).await(10, TimeUnit.SECONDS);
    Document second = store.write(() -> identities.findOneAndUpdate(Filters.eq("_id", "email:a@b.c"),
        Updates.setOnInsert("customerId", "c2"), upsert)).await(10, TimeUnit.SECONDS);

    assertThat(first.getString("customerId")).isEqualTo("c1");
    assertThat(second.getString("customerId")).isEqualTo("c1");
  }

  @Test
  void aSecondHubCannotOpenTheSameDataDirectory() {
    assertThatThrownBy(this::openStore).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("DATA_DIR");
  }
}
