package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run of a new site (issue 26's set-up path), as a new user takes it: the hub started as a
 * process on an empty data directory with nothing configured prints its admin's password; in Chromium,
 * that admin sets up a chat widget, an email inbox, three agents, an SLA policy, two queues and a rule in
 * the console's admin pages alone; the copied snippet goes on the shop's page; an agent signs in and
 * answers a visitor whose chat the hub routed to her through the queue. The API confirms each part.
 */
class FirstRunBrowserTest {

  private static final Pattern PRINTED_ADMIN = Pattern.compile("OmniHub created the admin (\\S+) with password (\\S+) ");
  private static final String AGENT_PASSWORD = "a new site's password";

  @TempDir
  Path dataDir;

  @Test
  void aNewSiteIsSetUpInTheConsoleAndAVisitorsChatIsAnsweredThroughAQueue() throws Exception {
    BrowserTests.require();
    Map<String, String> nothingConfigured = new HashMap<>();
    nothingConfigured.put("OMNIHUB_ADMIN_EMAIL", null);
    nothingConfigured.put("OMNIHUB_ADMIN_PASSWORD", null);
    try (HubProcess hub = HubProcess.fromClasspath(dataDir, nothingConfigured)) {
      int port = hub.awaitListening(Duration.ofSeconds(90));
      Matcher printed = hub.output().stream().map(PRINTED_ADMIN::matcher).filter(Matcher::find).findFirst()
          .orElseThrow(() -> new AssertionError("the first start printed no admin:\n" + String.join("\n", hub.output())));
      String email = printed.group(1);
      String password = printed.group(2);
      HubClient client = hub.client();
      ShopSite shop = new ShopSite();
      JsonObject config = new JsonObject().put("email", email).put("password", password).put("agentPassword", AGENT_PASSWORD)
          .put("shopUrl", shop.url());

      try (shop; BrowserTests.Script script = BrowserTests.run("console-first-run.mjs", client.baseUrl() + "/console/", config.encode())) {
        script.awaitStep("CHANNELS");
        script.awaitStep("AGENTS");
        script.awaitStep("QUEUES");
        script.awaitStep("SET_UP");
        String admin = client.login(email, password);
        Map<String, JsonObject> channels = byName(client.get("/api/v1/channels", admin).items());
        assertThat(channels.get("Shop chat").getString("type")).isEqualTo("chat");
        assertThat(channels.get("Support mail").getString("type")).isEqualTo("email");
        Map<String, JsonObject> agents = byName(client.get("/api/v1/agents", admin).items());
        assertThat(agents).containsKeys("Bea Berg", "Cem Kaya", "Sue Park");
        assertThat(agents.get("Sue Park").getJsonArray("roles")).contains("supervisor");
        Map<String, JsonObject> queues = byName(client.get("/api/v1/queues", admin).items());
        JsonObject chat = queues.get("Chat");
        JsonObject mail = queues.get("Email");
        assertThat(chat.getJsonArray("channels")).containsExactly(channels.get("Shop chat").getString("id"));
        assertThat(chat.getString("strategy")).isEqualTo("leastLoaded");
        assertThat(chat.getJsonArray("agentIds")).containsExactlyInAnyOrder(agents.get("Bea Berg").getString("id"),
            agents.get("Cem Kaya").getString("id"));
        assertThat(chat.getString("slaPolicyId")).isEqualTo(byName(client.get("/api/v1/sla-policies", admin).items()).get("Standard")
            .getString("id"));
        assertThat(mail.getJsonArray("channels")).containsExactly(channels.get("Support mail").getString("id"));
        JsonObject rule = byName(client.get("/api/v1/rules", admin).items()).get("Urgent words");
        assertThat(rule.getJsonArray("actions").getJsonObject(0).getString("type")).isEqualTo("setPriority");
        script.tell("GO");

        script.awaitStep("BEA_ONLINE");
        script.awaitStep("VISITOR_WROTE");
        script.awaitStep("ANSWERED");
        script.awaitSuccess();
        JsonObject conversation = client.get("/api/v1/conversations?assignee=" + agents.get("Bea Berg").getString("id"), admin)
            .items().getJsonObject(0);
        assertThat(conversation.getString("queueId")).as("routed through the Chat queue").isEqualTo(chat.getString("id"));
        assertThat(conversation.getString("priority")).as("the rule's work").isEqualTo("high");
        assertThat(conversation.getJsonObject("sla")).as("the queue's SLA policy").isNotNull();
        assertThat(conversation.getJsonObject("sla").getString("firstRespondedAt")).as("Bea's answer met the first response").isNotNull();

        // The email inbox works too: a customer's mail lands in the Email queue.
        assertThat(MailSender.sendOnce(hub.smtpPort(), Mails.from("ida@example.com").to("support@shop.test").subject("Invoice")
            .messageId("<first-run-1@example.com>").body("Where is my invoice?").raw(), "support@shop.test")).isEqualTo(250);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.get("/api/v1/conversations?queue="
            + mail.getString("id") + "&status=open", admin).items()).hasSize(1));
      }
    }
  }

  /** The shop's website: one page, whose body is what was last PUT to {@code /page} (the snippet the admin copied). */
  private static final class ShopSite implements AutoCloseable {

    private final HttpServer server;
    private volatile String body = "";

    ShopSite() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/page", exchange -> {
        body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      server.createContext("/", exchange -> {
        byte[] page = ("<!doctype html><html lang=\"en\"><head><title>Shop</title></head><body><h1>Our shop</h1>" + body
            + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
        exchange.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static Map<String, JsonObject> byName(JsonArray items) {
    List<JsonObject> all = items.stream().map(JsonObject.class::cast).toList();
    return all.stream().collect(Collectors.toMap(item -> item.getString("name"), item -> item, (first, second) -> first));
  }
}
