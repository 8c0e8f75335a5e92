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
      // A store that stopped answering: every call in flight waits.
      for (int i = 0; i < MongoStore.MAX_IN_FLIGHT; i++) {
        held.add(mongo.read(() -> stuck.await(30, TimeUnit.SECONDS)));
      }
      Future<Object> shed = mongo.read(() -> "never runs");
      assertThat(shed.failed()).as("refused at once, not queued").isTrue();
      assertThat(shed.cause()).isInstanceOf(OverloadedException.class);
      HttpResult refused = hub.client().get("/api/v1/customers", admin);
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
}
