package dev.omnihub.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How many store reads one inbound message costs, counted in the embedded store: a message that
 * continues its sender's open conversation makes four (its dedupe key, the sender's identities, their
 * customer, and the conversation found and updated in one step) besides the insert of the message;
 * a new customer's first message looks for no conversation to continue.
 */
class IngestStoreReadsTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject channel;
  static int ids;
  /** What an inbound message may read; nothing that runs beside it in the background reads these. */
  private static final Set<String> INGEST_COLLECTIONS = Set.of("messages", "identities", "customers", "conversations", "thread_keys");

  @BeforeAll
  static void start() {
    client = hub.client();
    channel = client.createApiChannel(hub.adminToken(), "Shop", null);
  }

  private static List<String> readsFor(JsonObject from, String threadKey) throws Exception {
    List<String> reads = new CopyOnWriteArrayList<>();
    JsonObject body = HubClient.message("m-" + ids++, from, "hello again");
    if (threadKey != null) {
      body.put("threadKey", threadKey);
    }
    try (AutoCloseable listening = hub.hub().services().mongo().queryStats()
        .listen((collection, plan, keys, examined, returned) -> {
          String name = collection.substring(collection.indexOf('.') + 1);
          // The hub's pollers (outbox, timers, the knowledge base) read their own collections meanwhile.
          if (INGEST_COLLECTIONS.contains(name)) {
            reads.add(name);
          }
        })) {
      HttpResult result = client.webhook(channel, body);
      assertThat(result.status()).as(result.toString()).isEqualTo(200);
    }
    return reads;
  }

  /**
   * Routing's listener reads a new conversation once after it was created (it puts it in a queue or
   * the pool); the measured message comes after that, so those reads are not counted as its own.
   */
  private static void routingLooked() {
    var mongo = hub.hub().services().mongo();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> mongo.read(() -> mongo.collection("conversations")
        .countDocuments(new org.bson.Document("routing.pooled", new org.bson.Document("$ne", true)))).await() == 0);
  }

  @Test
  void aMessageInAnOpenConversationCostsFourReads() throws Exception {
    JsonObject ana = new JsonObject().put("email", "ana@example.com").put("name", "Ana");
    readsFor(ana, null);
    routingLooked();

    assertThat(readsFor(ana, null)).containsExactly("messages", "identities", "customers", "conversations");
  }

  @Test
  void aNewCustomersFirstMessageLooksForNoConversationToContinue() throws Exception {
    List<String> plans = new CopyOnWriteArrayList<>();
    try (AutoCloseable listening = hub.hub().services().mongo().queryStats()
        .listen((collection, plan, keys, examined, returned) -> plans.add(collection.substring(collection.indexOf('.') + 1) + " " + plan))) {
      HttpResult result = client.webhook(channel, HubClient.message("m-" + ids++, new JsonObject().put("email", "cy@example.com"), "hi"));
      assertThat(result.status()).as(result.toString()).isEqualTo(200);
    }
    // Nobody could have started one for a customer this message created: it is started at once (the
    // unique index on activeFor refuses a second one, should a concurrent message have started it).
    assertThat(plans).as("the default thread is not looked up").noneMatch(read -> read.equals("conversations active_for"));
    assertThat(plans.stream().filter(read -> read.startsWith("customers ")))
        .as("the profile's creation, and the write of its first address, which reads it back for customer.created").hasSize(2);
  }

  @Test
  void aThreadKeyThatLeadsToItsConversationIsLookedUpOnce() throws Exception {
    JsonObject bo = new JsonObject().put("email", "bo@example.com").put("name", "Bo");
    readsFor(bo, "order-7");
    routingLooked();

    assertThat(readsFor(bo, "order-7")).containsExactly("messages", "identities", "customers", "thread_keys", "conversations",
        "conversations");
  }
}
