package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.embedded.IndexConsistency;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means stored, on the embedded store too: the hub process is killed with SIGKILL in
 * the middle of concurrent ingest, restarted, and every message it acknowledged must be there exactly
 * once (and every retry of it must be recognized as the same message). Events are published only
 * after their write is durable: every message a supervisor's socket was shown before the kill, its
 * HTTP answer lost or not, is there after it.
 */
class KillDuringIngestTest {

  private static final int WRITERS = 16;
  private static final int ACKS_BEFORE_KILL = 600;
  private static final int ROUNDS = 2;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dataDir;

  /** externalId -> the body sent and the messageId acknowledged for it. */
  private final Map<String, JsonObject> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  /** externalIds a supervisor's socket was shown ({@code message.created}) before a kill. */
  private final Set<String> shown = ConcurrentHashMap.newKeySet();

  @Test
  void everyAcknowledgedMessageSurvivesSigkillExactlyOnce() throws Exception {
    JsonObject channel;
    try (HubProcess first = HubProcess.fromClasspath(dataDir, Map.of())) {
      first.awaitListening(START_TIMEOUT);
      HubClient client = first.client();
      channel = client.createApiChannel(client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD), "Kill test", null);
      ingestUntilKilled(first, client, channel, 0);
    }
    for (int round = 1; round <= ROUNDS; round++) {
      // As the kill left it: every index holds exactly what its documents call for.
      assertThat(IndexConsistency.problems(dataDir.resolve("omnihub.mv.db"))).as("index problems after kill " + round).isEmpty();
      try (HubProcess next = HubProcess.fromClasspath(dataDir, Map.of())) {
        next.awaitListening(START_TIMEOUT);
        HubClient client = next.client();
        verifyExactlyOnce(client, channel);
        if (round < ROUNDS) {
          ingestUntilKilled(next, client, channel, round);
        } else {
          next.terminate(Duration.ofSeconds(30));
        }
      }
    }
  }

  private void ingestUntilKilled(HubProcess hub, HubClient client, JsonObject channel, int round) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger acksThisRound = new AtomicInteger();
    SocketClient supervisor = SocketClient.connect(hub.awaitListening(START_TIMEOUT), "/ws/agent?token="
        + client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD));
    try (supervisor; ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int seq = 0; !killed.get(); seq++) {
            String externalId = "r" + round + "-w" + writer + "-" + seq;
            JsonObject body = HubClient.message(externalId, new JsonObject().put("email", "writer-" + writer + "@kill.test"),
                "message " + externalId);
            bodies.put(externalId, body);
            unanswered.add(externalId);
            try {
              HttpResult result = client.webhook(channel, body);
              if (result.status() == 200) {
                acknowledged.put(externalId, result.json().getString("messageId"));
                unanswered.remove(externalId);
                acksThisRound.incrementAndGet();
              }
            } catch (RuntimeException connectionLost) {
              return null;
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (acksThisRound.get() < ACKS_BEFORE_KILL) {
        if (System.nanoTime() > deadline) {
          killed.set(true);
          throw new AssertionError("only " + acksThisRound.get() + " acknowledgements in 120 s:\n" + String.join("\n", hub.output()));
        }
        Thread.sleep(5);
      }
      hub.kill();
      killed.set(true);
      supervisor.frames().stream().filter(frame -> "message.created".equals(frame.getString("type")))
          .forEach(frame -> shown.add(frame.getJsonObject("message").getString("externalId")));
      writers.shutdown();
      assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void verifyExactlyOnce(HubClient client, JsonObject channel) {
    String token = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
    // Before anything is written again: the lists (served from indexes) hold every acknowledged message once.
    Map<String, Integer> listed = listedMessages(client, token);
    assertThat(listed.values()).as("no message listed twice after the kill").allMatch(count -> count == 1);
    assertThat(listed.keySet()).as("every acknowledged message listed after the kill").containsAll(acknowledged.keySet());
    assertThat(inbox(client, token)).as("every writer's conversation in the inbox").hasSize(WRITERS);
    assertThat(shown).as("a socket was shown messages before the kill").isNotEmpty();
    assertThat(listed.keySet()).as("every message a socket was shown before the kill").containsAll(shown);
    // Every acknowledged delivery, sent again, is recognized as the message already stored.
    acknowledged.forEach((externalId, messageId) -> {
      HttpResult retry = client.webhook(channel, bodies.get(externalId));
      assertThat(retry.status()).as(externalId).isEqualTo(200);
      assertThat(retry.json().getBoolean("duplicate")).as("acknowledged %s must be stored", externalId).isTrue();
      assertThat(retry.json().getString("messageId")).as(externalId).isEqualTo(messageId);
    });
    // Deliveries the kill left unanswered are retried, as a channel would; they may or may not be there.
    for (String externalId : List.copyOf(unanswered)) {
      HttpResult retry = client.webhook(channel, bodies.get(externalId));
      assertThat(retry.status()).isEqualTo(200);
      acknowledged.put(externalId, retry.json().getString("messageId"));
      unanswered.remove(externalId);
    }
    // Each writer's thread holds each of its messages exactly once.
    Map<String, Integer> seen = listedMessages(client, token);
    assertThat(seen.values()).as("no message stored twice").allMatch(count -> count == 1);
    assertThat(seen.keySet()).as("every acknowledged message stored").containsAll(acknowledged.keySet());
  }

  /** How often each externalId appears in the writers' threads, read page by page as an agent would. */
  private static Map<String, Integer> listedMessages(HubClient client, String token) {
    Map<String, Integer> seen = new HashMap<>();
    for (int writer = 0; writer < WRITERS; writer++) {
      JsonArray customers = client.get("/api/v1/customers?identity=email:writer-" + writer + "@kill.test", token).items();
      assertThat(customers).hasSize(1);
      String customerId = customers.getJsonObject(0).getString("id");
      for (Object conversation : client.get("/api/v1/customers/" + customerId + "/conversations", token).items()) {
        for (JsonObject message : allMessages(client, token, ((JsonObject) conversation).getString("id"))) {
          seen.merge(message.getString("externalId"), 1, Integer::sum);
        }
      }
    }
    return seen;
  }

  /** The ids of the open conversations, every page of the inbox. */
  private static Set<String> inbox(HubClient client, String token) {
    Set<String> ids = new java.util.HashSet<>();
    String cursor = null;
    do {
      JsonObject page = client.get("/api/v1/conversations?status=open&limit=5" + (cursor == null ? "" : "&cursor=" + cursor), token)
          .json();
      page.getJsonArray("items").forEach(item -> assertThat(ids.add(((JsonObject) item).getString("id"))).isTrue());
      cursor = page.getString("next");
    } while (cursor != null);
    return ids;
  }

  private static List<JsonObject> allMessages(HubClient client, String token, String conversationId) {
    List<JsonObject> messages = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/v1/conversations/" + conversationId + "/messages?limit=200" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = client.get(path, token).json();
      page.getJsonArray("items").forEach(item -> messages.add((JsonObject) item));
      cursor = page.getString("next");
    } while (cursor != null);
    return messages;
  }
}
