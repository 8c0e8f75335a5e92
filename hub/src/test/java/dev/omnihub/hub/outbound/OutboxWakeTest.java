package dev.omnihub.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue wakes its dispatcher itself, once per row it takes, after the write that queued the row. */
class OutboxWakeTest {

  @TempDir
  Path dataDir;

  @Test
  void aQueuedRowWakesTheDispatcherOnceAndAQueuedAgainRowDoesNot() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore store = hub.hub().services().mongo();
      Outbox outbox = new Outbox(store, Clock.systemUTC());
      AtomicInteger wakes = new AtomicInteger();
      outbox.onQueued(wakes::incrementAndGet);

      store.write(() -> {
        outbox.enqueueBotEvent("wake-test-1", "0123456789abcdef01234567", "bot-1", "message.created", new JsonObject(), Clock.systemUTC()
            .instant());
        return null;
      }).await(10, TimeUnit.SECONDS);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wakes.get() == 1);

      store.write(() -> {
        outbox.enqueueBotEvent("wake-test-1", "0123456789abcdef01234567", "bot-1", "message.created", new JsonObject(), Clock.systemUTC()
            .instant());
        outbox.enqueueBotEvent("wake-test-2", "0123456789abcdef01234567", "bot-1", "message.created", new JsonObject(), Clock.systemUTC()
            .instant());
        return null;
      }).await(10, TimeUnit.SECONDS);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wakes.get() == 2);
      assertThat(wakes.get()).as("the row queued again is a no-op and wakes nobody").isEqualTo(2);
    }
  }
}
