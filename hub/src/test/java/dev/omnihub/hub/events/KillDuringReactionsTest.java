package dev.omnihub.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.bots.BotService;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactions survive a SIGKILL: a bot answers many conversations at once and the hub is killed
 * mid-stream, so some answers are durable while their reaction (stopping the bot's silence clock)
 * has not run or its position was not saved. After a restart the invariant holds for every
 * conversation: its silence clock runs exactly when no answer of the bot is stored.
 */
class KillDuringReactionsTest {

  private static final int CONVERSATIONS = 120;
  private static final int REPLIERS = 8;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Map<String, String> ENV = Map.of("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");

  @TempDir
  Path dataDir;

  @Test
  void afterAKillEveryStoredAnswerHasStoppedItsConversationsSilenceClock() throws Exception {
    List<String> conversations = new ArrayList<>();
    try (WebhookReceiver botEndpoint = new WebhookReceiver(); HubProcess first = HubProcess.fromClasspath(dataDir, ENV)) {
      first.awaitListening(START_TIMEOUT);
      HubClient client = first.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      JsonObject channel = client.createApiChannel(admin, "With a bot", null);
      HttpResult bot = client.post("/api/v1/bots", new JsonObject().put("name", "Helper").put("webhookUrl", botEndpoint.url())
          .put("channels", new JsonArray().add(channel.getString("id"))).put("timeoutSeconds", 3_600), admin);
      assertThat(bot.status()).as(bot.toString()).isEqualTo(201);
      botEndpoint.expectSecret(bot.json().getString("secret"));
      String botToken = bot.json().getString("apiToken");
      for (int i = 0; i < CONVERSATIONS; i++) {
        conversations.add(client.webhook(channel, HubClient.message("k-" + i, new JsonObject().put("email", "k" + i + "@kill.test"), "Hello?"))
            .json().getString("conversationId"));
      }
      answerUntilKilled(first, client, botToken, conversations);
    }

    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      Awaitility.await("every conversation's clock as its answers call for").atMost(Duration.ofSeconds(20))
          .until(() -> mismatches(hub, store, conversations).isEmpty());
      assertThat(answered(hub, conversations)).as("the kill came while answers were still being written")
          .isGreaterThan(0).isLessThan(CONVERSATIONS);
    }
  }

  /** Answers every conversation from several threads; kills the hub once a third are answered. */
  private static void answerUntilKilled(HubProcess hub, HubClient client, String botToken, List<String> conversations) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answeredCount = new AtomicInteger();
    try (ExecutorService repliers = Executors.newFixedThreadPool(REPLIERS)) {
      for (int r = 0; r < REPLIERS; r++) {
        repliers.submit(() -> {
          for (int i = next.getAndIncrement(); i < conversations.size() && !killed.get(); i = next.getAndIncrement()) {
            try {
              HttpResult sent = client.post("/api/v1/conversations/" + conversations.get(i) + "/messages",
                  new JsonObject().put("text", "Bot: on its way"), botToken);
              if (sent.status() == 201) {
                answeredCount.incrementAndGet();
              }
            } catch (RuntimeException connectionLost) {
              return null;
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answeredCount.get() < conversations.size() / 3 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      hub.kill();
      killed.set(true);
      repliers.shutdown();
      assertThat(repliers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Conversations whose silence clock disagrees with whether the bot's answer is stored. */
  private static List<String> mismatches(TestHub hub, MongoStore store, List<String> conversations) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String conversation : conversations) {
      boolean clock = store.read(() -> store.collection(Collections.TIMERS).find(Filters.eq("_id", BotService.silenceTimer(conversation)))
          .first() != null).await(10, TimeUnit.SECONDS);
      if (clock == hasAnswer(hub, conversation)) {
        wrong.add(conversation + (clock ? ": answered, clock still running" : ": unanswered, no clock"));
      }
    }
    return wrong;
  }

  private static int answered(TestHub hub, List<String> conversations) {
    return (int) conversations.stream().filter(conversation -> hasAnswer(hub, conversation)).count();
  }

  private static boolean hasAnswer(TestHub hub, String conversation) {
    return hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
        .map(JsonObject.class::cast).anyMatch(message -> "outbound".equals(message.getString("direction")));
  }
}
