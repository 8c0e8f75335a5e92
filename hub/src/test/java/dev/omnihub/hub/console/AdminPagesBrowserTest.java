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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An admin sets the hub up in the console's admin pages, in Chromium, through the contract's roles and
 * names (API.md "Console": `navigation "Admin"`, a `table` per page named like its link, `Add <thing>`
 * opening a dialog of that name, `Save`, refused fields marked aria-invalid and described by the API's
 * error). The browser half (console-admin.mjs) works the pages; after each page this half checks through
 * the API that what the admin typed is what the hub now has: channels of three types with their settings
 * and write-only credentials (kept through an edit that left them empty), an agent's roles, skills and
 * capacity, a deactivation, a queue's channels, overflow and members, business hours, an SLA policy's
 * targets as ISO-8601 durations, a canned response, a token limited to a channel, a revoked token.
 */
class AdminPagesBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String HOSTILE = "<img src=x onerror=\"window.__xss=1\">Site";
  private static final String MASKED = "********";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void anAdminSetsTheHubUpThroughTheAdminPages() throws Exception {
    BrowserTests.require();
    HubClient client = hub.client();
    String admin = hub.adminToken();
    String ada = agent("Ada Admin", "ada@admin.test", "admin").getString("id");
    String bea = agent("Bea Berg", "bea@admin.test", "agent").getString("id");
    agent("Dan Gone", "dan@admin.test", "agent");
    for (int i = 1; i <= 55; i++) { // the audit trail then has more than its first page (50)
      agent("Extra %02d".formatted(i), "extra%02d@admin.test".formatted(i), "agent");
    }
    HttpResult tier2 = client.post("/api/v1/queues", new JsonObject().put("name", "Tier 2"), admin);
    assertThat(tier2.status()).as(tier2.toString()).isEqualTo(201);
    String tier2Id = tier2.json().getString("id");
    assertThat(client.post("/api/v1/queues", new JsonObject().put("name", "Old queue"), admin).status()).isEqualTo(201);
    HttpResult oldToken = client.post("/api/v1/tokens", new JsonObject().put("name", "Old script"), admin);
    assertThat(oldToken.status()).as(oldToken.toString()).isEqualTo(201);

    try (BrowserTests.Script browser = BrowserTests.run("console-admin.mjs", client.baseUrl() + "/console/",
        new JsonObject().put("email", "ada@admin.test").put("password", PASSWORD).put("hostile", HOSTILE).encode())) {
      browser.awaitStep("SIGNED_IN");

      browser.awaitStep("CHANNELS");
      Map<String, JsonObject> channels = byName(list("/api/v1/channels", admin));
      JsonObject mail = channels.get("Support mail").getJsonObject("settings");
      assertThat(channels.get("Support mail").getString("type")).isEqualTo("email");
      assertThat(mail.getString("address")).isEqualTo("support@shop.test");
      // The edit changed the SMTP host and left the password field empty: the password is still stored.
      assertThat(mail.getJsonObject("smtp").getMap()).containsEntry("host", "127.0.0.2").containsEntry("port", 2525)
          .containsEntry("tls", "none").containsEntry("user", "mailer").containsEntry("password", MASKED);
      assertThat(mail.getJsonObject("imap").getMap()).containsEntry("host", "127.0.0.1").containsEntry("port", 9)
          .containsEntry("user", "support").containsEntry("password", MASKED);
      assertThat(mail.getJsonObject("csat").getBoolean("enabled")).isTrue();
      assertThat(Duration.parse(mail.getJsonObject("csat").getString("delay"))).isEqualTo(Duration.ofHours(2));
      JsonObject sms = channels.get("Text us").getJsonObject("settings");
      assertThat(sms.getMap()).containsEntry("accountSid", "AC0123").containsEntry("phoneNumber", "+4930555000")
          .containsEntry("authToken", MASKED);
      JsonObject chat = channels.get(HOSTILE);
      assertThat(chat.getString("type")).isEqualTo("chat");
      assertThat(chat.getJsonObject("settings").getJsonArray("allowedOrigins")).containsExactly("https://shop.example");
      assertThat(chat.getJsonObject("settings").getString("language")).isEqualTo("zh");
      assertThat(chat.getJsonObject("settings").getString("greeting")).isEqualTo("Hi! How can we help?");
      String mailId = channels.get("Support mail").getString("id");

      browser.awaitStep("AGENTS");
      Map<String, JsonObject> agents = byName(list("/api/v1/agents?limit=200", admin));
      JsonObject cem = agents.get("Cem Kaya");
      assertThat(cem.getString("email")).isEqualTo("cem@admin.test");
      assertThat(cem.getJsonArray("roles")).contains("supervisor");
      assertThat(cem.getJsonArray("skills")).containsExactly("billing", "german");
      assertThat(cem.getJsonObject("capacity").getMap()).containsEntry("chat", 4).containsEntry("email", 12).containsEntry("api", 2)
          .containsEntry("voice", 2);
      assertThat(client.login("cem@admin.test", "a long enough password")).isNotBlank();
      assertThat(agents.get("Dan Gone").getBoolean("active")).isFalse();
      assertThat(agents.get("Bea Berg").getBoolean("active")).isTrue();

      browser.awaitStep("QUEUES");
      Map<String, JsonObject> queues = byName(list("/api/v1/queues", admin));
      assertThat(queues).containsOnlyKeys("Billing", "Tier 2");
      JsonObject billing = queues.get("Billing");
      assertThat(billing.getJsonArray("channels")).containsExactlyInAnyOrder(mailId, "sms");
      assertThat(billing.getJsonArray("skills")).containsExactly("billing");
      assertThat(billing.getString("strategy")).isEqualTo("roundRobin");
      assertThat(billing.getInteger("priority")).isEqualTo(5);
      assertThat(Duration.parse(billing.getJsonObject("overflow").getString("after"))).isEqualTo(Duration.ofMinutes(5));
      assertThat(billing.getJsonObject("overflow").getString("queueId")).isEqualTo(tier2Id);
      assertThat(billing.getJsonArray("agentIds")).containsExactlyInAnyOrder(bea, cem.getString("id"));

      browser.awaitStep("BUSINESS_HOURS");
      JsonObject office = byName(list("/api/v1/business-hours", admin)).get("Office");
      assertThat(office.getString("timeZone")).isEqualTo("Europe/Berlin");
      assertThat(office.getJsonObject("week").getJsonArray("mon")).isEqualTo(new JsonArray().add(new JsonArray().add("09:00").add("17:00")));
      assertThat(office.getJsonObject("week").getJsonArray("fri")).isEqualTo(new JsonArray()
          .add(new JsonArray().add("09:00").add("12:00")).add(new JsonArray().add("13:00").add("15:00")));
      assertThat(office.getJsonObject("week").getJsonArray("sat", new JsonArray())).isEmpty();
      assertThat(office.getJsonArray("holidays")).containsExactly("2026-12-25", "2026-12-26");

      browser.awaitStep("SLA_POLICIES");
      JsonObject standard = byName(list("/api/v1/sla-policies", admin)).get("Standard");
      assertThat(standard.getString("businessHoursId")).isEqualTo(office.getString("id"));
      JsonObject targets = standard.getJsonObject("targets");
      assertThat(durations(targets.getJsonObject("high"))).isEqualTo(Map.of("firstResponse", Duration.ofMinutes(15), "resolution", Duration.ofHours(8)));
      assertThat(durations(targets.getJsonObject("normal"))).isEqualTo(Map.of("firstResponse", Duration.ofHours(1),
          "nextResponse", Duration.ofHours(4), "resolution", Duration.ofDays(2)));
      assertThat(targets.containsKey("urgent")).isFalse();
      assertThat(Duration.parse(standard.getString("warnBefore"))).isEqualTo(Duration.ofMinutes(10));
      assertThat(standard.getJsonObject("onBreach").getMap()).containsEntry("escalate", true).containsEntry("raisePriority", true)
          .containsEntry("queueId", tier2Id);

      browser.awaitStep("CANNED_RESPONSES");
      JsonObject refund = list("/api/v1/canned-responses", admin).stream().filter(item -> "refund".equals(item.getString("shortcut")))
          .findFirst().orElseThrow();
      assertThat(refund.getString("title")).isEqualTo(HOSTILE);
      assertThat(refund.getString("text")).isEqualTo("Hello {{customer.firstName}}, {{agent.name}} sent your refund.");
      assertThat(refund.getString("locale")).isEqualTo("en");

      browser.awaitStep("TOKENS");
      Map<String, JsonObject> tokens = byName(list("/api/v1/tokens", admin));
      assertThat(tokens).containsOnlyKeys("Shop integration");
      assertThat(tokens.get("Shop integration").getJsonArray("channels")).containsExactly(mailId);
      assertThat(tokens.get("Shop integration").getJsonArray("roles")).containsExactly("agent");
      assertThat(tokens.get("Shop integration").getString("createdBy")).isEqualTo(ada);

      browser.awaitStep("AUDIT");
      browser.awaitStep("RENAMED");
      JsonObject renamed = byName(list("/api/v1/channels", admin)).get("Website");
      assertThat(renamed.getString("id")).isEqualTo(chat.getString("id"));
      assertThat(renamed.getJsonObject("settings").getString("language")).isEqualTo("zh");
      browser.awaitStep("DONE");
      browser.awaitSuccess();
    }
  }

  private static Map<String, Duration> durations(JsonObject target) {
    return target.fieldNames().stream().collect(Collectors.toMap(Function.identity(), name -> Duration.parse(target.getString(name))));
  }

  private static List<JsonObject> list(String path, String token) {
    HttpResult result = hub.client().get(path, token);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static Map<String, JsonObject> byName(List<JsonObject> items) {
    return items.stream().collect(Collectors.toMap(item -> item.getString("name"), Function.identity()));
  }

  private static JsonObject agent(String name, String email, String role) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", name).put("email", email).put("password", PASSWORD)
        .put("roles", new JsonArray().add(role)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }
}
