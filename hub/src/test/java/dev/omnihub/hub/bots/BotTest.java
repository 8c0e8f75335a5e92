package dev.omnihub.hub.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.ManualClock;
import dev.omnihub.hub.testing.ProviderSignatures;
import dev.omnihub.hub.testing.RunningHub;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import dev.omnihub.hub.timers.TimerStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bots over real HTTP: the bot is a real server that checks each event's signature (computed here
 * by API.md's scheme), answers through the conversation API with its token, and hands off; a bot
 * that stays silent or cannot be reached is handed off by the hub; after a handoff the bot gets
 * nothing more of that conversation.
 *
 * <p>One hub serves the tests on the real clock and the default settings. The silence tests run on a
 * clock of their own, and the unreachable bot on a retry policy of its own whose dead letters it
 * counts: each starts its own hub.
 */
class BotTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  @TempDir
  Path dataDir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close();
  }

  /** A bot's server: verifies, records, and reacts to each event. */
  private final class BotServer {
    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    final List<String> forged = new CopyOnWriteArrayList<>();
    final HttpServer server;
    volatile String secret;
    volatile int status = 200;
    volatile Consumer<JsonObject> react = event -> { };

    BotServer() throws Exception {
      server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        String timestamp = request.getHeader("X-OmniHub-Timestamp");
        String expected = ProviderSignatures.omnihub(secret, Long.parseLong(timestamp), body.toString(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("X-OmniHub-Signature"))) {
          forged.add(body.toString());
        }
        JsonObject event = body.toJsonObject();
        events.add(event);
        request.response().setStatusCode(status).end();
        if (status == 200) {
          Thread.ofVirtual().start(() -> react.accept(event));
        }
      })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    String url() {
      return "http://127.0.0.1:" + server.actualPort() + "/events";
    }

    long eventsOf(String conversationId, String type) {
      return events.stream().filter(e -> type.equals(e.getString("event"))
          && conversationId.equals(e.getJsonObject("conversation").getString("id"))).count();
    }
  }

  @Test
  void aBotAnswersFirstHandsOffAndThenHearsNothingMore() throws Exception {
    HubClient client = hub.client();
    JsonObject channel = client.createApiChannel(hub.adminToken(), "App", null);
    BotServer server = new BotServer();
    JsonObject bot = createBot(hub, server, channel.getString("id"), 60);
    String botToken = bot.getString("apiToken");
    server.react = event -> {
      if (!"message.created".equals(event.getString("event"))) {
        return;
      }
      String conversation = event.getJsonObject("conversation").getString("id");
      String text = event.getJsonObject("message").getString("text");
      if (text.contains("human")) {
        client.post("/api/v1/conversations/" + conversation + "/handoff", new JsonObject().put("reason", "asked for a human"), botToken);
      } else {
        client.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "Bot: your order ships today."),
            botToken);
        client.patch("/api/v1/customers/" + event.getJsonObject("message").getString("customerId"),
            new JsonObject().put("tags", new JsonArray().add("bot-helped")), botToken);
      }
    };

    String conversation = client.webhook(channel, HubClient.message("c-1", new JsonObject().put("email", "li@example.com"),
        "Where is my order?")).json().getString("conversationId");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages(hub, conversation).stream()
        .anyMatch(m -> "bot".equals(m.getJsonObject("author").getString("type"))));
    assertThat(server.eventsOf(conversation, "conversation.created")).isEqualTo(1);
    assertThat(server.eventsOf(conversation, "message.created")).isEqualTo(1);
    assertThat(server.forged).as("every event signed with the bot's secret").isEmpty();
    assertThat(client.get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("botId")).isEqualTo(bot.getString("id"));

    try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      client.webhook(channel, HubClient.message("c-2", new JsonObject().put("email", "li@example.com"), "Can I talk to a human?"));
      JsonObject handed = agent.await(frame -> "conversation.updated".equals(frame.getString("type"))
          && frame.getJsonArray("changes").contains("handler")
          && conversation.equals(frame.getJsonObject("conversation").getString("id"))).getJsonObject("conversation");
      assertThat(handed.getString("botId")).isNull();
      assertThat(handed.getString("status")).isEqualTo("open");
      assertThat(handed.getString("waitingSince")).isNotNull();
    }
    assertThat(messages(hub, conversation).stream().map(m -> m.getString("text")))
        .anyMatch(text -> text.contains("handed the conversation to a human: asked for a human"));
    assertThat(client.get("/api/v1/customers/" + messages(hub, conversation).get(0).getString("customerId"), hub.adminToken()).json()
        .getJsonArray("tags")).contains("bot-helped");

    String afterHandoff = client.webhook(channel, HubClient.message("c-3", new JsonObject().put("email", "li@example.com"),
        "Hello? Anyone?")).json().getString("messageId");
    // A bot's event is queued in the same write as the message it is about: none was, so none can ever go out.
    var outbox = hub.hub().services().mongo().collection(Collections.OUTBOX);
    assertThat(hub.hub().services().mongo().read(() -> outbox.find(Filters.eq("_id", "bot-message-" + afterHandoff)).first())
        .await(10, TimeUnit.SECONDS)).as("nothing queued for the bot after the handoff").isNull();
    assertThat(server.eventsOf(conversation, "message.created")).as("nothing after the handoff").isEqualTo(2);
    assertThat(client.post("/api/v1/conversations/" + conversation + "/handoff", new JsonObject(), botToken).status())
        .as("handed off already").isEqualTo(409);
  }

  @Test
  void aSilentBotIsHandedOffByTheHubOnceItsTimeoutPassed() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    try (TestHub hub = TestHub.start(dataDir, Map.of(), clock)) {
      HubClient client = hub.client();
      JsonObject quiet = client.createApiChannel(hub.adminToken(), "Quiet", null);
      BotServer silent = new BotServer();
      createBot(hub, silent, quiet.getString("id"), 60);

      String waited = client.webhook(quiet, HubClient.message("q-1", new JsonObject().put("email", "ma@example.com"), "Hi?")).json()
          .getString("conversationId");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> silent.eventsOf(waited, "message.created") == 1);
      assertThat(client.get("/api/v1/conversations/" + waited, hub.adminToken()).json().getString("botId")).isNotNull();

      clock.advance(Duration.ofSeconds(61));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/api/v1/conversations/" + waited, hub.adminToken())
          .json().getString("botId") == null);
      assertThat(messages(hub, waited).stream().map(m -> m.getString("text"))).anyMatch(text -> text.contains("no answer within 60 s"));
    }
  }

  @Test
  void aBotsAnswerStopsItsSilenceClockAndTheCustomersNextMessageStartsANewOne() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    try (TestHub hub = TestHub.start(dataDir, Map.of(), clock)) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "Chatty", null);
      BotServer server = new BotServer();
      String botToken = createBot(hub, server, channel.getString("id"), 60).getString("apiToken");
      String conversation = client.webhook(channel, HubClient.message("a-1", new JsonObject().put("email", "an@example.com"), "Hi?"))
          .json().getString("conversationId");
      String silenceTimer = BotService.silenceTimer(conversation);
      TimerStore timers = hub.hub().services().conversationServices().timers();
      MongoStore store = hub.hub().services().mongo();
      assertThat(store.read(() -> timers.find(silenceTimer)).await(10, TimeUnit.SECONDS)).isPresent();

      clock.advance(Duration.ofSeconds(30));
      client.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "Bot: hello!"), botToken);
      Awaitility.await("the answer's reaction stops the clock").atMost(Duration.ofSeconds(10))
          .until(() -> store.read(() -> timers.find(silenceTimer)).await(10, TimeUnit.SECONDS).isEmpty());

      // The customer writes again; a clock left over from before the answer (as when the answer's
      // reaction runs late) would be due 20 s from now, but the wait began now.
      clock.advance(Duration.ofSeconds(10));
      client.webhook(channel, HubClient.message("a-2", new JsonObject().put("email", "an@example.com"), "And the refund?"));
      Instant leftOver = clock.instant().plusSeconds(20);
      store.write(() -> {
        timers.schedule(silenceTimer, BotService.SILENCE, conversation, leftOver, clock.instant());
        return null;
      }).await(10, TimeUnit.SECONDS);

      clock.advance(Duration.ofSeconds(21));
      Awaitility.await("the early timer ran and set itself to the wait's end").atMost(Duration.ofSeconds(10))
          .until(() -> store.read(() -> timers.find(silenceTimer)).await(10, TimeUnit.SECONDS)
              .map(timer -> timer.dueAt().isAfter(leftOver)).orElse(false));
      assertThat(client.get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("botId"))
          .as("40 s of a 60 s wait: still the bot's").isNotNull();

      clock.advance(Duration.ofSeconds(40));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/api/v1/conversations/" + conversation, hub.adminToken())
          .json().getString("botId") == null);
    }
  }

  @Test
  void aBotThatCannotBeReachedIsHandedOffByTheHubAfterItsRetries() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, Map.of("OUTBOX_RETRY_BASE_MS", "50", "OUTBOX_MAX_ATTEMPTS", "4"))) {
      HubClient client = hub.client();
      JsonObject broken = client.createApiChannel(hub.adminToken(), "Broken", null);
      BotServer failing = new BotServer();
      failing.status = 500;
      createBot(hub, failing, broken.getString("id"), 60);

      String unreachable = client.webhook(broken, HubClient.message("b-1", new JsonObject().put("email", "jo@example.com"), "Hi?")).json()
          .getString("conversationId");

      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/v1/conversations/" + unreachable, hub.adminToken())
          .json().getString("botId") == null);
      assertThat(failing.events.size()).as("the queue's policy: 4 attempts, then given up").isEqualTo(4);
      assertThat(messages(hub, unreachable).stream().map(m -> m.getString("text"))).anyMatch(text -> text.contains("could not be reached"));
      MongoStore store = hub.hub().services().mongo();
      List<Document> dead = store.read(() -> hub.hub().services().conversationServices().outbox().dead(10)).await(10, TimeUnit.SECONDS);
      assertThat(dead).as("the event given up is a dead letter, not dropped unseen").singleElement().satisfies(row -> {
        assertThat(row.getString("_id")).isEqualTo("bot-conversation-" + unreachable);
        assertThat(row.getInteger("attempts")).isEqualTo(4);
        assertThat(row.getString("lastError")).contains("500");
      });
    }
  }

  @Test
  void botsAreForAdminsAndBadBotsAreRefused() {
    HttpResult noChannels = hub.client().post("/api/v1/bots", new JsonObject().put("name", "b").put("webhookUrl", "https://bot.example.com"),
        hub.adminToken());
    assertThat(noChannels.status()).isEqualTo(400);
    assertThat(noChannels.errorField()).isEqualTo("channels");
    HttpResult badUrl = hub.client().post("/api/v1/bots", new JsonObject().put("name", "b").put("webhookUrl", "ftp://x")
        .put("channels", new JsonArray().add("0123456789abcdef01234567")), hub.adminToken());
    assertThat(badUrl.errorField()).isEqualTo("webhookUrl");
    HttpResult unknownChannel = hub.client().post("/api/v1/bots", new JsonObject().put("name", "b").put("webhookUrl", "https://bot.example.com")
        .put("channels", new JsonArray().add("0123456789abcdef01234567")), hub.adminToken());
    assertThat(unknownChannel.status()).isEqualTo(404);
  }

  private JsonObject createBot(RunningHub hub, BotServer server, String channelId, int timeoutSeconds) {
    HttpResult created = hub.client().post("/api/v1/bots", new JsonObject().put("name", "Helper").put("webhookUrl", server.url())
        .put("channels", new JsonArray().add(channelId)).put("timeoutSeconds", timeoutSeconds), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    server.secret = created.json().getString("secret");
    return created.json();
  }

  private static List<JsonObject> messages(RunningHub hub, String conversation) {
    return hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
        .map(JsonObject.class::cast).toList();
  }
}
