package dev.omnihub.hub.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign to 10,000 customers survives a SIGKILL in the middle: the hub is killed while it writes
 * and delivers the campaign's messages, and after a restart the fake provider (which outlives both
 * hubs and records every message it took) has exactly one message for each customer who may get one
 * and none for the others; the counts are exact.
 */
class KillDuringCampaignTest {

  private static final int CUSTOMERS = 10_000;
  private static final String ACCOUNT = "AC000000000000000000000000000kill";
  private static final String TOKEN = "kill-auth-token";
  private static final String NUMBER = "+4930555999";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dataDir;

  @Test
  void afterAKillEveryCustomerWhoMayGetTheMessageGetsItExactlyOnce() throws Exception {
    try (FakeTwilio twilio = new FakeTwilio(ACCOUNT, TOKEN)) {
      String channel;
      try (TestHub setUp = TestHub.start(dataDir)) {
        channel = setUp.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", ACCOUNT)
            .put("authToken", TOKEN).put("phoneNumber", NUMBER).put("apiBaseUrl", twilio.baseUrl()), setUp.adminToken()).json().getString("id");
        load(setUp.hub().services().mongo(), channel);
      }

      String campaignId;
      try (HubProcess first = HubProcess.fromClasspath(dataDir, Map.of("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true"))) {
        first.awaitListening(START_TIMEOUT);
        HubClient client = first.client();
        String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
        HttpResult created = client.post("/api/v1/campaigns", new JsonObject().put("name", "Order delays").put("channelId", channel)
            .put("purpose", "marketing").put("ratePerMinute", Campaign.MAX_RATE_PER_MINUTE)
            .put("audience", new JsonObject().put("tags", new JsonArray().add("kill"))).put("text", "Hi {{customer.name}}, your order is delayed."),
            admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        campaignId = created.json().getString("id");
        // Killed while messages are being written and delivered.
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> twilio.sent().size() >= 2_500);
        first.kill();
      }
      int sentBeforeRestart = twilio.sent().size();
      assertThat(sentBeforeRestart).as("killed in the middle").isLessThan(Expected.SENT);

      try (TestHub restarted = TestHub.start(dataDir)) {
        Awaitility.await("every send delivered").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
            .until(() -> twilio.sent().size() >= Expected.SENT && "done".equals(campaign(restarted, campaignId).getString("status")));
        Thread.sleep(2_000);
        Map<String, Long> perNumber = twilio.sent().stream().collect(Collectors.groupingBy(sent -> sent.form().get("To"), Collectors.counting()));
        assertThat(perNumber.values().stream().filter(count -> count > 1).count()).as("numbers that got it twice").isZero();
        assertThat(perNumber.keySet()).isEqualTo(Expected.reachable());
        JsonObject counts = campaign(restarted, campaignId).getJsonObject("counts");
        assertThat(counts.getMap()).containsEntry("targeted", CUSTOMERS).containsEntry("sent", Expected.SENT)
            .containsEntry("skippedNoAddress", Expected.NO_ADDRESS).containsEntry("skippedOptedOut", Expected.OPTED_OUT)
            .containsEntry("skippedNoConsent", Expected.NO_CONSENT);
        MongoStore store = restarted.hub().services().mongo();
        long messages = store.read(() -> store.collection(Collections.MESSAGES).countDocuments(new Document("metadata.campaignId", campaignId)))
            .await(30, TimeUnit.SECONDS);
        assertThat(messages).as("one message per customer sent to").isEqualTo(Expected.SENT);
      }
    }
  }

  /** Who may get the campaign: every tenth has not consented, every 25th opted out by STOP, every 40th has no phone number. */
  private static final class Expected {
    static final int NO_CONSENT = count(Expected::noConsent);
    static final int OPTED_OUT = count(Expected::optedOut);
    static final int NO_ADDRESS = count(Expected::noPhone);
    static final int SENT = CUSTOMERS - NO_CONSENT - OPTED_OUT - NO_ADDRESS;

    static boolean noConsent(int i) {
      return i % 10 == 0;
    }

    static boolean optedOut(int i) {
      return i % 25 == 1;
    }

    static boolean noPhone(int i) {
      return i % 40 == 3;
    }

    static int count(java.util.function.IntPredicate reason) {
      return (int) java.util.stream.IntStream.range(0, CUSTOMERS).filter(reason).count();
    }

    static Set<String> reachable() {
      Set<String> numbers = new TreeSet<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        if (!noConsent(i) && !optedOut(i) && !noPhone(i)) {
          numbers.add(phone(i));
        }
      }
      return numbers;
    }
  }

  private static String phone(int i) {
    return "+4915" + (10_000_000 + i);
  }

  /** 10,000 tagged customers written straight into the store, with their identities, consent and opt-outs. */
  private static void load(MongoStore store, String channel) throws Exception {
    List<Document> customers = new ArrayList<>();
    List<Document> identities = new ArrayList<>();
    List<Document> optOuts = new ArrayList<>();
    Date now = new Date();
    for (int i = 0; i < CUSTOMERS; i++) {
      String id = new ObjectId().toHexString();
      String identity = Expected.noPhone(i) ? "email:kill" + i + "@example.com" : "phone:" + phone(i);
      customers.add(new Document("_id", id).append("name", "Customer " + i).append("identities", List.of(identity))
          .append("attributes", new Document()).append("tags", List.of("kill")).append("createdAt", now).append("updatedAt", now)
          .append("version", 1L).append("consent", new Document("marketing", new Document("sms", !Expected.noConsent(i)))));
      identities.add(new Document("_id", identity).append("kind", identity.substring(0, identity.indexOf(':'))).append("customerId", id)
          .append("createdAt", now));
      if (Expected.optedOut(i)) {
        optOuts.add(new Document("_id", channel + "|" + phone(i)).append("channelId", channel).append("address", phone(i))
            .append("keyword", "STOP").append("at", now));
      }
    }
    store.write(() -> {
      store.collection(Collections.CUSTOMERS).insertMany(customers);
      store.collection(Collections.IDENTITIES).insertMany(identities);
      return store.collection(Collections.OPT_OUTS).insertMany(optOuts);
    }).await(120, TimeUnit.SECONDS);
  }

  private static JsonObject campaign(TestHub hub, String id) {
    return hub.client().get("/api/v1/campaigns/" + id, hub.adminToken()).json();
  }
}
