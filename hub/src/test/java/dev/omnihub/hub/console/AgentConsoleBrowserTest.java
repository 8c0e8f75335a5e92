package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.ProviderSignatures;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TcpProxy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent's shift in the console, in Chromium, through the contract's roles and names (API.md
 * "Console"): sign-in, the list, a thread, a suggestion inserted, reply, note, assign; a customer's
 * message, a colleague's note and viewing arriving live; the connection cut (through a proxy) while
 * things happen, and all of it there after the reconnect without a reload; a colleague's typing and
 * resolution; canned responses; a file attached to a reply; a failed send keeping its draft; resolve, reopen, escalate; the call
 * pop; hostile text shown as text; a long thread's earlier pages without losing the reader's place;
 * Chinese. axe-core at each screen.
 */
class AgentConsoleBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String HOSTILE_NAME = "<img src=x onerror=\"window.__xss='name'\">Eve";
  private static final String HOSTILE_TEXT = "<script>window.__xss='text'</script><b>not bold</b>";
  private static final String CALLER = "+4917012345678";
  private static final String HOSTILE_SUBJECT = "<script>window.__xss='subject'</script>Invoice";
  /** More than one page (50), so the thread loads earlier messages on demand. */
  private static final int LONG_THREAD = 120;

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void anAgentWorksTheInboxLiveAcrossADroppedConnectionInEnglishAndChinese() throws Exception {
    BrowserTests.require();
    HubClient client = hub.client();
    String admin = hub.adminToken();
    agent("Bea Berg", "bea@desk.test", "agent");
    agent("Cem Kaya", "cem@desk.test", "supervisor");
    String cem = client.login("cem@desk.test", PASSWORD);
    JsonObject app = client.createApiChannel(admin, "App", null);
    assertThat(client.post("/api/v1/kb/articles", new JsonObject().put("title", "Tracking a parcel").put("locale", "en")
        .put("body", "You can track your parcel with the link in your order confirmation.").put("status", "published")
        .put("tags", new JsonArray()), admin).status()).isEqualTo(201);
    assertThat(client.post("/api/v1/kb/articles", new JsonObject().put("title", "Parcel delivery times").put("locale", "en")
        .put("body", "A parcel arrives in two to three days; the order confirmation has its tracking link.").put("status", "published")
        .put("tags", new JsonArray()), admin).status()).isEqualTo(201);
    String ana = customerWrites(app, "ana-1", "ana@example.com", "Ana Lima", "Where is my parcel? I want to track my parcel for order 1234.")
        .getString("conversationId");
    customerWrites(app, "eve-1", "eve@example.com", HOSTILE_NAME, HOSTILE_TEXT);
    assertThat(client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Mail").put("address", "desk@shop.test")
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", 9).put("tls", "none")), admin).status()).isEqualTo(201);
    assertThat(MailSender.sendOnce(hub.hub().smtpPort(), hostileMail(), "desk@shop.test")).isEqualTo(250);
    String lea = null;
    for (int i = 1; i <= LONG_THREAD; i++) {
      lea = customerWrites(app, "lea-" + i, "lea@example.com", "Lea Long", "Line " + i + " of a long story").getString("conversationId");
    }
    assertThat(client.post("/api/v1/canned-responses", new JsonObject().put("shortcut", "thanks").put("title", "Thanks")
        .put("text", "Thank you {{customer.firstName}}, happy to help."), admin).status()).isEqualTo(201);
    HttpResult policy = client.post("/api/v1/sla-policies", new JsonObject().put("name", "Billing SLA").put("targets", new JsonObject()
        .put("high", new JsonObject().put("firstResponse", "PT1H").put("nextResponse", "PT4H").put("resolution", "PT8H"))
        .put("normal", new JsonObject().put("firstResponse", "PT4H").put("nextResponse", "PT8H").put("resolution", "P1D"))), admin);
    assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
    assertThat(client.post("/api/v1/queues", new JsonObject().put("name", "Billing").put("strategy", "manual")
        .put("channels", new JsonArray().add("sms")).put("slaPolicyId", policy.json().getString("id")), admin).status()).isEqualTo(201);
    JsonObject voice = client.post("/api/v1/channels", new JsonObject().put("type", "voice").put("name", "Phone"), admin).json();
    HttpResult transcript = voiceWebhook(voice, "", new JsonObject().put("callId", "CA-1").put("from", CALLER).put("to", "+4930000000")
        .put("startedAt", Instant.now().minusSeconds(600).toString()).put("durationSec", 40).put("segments", new JsonArray()
            .add(new JsonObject().put("speaker", "customer").put("startMs", 0).put("endMs", 3000).put("text", "My router blinks red."))
            .add(new JsonObject().put("speaker", "agent").put("startMs", 3000).put("endMs", 6000).put("text", "Let us restart it."))));
    assertThat(transcript.status()).as(transcript.toString()).isEqualTo(200);

    try (TcpProxy proxy = new TcpProxy(hub.hub().httpPort());
        BrowserTests.Script browser = BrowserTests.run("console-agent.mjs", "http://127.0.0.1:" + proxy.port() + "/console/",
            new JsonObject().put("email", "bea@desk.test").put("password", PASSWORD).put("hostileName", HOSTILE_NAME)
                .put("hostileSubject", HOSTILE_SUBJECT).encode())) {
      browser.awaitStep("SIGNED_IN");
      browser.awaitStep("THREAD");
      browser.awaitStep("REPLIED");
      browser.awaitStep("ASSIGNED");

      browser.awaitStep("AWAITING_LIVE");
      customerWrites(app, "ana-2", "ana@example.com", "Ana Lima", "Any news about my parcel?");
      assertThat(client.post("/api/v1/conversations/" + ana + "/messages", new JsonObject().put("text", "Courier confirmed pickup")
          .put("private", true), cem).status()).isEqualTo(201);
      try (SocketClient cemViewing = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + cem)) {
        cemViewing.send(new JsonObject().put("type", "view").put("conversationId", ana));
        cemViewing.await(frame -> "viewers".equals(frame.getString("type")));
        cemViewing.send(new JsonObject().put("type", "typing").put("conversationId", ana));
        browser.tell("GO");
        browser.awaitStep("LIVE");

        browser.awaitStep("AWAITING_DROP");
        proxy.down();
        browser.tell("GO");
        browser.awaitStep("SEEN_DOWN");
        customerWrites(app, "ana-3", "ana@example.com", "Ana Lima", "Hello? Still waiting while you were away");
        assertThat(client.post("/api/v1/conversations/" + ana + "/messages", new JsonObject().put("text", "Refund approved meanwhile")
            .put("private", true), cem).status()).isEqualTo(201);
        proxy.up();
        browser.tell("GO");
        browser.awaitStep("RESUMED");
      }

      browser.awaitStep("AWAITING_COLLEAGUE");
      assertThat(client.post("/api/v1/conversations/" + ana + "/status", new JsonObject().put("status", "resolved"), cem).status()).isEqualTo(200);
      browser.tell("GO");
      browser.awaitStep("RESOLVED_AND_REOPENED");
      browser.awaitStep("ESCALATED");

      browser.awaitStep("AWAITING_CALL");
      HttpResult ringing = voiceWebhook(voice, "/events", new JsonObject().put("type", "call.started").put("callId", "CA-2").put("from", CALLER)
          .put("to", "+4930000000").put("at", Instant.now().toString()));
      assertThat(ringing.status()).as(ringing.toString()).isEqualTo(200);
      browser.tell("GO");
      browser.awaitStep("CALL_OPENED");

      browser.awaitStep("HOSTILE_INERT");

      browser.awaitStep("AWAITING_LONG_THREAD_READ");
      customerWrites(app, "lea-new", "lea@example.com", "Lea Long", "A new line while the agent reads further up");
      browser.tell("GO");
      browser.awaitStep("SCROLL_KEPT");
      browser.awaitStep("CHINESE");
      browser.awaitSuccess();
    }
  }

  /** A mail whose sender's name, subject and HTML are markup: the thread shows them as text, the HTML only sandboxed. */
  private static String hostileMail() {
    return String.join("\r\n", "From: \"<svg onload=window.__xss='from'>Mal\" <mal@example.com>", "To: desk@shop.test",
        "Subject: " + HOSTILE_SUBJECT, "Message-ID: <hostile-1@example.com>", "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=b1", "", "--b1", "Content-Type: text/plain; charset=utf-8", "",
        "The invoice, formatted.", "--b1", "Content-Type: text/html; charset=utf-8", "",
        "<p>Formatted <b>invoice</b></p><img src=x onerror=\"parent.__xss='html'\"><script>parent.__xss='script'</script>", "--b1--", "");
  }

  private static JsonObject customerWrites(JsonObject channel, String externalId, String email, String name, String text) {
    HttpResult written = hub.client().webhook(channel, HubClient.message(externalId, new JsonObject().put("email", email).put("name", name), text));
    assertThat(written.status()).as(written.toString()).isEqualTo(200);
    return written.json();
  }

  private static HttpResult voiceWebhook(JsonObject voice, String suffix, JsonObject body) {
    long timestamp = Instant.now().getEpochSecond();
    String raw = body.encode();
    return hub.client().rawWebhook("/webhooks/voice/" + voice.getString("id") + suffix, raw, Map.of("X-OmniHub-Timestamp",
        Long.toString(timestamp), "X-OmniHub-Signature", ProviderSignatures.omnihub(voice.getString("secret"), timestamp, raw)));
  }

  private static void agent(String name, String email, String role) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", name).put("email", email).put("password", PASSWORD)
        .put("roles", new JsonArray().add(role)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }
}
