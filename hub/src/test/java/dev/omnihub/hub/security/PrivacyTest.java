package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.StoredText;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person's data rights through the API (API.md "Privacy", "Consent"): an export with everything the
 * hub holds about them, consent per purpose and channel, and an erasure after which no collection
 * holds anything that identifies them and their next message starts a new profile.
 */
class PrivacyTest {

  @TempDir
  static Path dataDir;
  static TestHub hub;
  static HubClient client;
  static String admin;
  static String agent;
  static JsonObject api;

  @BeforeAll
  static void start() {
    hub = TestHub.start(dataDir);
    client = hub.client();
    admin = hub.adminToken();
    api = client.createApiChannel(admin, "App", null);
    assertThat(client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", "support@shop.test"), admin).status()).isEqualTo(201);
    client.post("/api/v1/agents", new JsonObject().put("name", "Ben").put("email", "ben@agents.test")
        .put("password", "correct horse battery").put("roles", new JsonArray().add("agent")), admin);
    agent = client.login("ben@agents.test", "correct horse battery");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void consentIsRecordedPerPurposeAndChannelAndAnythingElseIsRefused() {
    String customer = write("c-1", new JsonObject().put("email", "consent@example.com"), "hello").getString("customerId");

    HttpResult given = client.put("/api/v1/customers/" + customer + "/consent",
        new JsonObject().put("marketing", new JsonObject().put("email", true).put("sms", false)), agent);
    assertThat(given.status()).as(given.toString()).isEqualTo(200);
    JsonObject consent = given.json().getJsonObject("consent");
    assertThat(consent.getJsonObject("marketing").getBoolean("email")).isTrue();
    assertThat(consent.getJsonObject("marketing").getBoolean("sms")).isFalse();
    assertThat(consent.getString("updatedAt")).isNotNull();

    HttpResult later = client.put("/api/v1/customers/" + customer + "/consent",
        new JsonObject().put("marketing", new JsonObject().put("sms", true)), agent);
    assertThat(later.json().getJsonObject("consent").getJsonObject("marketing").getBoolean("email"))
        .as("a channel not named keeps its answer").isTrue();

    HttpResult notBoolean = client.put("/api/v1/customers/" + customer + "/consent",
        new JsonObject().put("marketing", new JsonObject().put("sms", "yes")), agent);
    assertThat(notBoolean.status()).isEqualTo(400);
    assertThat(notBoolean.errorField()).isEqualTo("marketing.sms");
    assertThat(client.put("/api/v1/customers/" + customer + "/consent",
        new JsonObject().put("$set", new JsonObject().put("name", "x")), agent).status()).isEqualTo(400);
    assertThat(client.put("/api/v1/customers/" + customer + "/consent", new JsonObject(), agent).status()).isEqualTo(400);
    assertThat(client.put("/api/v1/customers/000000000000000000000000/consent",
        new JsonObject().put("marketing", new JsonObject().put("sms", true)), agent).status()).isEqualTo(404);
    assertThat(client.put("/api/v1/customers/" + customer + "/consent",
        new JsonObject().put("marketing", new JsonObject().put("sms", true)), null).status()).isEqualTo(401);
  }

  @Test
  void exportHoldsTheWholePersonThenErasureLeavesNothingThatIdentifiesThem() {
    // Ana, on the api channel and by mail with a file, with an outside event, an attribute and a merged second profile.
    JsonObject from = new JsonObject().put("email", "ana.lima@example.com").put("phone", "+14155550123").put("name", "Ana Lima");
    JsonObject first = write("a-1", from, "My passport number is XK1234567").put("threadKey", "order-77");
    String ana = first.getString("customerId");
    assertThat(MailSender.sendOnce(hub.hub().smtpPort(), mailWithFile(), "support@shop.test")).isEqualTo(250);
    String other = write("a-2", new JsonObject().put("externalUserId", "app-user-ana-42").put("name", "Ana L."), "second account")
        .getString("customerId");
    assertThat(client.post("/api/v1/customers/" + ana + "/merge", new JsonObject().put("otherId", other), admin).status()).isEqualTo(200);
    String shop = client.post("/api/v1/tokens", new JsonObject().put("name", "shop").put("roles", new JsonArray().add("agent")), admin)
        .json().getString("token");
    assertThat(client.post("/api/v1/customer-events", new JsonObject().put("identity", "email:ana.lima@example.com")
        .put("type", "order.created").put("title", "Order #5511 placed").put("occurredAt", "2026-11-30T10:00:00Z")
        .put("externalId", "order-5511"), shop).status()).isEqualTo(201);
    assertThat(client.patch("/api/v1/customers/" + ana, new JsonObject().put("attributes", new JsonObject().put("passport", "XK1234567")),
        agent).status()).isEqualTo(200);
    assertThat(client.put("/api/v1/customers/" + ana + "/consent", new JsonObject().put("marketing", new JsonObject().put("email", true)),
        agent).status()).isEqualTo(200);

    // The export: admins only, everything, on the audit trail.
    assertThat(client.get("/api/v1/customers/" + ana + "/export", agent).status()).isEqualTo(403);
    HttpResult exported = client.get("/api/v1/customers/" + ana + "/export", admin);
    assertThat(exported.status()).as(exported.toString()).isEqualTo(200);
    JsonObject export = exported.json();
    assertThat(export.getJsonObject("customer").getString("id")).isEqualTo(ana);
    assertThat(export.getJsonArray("identities").encode()).contains("ana.lima@example.com", "+14155550123");
    assertThat(export.getJsonObject("customer").getJsonObject("attributes").getString("passport")).isEqualTo("XK1234567");
    assertThat(export.getJsonObject("consent").getJsonObject("marketing").getBoolean("email")).isTrue();
    assertThat(export.getJsonArray("mergedProfiles").getJsonObject(0).getString("id")).isEqualTo(other);
    String everything = export.getJsonArray("conversations").encode();
    assertThat(everything).contains("My passport number is XK1234567", "Scan attached", "passport-scan.pdf", "second account");
    assertThat(export.getJsonArray("timeline").getJsonObject(0).getString("title")).isEqualTo("Order #5511 placed");
    String fileUrl = fileUrlIn(export);
    assertThat(client.get(fileUrl, admin).status()).isEqualTo(200);
    awaitAudit("/api/v1/audit?action=customer.exported&customerId=" + ana);

    // The erasure: admins only; then nothing is left that identifies Ana.
    assertThat(client.delete("/api/v1/customers/" + ana, agent).status()).isEqualTo(403);
    HttpResult erased = client.delete("/api/v1/customers/" + ana, admin);
    assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
    assertThat(erased.json().getInteger("profiles")).isEqualTo(2);
    assertThat(erased.json().getLong("files")).isEqualTo(1);

    assertThat(client.get("/api/v1/customers/" + ana, admin).status()).isEqualTo(404);
    assertThat(client.get("/api/v1/customers/" + other, admin).status()).isEqualTo(404);
    assertThat(client.get("/api/v1/customers?identity=email:ana.lima@example.com", admin).items()).isEmpty();
    assertThat(client.get(fileUrl, admin).status()).isEqualTo(404);
    assertThat(client.delete("/api/v1/customers/" + ana, admin).status()).as("erased already").isEqualTo(404);
    JsonObject conversation = client.get("/api/v1/conversations/" + first.getString("conversationId"), admin).json();
    assertThat(conversation.getString("status")).isEqualTo("closed");
    JsonArray messages = new JsonArray();
    JsonArray conversations = client.get("/api/v1/conversations?customerId=" + ana, admin).items();
    assertThat(conversations).as("her conversations stay, emptied").isNotEmpty();
    for (Object kept : conversations) {
      messages.addAll(client.get("/api/v1/conversations/" + ((JsonObject) kept).getString("id") + "/messages?limit=200", admin).items());
    }
    assertThat(messages).isNotEmpty().allSatisfy(message -> {
      assertThat(((JsonObject) message).getString("text")).isEqualTo("[erased]");
      assertThat(((JsonObject) message).getJsonArray("attachments")).allSatisfy(attachment ->
          assertThat((JsonObject) attachment).isEqualTo(new JsonObject().put("fileName", "[erased]").put("erased", true)));
    });
    assertThat(messages.stream().map(JsonObject.class::cast).filter(message -> !message.getJsonArray("attachments").isEmpty()).count())
        .as("the mail's file left a placeholder").isEqualTo(1);
    assertThat(StoredText.find(hub.hub().services().mongo(), true, "ana.lima@example.com", "4155550123", "Ana Lima", "XK1234567", "passport-scan", "app-user-ana-42",
        "Order #5511", "Scan attached", "second account"))
        .as("documents that still hold something of Ana").isEmpty();
    JsonObject record = awaitAudit("/api/v1/audit?action=customer.erased&customerId=" + ana);
    assertThat(record.getJsonObject("target")).isEqualTo(new JsonObject().put("type", "customer").put("id", ana));

    // Ana writes again: a new profile, a new conversation, no history.
    JsonObject again = write("a-3", new JsonObject().put("email", "ana.lima@example.com"), "hello again");
    assertThat(again.getString("customerId")).isNotEqualTo(ana).isNotEqualTo(other);
    assertThat(again.getString("conversationId")).isNotEqualTo(first.getString("conversationId"));
    assertThat(client.get("/api/v1/customers/" + again.getString("customerId") + "/conversations", admin).items()).hasSize(1);
    assertThat(client.get("/api/v1/conversations/" + again.getString("conversationId") + "/messages", admin).items())
        .extracting(message -> ((JsonObject) message).getString("text")).containsExactly("hello again");
  }

  @Test
  void aMergedAwayProfileIsErasedAndExportedThroughTheOneItWasMergedInto() {
    String kept = write("m-1", new JsonObject().put("email", "kept@example.com"), "one").getString("customerId");
    String gone = write("m-2", new JsonObject().put("email", "gone@example.com"), "two").getString("customerId");
    assertThat(client.post("/api/v1/customers/" + kept + "/merge", new JsonObject().put("otherId", gone), admin).status()).isEqualTo(200);

    HttpResult erase = client.delete("/api/v1/customers/" + gone, admin);
    assertThat(erase.status()).isEqualTo(409);
    assertThat(erase.json().getJsonObject("error").getString("message")).contains(kept);
    assertThat(client.get("/api/v1/customers/" + gone + "/export", admin).status()).isEqualTo(409);
    assertThat(client.get("/api/v1/customers/" + kept, admin).status()).as("nothing was erased").isEqualTo(200);
  }

  private static JsonObject write(String externalId, JsonObject from, String text) {
    HttpResult written = client.webhook(api, HubClient.message(externalId, from, text));
    assertThat(written.status()).as(written.toString()).isEqualTo(200);
    return written.json();
  }

  private static String mailWithFile() {
    String file = Base64.getMimeEncoder().encodeToString("%PDF-1.4 passport scan of Ana".getBytes(StandardCharsets.UTF_8));
    return String.join("\r\n",
        "From: Ana Lima <ana.lima@example.com>",
        "To: support@shop.test",
        "Subject: My passport",
        "Message-ID: <m-77@mail.example.net>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Scan attached.",
        "--b1",
        "Content-Type: application/pdf; name=\"passport-scan.pdf\"",
        "Content-Disposition: attachment; filename=\"passport-scan.pdf\"",
        "Content-Transfer-Encoding: base64",
        "",
        file,
        "--b1--",
        "");
  }

  private static String fileUrlIn(JsonObject export) {
    for (Object conversation : export.getJsonArray("conversations")) {
      for (Object message : ((JsonObject) conversation).getJsonArray("messages")) {
        JsonArray attachments = ((JsonObject) message).getJsonArray("attachments");
        if (attachments != null && !attachments.isEmpty()) {
          return attachments.getJsonObject(0).getString("url");
        }
      }
    }
    throw new AssertionError("the export lists no file: " + export.encode());
  }

  private static JsonObject awaitAudit(String path) {
    JsonObject[] found = new JsonObject[1];
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonArray items = client.get(path, admin).items();
      found[0] = items.isEmpty() ? null : items.getJsonObject(0);
      return found[0] != null;
    });
    return found[0];
  }
}
