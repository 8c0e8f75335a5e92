package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API tokens limited to channels (API.md {@code POST /api/v1/tokens} {@code channels}): such a token
 * sees and touches only customers and conversations reached through its channels; the rest answers
 * 404 as if it did not exist, and routes spanning every channel answer 403.
 */
class ChannelScopedTokenTest {

  @TempDir
  static Path dataDir;
  static TestHub hub;
  static HubClient client;
  static String admin;
  static JsonObject app;
  static String mail;
  /** Limited to the app channel. */
  static String appToken;
  static String unlimited;
  static JsonObject ana;
  static JsonObject bob;

  @BeforeAll
  static void start() {
    hub = TestHub.start(dataDir);
    client = hub.client();
    admin = hub.adminToken();
    app = client.createApiChannel(admin, "App", null);
    mail = client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support").put("address", "support@shop.test"),
        admin).json().getString("id");
    ana = client.webhook(app, HubClient.message("a-1", new JsonObject().put("email", "ana@example.com"), "from the app")).json();
    assertThat(MailSender.sendOnce(hub.hub().smtpPort(), mailWithFile("bob@example.com", "<b-1@mail.example.net>"), "support@shop.test"))
        .isEqualTo(250);
    bob = client.get("/api/v1/customers?identity=email:bob@example.com", admin).items().getJsonObject(0);
    appToken = token(new JsonObject().put("name", "app integration").put("roles", new JsonArray().add("agent"))
        .put("channels", new JsonArray().add(app.getString("id"))));
    unlimited = token(new JsonObject().put("name", "crm").put("roles", new JsonArray().add("agent")));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void aLimitedTokenIsListedWithItsChannelsAndBadLimitsAreRefused() {
    JsonObject listed = client.get("/api/v1/tokens", admin).items().stream().map(JsonObject.class::cast)
        .filter(token -> "app integration".equals(token.getString("name"))).findFirst().orElseThrow();
    assertThat(listed.getJsonArray("channels")).containsExactly(app.getString("id"));

    assertThat(create(new JsonObject().put("name", "x").put("channels", new JsonArray().add("000000000000000000000000"))).errorField())
        .isEqualTo("channels");
    assertThat(create(new JsonObject().put("name", "x").put("channels", new JsonArray())).status()).isEqualTo(400);
    assertThat(create(new JsonObject().put("name", "x").put("roles", new JsonArray().add("admin"))
        .put("channels", new JsonArray().add(app.getString("id")))).status()).as("an admin token spans the hub").isEqualTo(400);
  }

  @Test
  void conversationsOfOtherChannelsDoNotExistForIt() {
    String anas = ana.getString("conversationId");
    String bobs = conversationOf(bob.getString("id"));

    assertThat(ids(client.get("/api/v1/conversations", appToken).items())).contains(anas).doesNotContain(bobs);
    assertThat(ids(client.get("/api/v1/conversations", unlimited).items())).contains(anas, bobs);
    for (String path : List.of("", "/messages")) {
      assertThat(client.get("/api/v1/conversations/" + bobs + path, appToken).status()).isEqualTo(404);
      assertThat(client.get("/api/v1/conversations/" + anas + path, appToken).status()).isEqualTo(200);
    }
    JsonObject reply = new JsonObject().put("text", "hello").put("channel", app.getString("id"));
    assertThat(client.post("/api/v1/conversations/" + bobs + "/messages", reply, appToken).status()).isEqualTo(404);
    assertThat(client.post("/api/v1/conversations/" + bobs + "/status", new JsonObject().put("status", "resolved"), appToken).status())
        .isEqualTo(404);
    assertThat(client.post("/api/v1/conversations/" + bobs + "/assign", new JsonObject().put("queueId", "q"), appToken).status())
        .isEqualTo(404);
    assertThat(client.post("/api/v1/conversations/" + bobs + "/handoff", new JsonObject(), appToken).status()).isEqualTo(404);
  }

  @Test
  void itRepliesOnlyThroughItsOwnChannelsAndSaysWhich() {
    String anas = ana.getString("conversationId");
    HttpResult unnamed = client.post("/api/v1/conversations/" + anas + "/messages", new JsonObject().put("text", "hi"), appToken);
    assertThat(unnamed.status()).isEqualTo(400);
    assertThat(unnamed.errorField()).isEqualTo("channel");
    assertThat(client.post("/api/v1/conversations/" + anas + "/messages", new JsonObject().put("text", "hi").put("channel", mail),
        appToken).status()).isEqualTo(404);
    assertThat(client.post("/api/v1/conversations/" + anas + "/messages", new JsonObject().put("text", "hi")
        .put("channel", app.getString("id")), appToken).status()).isEqualTo(201);
  }

