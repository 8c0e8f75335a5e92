package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A snoozed conversation opens again when its time comes (API.md: {@code status: snoozed, until}), unless someone changed it first. */
class SnoozeTest {

  private static final String WOKEN_LINE = "The snooze ended: the conversation is open again";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject channel;
  static String agentId;
  static String agentToken;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    client = hub.client();
    channel = client.createApiChannel(hub.adminToken(), "Shop", null);
    agentId = client.createAgent(hub.adminToken(), "Sam", "sam@desk.test", "correct horse battery");
    agentToken = client.login("sam@desk.test", "correct horse battery");
  }

  @Test
  void aSnoozedConversationOpensAgainForItsAgentWhenItsTimeComes() {
    String conversation = inbound("wake@example.com", "Please call me back tomorrow");
    HttpResult assigned = client.post("/api/v1/conversations/" + conversation + "/assign", new JsonObject().put("agentId", agentId),
        hub.adminToken());
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    Instant until = Instant.now().plusSeconds(2);
    try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + agentToken)) {
      assertThat(status(conversation, "snoozed", until).getString("snoozedUntil")).isNotNull();

      JsonObject woken = agent.await(frame -> "conversation.updated".equals(frame.getString("type"))
          && frame.getJsonArray("changes").contains("status")
          && conversation.equals(frame.getJsonObject("conversation").getString("id"))
          && "open".equals(frame.getJsonObject("conversation").getString("status"))).getJsonObject("conversation");
      assertThat(Instant.now()).as("not before its time").isAfterOrEqualTo(until);
      assertThat(woken.getString("assigneeId")).as("back with the agent who holds it").isEqualTo(agentId);
      assertThat(woken.getString("snoozedUntil")).isNull();
    }
    assertThat(systemLines(conversation)).containsOnlyOnce(WOKEN_LINE);
  }

  @Test
  void aConversationResolvedWhileSnoozedStaysResolved() throws Exception {
    String conversation = inbound("resolved@example.com", "Thanks, that is all");
    status(conversation, "snoozed", Instant.now().plusSeconds(1));
    status(conversation, "resolved", null);

    Thread.sleep(3_000);
    assertThat(conversation(conversation).getString("status")).isEqualTo("resolved");
    assertThat(systemLines(conversation)).doesNotContain(WOKEN_LINE);
  }

  @Test
  void snoozedAgainForLongerItWakesAtTheLaterTimeOnce() throws Exception {
    String conversation = inbound("longer@example.com", "Ask me again next week");
    status(conversation, "snoozed", Instant.now().plusSeconds(1));
    Instant later = Instant.now().plusSeconds(4);
    status(conversation, "snoozed", later);

    Thread.sleep(2_500);
    assertThat(conversation(conversation).getString("status")).as("the first time passed, the second not").isEqualTo("snoozed");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "open".equals(conversation(conversation).getString("status")));
    assertThat(Instant.now()).isAfterOrEqualTo(later);
    Thread.sleep(1_500);
    assertThat(systemLines(conversation)).containsOnlyOnce(WOKEN_LINE);
  }

  @Test
  void aCustomerWritingDuringTheSnoozeOpensItAndTheTimeLaterChangesNothing() throws Exception {
    String conversation = inbound("early@example.com", "I will write again");
    status(conversation, "snoozed", Instant.now().plusSeconds(2));
    assertThat(inbound("early@example.com", "Actually, one more question")).isEqualTo(conversation);
    assertThat(conversation(conversation).getString("status")).isEqualTo("open");

    Thread.sleep(3_500);
    assertThat(conversation(conversation).getString("status")).isEqualTo("open");
    assertThat(systemLines(conversation)).doesNotContain(WOKEN_LINE);
  }

  private static String inbound(String email, String text) {
    HttpResult result = client.webhook(channel, HubClient.message("s-" + ids.incrementAndGet(), new JsonObject().put("email", email), text));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json().getString("conversationId");
  }

  private static JsonObject status(String conversation, String status, Instant until) {
    JsonObject body = new JsonObject().put("status", status);
    if (until != null) {
      body.put("until", until.toString());
    }
    HttpResult changed = client.post("/api/v1/conversations/" + conversation + "/status", body, agentToken);
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getString("status")).isEqualTo(status);
    return changed.json();
  }

  private static JsonObject conversation(String id) {
    return client.get("/api/v1/conversations/" + id, agentToken).json();
  }

  private static List<String> systemLines(String conversation) {
    return client.get("/api/v1/conversations/" + conversation + "/messages?limit=200", agentToken).items().stream()
        .map(item -> (JsonObject) item).filter(message -> "system".equals(message.getString("direction")))
        .map(message -> message.getString("text")).toList();
  }
}
