package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The website chat over real sockets: a visitor's message is acknowledged once stored (the same
 * clientId again gets the same ids and is stored once), agents' replies arrive numbered by seq, a
 * reconnect with the last seq misses and repeats nothing, private notes never reach the widget,
 * tokens cannot be forged or moved to another visitor's channel, and the session tells the widget the
 * channel's language (a language it has no texts in is refused naming the field).
 *
 * <p>One hub serves the class, each test on chat channels of its own. The flood test starts a hub of
 * its own: it spends the minute's session budget of 127.0.0.1, which every other test needs.
 */
class WidgetSocketTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void aVisitorAndAnAgentChatLiveAndAReconnectResumesBySeq() {
    JsonObject channel = chatChannel(hub.client(), hub.adminToken(), new JsonArray());
    String token = session(hub.client(), channel.getString("id"), new JsonObject()).getString("visitorToken");
    String conversation;
    try (SocketClient visitor = widget(hub.hub().httpPort(), token, 0);
        SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      visitor.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Do you ship to Norway?"));
      JsonObject ack = visitor.await(frame -> "ack".equals(frame.getString("type")));
      assertThat(ack.getString("clientId")).isEqualTo("c-1");
      assertThat(ack.getInteger("seq")).isEqualTo(1);
      JsonObject seen = agent.await(frame -> "message.created".equals(frame.getString("type"))
          && channel.getString("id").equals(frame.getJsonObject("message").getString("channelId")));
      assertThat(seen.getJsonObject("message").getString("id")).isEqualTo(ack.getString("messageId"));
      conversation = seen.getJsonObject("message").getString("conversationId");

      hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "internal: check stock")
          .put("private", true), hub.adminToken());
      hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "Yes, we do!"),
          hub.adminToken());
      JsonObject reply = visitor.await(frame -> "message".equals(frame.getString("type")) && "outbound".equals(frame.getString("direction")));
      assertThat(reply.getInteger("seq")).isEqualTo(2);
      assertThat(reply.getString("text")).isEqualTo("Yes, we do!");

      visitor.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Do you ship to Norway?"));
      JsonObject again = visitor.await(frame -> "ack".equals(frame.getString("type")) && frame != ack
          && visitor.frames().stream().filter(f -> "ack".equals(f.getString("type"))).count() == 2);
      assertThat(visitor.frames().stream().filter(f -> "ack".equals(f.getString("type"))).toList())
          .allMatch(f -> f.getString("messageId").equals(ack.getString("messageId")) && f.getInteger("seq") == 1);
      assertThat(again).isNotNull();
      assertThat(texts(visitor.frames())).doesNotContain("internal: check stock");
    }
    assertThat(hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
        .map(JsonObject.class::cast).filter(m -> "inbound".equals(m.getString("direction")))).hasSize(1);

    hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "Anything else?"),
        hub.adminToken());
    try (SocketClient resumed = widget(hub.hub().httpPort(), token, 2)) {
      JsonObject next = resumed.await(frame -> "message".equals(frame.getString("type")));
      assertThat(next.getInteger("seq")).isEqualTo(3);
      assertThat(next.getString("text")).isEqualTo("Anything else?");
    }
    try (SocketClient fromStart = widget(hub.hub().httpPort(), token, 0)) {
      fromStart.await(frame -> "message".equals(frame.getString("type")) && frame.getInteger("seq") == 3);
      List<JsonObject> messages = fromStart.frames().stream().filter(frame -> "message".equals(frame.getString("type"))).toList();
      assertThat(messages).extracting(frame -> frame.getInteger("seq")).containsExactly(1, 2, 3);
      assertThat(messages.get(0).getString("clientId")).isEqualTo("c-1");
      assertThat(texts(messages)).doesNotContain("internal: check stock");
    }
  }

  @Test
  void aNewChatAfterAResolvedOneGoesOnLiveAndKeepsTheNumbering() {
    JsonObject channel = chatChannel(hub.client(), hub.adminToken(), new JsonArray());
    String token = session(hub.client(), channel.getString("id"), new JsonObject()).getString("visitorToken");
    try (SocketClient visitor = widget(hub.hub().httpPort(), token, 0);
        SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      visitor.send(new JsonObject().put("type", "message").put("clientId", "first").put("text", "Hello"));
      String first = agent.await(frame -> isVisitorMessage(frame, channel, "first")).getJsonObject("message").getString("conversationId");
      hub.client().post("/api/v1/conversations/" + first + "/status", new JsonObject().put("status", "resolved"), hub.adminToken());

      visitor.send(new JsonObject().put("type", "message").put("clientId", "second").put("text", "Me again"));
      JsonObject ack = visitor.await(frame -> "ack".equals(frame.getString("type")) && "second".equals(frame.getString("clientId")));
      assertThat(ack.getInteger("seq")).isEqualTo(2);
      String second = agent.await(frame -> isVisitorMessage(frame, channel, "second")).getJsonObject("message").getString("conversationId");
      assertThat(second).as("a resolved chat gives way to a new conversation").isNotEqualTo(first);

      hub.client().post("/api/v1/conversations/" + second + "/messages", new JsonObject().put("text", "Welcome back"), hub.adminToken());
      JsonObject reply = visitor.await(frame -> "message".equals(frame.getString("type")) && "Welcome back".equals(frame.getString("text")));
      assertThat(reply.getInteger("seq")).isEqualTo(3);
    }
    try (SocketClient again = widget(hub.hub().httpPort(), token, 0)) {
      again.await(frame -> "message".equals(frame.getString("type")) && frame.getInteger("seq") == 3);
      assertThat(again.frames().stream().filter(frame -> "message".equals(frame.getString("type"))).map(frame -> frame.getString("text")))
          .containsExactly("Hello", "Me again", "Welcome back");
    }
  }

  private static boolean isVisitorMessage(JsonObject frame, JsonObject channel, String clientId) {
    return "message.created".equals(frame.getString("type"))
        && channel.getString("id").equals(frame.getJsonObject("message").getString("channelId"))
        && String.valueOf(frame.getJsonObject("message").getString("externalId")).endsWith(":" + clientId);
  }

  @Test
  void tokensCannotBeForgedOrUsedForAnotherVisitorsChannel() {
    JsonObject shop = chatChannel(hub.client(), hub.adminToken(), new JsonArray());
    JsonObject other = chatChannel(hub.client(), hub.adminToken(), new JsonArray());
    String token = session(hub.client(), shop.getString("id"), new JsonObject()).getString("visitorToken");

    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + tampered)) {
      assertThat(socket.awaitClosed()).isEqualTo((short) 4401);
    }
    // The other channel does not take this visitor's token as its own.
    HttpResult moved = hub.client().post("/api/v1/widget/" + other.getString("id") + "/session", new JsonObject().put("visitorToken", token),
        null);
    assertThat(moved.json().getString("visitorToken")).isNotEqualTo(token);
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=not-a-token")) {
      assertThat(socket.awaitClosed()).isEqualTo((short) 4401);
    }
    // Keeping the token keeps the visitor.
    assertThat(session(hub.client(), shop.getString("id"), new JsonObject().put("visitorToken", token)).getString("visitorToken"))
        .isEqualTo(token);
  }

  @Test
  void originsAndUserHashesAreChecked() throws Exception {
    JsonObject channel = chatChannel(hub.client(), hub.adminToken(), new JsonArray().add("https://shop.example"));
    String id = channel.getString("id");

    HttpResult foreign = hub.client().send("POST", "/api/v1/widget/" + id + "/session", "{}", null, "https://evil.example");
    assertThat(foreign.status()).isEqualTo(403);
    HttpResult allowed = hub.client().send("POST", "/api/v1/widget/" + id + "/session", "{}", null, "https://shop.example");
    assertThat(allowed.status()).isEqualTo(200);
    String token = allowed.json().getString("visitorToken");

    HttpResult badHash = hub.client().post("/api/v1/widget/" + id + "/session", new JsonObject()
        .put("identity", new JsonObject().put("userId", "u-7").put("userHash", "00ff")), null);
    assertThat(badHash.status()).isEqualTo(401);
    String hash = hmacHex(channel.getString("secret"), "u-7");
    HttpResult verified = hub.client().post("/api/v1/widget/" + id + "/session", new JsonObject()
        .put("identity", new JsonObject().put("userId", "u-7").put("userHash", hash)), null);
    assertThat(verified.status()).isEqualTo(200);

    try (SocketClient fromElsewhere = SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + token, "https://evil.example")) {
      assertThat(fromElsewhere.awaitClosed()).isEqualTo((short) 4403);
    }
  }

  @Test
  void theWidgetsLanguageIsAChannelSettingTheSessionCarries() {
    JsonObject channel = chatChannel(hub.client(), hub.adminToken(), new JsonArray());
    String id = channel.getString("id");
    assertThat(session(hub.client(), id, new JsonObject()).getString("language")).as("by default the page's or browser's")
        .isEqualTo("auto");

    HttpResult chinese = hub.client().patch("/api/v1/channels/" + id, new JsonObject().put("language", "zh"), hub.adminToken());
    assertThat(chinese.status()).as(chinese.toString()).isEqualTo(200);
    assertThat(session(hub.client(), id, new JsonObject()).getString("language")).isEqualTo("zh");

    HttpResult french = hub.client().patch("/api/v1/channels/" + id, new JsonObject().put("language", "fr"), hub.adminToken());
    assertThat(french.status()).isEqualTo(400);
    assertThat(french.json().getJsonObject("error").getString("field")).isEqualTo("language");
    HttpResult notText = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website")
        .put("language", 7), hub.adminToken());
    assertThat(notText.status()).isEqualTo(400);
    assertThat(notText.json().getJsonObject("error").getString("field")).isEqualTo("language");
    assertThat(session(hub.client(), id, new JsonObject()).getString("language")).as("a refused change changes nothing").isEqualTo("zh");
  }

  @Test
  void aFloodingVisitorOrAddressIsRateLimited(@TempDir Path dataDir) {
    try (TestHub own = TestHub.start(dataDir)) {
      String channelId = chatChannel(own.client(), own.adminToken(), new JsonArray()).getString("id");
      String token = session(own.client(), channelId, new JsonObject()).getString("visitorToken");
      try (SocketClient visitor = widget(own.hub().httpPort(), token, 0)) {
        for (int i = 0; i < 35; i++) {
          visitor.send(new JsonObject().put("type", "message").put("clientId", "flood-" + i).put("text", "spam " + i));
        }
        JsonObject limited = visitor.await(frame -> "error".equals(frame.getString("type")));
        assertThat(limited.getString("code")).isEqualTo("rate_limited");
        assertThat(limited.getLong("retryAfter")).isPositive();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> visitor.frames().stream().filter(f -> "ack".equals(f.getString("type"))).count() == 30);
        assertThat(visitor.frames().stream().filter(f -> "error".equals(f.getString("type")))).hasSize(5);
      }
      HttpResult last = null;
      for (int i = 0; i < 60; i++) {
        last = own.client().post("/api/v1/widget/" + channelId + "/session", new JsonObject(), null);
      }
      assertThat(last.status()).isEqualTo(429);
      assertThat(last.json().getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    }
  }

  private static SocketClient widget(int port, String token, int since) {
    return SocketClient.connect(port, "/ws/widget?token=" + token + "&since=" + since);
  }

  private static JsonObject chatChannel(HubClient client, String adminToken, JsonArray origins) {
    HttpResult created = client.post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website")
        .put("allowedOrigins", origins), adminToken);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  private static JsonObject session(HubClient client, String channelId, JsonObject body) {
    HttpResult result = client.post("/api/v1/widget/" + channelId + "/session", body, null);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static List<String> texts(List<JsonObject> frames) {
    return frames.stream().map(frame -> frame.getString("text")).filter(java.util.Objects::nonNull).toList();
  }

  private static String hmacHex(String secret, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }
}
