package dev.omnihub.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replies reach the channel through retries and restarts, and failures end in a visible status. */
class OutboxDeliveryTest {

  private static final Map<String, String> FAST_RETRIES = Map.of("OUTBOX_RETRY_BASE_MS", "50", "OUTBOX_MAX_ATTEMPTS", "3");

  @TempDir
  Path dataDir;

  @Test
  void retriesUntilTheReceiverRecovers() {
    try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES); WebhookReceiver receiver = new WebhookReceiver()) {
      AtomicInteger calls = new AtomicInteger();
      receiver.answer(() -> calls.incrementAndGet() <= 2 ? 503 : 200);
      Reply reply = Reply.send(hub, receiver, "It's on its way.");

      JsonObject delivery = reply.awaitDelivery(hub, "sent");

      assertThat(delivery.getInteger("attempts")).isEqualTo(3);
      assertThat(delivery.getString("providerId")).isEqualTo("remote-1");
      assertThat(receiver.accepted()).hasSize(1);
    }
  }

  @Test
  void aPermanentRefusalFailsAtOnce() {
    try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES); WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(() -> 422);
      Reply reply = Reply.send(hub, receiver, "Rejected text");

      JsonObject delivery = reply.awaitDelivery(hub, "failed");

      assertThat(delivery.getInteger("attempts")).isEqualTo(1);
      assertThat(delivery.getString("lastError")).contains("422");
    }
  }

  @Test
  void givesUpAfterTheConfiguredAttempts() {
    try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES); WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(() -> 500);
      Reply reply = Reply.send(hub, receiver, "Never arrives");

      JsonObject delivery = reply.awaitDelivery(hub, "failed");

      assertThat(delivery.getInteger("attempts")).isEqualTo(3);
      assertThat(receiver.requests()).isEqualTo(3);
    }
  }

  @Test
  void aQueuedReplyIsDeliveredAfterARestart() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Reply reply;
      try (TestHub hub = TestHub.start(dataDir, Map.of("OUTBOX_RETRY_BASE_MS", "500", "OUTBOX_MAX_ATTEMPTS", "5"))) {
        receiver.answer(() -> 503);
        reply = Reply.send(hub, receiver, "Survives restarts");
        reply.awaitRetrying(hub);
      }
      receiver.answer(() -> 200);
      try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES)) {
        assertThat(reply.awaitDelivery(hub, "sent").getInteger("attempts")).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void aLostQueueEntryIsRebuiltFromTheMessageAtStart() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Reply reply;
      try (TestHub hub = TestHub.start(dataDir, Map.of("OUTBOX_RETRY_BASE_MS", "3600000"))) {
        receiver.answer(() -> 503);
        reply = Reply.send(hub, receiver, "Queue entry lost");
        reply.awaitRetrying(hub);
        // Simulate a crash between the message write and the queue write: the message says
        // "to deliver", the queue does not list it.
        MongoStore store = hub.hub().services().mongo();
        store.write(() -> {
          store.collection(Collections.OUTBOX).deleteOne(Filters.eq("_id", reply.messageId()));
          return store.collection(Collections.MESSAGES).updateOne(Filters.eq("_id", reply.messageId()),
              Updates.set("delivery.nextAttemptAt", new Date()));
        }).await(10, TimeUnit.SECONDS);
      }
      receiver.answer(() -> 200);
      try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES)) {
        reply.awaitDelivery(hub, "sent");
        assertThat(receiver.accepted()).hasSize(1);
      }
    }
  }

  @Test
  void anIntegrationWithoutWebhookReadsRepliesThroughTheApi() {
    try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Polling integration", null);
      JsonObject ack = hub.client().webhook(channel, HubClient.message("p-1", new JsonObject().put("email", "poll@out.test"), "hi")).json();
      HttpResult created = hub.client().post("/api/v1/conversations/" + ack.getString("conversationId") + "/messages",
          new JsonObject().put("text", "answer"), hub.adminToken());
      Reply reply = new Reply(ack.getString("conversationId"), created.json().getString("id"));

      assertThat(reply.awaitDelivery(hub, "skipped").getString("detail")).contains("webhookUrl");
    }
  }

  /** One reply written by the admin to a fresh conversation on a channel that posts to the receiver. */
  private record Reply(String conversationId, String messageId) {

    static Reply send(TestHub hub, WebhookReceiver receiver, String text) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Outbound", receiver.url());
      receiver.expectSecret(channel.getString("secret"));
      JsonObject ack = hub.client().webhook(channel, HubClient.message("o-" + System.nanoTime(),
          new JsonObject().put("email", "out@out.test"), "question")).json();
      HttpResult created = hub.client().post("/api/v1/conversations/" + ack.getString("conversationId") + "/messages",
          new JsonObject().put("text", text), hub.adminToken());
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      return new Reply(ack.getString("conversationId"), created.json().getString("id"));
    }

    JsonObject delivery(TestHub hub) {
      for (Object item : hub.client().get("/api/v1/conversations/" + conversationId + "/messages", hub.adminToken()).items()) {
        JsonObject message = (JsonObject) item;
        if (message.getString("id").equals(messageId)) {
          return message.getJsonObject("delivery");
        }
      }
      throw new AssertionError("message " + messageId + " not found");
    }

    /** Waits until an attempt failed and another is scheduled: queued again, with the error kept. */
    JsonObject awaitRetrying(TestHub hub) {
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
        JsonObject delivery = delivery(hub);
        return delivery.getString("status").equals("queued") && delivery.getString("lastError") != null;
      });
      return delivery(hub);
    }

    JsonObject awaitDelivery(TestHub hub, String status) {
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> delivery(hub).getString("status").equals(status));
      return delivery(hub);
    }
  }
}
