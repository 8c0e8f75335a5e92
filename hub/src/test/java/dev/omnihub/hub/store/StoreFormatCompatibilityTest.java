package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.embedded.IndexConsistency;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by the previous store format (uncompressed pages, ids as strings, a map for
 * the {@code _id} index) opens with this code and keeps working: every stored message is found again,
 * a redelivery is still a duplicate, new messages join their threads, the indexes stay whole, the
 * old {@code _id} maps are gone after the first start, and its customers can be searched for.
 */
class StoreFormatCompatibilityTest {

  private static final String FIXTURE = "/store-formats/before-compact-values/";

  @TempDir
  Path dataDir;

  @Test
  void aDataDirectoryOfThePreviousFormatOpensAndKeepsWorking() throws Exception {
    JsonObject fixture = unpackFixture();
    List<JsonObject> stored = fixture.getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
    JsonObject channel = new JsonObject().put("id", fixture.getString("channelId")).put("secret", fixture.getString("secret"));

    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      for (JsonObject message : stored) {
        HttpResult again = client.webhook(channel, body(message.getString("externalId"), message.getString("email")));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().getBoolean("duplicate")).as(message.getString("externalId")).isTrue();
        assertThat(again.json().getString("messageId")).isEqualTo(message.getString("messageId"));
      }
      // New messages from the same customers continue their conversations.
      for (int i = 0; i < 20; i++) {
        JsonObject old = stored.get(i);
        HttpResult added = client.webhook(channel, body("after-" + i, old.getString("email")));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.json().getString("conversationId")).isEqualTo(old.getString("conversationId"));
      }
    }
    Path file = dataDir.resolve(EmbeddedMongo.STORE_FILE);
    assertThat(IndexConsistency.problems(file)).isEmpty();
    MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      assertThat(reopened.getMapNames()).as("the old _id index maps are dropped").noneMatch(name -> name.endsWith("._id_"));
    } finally {
      reopened.close();
    }

    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String token = hub.adminToken();
      for (JsonObject message : stored.subList(0, 20)) {
        Set<String> ids = new HashSet<>();
        client.get("/api/v1/conversations/" + message.getString("conversationId") + "/messages?limit=200", token).items()
            .forEach(item -> ids.add(((JsonObject) item).getString("externalId")));
        assertThat(ids).contains(message.getString("externalId"), "after-" + stored.indexOf(message));
      }
      // Customers written before the inbox could be searched are found by it: their search text is filled in at start.
      JsonObject first = stored.get(0);
      List<String> found = client.get("/api/v1/conversations?q=" + java.net.URLEncoder.encode(first.getString("email"),
          java.nio.charset.StandardCharsets.UTF_8), token).items().stream().map(item -> ((JsonObject) item).getString("id")).toList();
      assertThat(found).containsExactly(first.getString("conversationId"));
    }
  }

  private static JsonObject body(String externalId, String email) {
    return HubClient.message(externalId, new JsonObject().put("email", email), "again: " + externalId);
  }

  private JsonObject unpackFixture() throws IOException {
    try (InputStream gz = new GZIPInputStream(resource("omnihub.mv.db.gz"))) {
      Files.copy(gz, dataDir.resolve(EmbeddedMongo.STORE_FILE));
    }
    try (InputStream key = resource("secrets.key")) {
      Files.copy(key, dataDir.resolve("secrets.key"));
    }
    try (InputStream json = resource("fixture.json")) {
      return new JsonObject(new String(json.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static InputStream resource(String name) {
    InputStream stream = StoreFormatCompatibilityTest.class.getResourceAsStream(FIXTURE + name);
    if (stream == null) {
      throw new IllegalStateException("missing test resource " + FIXTURE + name);
    }
    return stream;
  }
}
