package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conversation's {@code unreadCount} (API.md "Console": {@code N unread} in the inbox): each customer
 * message counts, an agent's reply or note does not; an agent's read, by {@code POST .../read} or by the
 * agent socket's {@code read} frame, sets it back to 0 and tells the other agents' sockets with a
 * {@code conversation.updated}, once; a read of a conversation with nothing unread tells nobody anything.
 */
class UnreadCountTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject channel;
  static String ana;
  static String bea;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    client = hub.client();
    channel = client.createApiChannel(hub.adminToken(), "Shop", null);
    ana = agent("Ana", "ana@unread.test");
    bea = agent("Bea", "bea@unread.test");
  }

  private static String agent(String name, String email) {
    HttpResult created = client.post("/api/v1/agents", new JsonObject().put("name", name).put("email", email)
        .put("password", "correct horse battery"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return client.login(email, "correct horse battery");
  }

  private static JsonObject inbound(String email, String text) {
    HttpResult result = client.webhook(channel, HubClient.message("u-" + ids.incrementAndGet(), new JsonObject().put("email", email), text));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static int unread(String conversationId) {
    return client.get("/api/v1/conversations/" + conversationId, ana).json().getInteger("unreadCount");
  }

  private static HttpResult read(String conversationId, String token) {
    return client.post("/api/v1/conversations/" + conversationId + "/read", new JsonObject(), token);
  }

  private static boolean isReadUpdate(JsonObject frame, String conversationId) {
    return "conversation.updated".equals(frame.getString("type"))
        && conversationId.equals(frame.getJsonObject("conversation").getString("id"))
        && new JsonArray().add("unreadCount").equals(frame.getJsonArray("changes"));
  }

  @Test
  void eachCustomerMessageCountsAndAnAgentsReplyOrNoteDoesNot() {
    String id = inbound("counted@unread.test", "one").getString("conversationId");
    inbound("counted@unread.test", "two");
    assertThat(unread(id)).isEqualTo(2);

    String base = "/api/v1/conversations/" + id + "/messages";
    assertThat(client.post(base, new JsonObject().put("text", "On it."), ana).status()).isEqualTo(201);
    assertThat(client.post(base, new JsonObject().put("text", "VIP").put("private", true), ana).status()).isEqualTo(201);
    assertThat(unread(id)).isEqualTo(2);

    inbound("counted@unread.test", "three");
    assertThat(unread(id)).isEqualTo(3);
    JsonObject listed = client.get("/api/v1/conversations?limit=1", ana).items().getJsonObject(0);
    assertThat(listed.getString("id")).isEqualTo(id);
    assertThat(listed.getInteger("unreadCount")).isEqualTo(3);
  }

  @Test
  void theReadRouteResetsTheCountAndTellsTheOtherAgentsOnce() {
    String id = inbound("routed@unread.test", "one").getString("conversationId");
    inbound("routed@unread.test", "two");
    try (SocketClient beas = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + bea)) {
      HttpResult read = read(id, ana);

      assertThat(read.status()).as(read.toString()).isEqualTo(200);
      assertThat(read.json().getString("id")).isEqualTo(id);
      assertThat(read.json().getInteger("unreadCount")).isZero();
      assertThat(read.json().getJsonObject("customer").getString("id")).isEqualTo(read.json().getString("customerId"));
      JsonObject update = beas.await(frame -> isReadUpdate(frame, id));
      assertThat(update.getJsonObject("conversation").getInteger("unreadCount")).isZero();
      assertThat(unread(id)).isZero();

      // Read again (no body needed) with nothing unread: 200, and nothing published before the next message's event.
      HttpResult again = client.send("POST", "/api/v1/conversations/" + id + "/read", "", ana);
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(again.json().getInteger("unreadCount")).isZero();
      String later = inbound("routed@unread.test", "three").getString("messageId");
      beas.await(frame -> "message.created".equals(frame.getString("type")) && later.equals(frame.getJsonObject("message").getString("id")));
      assertThat(beas.frames().stream().filter(frame -> isReadUpdate(frame, id))).hasSize(1);
      assertThat(unread(id)).isEqualTo(1);
    }
  }

  @Test
  void theSocketsReadFrameResetsTheCountAndStillPassesTheReadOn() {
    String id = inbound("socket@unread.test", "one").getString("conversationId");
    try (SocketClient anas = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + ana);
        SocketClient beas = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + bea)) {
      anas.send(new JsonObject().put("type", "read").put("conversationId", id));

      beas.await(frame -> isReadUpdate(frame, id));
      JsonObject signal = beas.await(frame -> "read".equals(frame.getString("type")) && id.equals(frame.getString("conversationId")));
      assertThat(signal.getJsonObject("author").getString("type")).isEqualTo("agent");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> unread(id) == 0);
      assertThat(anas.frames()).noneMatch(frame -> "error".equals(frame.getString("type")));
    }
  }

  @Test
  void onlyAgentsWhoReachTheConversationMayReadIt() {
    String id = inbound("scoped@unread.test", "one").getString("conversationId");
    JsonObject other = client.createApiChannel(hub.adminToken(), "Other", null);
    HttpResult token = client.post("/api/v1/tokens", new JsonObject().put("name", "other only").put("roles", new JsonArray().add("agent"))
        .put("channels", new JsonArray().add(other.getString("id"))), hub.adminToken());
    assertThat(token.status()).as(token.toString()).isEqualTo(201);

    assertThat(read(id, null).status()).isEqualTo(401);
    assertThat(read(id, token.json().getString("token")).status()).isEqualTo(404);
    assertThat(read("5f0000000000000000000000", ana).errorCode()).isEqualTo("conversation_not_found");
    assertThat(unread(id)).isEqualTo(1);
  }
}
