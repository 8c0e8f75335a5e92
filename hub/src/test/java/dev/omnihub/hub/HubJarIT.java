package dev.omnihub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an operator runs it: {@code java -jar}, the ready line, /health and /metrics,
 * a clean stop on SIGTERM, and the data still there at the next start.
 */
class HubJarIT {

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir
  Path dataDir;

  private static Path jar() {
    Path jar = Path.of(System.getProperty("omnihub.jar", "target/omnihub.jar"));
    assertThat(jar).exists();
    return jar;
  }

  @Test
  void runsServesStopsOnSigtermAndKeepsItsData() throws Exception {
    String customerId;
    try (HubProcess hub = HubProcess.fromJar(jar(), dataDir, Map.of())) {
      int port = hub.awaitListening(START);
      assertThat(hub.output()).anyMatch(line -> line.matches(".*OmniHub listening http=" + port + " smtp=-?\\d+.*"));
      HubClient client = hub.client();

      HttpResult health = client.get("/health", null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().getString("status")).isEqualTo("UP");
      assertThat(health.json().getString("store")).isEqualTo("embedded");

      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      JsonObject channel = client.createApiChannel(admin, "Jar test", null);
      HttpResult ack = client.webhook(channel, HubClient.message("jar-1", new JsonObject().put("email", "jar@it.test"), "hello"));
      assertThat(ack.status()).isEqualTo(200);
      customerId = ack.json().getString("customerId");

      HttpResult metrics = client.get("/metrics", null);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("omnihub_ingest_messages_total{channel=\"api\",outcome=\"stored\"} 1.0")
          .contains("omnihub_store_commit_batch_count").contains("omnihub_store_file_bytes ").contains("omnihub_store_live_bytes ")
          .contains("omnihub_store_live_ratio ").contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");

      // The console's page and modules come from the jar: every mvnpm jar's import map survives packaging.
      HttpResult console = client.get("/console/", null);
      assertThat(console.status()).isEqualTo(200);
      assertThat(console.body()).contains("\"lit\":\"/_static/lit/").contains("\"lit-html\"").contains("\"@lit/reactive-element\"");
      assertThat(client.get("/_static/lit/3.3.3/index.js", null).status()).isEqualTo(200);

      int exit = hub.terminate(Duration.ofSeconds(30));
      assertThat(exit).isIn(0, 143);
      assertThat(hub.output()).anyMatch(line -> line.contains("OmniHub stopped"));
    }
    assertThat(Files.exists(dataDir.resolve("omnihub.mv.db"))).isTrue();

    try (HubProcess again = HubProcess.fromJar(jar(), dataDir, Map.of())) {
      again.awaitListening(START);
      HubClient client = again.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      JsonObject customer = client.get("/api/v1/customers/" + customerId, admin).json();
      assertThat(customer.getJsonArray("identities").getJsonObject(0).getString("value")).isEqualTo("jar@it.test");
      assertThat(client.get("/api/v1/channels", admin).items()).hasSize(1);
      // The bootstrap admin is created once, not again at every start.
      assertThat(client.get("/api/v1/agents", admin).items()).hasSize(1);
      again.terminate(Duration.ofSeconds(30));
    }
  }

  @Test
  void printsAGeneratedAdminPasswordOnceWhenNoneIsConfigured() {
    try (HubProcess hub = HubProcess.fromJar(jar(), dataDir, Map.of("OMNIHUB_ADMIN_PASSWORD", ""))) {
      hub.awaitListening(START);
      String line = hub.output().stream().filter(l -> l.contains("with password")).findFirst().orElseThrow();
      String password = line.replaceAll(".*with password (\\S+).*", "$1");
      assertThat(hub.client().login(TestHub.ADMIN_EMAIL, password)).isNotBlank();
      hub.terminate(Duration.ofSeconds(30));
    }
  }

  @Test
  void refusesABadSettingWithAClearMessage() {
    try (HubProcess hub = HubProcess.fromJar(jar(), dataDir, Map.of("HTTP_PORT", "eighty"))) {
      assertThat(hub.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(hub.output()).anyMatch(line -> line.contains("HTTP_PORT must be a whole number, not 'eighty'"));
    }
  }
}
