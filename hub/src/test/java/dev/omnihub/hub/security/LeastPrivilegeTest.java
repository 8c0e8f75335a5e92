package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Findings of issue 14 about who may do what: merging two customers is a supervisor's decision; a
 * reply goes only through a channel of that customer, so one integration's token cannot send a
 * customer's words to another integration's webhook; agents see channels without their settings.
 */
class LeastPrivilegeTest {

  /** One hub for the class; each test has customers and agents of its own. */
  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final AtomicInteger agents = new AtomicInteger();

  @Test
  void mergesAreForSupervisors() {
    HubClient client = hub.client();
    JsonObject channel = client.createApiChannel(hub.adminToken(), "App", null);
    String ana = client.webhook(channel, HubClient.message("a", new JsonObject().put("email", "ana@merge.test"), "hi")).json()
        .getString("customerId");
    String bo = client.webhook(channel, HubClient.message("b", new JsonObject().put("email", "bo@merge.test"), "hi")).json()
        .getString("customerId");
    String agent = token(hub, "agent@agents.test", "agent");
    String supervisor = token(hub, "sup@agents.test", "supervisor");

    HttpResult refused = client.post("/api/v1/customers/" + ana + "/merge", new JsonObject().put("otherId", bo), agent);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    HttpResult integration = client.post("/api/v1/customers/" + ana + "/merge", new JsonObject().put("otherId", bo),
        client.post("/api/v1/tokens", new JsonObject().put("name", "shop"), hub.adminToken()).json().getString("token"));
    assertThat(integration.status()).as("an integration's agent-role token").isEqualTo(403);
    assertThat(client.get("/api/v1/customers/" + bo, agent).json().containsKey("mergedInto")).isFalse();
    assertThat(client.post("/api/v1/customers/" + ana + "/merge", new JsonObject().put("otherId", bo), supervisor).status()).isEqualTo(200);
  }

  @Test
  void aMergeCanBeUndoneFromItsRecord() {
    HubClient client = hub.client();
    JsonObject channel = client.createApiChannel(hub.adminToken(), "App", null);
    JsonObject first = client.webhook(channel, HubClient.message("a", new JsonObject().put("email", "ana@unmerge.test"), "hi")).json();
    JsonObject second = client.webhook(channel, HubClient.message("b", new JsonObject().put("phone", "+4930111333"), "hello")).json();
    String ana = first.getString("customerId");
    String other = second.getString("customerId");
    assertThat(client.post("/api/v1/customer-events", new JsonObject().put("identity", "phone:+4930111333").put("type", "order.created")
        .put("title", "Order").put("occurredAt", "2026-11-30T10:00:00Z").put("externalId", "o-1"), hub.adminToken()).status()).isEqualTo(201);
    String supervisor = token(hub, "sup@agents.test", "supervisor");
    assertThat(client.post("/api/v1/customers/" + ana + "/merge", new JsonObject().put("otherId", other), supervisor).status()).isEqualTo(200);
    assertThat(client.get("/api/v1/customers/" + ana + "/conversations", supervisor).items()).hasSize(2);

    String agent = token(hub, "agent@agents.test", "agent");
    assertThat(client.post("/api/v1/customers/" + ana + "/unmerge", new JsonObject().put("otherId", other), agent).status()).isEqualTo(403);
    HttpResult undone = client.post("/api/v1/customers/" + ana + "/unmerge", new JsonObject().put("otherId", other), supervisor);
    assertThat(undone.status()).as(undone.toString()).isEqualTo(200);

    JsonObject restored = client.get("/api/v1/customers/" + other, supervisor).json();
    assertThat(restored.containsKey("mergedInto")).isFalse();
    assertThat(restored.getJsonArray("identities")).contains(new JsonObject().put("kind", "phone").put("value", "+4930111333"));
    assertThat(client.get("/api/v1/customers?identity=phone:+4930111333", supervisor).items().getJsonObject(0).getString("id"))
        .isEqualTo(other);
    assertThat(client.get("/api/v1/customers/" + other + "/conversations", supervisor).items().getJsonObject(0).getString("id"))
        .isEqualTo(second.getString("conversationId"));
    assertThat(client.get("/api/v1/customers/" + ana + "/conversations", supervisor).items()).hasSize(1);
    assertThat(client.get("/api/v1/customers/" + other + "/timeline", supervisor).items().stream().map(JsonObject.class::cast)
        .map(item -> item.getString("kind"))).contains("event");
    assertThat(client.post("/api/v1/customers/" + ana + "/unmerge", new JsonObject().put("otherId", other), supervisor).status())
        .as("undone once").isEqualTo(409);
  }

  @Test
  void aReplyGoesOnlyThroughAChannelOfThatCustomer() throws Exception {
    try (WebhookReceiver otherIntegration = new WebhookReceiver()) {
      HubClient client = hub.client();
      JsonObject shop = client.createApiChannel(hub.adminToken(), "Shop", null);
      JsonObject other = client.createApiChannel(hub.adminToken(), "Other integration", otherIntegration.url());
      JsonObject email = client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Mail")
          .put("address", "support@shop.test"), hub.adminToken()).json();
      String conversation = client.webhook(shop, HubClient.message("m-1", new JsonObject().put("email", "ana@reply.test"),
          "my card number is 4111...")).json().getString("conversationId");

      HttpResult leak = client.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "forwarding")
          .put("channel", other.getString("id")), hub.adminToken());
      assertThat(leak.status()).as(leak.toString()).isEqualTo(409);
      assertThat(leak.errorCode()).isEqualTo("channel_not_of_customer");

      assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "by mail")
          .put("channel", email.getString("id")), hub.adminToken()).status()).as("an email channel for a customer with an email")
          .isEqualTo(201);
      HttpResult here = client.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "here")
          .put("channel", shop.getString("id")), hub.adminToken());
      assertThat(here.status()).isEqualTo(201);
      // The barrier: the queue has dealt with the last reply (the shop has no webhook: skipped), so with everything before it.
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/api/v1/conversations/" + conversation + "/messages",
          hub.adminToken()).items().stream().map(JsonObject.class::cast).filter(m -> here.json().getString("id").equals(m.getString("id")))
          .anyMatch(m -> m.getJsonObject("delivery") != null && "skipped".equals(m.getJsonObject("delivery").getString("status"))));
      assertThat(otherIntegration.requests()).as("the other integration heard nothing").isZero();
    }
  }

  @Test
  void agentsSeeChannelsWithoutTheirSettings() {
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Shop", "https://shop.example.com/hook");
    String agent = token(hub, "agent@agents.test", "agent");
    JsonObject seen = hub.client().get("/api/v1/channels/" + channel.getString("id"), agent).json();
    assertThat(seen.fieldNames()).containsExactlyInAnyOrder("id", "type", "name");
  }

  /** A new agent's token; the address is made unique, as every test on the shared hub makes its own agents. */
  private static String token(HubExtension hub, String address, String role) {
    String email = address.replace("@", "-" + agents.incrementAndGet() + "@");
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", email).put("email", email)
        .put("password", "correct horse battery").put("roles", new JsonArray().add(role)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return hub.client().login(email, "correct horse battery");
  }
}
