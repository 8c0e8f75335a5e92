package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TcpProxy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A supervisor's board in Chromium, through the contract's roles and names (API.md "Console",
 * Supervisor): the Queues and Agents tables with the hub's figures; a customer waiting in a queue with
 * nobody online and an agent coming online shown live (within 2 s, no reload); a customer arriving while the
 * connection is down (through a proxy) there after the reconnect, unreloaded; the supervisor setting an
 * agent's presence, a queue's members (through the dialog) and reassigning a ticket's conversation, each
 * checked here through the API; SLA warnings and breaches arriving in the Alerts region; the reports'
 * charts with their figures as text alternatives and the CSV download; hostile agent and queue names shown
 * as text; axe-core on the board; the board in Chinese.
 */
class SupervisorBoardBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String HOSTILE_AGENT = "<img src=x onerror=\"window.__xss='agent'\">Hal";
  private static final String HOSTILE_QUEUE = "<img src=x onerror=\"window.__xss='queue'\">Returns";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void aSupervisorWatchesQueuesAndAgentsLiveActsOnThemAndReadsTheReports() throws Exception {
    BrowserTests.require();
    HubClient client = hub.client();
    String admin = hub.adminToken();
    String bea = agent("Bea Berg", "bea@board.test", "agent");
    String hal = agent(HOSTILE_AGENT, "hal@board.test", "agent");
    agent("Sue Stone", "sue@board.test", "supervisor");
    String beaToken = client.login("bea@board.test", PASSWORD);
    // Bea's presence is online once she has a socket: until then nobody in Billing is online.
    assertThat(client.put("/api/v1/agents/" + bea + "/presence", new JsonObject().put("status", "online"), beaToken).status()).isEqualTo(200);

    String standard = policy("Standard", "PT4H", null);
    String fast = policy("Fast", "PT8S", "PT6S");
    String billing = queue("Billing", "api", "leastLoaded", standard);
    String returns = queue(HOSTILE_QUEUE, "sms", "manual", fast);
    assertThat(client.put("/api/v1/queues/" + billing + "/agents", new JsonObject().put("agentIds", new JsonArray().add(bea)), admin).status())
        .isEqualTo(200);

    JsonObject app = client.createApiChannel(admin, "App", null);
    String ana = customerWrites(app, "ana-1", "ana@example.com", "Ana Lima", "My invoice is wrong");
    String ben = customerWrites(app, "ben-1", "ben@example.com", "Ben Holt", "Where is my refund?");
    HttpResult ticket = client.post("/api/v1/conversations/" + ana + "/escalate", new JsonObject().put("reason", "Invoice dispute"), admin);
    assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
    long anaTicket = ticket.json().getLong("number");
    // Its SLA's due times are computed once the escalation is durable (a reaction), and showing them sends no
    // ticket frame: the board, which reads the tickets when it opens and on ticket frames, opens once they are there.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
        client.get("/api/v1/tickets/" + anaTicket, admin).json().getJsonObject("sla") != null);
    // A rule that tells supervisors about refunds: its notice reaches the board live (Cai asks, below).
    HttpResult rule = client.post("/api/v1/rules", new JsonObject().put("name", "Refund watch").put("on", new JsonArray().add("message.created"))
        .put("conditions", new JsonObject().put("all", new JsonArray().add(new JsonObject().put("field", "message.text").put("op", "contains")
            .put("value", "refund"))))
        .put("actions", new JsonArray().add(new JsonObject().put("type", "notify").put("text", "A refund was asked for"))), admin);
    assertThat(rule.status()).as(rule.toString()).isEqualTo(201);

    try (TcpProxy proxy = new TcpProxy(hub.hub().httpPort());
        BrowserTests.Script browser = BrowserTests.run("console-supervisor.mjs", "http://127.0.0.1:" + proxy.port() + "/console/",
        new JsonObject().put("email", "sue@board.test").put("password", PASSWORD).put("hostileAgent", HOSTILE_AGENT)
            .put("hostileQueue", HOSTILE_QUEUE).put("ticket", anaTicket).encode())) {
      browser.awaitStep("BOARD");

      browser.awaitStep("AWAITING_CUSTOMER");
      String cai = customerWrites(app, "cai-1", "cai@example.com", "Cai Wu", "Can I change my address? Or else I want a refund.");
      browser.tell("GO");
      browser.awaitStep("WAITING_LIVE");

      browser.awaitStep("AWAITING_DROP");
      proxy.down();
      browser.tell("GO");
      browser.awaitStep("SEEN_DOWN");
      customerWrites(app, "dan-1", "dan@example.com", "Dan Ode", "Is the shop open on Sunday?");
      proxy.up();
      browser.tell("GO");
      browser.awaitStep("RESUMED");

      browser.awaitStep("AWAITING_AGENT");
      try (SocketClient beaSocket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + beaToken)) {
        beaSocket.send(new JsonObject().put("type", "ping"));
        browser.tell("GO");
        browser.awaitStep("AGENT_LIVE");
        // The four waiting conversations went to Bea (least loaded, the only member online).
        assertThat(client.get("/api/v1/conversations/" + ben, admin).json().getString("assigneeId")).isEqualTo(bea);

        browser.awaitStep("PRESENCE_SET");
        assertThat(client.get("/api/v1/agents/" + bea, admin).json().getString("presence")).isEqualTo("away");

        browser.awaitStep("MEMBERS_SET");
        JsonArray members = client.get("/api/v1/queues/" + billing, admin).json().getJsonArray("agentIds");
        assertThat(members.getList()).containsExactlyInAnyOrder(bea, hal);

        browser.awaitStep("REASSIGNED");
        assertThat(client.get("/api/v1/conversations/" + ana, admin).json().getString("assigneeId")).isEqualTo(hal);
        assertThat(client.get("/api/v1/tickets/" + anaTicket, admin).json().getString("assigneeId")).isEqualTo(hal);

        browser.awaitStep("AWAITING_SLA");
        // Bea answers Cai (a first response for the reports); Ben's conversation is escalated into the
        // fast queue, whose SLA warns after 2 s and is breached after 8 s.
        assertThat(client.post("/api/v1/conversations/" + cai + "/messages", new JsonObject().put("text", "Yes, tell me the new one."), beaToken)
            .status()).isEqualTo(201);
        HttpResult fastTicket = client.post("/api/v1/conversations/" + ben + "/escalate", new JsonObject().put("queueId", returns)
            .put("priority", "normal"), admin);
        assertThat(fastTicket.status()).as(fastTicket.toString()).isEqualTo(201);
        browser.tell("GO");
        browser.awaitStep("ALERTS_LIVE");
      }

      browser.awaitStep("REPORTS");
      browser.awaitStep("CSV");
      browser.awaitStep("HOSTILE_INERT");
      browser.awaitStep("ACCESSIBLE");
      browser.awaitStep("INBOX_RELOADED");
      browser.awaitStep("CHINESE");
      browser.awaitSuccess();
    }
  }

  private static String customerWrites(JsonObject channel, String externalId, String email, String name, String text) {
    HttpResult written = hub.client().webhook(channel, HubClient.message(externalId, new JsonObject().put("email", email).put("name", name), text));
    assertThat(written.status()).as(written.toString()).isEqualTo(200);
    return written.json().getString("conversationId");
  }

  private static String agent(String name, String email, String role) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", name).put("email", email).put("password", PASSWORD)
        .put("roles", new JsonArray().add(role)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String policy(String name, String firstResponse, String warnBefore) {
    JsonObject body = new JsonObject().put("name", name).put("targets", new JsonObject()
        .put("normal", new JsonObject().put("firstResponse", firstResponse).put("nextResponse", "PT8H").put("resolution", "P1D")));
    if (warnBefore != null) {
      body.put("warnBefore", warnBefore);
    }
    HttpResult created = hub.client().post("/api/v1/sla-policies", body, hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String queue(String name, String channel, String strategy, String policyId) {
    HttpResult created = hub.client().post("/api/v1/queues", new JsonObject().put("name", name).put("strategy", strategy)
        .put("channels", new JsonArray().add(channel)).put("slaPolicyId", policyId), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
