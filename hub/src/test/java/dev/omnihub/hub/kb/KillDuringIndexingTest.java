package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knowledge index survives a kill while it is being written: the hub process is killed with
 * SIGKILL during a large import (articles stored, embeddings being computed and indexed), restarted,
 * and then every article the store holds is found, and nothing else.
 */
class KillDuringIndexingTest {

  private static final int ARTICLES = 200;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dataDir;

  @Test
  void afterASigkillMidImportTheIndexHoldsExactlyWhatTheStoreHolds() throws Exception {
    try (HubProcess first = HubProcess.fromClasspath(dataDir, Map.of())) {
      first.awaitListening(START_TIMEOUT);
      HubClient client = first.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      JsonArray articles = new JsonArray();
      for (int i = 0; i < ARTICLES; i++) {
        articles.add(new JsonObject().put("title", "Guide zqx" + i).put("status", "published")
            .put("body", "Step " + i + ": open the settings, choose the delivery options and confirm the change with your password. "
                + "Refunds, parcels and accounts are described in the other guides of this help center."));
      }
      CompletableFuture<?> importing = CompletableFuture.runAsync(() -> client.post("/api/v1/kb/import", new JsonObject()
          .put("articles", articles), admin));
      // Killed once the articles are stored and while they are being indexed (the import has not been answered).
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> client.get("/api/v1/kb/articles?limit=1", admin).items().size() == 1);
      // Visible is not yet durable: a write is seen before its group commit. A later write that is
      // answered (durable) commits the store with the articles in it; a token touches no index.
      assertThat(client.post("/api/v1/tokens", new JsonObject().put("name", "after the import's write"), admin).status())
          .isEqualTo(201);
      assertThat(importing).as("killed before the import was answered").isNotDone();
      first.kill();
    }
    try (HubProcess next = HubProcess.fromClasspath(dataDir, Map.of())) {
      next.awaitListening(START_TIMEOUT);
      HubClient client = next.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      Set<String> stored = new HashSet<>();
      String cursor = null;
      do {
        JsonObject page = client.get("/api/v1/kb/articles?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), admin).json();
        page.getJsonArray("items").forEach(item -> stored.add(((JsonObject) item).getString("title")));
        cursor = page.getString("next");
      } while (cursor != null);
      assertThat(stored).as("the import was cut short, not lost: some articles are stored").isNotEmpty();
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> new JsonObject(client.get("/health", null).body())
          .getJsonObject("knowledgeBase", new JsonObject()).getInteger("documents", -1) == stored.size());
      for (String title : stored) {
        String token = title.substring(title.indexOf("zqx"));
        var found = client.get("/api/v1/kb/search?q=" + token, admin);
        assertThat(found.items()).as("found first: " + title + " in " + found + "\n" + String.join("\n", next.output()))
            .extracting(item -> ((JsonObject) item).getString("title")).first().isEqualTo(title);
      }
      next.terminate(Duration.ofSeconds(30));
    }
  }
}
