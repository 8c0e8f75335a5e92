package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login findings of issue 14, tried as an attacker would: 100 wrong passwords for one email,
 * 50 at a time, must not get more than a handful of password checks, and must not lock the real user
 * out for long; hundreds of parallel logins are shed with 503 instead of stalling ingest.
 */
class LoginUnderAttackTest {

  @TempDir
  Path dataDir;

  @Test
  void parallelGuessesGetAHandfulOfChecksAndTheRealUserGetsInSoonAfter() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      createAgent(hub, "ana@agents.test");
      List<Integer> statuses = new ArrayList<>();
      try (ExecutorService attackers = Executors.newFixedThreadPool(50)) {
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          answers.add(attackers.submit(() -> client.post("/api/v1/auth/login", new JsonObject().put("email", "ana@agents.test")
              .put("password", "guess-" + Math.random()), null).status()));
        }
        for (Future<Integer> answer : answers) {
          statuses.add(answer.get());
        }
      }
      long checked = statuses.stream().filter(status -> status == 401).count();
      assertThat(checked).as("passwords actually checked, of 100 guesses").isLessThanOrEqualTo(6);
      assertThat(statuses).as("every other guess refused before the check").allMatch(status -> status == 401 || status == 429);

      HttpResult right = client.post("/api/v1/auth/login", new JsonObject().put("email", "ana@agents.test").put("password", "correct horse battery"),
          null);
      if (right.status() == 429) {
        long wait = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
        assertThat(wait).as("a delay of seconds, not a 15-minute lockout").isLessThanOrEqualTo(2);
        Thread.sleep(wait * 1000 + 100);
        right = client.post("/api/v1/auth/login", new JsonObject().put("email", "ana@agents.test").put("password", "correct horse battery"), null);
      }
      assertThat(right.status()).as(right.toString()).isEqualTo(200);
    }
  }

  @Test
  void aFloodOfLoginsIsShedWhileWebhooksKeepFlowing() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "App", null);
      List<Integer> statuses = new ArrayList<>();
      long slowestWebhookMillis = 0;
      try (ExecutorService flood = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          String email = "nobody" + i + "@agents.test";
          answers.add(flood.submit(() -> client.post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", "x"), null)
              .status()));
        }
        for (int i = 0; i < 10; i++) {
          long started = System.nanoTime();
          assertThat(client.webhook(channel, HubClient.message("during-" + i, new JsonObject().put("email", "c@example.com"), "hi")).status())
              .isEqualTo(200);
          slowestWebhookMillis = Math.max(slowestWebhookMillis, (System.nanoTime() - started) / 1_000_000);
        }
        for (Future<Integer> answer : answers) {
          statuses.add(answer.get());
        }
      }
      assertThat(statuses).as("shed with 503, never queued without bound").contains(503);
      assertThat(statuses).allMatch(status -> status == 401 || status == 429 || status == 503);
      assertThat(slowestWebhookMillis).as("ingest does not wait behind password hashing").isLessThan(2_000);
    }
  }

  private static void createAgent(TestHub hub, String email) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", "Ana").put("email", email)
        .put("password", "correct horse battery").put("roles", new JsonArray().add("agent")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }
}
