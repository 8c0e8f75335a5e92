package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail through the API (API.md "Audit"): logins and failed logins, reads of a customer and
 * of a conversation, changes, each with actor, target, address and a time to the millisecond; filters
 * by actor, customer, action and time; admins only; no route changes or deletes an entry.
 */
class AuditTrailTest {

  @TempDir
  Path dataDir;

  @Test
  void whoSawAndChangedWhatIsOnRecord() {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "App", null);
      JsonObject ack = client.webhook(channel, HubClient.message("m-1", new JsonObject().put("email", "ana@example.com"), "hi")).json();
      String customer = ack.getString("customerId");
      String conversation = ack.getString("conversationId");
      String agentId = client.post("/api/v1/agents", new JsonObject().put("name", "Ben").put("email", "ben@agents.test")
          .put("password", "correct horse battery").put("roles", new JsonArray().add("agent")), hub.adminToken()).json().getString("id");
      assertThat(client.post("/api/v1/auth/login", new JsonObject().put("email", "ben@agents.test").put("password", "wrong"), null).status())
          .isEqualTo(401);
      String ben = client.login("ben@agents.test", "correct horse battery");
      Instant before = Instant.now();
      assertThat(client.get("/api/v1/customers/" + customer, ben).status()).isEqualTo(200);
      assertThat(client.get("/api/v1/conversations/" + conversation, ben).status()).isEqualTo(200);
      assertThat(client.patch("/api/v1/customers/" + customer, new JsonObject().put("tags", new JsonArray().add("vip")), ben).status())
          .isEqualTo(200);

      List<JsonObject> bens = awaitEntries(hub, "/api/v1/audit?actor=" + agentId, 4);
      assertThat(bens).extracting(entry -> entry.getString("action"))
          .containsExactly("PATCH /api/v1/customers/:id", "conversation.read", "customer.read", "login.succeeded");
      assertThat(bens.get(0).getJsonObject("target")).as("a change names its target like a read does")
          .isEqualTo(new JsonObject().put("type", "customer").put("id", customer));
      JsonObject read = bens.get(2);
      assertThat(read.getJsonObject("target")).isEqualTo(new JsonObject().put("type", "customer").put("id", customer));
      assertThat(read.getString("ip")).isEqualTo("127.0.0.1");
      assertThat(Instant.parse(read.getString("at"))).isAfterOrEqualTo(before.minusMillis(1));
      assertThat(bens.get(1).getString("customerId")).as("a conversation read names its customer").isEqualTo(customer);

      assertThat(client.get("/api/v1/customers?identity=email:ana@example.com", ben).status()).isEqualTo(200);
      assertThat(client.get("/api/v1/conversations", ben).status()).isEqualTo(200);
      assertThat(awaitEntries(hub, "/api/v1/audit?actor=" + agentId + "&action=conversation.listed", 1)).hasSize(1);
      assertThat(awaitEntries(hub, "/api/v1/audit?actor=" + agentId + "&action=customer.read", 2).get(0).getJsonObject("target")
          .getString("id")).as("a lookup by identity reads the profile it found").isEqualTo(customer);

      List<JsonObject> aboutAna = awaitEntries(hub, "/api/v1/audit?customerId=" + customer, 3);
      assertThat(aboutAna).extracting(entry -> entry.getString("action")).contains("customer.read", "conversation.read");
      assertThat(awaitEntries(hub, "/api/v1/audit?action=login.failed", 1).get(0).getJsonObject("actor").getString("name"))
          .isEqualTo("ben@agents.test");
      assertThat(client.get("/api/v1/audit?from=" + Instant.now().plusSeconds(60), hub.adminToken()).items()).isEmpty();
      assertThat(client.get("/api/v1/audit?from=yesterday", hub.adminToken()).status()).isEqualTo(400);

      HttpResult notAdmin = client.get("/api/v1/audit", ben);
      assertThat(notAdmin.status()).isEqualTo(403);
      assertThat(client.delete("/api/v1/audit", hub.adminToken()).status()).as("append-only").isIn(404, 405);
    }
  }

  private static List<JsonObject> awaitEntries(TestHub hub, String path, int atLeast) {
    List<JsonObject>[] found = new List[1];
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      found[0] = hub.client().get(path, hub.adminToken()).items().stream().map(JsonObject.class::cast).toList();
      return found[0].size() >= atLeast;
    });
    return found[0];
  }
}
