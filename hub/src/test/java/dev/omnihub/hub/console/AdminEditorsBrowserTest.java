package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin editors in Chromium (console-admin-editors.mjs), checked here through the API: a rule written
 * through the forms is stored as typed and acts on the next customer message (priority and tags); moving it
 * up changes the stored positions; a rule switched off from its row, one edited (stop) and one deleted; its dry run
 * on that conversation matches; a slow pattern, an attribute without a name and a tag with spaces are refused
 * beside their fields. An article typed in Markdown with hostile markup previews
 * as text, is published and found by search, and is in the JSON export. A campaign written in its dialog is
 * stored as typed and the table shows the API's figures after "Refresh counts"; one for later is cancelled. A version
 * restored and a JSON import show in the list and the API. The privacy settings are
 * saved and read back. axe-core on each page and dialog; the rules page in Chinese.
 */
class AdminEditorsBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String HOSTILE = "<img src=x onerror=\"window.__xss=1\">";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void anAdminWritesRulesArticlesCampaignsAndPrivacySettingsInTheConsole() throws Exception {
    BrowserTests.require();
    HubClient client = hub.client();
    String admin = hub.adminToken();
    HttpResult ada = client.post("/api/v1/agents", new JsonObject().put("name", "Ada Admin").put("email", "ada@desk.test")
        .put("password", PASSWORD).put("roles", new JsonArray().add("admin")), admin);
    assertThat(ada.status()).as(ada.toString()).isEqualTo(201);
    JsonObject app = client.createApiChannel(admin, "App", null);
    HttpResult greeting = client.post("/api/v1/rules", new JsonObject().put("name", "Greeting").put("on", new JsonArray().add("conversation.created"))
        .put("actions", new JsonArray().add(new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("new")))), admin);
    assertThat(greeting.status()).as(greeting.toString()).isEqualTo(201);

    try (BrowserTests.Script browser = BrowserTests.run("console-admin-editors.mjs", "http://127.0.0.1:" + hub.hub().httpPort() + "/console/",
        new JsonObject().put("email", "ada@desk.test").put("password", PASSWORD).put("hostile", HOSTILE).encode())) {
      browser.awaitStep("RULE_CREATED");
      JsonObject refunds = rule("Refunds");
      assertThat(refunds.getJsonArray("on")).containsExactly("message.created");
      assertThat(refunds.getJsonObject("conditions").getJsonArray("all")).containsExactly(new JsonObject().put("field", "message.text")
          .put("op", "contains").put("value", "refund"));
      assertThat(refunds.getJsonObject("conditions").getJsonArray("any")).isEmpty();
      assertThat(refunds.getJsonArray("actions")).containsExactly(new JsonObject().put("type", "setPriority").put("priority", "high"),
          new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("refund").add("money")));
      assertThat(refunds.getInteger("position")).isGreaterThan(rule("Greeting").getInteger("position"));
      // The rule acts on the next customer message that mentions a refund.
      HttpResult written = client.webhook(app, HubClient.message("ana-1", new JsonObject().put("email", "ana@example.com")
          .put("name", "Ana Lima"), "Hello, I would like a REFUND for order 7"));
      assertThat(written.status()).as(written.toString()).isEqualTo(200);
      String conversationId = written.json().getString("conversationId");
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject conversation = client.get("/api/v1/conversations/" + conversationId, admin).json();
        assertThat(conversation.getString("priority")).isEqualTo("high");
        assertThat(conversation.getJsonArray("tags").getList()).contains("refund", "money");
      });
      HttpResult tagged = client.patch("/api/v1/customers/" + written.json().getString("customerId"),
          new JsonObject().put("tags", new JsonArray().add("vip")), admin); // the campaign's audience
      assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
      browser.tell("GO " + conversationId);

      browser.awaitStep("MOVED");
      JsonArray order = client.get("/api/v1/rules", admin).json().getJsonArray("items");
      assertThat(order.stream().map(item -> ((JsonObject) item).getString("name")).toList()).containsExactly("Refunds", "Greeting");
      assertThat(rule("Refunds").getInteger("position")).isLessThan(rule("Greeting").getInteger("position"));
      assertThat(rule("Greeting").getBoolean("enabled")).isFalse();
      assertThat(rule("Refunds").getBoolean("enabled")).isTrue();
      browser.tell("GO");

      browser.awaitStep("DRY_RUN");
      JsonArray left = client.get("/api/v1/rules", admin).json().getJsonArray("items");
      assertThat(left).hasSize(1);
      assertThat(left.getJsonObject(0).getString("name")).isEqualTo("Refunds");
      assertThat(left.getJsonObject(0).getBoolean("stop")).isTrue();
      assertThat(left.getJsonObject(0).getJsonArray("actions")).hasSize(2); // the edit kept what it did not change
      browser.awaitStep("ARTICLE_PUBLISHED");
      JsonObject article = client.get("/api/v1/kb/articles", admin).json().getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(item -> item.getString("title").equals("Refund policy")).findFirst().orElseThrow();
      assertThat(article.getString("status")).isEqualTo("published");
      assertThat(article.getJsonArray("tags")).containsExactly("billing", "refunds");
      assertThat(article.getString("body")).contains("## How refunds work", "- Wait for the mail", HOSTILE);
      assertThat(article.getString("html")).doesNotContain("<img", "javascript:");
      JsonArray found = client.get("/api/v1/kb/search?q=refund%20receipt", admin).json().getJsonArray("items");
      assertThat(found.stream().map(item -> ((JsonObject) item).getString("title")).toList()).contains("Refund policy");
      browser.tell("GO");

      browser.awaitStep("EXPORTED");
      assertThat(client.get("/api/v1/kb/articles/" + article.getString("id"), admin).json().getString("status")).isEqualTo("draft");
      assertThat(client.get("/api/v1/kb/articles/" + article.getString("id") + "/versions", admin).json().getJsonArray("items")).hasSize(3);
      assertThat(client.get("/api/v1/kb/search?q=delivery%20days", admin).json().getJsonArray("items").stream()
          .map(item -> ((JsonObject) item).getString("title")).toList()).contains("Delivery times");
      browser.awaitStep("CAMPAIGN_CREATED");
      JsonObject summer = client.get("/api/v1/campaigns", admin).json().getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(item -> item.getString("name").equals("Summer sale")).findFirst().orElseThrow();
      assertThat(summer.getString("status")).isEqualTo("cancelled");
      assertThat(summer.getString("purpose")).isEqualTo("marketing");
      assertThat(summer.getInteger("ratePerMinute")).isEqualTo(60);
      assertThat(summer.getString("sendAt")).startsWith("2030-06-01");
      AtomicReference<JsonObject> campaign = new AtomicReference<>();
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        campaign.set(client.get("/api/v1/campaigns", admin).json().getJsonArray("items").stream().map(JsonObject.class::cast)
            .filter(item -> item.getString("name").equals("Spring news")).findFirst().orElseThrow());
        assertThat(campaign.get().getString("status")).isEqualTo("done");
      });
      assertThat(campaign.get().getString("channelId")).isEqualTo(app.getString("id"));
      assertThat(campaign.get().getString("purpose")).isEqualTo("service");
      assertThat(campaign.get().getJsonObject("audience").getJsonArray("tags")).containsExactly("vip");
      assertThat(campaign.get().getString("text")).isEqualTo("Hello {{customer.firstName}}, spring is here.");
      JsonObject counts = campaign.get().getJsonObject("counts");
      assertThat(counts.getInteger("targeted")).isEqualTo(1);
      browser.tell("GO " + counts.encode());

      browser.awaitStep("CAMPAIGN_COUNTED");
      browser.awaitStep("PRIVACY_SAVED");
      JsonObject privacy = client.get("/api/v1/settings/privacy", admin).json();
      assertThat(privacy.getJsonArray("sensitiveAttributes").getList()).isEqualTo(List.of("passport", "taxId"));
      assertThat(privacy.getString("sensitiveAttributesVisibleTo")).isEqualTo("admin");
      browser.tell("GO");

      browser.awaitStep("DONE");
      browser.awaitSuccess();
    }
  }

  private static JsonObject rule(String name) {
    return hub.client().get("/api/v1/rules", hub.adminToken()).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(rule -> rule.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError("no rule " + name));
  }
}
