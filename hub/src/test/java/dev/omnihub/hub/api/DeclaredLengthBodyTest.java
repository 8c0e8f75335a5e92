package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.WebhookRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A large body is read whole into one buffer of its length (its bytes then shared, not copied); others as before. */
class DeclaredLengthBodyTest {

  private static final int SMALL = 64 * 1024;
  private static final int LIMIT = 1024 * 1024;

  private Vertx vertx;
  private HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new DeclaredLengthBody(SMALL, LIMIT));
    router.route().handler(BodyHandler.create(false).setBodyLimit(LIMIT));
    router.post("/hook").handler(ctx -> {
      WebhookRequest request = new WebhookRequest("http://x/hook", MultiMap.caseInsensitiveMultiMap(), MultiMap.caseInsensitiveMultiMap(),
          ctx.body().buffer(), Instant.now());
      byte[] bytes = request.bodyBytes();
      boolean shared = bytes == request.bodyBytes();
      ctx.response().end(bytes.length + " " + java.util.Arrays.hashCode(bytes) + " " + (shared ? "shared" : "copied"));
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/hook"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aLargeBodyArrivesWholeAndItsBytesAreNotCopiedAgain() throws Exception {
    byte[] body = bytes(700 * 1024);
    assertThat(post(body).body()).isEqualTo(body.length + " " + java.util.Arrays.hashCode(body) + " shared");
  }

  @Test
  void smallAndOversizedBodiesGoThroughTheBodyHandler() throws Exception {
    byte[] small = bytes(1000);
    assertThat(post(small).body()).isEqualTo(small.length + " " + java.util.Arrays.hashCode(small) + " copied");
    assertThat(post(bytes(LIMIT + 1)).statusCode()).as("over the limit").isEqualTo(413);
  }

  @Test
  void aSenderThatDeclaresALargeBodyAndLeavesGivesItsReservationBack() throws Exception {
    long before = DeclaredLengthBody.reserved();
    try (Socket silent = new Socket("127.0.0.1", server.actualPort())) {
      silent.getOutputStream().write(("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: " + 900 * 1024 + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      silent.getOutputStream().flush();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> DeclaredLengthBody.reserved() == before + 900 * 1024);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> DeclaredLengthBody.reserved() == before);
  }
}
