package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.errors.OverloadedException;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that falls behind sheds work at once (503 with {@code Retry-After}) instead of queueing
 * requests without bound, and serves again as soon as it catches up.
 */
class StoreLoadSheddingTest {

  @TempDir
  Path dataDir;

  @Test
  void pastTheInFlightLimitRequestsAreShedWith503AndServedAgainOnceTheStoreCatchesUp() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      String admin = hub.adminToken();
      MongoStore mongo = hub.hub().services().mongo();
      CountDownLatch stuck = new CountDownLatch(1);
      List<Future<Boolean>> held = new ArrayList<>();
      // A store that stopped answering: every call in flight waits. The hub's own background calls
      // (its ping, the queue's poll) take and give back places meanwhile, so fill until refused.
      Future<Object> shed = fill(mongo, stuck, held);
      assertThat(held.size()).as("the limit, give or take the hub's background calls").isBetween(MongoStore.MAX_IN_FLIGHT - 10,
          MongoStore.MAX_IN_FLIGHT);
      assertThat(shed.failed()).as("refused at once, not queued").isTrue();
      assertThat(shed.cause()).isInstanceOf(OverloadedException.class);
      // A background call that was in flight may end between the fill and the request and leave a place
      // free for it: fill again then (up to 20 times on a busy machine; a request served while full would fail here).
      HttpResult refused = null;
      for (int attempt = 0; attempt < 20 && (refused == null || refused.status() != 503); attempt++) {
        fill(mongo, stuck, held);
        refused = hub.client().get("/api/v1/customers", admin);
      }
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();

      stuck.countDown();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (held.stream().anyMatch(call -> !call.isComplete()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(hub.client().get("/api/v1/customers", admin).status()).as("served again").isEqualTo(200);
    }
  }

  /** Adds waiting calls until one is refused (at once: a refused call's future has already failed); returns it. */
  private static Future<Object> fill(MongoStore mongo, CountDownLatch stuck, List<Future<Boolean>> held) {
    while (true) {
      Future<Object> call = mongo.read(() -> stuck.await(30, TimeUnit.SECONDS));
      if (call.failed()) {
        return call;
      }
      held.add(call.map(Boolean.class::cast));
    }
  }
}
