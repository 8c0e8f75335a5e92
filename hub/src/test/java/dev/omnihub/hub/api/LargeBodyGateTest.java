package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Large bodies are handled a permit at a time, the others wait and are all answered; small ones pass. */
class LargeBodyGateTest {

  private static final int LARGE = 1024;

  private Vertx vertx;
  private HttpServer server;
  private LargeBodyGate gate;
  /** The handlers holding a large body, each waiting for the test to let it answer. */
  private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger handling = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    gate = new LargeBodyGate(1, LARGE);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.route().handler(gate.handler());
    router.post("/hook").handler(ctx -> {
      if (ctx.body().length() <= LARGE) {
        ctx.response().end("small");
        return;
      }
      mostAtOnce.accumulateAndGet(handling.incrementAndGet(), Math::max);
      Promise<Void> answer = Promise.promise();
      held.add(answer);
      answer.future().onComplete(done -> {
        handling.decrementAndGet();
        ctx.response().end("large");
      });
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> post(int bytes) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/hook"))
        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void largeBodiesWaitTheirTurnWhileSmallOnesPass() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> large = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      large.add(post(LARGE * 64));
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1 && gate.waiting() == 2);

    assertThat(post(LARGE).get(10, TimeUnit.SECONDS).body()).as("a small body while large ones wait").isEqualTo("small");
    assertThat(large).as("none answered while the first is held").noneMatch(CompletableFuture::isDone);

    for (int answered = 0; answered < 3; answered++) {
      int turn = answered;
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == turn + 1);
      held.get(turn).complete();
    }
    for (CompletableFuture<HttpResponse<String>> response : large) {
      assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("large");
    }
    assertThat(mostAtOnce.get()).as("large bodies handled at once").isEqualTo(1);
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void aSenderThatLeftWhileWaitingGivesItsTurnOn() throws Exception {
    CompletableFuture<HttpResponse<String>> first = post(LARGE * 64);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
    try (java.net.Socket leaving = new java.net.Socket("127.0.0.1", server.actualPort())) {
      byte[] body = new byte[LARGE * 64];
      leaving.getOutputStream().write(("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      leaving.getOutputStream().write(body);
      leaving.getOutputStream().flush();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == 1);
    }
    CompletableFuture<HttpResponse<String>> next = post(LARGE * 64);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == 2);

    held.get(0).complete();
    assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("large");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 2);
    held.get(1).complete();
    assertThat(next.get(10, TimeUnit.SECONDS).body()).as("the next sender's turn, the one who left skipped").isEqualTo("large");
    assertThat(held).hasSize(2);
    assertThat(gate.waiting()).isZero();
  }
}
