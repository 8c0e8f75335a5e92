package dev.omnihub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.campaign.Campaign;
import dev.omnihub.hub.channel.LeaseStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node that died held, taken over by the nodes that see it go. */
class NodeDeparturesTest {

  private static final String ACCOUNT = "AC0000000000000000000000departures";
  private static final String AUTH_TOKEN = "departures-auth-token";

  @TempDir
  Path dataDir;

  /**
   * A writer killed between a message and its delivery row leaves the message queued with nothing
   * to deliver it (a campaign's batch, run again elsewhere, then finds it sent): the nodes that see
   * the writer leave queue it, and it reaches the provider.
   */
  @Test
  void aMessageWhoseWriterDiedBeforeQueuingItIsDeliveredOnceTheWriterLeaves() throws Exception {
    try (FakeTwilio twilio = new FakeTwilio(ACCOUNT, AUTH_TOKEN); TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      Document delivered = deliveredCampaignMessage(hub, twilio);
      // What the killed writer left: a second campaign message, queued, and no outbox row for it.
      String orphan = Ids.newId();
      Document queued = new Document(delivered).append("_id", orphan).append("dedupeKey", "departures:" + orphan)
          .append("createdAt", new Date()).append("delivery", new Document("status", "queued").append("attempts", 0));
      queued.remove("cursor");
      store.write(() -> store.collection(Collections.MESSAGES).insertOne(queued)).await(10, TimeUnit.SECONDS);
      assertThat(outboxRow(store, orphan)).as("nothing delivers it yet").isZero();

      Clock clock = Clock.systemUTC();
      ConversationServices conversations = hub.hub().services().conversationServices();
      NodeDepartures departures = new NodeDepartures(store, hub.hub().services().realtime().presence(),
          new LeaseStore(store, clock, hub.hub().services().nodeId()), conversations.timers(), conversations.outbox(), conversations.messages(),
          clock);
      departures.left("node-killed").await(10, TimeUnit.SECONDS);

      Awaitility.await("the provider took it").atMost(Duration.ofSeconds(15)).until(() -> twilio.sent().size() == 2);
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveryStatus(store, orphan)).isEqualTo("sent"));
      departures.left("node-killed").await(10, TimeUnit.SECONDS);
      Thread.sleep(1_000);
      assertThat(twilio.sent()).as("a second departure queues nothing again").hasSize(2);
    }
  }

  /** An SMS campaign to one customer, delivered; returns its message. */
  private static Document deliveredCampaignMessage(TestHub hub, FakeTwilio twilio) throws Exception {
    HttpResult channel = hub.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", ACCOUNT)
        .put("authToken", AUTH_TOKEN).put("phoneNumber", "+4930555123").put("apiBaseUrl", twilio.baseUrl()), hub.adminToken());
    assertThat(channel.status()).as(channel.toString()).isEqualTo(201);
    MongoStore store = hub.hub().services().mongo();
    String customer = new ObjectId().toHexString();
    Date now = new Date();
    store.write(() -> {
      store.collection(Collections.CUSTOMERS).insertOne(new Document("_id", customer).append("name", "Ada")
          .append("identities", List.of("phone:+4917012345")).append("attributes", new Document()).append("tags", List.of("departures"))
          .append("createdAt", now).append("updatedAt", now).append("version", 1L)
          .append("consent", new Document("marketing", new Document("sms", true))));
      store.collection(Collections.IDENTITIES).insertOne(new Document("_id", "phone:+4917012345").append("kind", "phone")
          .append("customerId", customer).append("createdAt", now));
      return null;
    }).await(10, TimeUnit.SECONDS);
    HttpResult campaign = hub.client().post("/api/v1/campaigns", new JsonObject().put("name", "One").put("channelId", channel.json().getString("id"))
        .put("purpose", "marketing").put("ratePerMinute", Campaign.MAX_RATE_PER_MINUTE)
        .put("audience", new JsonObject().put("tags", new JsonArray().add("departures"))).put("text", "Hi {{customer.name}}"), hub.adminToken());
    assertThat(campaign.status()).as(campaign.toString()).isEqualTo(201);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> twilio.sent().size() == 1);
    return store.read(() -> store.collection(Collections.MESSAGES).find(Filters.eq("customerId", customer)).first()).await(10, TimeUnit.SECONDS);
  }

  private static long outboxRow(MongoStore store, String id) throws Exception {
    return store.read(() -> store.collection(Collections.OUTBOX).countDocuments(Filters.eq("_id", id))).await(10, TimeUnit.SECONDS);
  }

  private static String deliveryStatus(MongoStore store, String id) throws Exception {
    return store.read(() -> store.collection(Collections.MESSAGES).find(Filters.eq("_id", id)).first().get("delivery", Document.class)
        .getString("status")).await(10, TimeUnit.SECONDS);
  }
}
