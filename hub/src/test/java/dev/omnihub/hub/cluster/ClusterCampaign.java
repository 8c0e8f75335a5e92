package dev.omnihub.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.campaign.Campaign;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * An SMS campaign sent by a cluster while one of its nodes is killed: the campaign's batches are written
 * by whichever node claims its timer next and its messages sent by every node's outbox, so a node that
 * dies holds some of both. Afterwards the fake provider must have exactly one message for each customer.
 */
final class ClusterCampaign implements AutoCloseable {

  private static final String ACCOUNT = "AC00000000000000000000000000cluster";
  private static final String AUTH_TOKEN = "cluster-auth-token";
  private static final String TAG = "cluster-campaign";

  private final FakeTwilio twilio = new FakeTwilio(ACCOUNT, AUTH_TOKEN);
  private final int customers;
  private String campaignId;

  ClusterCampaign(int customers) {
    this.customers = customers;
  }

  /** Loads the customers straight into the store, creates an SMS channel to the fake provider and starts the campaign. */
  void start(HubClient node, String adminToken, String mongoUri) {
    HttpResult channel = node.post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "Cluster SMS")
        .put("accountSid", ACCOUNT).put("authToken", AUTH_TOKEN).put("phoneNumber", "+4930555777").put("apiBaseUrl", twilio.baseUrl()),
        adminToken);
    assertThat(channel.status()).as(channel.toString()).isEqualTo(201);
    try (MongoClient mongo = MongoClients.create(mongoUri)) {
      load(mongo.getDatabase("omnihub"));
    }
    HttpResult created = node.post("/api/v1/campaigns", new JsonObject().put("name", "Across nodes")
        .put("channelId", channel.json().getString("id")).put("purpose", "marketing").put("ratePerMinute", Campaign.MAX_RATE_PER_MINUTE)
        .put("audience", new JsonObject().put("tags", new JsonArray().add(TAG))).put("text", "Hi {{customer.name}}, we moved."), adminToken);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    campaignId = created.json().getString("id");
  }

  /** Messages the provider took so far. */
  int sent() {
    return twilio.sent().size();
  }

  /** Waits until every customer was sent to and the campaign is done (asked of a live node), then checks each got one message. */
  void assertEachCustomerGotItOnce(Supplier<HubClient> liveNode, String adminToken, String mongoUri, Supplier<String> nodesLog)
      throws InterruptedException {
    try {
      Awaitility.await("every customer sent to").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> sent() >= customers && "done".equals(campaign(liveNode.get(), adminToken).getString("status")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the campaign did not finish; provider took " + sent() + " of " + customers + "\n" + state(mongoUri)
          + "\n--- nodes' warnings ---\n" + nodesLog.get(), e);
    }
    // A duplicate would come from a send retried after the kill: give a late one the time to arrive.
    Thread.sleep(1_000);
    Map<String, Long> perNumber = twilio.sent().stream().collect(Collectors.groupingBy(sent -> sent.form().get("To"), Collectors.counting()));
    assertThat(perNumber.entrySet().stream().filter(number -> number.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("numbers that got the campaign twice").isEmpty();
    assertThat(perNumber.keySet()).isEqualTo(numbers());
    assertThat(campaign(liveNode.get(), adminToken).getJsonObject("counts").getInteger("sent")).isEqualTo(customers);
  }

  /** What the store holds of the campaign's progress: its document, its timer, the deliveries still queued or given up, and the leases. */
  private String state(String mongoUri) {
    try (MongoClient mongo = MongoClients.create(mongoUri)) {
      MongoDatabase store = mongo.getDatabase("omnihub");
      StringBuilder state = new StringBuilder();
      state.append("campaign: ").append(store.getCollection(Collections.CAMPAIGNS).find(Filters.eq("_id", campaignId)).first()).append('\n');
      state.append("timer: ").append(store.getCollection(Collections.TIMERS).find(Filters.regex("_id", "^campaign")).into(new ArrayList<>()))
          .append('\n');
      state.append("messages: ").append(store.getCollection(Collections.MESSAGES).countDocuments(Filters.eq("metadata.campaignId", campaignId)))
          .append('\n');
      Map<Object, List<Object>> byStatus = new java.util.TreeMap<>();
      store.getCollection(Collections.MESSAGES).find(Filters.eq("metadata.campaignId", campaignId)).forEach(message -> {
        Document delivery = message.get("delivery", Document.class);
        byStatus.computeIfAbsent(String.valueOf(delivery == null ? null : delivery.get("status")), status -> new ArrayList<>())
            .add(message.get("_id"));
      });
      byStatus.forEach((status, ids) -> state.append("  ").append(status).append(": ").append(ids.size()).append('\n'));
      byStatus.entrySet().stream().filter(status -> !status.getKey().equals("sent") && !status.getKey().equals("delivered"))
          .flatMap(status -> status.getValue().stream().limit(3))
          .forEach(id -> state.append("  ").append(store.getCollection(Collections.MESSAGES).find(Filters.eq("_id", id)).first()).append('\n'));
      state.append("outbox: ").append(store.getCollection(Collections.OUTBOX).countDocuments()).append(", first: ")
          .append(store.getCollection(Collections.OUTBOX).find().sort(Sorts.ascending("nextAttemptAt")).limit(3).into(new ArrayList<>()))
          .append('\n');
      state.append("dead deliveries: ").append(store.getCollection(Collections.DEAD_DELIVERIES).find().limit(3).into(new ArrayList<>()))
          .append('\n');
      state.append("leases: ").append(store.getCollection(Collections.LEASES).find().into(new ArrayList<>())).append('\n');
      state.append("nodes: ").append(store.getCollection(Collections.NODES).find().into(new ArrayList<>()));
      return state.toString();
    } catch (RuntimeException e) {
      return "(store not readable: " + e + ")";
    }
  }

  private JsonObject campaign(HubClient node, String adminToken) {
    return node.get("/api/v1/campaigns/" + campaignId, adminToken).json();
  }

  private Set<String> numbers() {
    Set<String> numbers = new TreeSet<>();
    for (int i = 0; i < customers; i++) {
      numbers.add(phone(i));
    }
    return numbers;
  }

  private static String phone(int i) {
    return "+4916" + (10_000_000 + i);
  }

  /** Tagged customers with a phone identity each, who agreed to marketing by SMS. */
  private void load(MongoDatabase store) {
    List<Document> customerDocuments = new ArrayList<>();
    List<Document> identities = new ArrayList<>();
    Date now = new Date();
    for (int i = 0; i < customers; i++) {
      String id = new ObjectId().toHexString();
      String identity = "phone:" + phone(i);
      customerDocuments.add(new Document("_id", id).append("name", "Customer " + i).append("identities", List.of(identity))
          .append("attributes", new Document()).append("tags", List.of(TAG)).append("createdAt", now).append("updatedAt", now)
          .append("version", 1L).append("consent", new Document("marketing", new Document("sms", true))));
      identities.add(new Document("_id", identity).append("kind", "phone").append("customerId", id).append("createdAt", now));
    }
    store.getCollection(Collections.CUSTOMERS).insertMany(customerDocuments);
    store.getCollection(Collections.IDENTITIES).insertMany(identities);
  }

  @Override
  public void close() {
    twilio.close();
  }
}
