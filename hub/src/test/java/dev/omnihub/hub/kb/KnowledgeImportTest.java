package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Articles in and out in bulk: JSON and a zip of Markdown files with front matter; a retried import
 * changes nothing; every article is checked before any is written; Markdown is shown as safe HTML;
 * the widget searches published articles without a token, limited per address.
 */
class KnowledgeImportTest {

  @TempDir
  Path dataDir;

  @Test
  void importsJsonAndMarkdownOnceAndExportsWhatItHolds() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      JsonObject batch = new JsonObject().put("articles", new JsonArray()
          .add(new JsonObject().put("title", "Refunds").put("body", "Money back in **5 days**.").put("locale", "en").put("status", "published"))
          .add(new JsonObject().put("title", "退款说明").put("body", "退货签收后3个工作日内退款。").put("locale", "zh").put("status", "published")));
      HttpResult first = client.post("/api/v1/kb/import", batch, admin);
      assertThat(first.status()).as(first.toString()).isEqualTo(200);
      assertThat(first.json().getInteger("created")).isEqualTo(2);
      assertThat(client.post("/api/v1/kb/import", batch, admin).json().getInteger("unchanged")).as("a retry").isEqualTo(2);

      JsonObject bad = new JsonObject().put("articles", new JsonArray().add(new JsonObject().put("title", "Ok").put("body", "fine"))
          .add(new JsonObject().put("title", "No body")));
      assertThat(client.post("/api/v1/kb/import", bad, admin).errorField()).isEqualTo("articles[1].body");
      assertThat(client.get("/api/v1/kb/articles?limit=50", admin).items()).as("nothing of a refused import is written").hasSize(2);

      byte[] zip = zip("shipping.md", "---\ntitle: Shipping times\nlocale: en\ntags: [delivery]\nstatus: published\n---\n\n# Shipping\n\n"
          + "Parcels arrive in *3 days*.\n", "refunds.md", "---\ntitle: Refunds\nlocale: en\nstatus: published\n---\nMoney back in **7 days**.\n");
      HttpResponse<String> imported = post(hub, "/api/v1/kb/import", zip, "application/zip", admin);
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(new JsonObject(imported.body()).getInteger("created")).isEqualTo(1);
      assertThat(new JsonObject(imported.body()).getInteger("updated")).as("matched by title and locale").isEqualTo(1);
      JsonArray found = client.get("/api/v1/kb/search?q=parcel", admin).items();
      assertThat(found).as("searchable once the import is answered").hasSize(1);
      JsonObject shipping = client.get("/api/v1/kb/articles/" + found.getJsonObject(0).getString("articleId"), admin).json();
      assertThat(shipping.getString("html")).contains("<em>3 days</em>").contains("<h1>Shipping</h1>");

      JsonArray exported = client.get("/api/v1/kb/export", admin).json().getJsonArray("articles");
      assertThat(exported).hasSize(3);
      HttpResponse<byte[]> markdown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + hub.hub().httpPort() + "/api/v1/kb/export?format=markdown"))
          .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(markdown.headers().firstValue("Content-Type")).hasValue("application/zip");
      assertThat(ArticleArchive.unzip(markdown.body())).hasSize(3).extracting(ArticleArchive.Entry::title)
          .containsExactlyInAnyOrder("Refunds", "退款说明", "Shipping times");
      HttpResponse<String> again = post(hub, "/api/v1/kb/import", markdown.body(), "application/zip", admin);
      assertThat(new JsonObject(again.body()).getInteger("unchanged")).as("an export imports as itself").isEqualTo(3);
      assertThat(client.get("/api/v1/kb/export", hub.client().login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD)).status()).isEqualTo(200);
    }
  }

  @Test
  void theWidgetSearchesPublishedArticlesWithoutATokenWithinALimit() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      client.post("/api/v1/kb/import", new JsonObject().put("articles", new JsonArray()
          .add(new JsonObject().put("title", "Refunds").put("body", "Money back in 5 days.").put("status", "published"))
          .add(new JsonObject().put("title", "Refunds for staff").put("body", "Internal refund notes.").put("status", "draft"))), admin);
      String chat = client.post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Site")
          .put("allowedOrigins", new JsonArray().add("https://shop.test")), admin).json().getString("id");
      HttpResponse<String> found = get(hub, "/api/v1/widget/" + chat + "/kb/search?q=refund", "https://shop.test");
      assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
      assertThat(new JsonObject(found.body()).getJsonArray("items")).hasSize(1);
      assertThat(new JsonObject(found.body()).getJsonArray("items").getJsonObject(0).getDouble("score")).as("a confident match")
          .isBetween(0.3, 1.0);
      assertThat(found.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.test");
      String refund = new JsonObject(found.body()).getJsonArray("items").getJsonObject(0).getString("articleId");
      HttpResponse<String> read = get(hub, "/api/v1/widget/" + chat + "/kb/articles/" + refund, "https://shop.test");
      assertThat(new JsonObject(read.body()).getString("html")).isEqualTo("<p>Money back in 5 days.</p>");
      String draft = client.get("/api/v1/kb/articles?status=draft", admin).items().getJsonObject(0).getString("id");
      assertThat(get(hub, "/api/v1/widget/" + chat + "/kb/articles/" + draft, null).statusCode()).as("drafts are not public").isEqualTo(404);
      HttpResponse<String> offTopic = get(hub, "/api/v1/widget/" + chat + "/kb/search?q=tell+me+a+joke", "https://shop.test");
      assertThat(new JsonObject(offTopic.body()).getJsonArray("items")).as("nothing fits: nothing offered to a customer").isEmpty();
      assertThat(client.get("/api/v1/kb/search?q=tell+me+a+joke", admin).items()).as("agents see weak matches at most, scored low")
          .allSatisfy(item -> assertThat(((JsonObject) item).getDouble("score")).isLessThan(0.3));
      assertThat(get(hub, "/api/v1/widget/" + chat + "/kb/search", null).statusCode()).isEqualTo(400);
      assertThat(get(hub, "/api/v1/widget/6b0febe8cad1e08b86bc46b3/kb/search?q=refund", null).statusCode()).isEqualTo(404);
      int status = 200;
      for (int i = 0; i < 70 && status == 200; i++) {
        status = get(hub, "/api/v1/widget/" + chat + "/kb/search?q=refund+" + i, null).statusCode();
      }
      assertThat(status).as("limited per address").isEqualTo(429);
    }
  }

  private static byte[] zip(String... namesAndContents) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static HttpResponse<String> post(TestHub hub, String path, byte[] body, String type, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(TestHub hub, String path, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + path));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
