package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import dev.omnihub.kb.Article;
import dev.omnihub.kb.KnowledgeIndex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Articles through the API (API.md "Knowledge base"): admins write, agents read and search; each
 * write is searchable when acknowledged; every version is kept; and the index, which the store
 * outranks, is brought back in step at start whether it was lost, stale or holds what was deleted.
 */
class KnowledgeArticlesTest {

  @TempDir
  Path dataDir;

  @Test
  void thePreviewIsTheArticlesOwnRenderingAndCarriesNoScript() {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      String markdown = "## Refunds\n\n- the [form](https://shop.example/refund)\n- never [this](javascript:alert(1))\n\n"
          + "<img src=x onerror=\"alert(2)\"><script>alert(3)</script>";
      HttpResult preview = client.post("/api/v1/kb/preview", new JsonObject().put("body", markdown), admin);
      assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
      String html = preview.json().getString("html");
      assertThat(html).contains("<h2>Refunds</h2>").contains("href=\"https://shop.example/refund\"").contains("&lt;img")
          .doesNotContain("javascript:").doesNotContain("<img").doesNotContain("<script");
      JsonObject stored = client.post("/api/v1/kb/articles", article("Refunds", markdown, "en", "draft"), admin).json();
      assertThat(client.get("/api/v1/kb/articles/" + stored.getString("id"), admin).json().getString("html"))
          .as("what the preview showed is what readers get").isEqualTo(html);

      assertThat(client.post("/api/v1/kb/preview", new JsonObject().put("body", markdown), agent(client, admin)).status()).isEqualTo(403);
      HttpResult missing = client.post("/api/v1/kb/preview", new JsonObject(), admin);
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.errorField()).isEqualTo("body");
    }
  }

  @Test
  void articlesAreWrittenByAdminsReadByAgentsAndSearchableOnceAcknowledged() {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      String agent = agent(client, admin);
      JsonObject refund = article("Refunds", "Your money is back on your card within 5 days of our receiving the return.", "en", "published");
      assertThat(client.post("/api/v1/kb/articles", refund, agent).status()).isEqualTo(403);
      HttpResult created = client.post("/api/v1/kb/articles", refund, admin);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().getString("id");
      assertThat(created.json().getLong("version")).isEqualTo(1);
      assertThat(ids(client.get("/api/v1/kb/search?q=money+back&locale=en", agent).items())).as("searchable when acknowledged")
          .containsExactly(id);

      HttpResult changed = client.put("/api/v1/kb/articles/" + id, article("Refunds and store credit",
          "Choose money back to your card or store credit.", "en", "draft"), admin);
      assertThat(changed.json().getLong("version")).isEqualTo(2);
      assertThat(client.get("/api/v1/kb/articles/" + id + "/versions", agent).items()).extracting(v -> ((JsonObject) v).getString("title"))
          .containsExactly("Refunds and store credit", "Refunds");
      assertThat(client.get("/api/v1/kb/articles?status=draft", agent).items()).hasSize(1);

      JsonObject chinese = article("退款多久到账", "退货签收后3个工作日内退款到原支付账户。", "zh", "published");
      String zh = client.post("/api/v1/kb/articles", chinese, admin).json().getString("id");
      assertThat(ids(client.get("/api/v1/kb/search?q=" + URLEncoder.encode("我的退款什么时候到", StandardCharsets.UTF_8), agent).items()))
          .as("a Chinese question finds the Chinese article").containsExactly(zh);

      assertThat(client.delete("/api/v1/kb/articles/" + id, admin).status()).isEqualTo(204);
      assertThat(client.get("/api/v1/kb/articles/" + id, agent).status()).isEqualTo(404);
      assertThat(client.get("/api/v1/kb/search?q=store+credit", agent).items()).as("gone from search at once").isEmpty();

      assertThat(client.post("/api/v1/kb/articles", new JsonObject().put("title", "x"), admin).errorField()).isEqualTo("body");
      assertThat(client.post("/api/v1/kb/articles", article("x", "y", "not a locale!", "draft"), admin).errorField()).isEqualTo("locale");
      assertThat(client.get("/api/v1/kb/search", agent).errorField()).isEqualTo("q");
    }
  }

  @Test
  void aLostStaleOrOutdatedIndexIsBroughtInStepAtStart() throws Exception {
    String kept;
    String deleted;
    try (TestHub hub = TestHub.start(dataDir)) {
      String admin = hub.adminToken();
      kept = hub.client().post("/api/v1/kb/articles", article("Parcel lockers", "Pick up your parcel at a locker within 3 days.", "en",
          "published"), admin).json().getString("id");
      deleted = hub.client().post("/api/v1/kb/articles", article("Gift cards", "Gift cards never expire.", "en", "published"), admin)
          .json().getString("id");
    }
    // While the hub is down: the index loses the lockers article and gains one the store never had.
    try (KnowledgeIndex index = KnowledgeIndex.open(dataDir.resolve("knowledge"))) {
      index.remove(kept);
      index.put(new Article("000000000000000000000001", "Ghost", "An article the store never had.", "en", List.of()), 1, true);
      index.commit();
    }
    try (TestHub hub = TestHub.start(dataDir)) {
      String admin = hub.adminToken();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          ids(hub.client().get("/api/v1/kb/search?q=parcel+locker", admin).items()).contains(kept));
      assertThat(hub.client().get("/api/v1/kb/search?q=ghost", admin).items()).isEmpty();
      assertThat(ids(hub.client().get("/api/v1/kb/search?q=gift+cards", admin).items())).first().isEqualTo(deleted);
    }
    // The whole index lost: rebuilt from the store.
    try (Stream<Path> files = Files.walk(dataDir.resolve("knowledge"))) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
    try (TestHub hub = TestHub.start(dataDir)) {
      String admin = hub.adminToken();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          ids(hub.client().get("/api/v1/kb/search?q=gift+cards", admin).items()).contains(deleted));
    }
  }

  @Test
  void withoutEmbeddingsSearchAndSuggestionsRankByWords() {
    try (TestHub hub = TestHub.start(dataDir, java.util.Map.of("KB_EMBEDDINGS", "false"))) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      String refund = client.post("/api/v1/kb/articles", article("Refunds", "Your refund reaches your card within 5 days.", "en",
          "published"), admin).json().getString("id");
      assertThat(ids(client.get("/api/v1/kb/search?q=refund", admin).items())).containsExactly(refund);
      assertThat(client.get("/api/v1/kb/search?q=money+back", admin).items()).as("no meaning without a model").isEmpty();
      JsonObject channel = client.createApiChannel(admin, "App", null);
      String conversation = client.webhook(channel, HubClient.message("w1", new JsonObject().put("email", "ann@shop.test"),
          "when will my refund arrive?")).json().getString("conversationId");
      assertThat(client.get("/api/v1/conversations/" + conversation + "/suggestions", admin).items()).extracting(item ->
          ((JsonObject) item).getString("articleId")).containsExactly(refund);
    }
  }

  private static JsonObject article(String title, String body, String locale, String status) {
    return new JsonObject().put("title", title).put("body", body).put("locale", locale).put("status", status)
        .put("tags", new JsonArray().add("help"));
  }

  private static String agent(HubClient client, String admin) {
    client.post("/api/v1/agents", new JsonObject().put("name", "Ann").put("email", "ann@desk.test").put("password", "correct horse battery")
        .put("roles", new JsonArray().add("agent")), admin);
    return client.login("ann@desk.test", "correct horse battery");
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("articleId")).toList();
  }
}