  @Test
  void customersOfOtherChannelsDoNotExistForIt() {
    String anaId = ana.getString("customerId");
    String bobId = bob.getString("id");
    for (String path : List.of("", "/conversations", "/timeline")) {
      assertThat(client.get("/api/v1/customers/" + bobId + path, appToken).status()).as(path).isEqualTo(404);
      assertThat(client.get("/api/v1/customers/" + anaId + path, appToken).status()).as(path).isEqualTo(200);
      assertThat(client.get("/api/v1/customers/" + bobId + path, unlimited).status()).as(path).isEqualTo(200);
    }
    assertThat(client.patch("/api/v1/customers/" + bobId, new JsonObject().put("tags", new JsonArray().add("x")), appToken).status())
        .isEqualTo(404);
    assertThat(client.put("/api/v1/customers/" + bobId + "/consent", new JsonObject().put("marketing", new JsonObject().put("sms", true)),
        appToken).status()).isEqualTo(404);
    assertThat(ids(client.get("/api/v1/customers", appToken).items())).contains(anaId).doesNotContain(bobId);
    assertThat(client.get("/api/v1/customers?identity=email:bob@example.com", appToken).items()).isEmpty();
    assertThat(client.get("/api/v1/customers?identity=email:ana@example.com", appToken).items()).hasSize(1);
  }

  @Test
  void filesChannelsAndRoutesSpanningEveryChannelAreOutOfItsReach() {
    String bobs = conversationOf(bob.getString("id"));
    String file = client.get("/api/v1/conversations/" + bobs + "/messages", admin).items().getJsonObject(0).getJsonArray("attachments")
        .getJsonObject(0).getString("url");
    assertThat(client.get(file, appToken).status()).isEqualTo(404);
    assertThat(client.get(file, unlimited).status()).isEqualTo(200);

    assertThat(ids(client.get("/api/v1/channels", appToken).items())).containsExactly(app.getString("id"));
    assertThat(client.get("/api/v1/channels/" + mail, appToken).status()).isEqualTo(404);
    assertThat(client.get("/api/v1/channels/" + app.getString("id"), appToken).status()).isEqualTo(200);

    String limitedSupervisor = token(new JsonObject().put("name", "sup").put("roles", new JsonArray().add("supervisor"))
        .put("channels", new JsonArray().add(app.getString("id"))));
    assertThat(client.post("/api/v1/customers/" + ana.getString("customerId") + "/merge",
        new JsonObject().put("otherId", bob.getString("id")), limitedSupervisor).status()).isEqualTo(403);
    assertThat(client.get("/api/v1/deliveries", limitedSupervisor).status()).isEqualTo(403);
    assertThat(client.get("/api/v1/merge-suggestions", appToken).status()).isEqualTo(403);
    assertThat(client.post("/api/v1/customer-events", new JsonObject().put("identity", "email:bob@example.com").put("type", "order.created")
        .put("title", "Order").put("occurredAt", "2026-11-30T10:00:00Z").put("externalId", "o-1"), appToken).status()).isEqualTo(403);
  }

  private static String conversationOf(String customerId) {
    return client.get("/api/v1/customers/" + customerId + "/conversations", admin).items().getJsonObject(0).getString("id");
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static HttpResult create(JsonObject body) {
    return client.post("/api/v1/tokens", body, admin);
  }

  private static String token(JsonObject body) {
    HttpResult created = create(body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("token");
  }

  static String mailWithFile(String from, String messageId) {
    String file = Base64.getMimeEncoder().encodeToString("%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8));
    return String.join("\r\n", "From: " + from, "To: support@shop.test", "Subject: Invoice", "Message-ID: " + messageId,
        "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1", "Content-Type: text/plain; charset=utf-8", "",
        "Invoice attached.", "--b1", "Content-Type: application/pdf; name=\"invoice.pdf\"",
        "Content-Disposition: attachment; filename=\"invoice.pdf\"", "Content-Transfer-Encoding: base64", "", file, "--b1--", "");
  }
}
