package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side request forgery: without {@code OUTBOUND_ALLOW_PRIVATE_NETWORKS=true}, an api channel's
 * or a bot's webhook URL that leads to this machine, a private network or a cloud metadata address is
 * refused when it is given, and a delivery is refused before a byte is sent (names can change after
 * the URL was given).
 */
class OutboundAddressTest {

  @TempDir
  Path dataDir;

  @Test
  void privateWebhookUrlsAreRefusedWhenGiven() {
    try (TestHub hub = TestHub.start(dataDir, Map.of("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "false"))) {
      for (String url : new String[] {"http://127.0.0.1:27017/", "http://localhost/admin", "http://169.254.169.254/latest/meta-data/",
          "http://10.0.0.5/hook", "http://192.168.1.1/", "http://[::1]:8080/", "http://0.0.0.0/", "http://100.64.0.1/"}) {
        HttpResult channel = hub.client().post("/api/v1/channels", new JsonObject().put("type", "api").put("name", "x").put("webhookUrl", url),
            hub.adminToken());
        assertThat(channel.status()).as(url + " -> " + channel).isEqualTo(400);
        assertThat(channel.errorField()).isEqualTo("webhookUrl");
        HttpResult bot = hub.client().post("/api/v1/bots", new JsonObject().put("name", "b").put("webhookUrl", url)
            .put("channels", new JsonArray().add("0123456789abcdef01234567")), hub.adminToken());
        assertThat(bot.status()).as(url + " -> " + bot).isEqualTo(400);
      }
      String id = hub.client().createApiChannel(hub.adminToken(), "No webhook", null).getString("id");
      assertThat(hub.client().patch("/api/v1/channels/" + id, new JsonObject().put("webhookUrl", "http://127.0.0.1:1/"), hub.adminToken())
          .status()).as("nor by a later change").isEqualTo(400);
    }
  }

  @Test
  void aDeliveryToAPrivateAddressIsRefusedBeforeAnythingIsSent() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger received = new AtomicInteger();
      HttpServer receiver = vertx.createHttpServer().requestHandler(request -> {
        received.incrementAndGet();
        request.response().end();
      }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String url = "http://127.0.0.1:" + receiver.actualPort() + "/hook";
      SignedWebhookClient guarded = new SignedWebhookClient(vertx, Clock.systemUTC(), 5_000, false);
      Throwable refused = guarded.post(url, "secret", "message.created", "d-1", new JsonObject()).toCompletionStage().toCompletableFuture()
          .handle((ok, error) -> error).get(10, TimeUnit.SECONDS);
      assertThat(refused).isInstanceOfSatisfying(DeliveryException.class, e -> {
        assertThat(e.retryable()).as("no retry can help").isFalse();
        assertThat(e.getMessage()).contains("this machine");
      });
      assertThat(received.get()).isZero();

      SignedWebhookClient allowed = new SignedWebhookClient(vertx, Clock.systemUTC(), 5_000, true);
      allowed.post(url, "secret", "message.created", "d-2", new JsonObject()).await(10, TimeUnit.SECONDS);
      assertThat(received.get()).as("allowed when the operator says so").isEqualTo(1);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
