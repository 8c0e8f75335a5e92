package dev.omnihub.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Replies reach the channel through retries and restarts, and failures end in a visible status. */
class OutboxDeliveryTest {

  private static final Map<String, String> FAST_RETRIES = Map.of("OUTBOX_RETRY_BASE_MS", "50", "OUTBOX_MAX_ATTEMPTS", "3");

  /** One hub for the class; the restart tests start hubs of their own on a directory of their own. */
  @RegisterExtension
  static final HubExtension hub = new HubExtension(FAST_RETRIES);

  @Test
  void retriesUntilTheReceiverRecovers() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      AtomicInteger calls = new AtomicInteger();
      receiver.answer(() -> calls.incrementAndGet() <= 2 ? 503 : 200);
      Reply reply = Reply.send(hub.client(), hub.adminToken(), receiver, "It's on its way.");

      JsonObject delivery = reply.awaitDelivery(hub.client(), hub.adminToken(), "sent");

      assertThat(delivery.getInteger("attempts")).isEqualTo(3);
      assertThat(delivery.getString("providerId")).isEqualTo("remote-1");
      assertThat(receiver.accepted()).hasSize(1);
    }
  }

  @Test
  void aPermanentRefusalFailsAtOnce() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(() -> 422);
      Reply reply = Reply.send(hub.client(), hub.adminToken(), receiver, "Rejected text");

      JsonObject delivery = reply.awaitDelivery(hub.client(), hub.adminToken(), "failed");

      assertThat(delivery.getInteger("attempts")).isEqualTo(1);
      assertThat(delivery.getString("lastError")).contains("422");
    }
  }

  @Test
  void givesUpAfterTheConfiguredAttempts() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(() -> 500);
      Reply reply = Reply.send(hub.client(), hub.adminToken(), receiver, "Never arrives");

      JsonObject delivery = reply.awaitDelivery(hub.client(), hub.adminToken(), "failed");

      assertThat(delivery.getInteger("attempts")).isEqualTo(3);
      assertThat(receiver.requests()).isEqualTo(3);
    }
  }

  @Test
  void aQueuedReplyIsDeliveredAfterARestart(@TempDir Path dataDir) {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Reply reply;
      try (TestHub hub = TestHub.start(dataDir, Map.of("OUTBOX_RETRY_BASE_MS", "500", "OUTBOX_MAX_ATTEMPTS", "5"))) {
        receiver.answer(() -> 503);
        reply = Reply.send(hub.client(), hub.adminToken(), receiver, "Survives restarts");
        reply.awaitRetrying(hub.client(), hub.adminToken());
      }
      receiver.answer(() -> 200);
      try (TestHub hub = TestHub.start(dataDir, FAST_RETRIES)) {
        assertThat(reply.awaitDelivery(hub.client(), hub.adminToken(), "sent").getInteger("attempts")).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void aLostQueueEntryIsRebuiltFromTheMessageAtStart(@TempDir Path dataDir) throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Reply reply;
      try (TestHub hub = TestHub.start(dataDir, Map.of("OUTBOX_RETRY_BASE_MS", "3600000"))) {
        receiver.answer(() -> 503);
        reply = Reply.send(hub.client(), hub.adminToken(), receiver, "Queue entry lost");
        reply.awaitRetrying(hub.client(), hub.adminToken());
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
        reply.awaitDelivery(hub.client(), hub.adminToken(), "sent");
        assertThat(receiver.accepted()).hasSize(1);
      }
    }
  }

  @Test
  void anIntegrationWithoutWebhookReadsRepliesThroughTheApi() {
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Polling integration", null);
    JsonObject ack = hub.client().webhook(channel, HubClient.message("p-1", new JsonObject().put("email", "poll@out.test"), "hi")).json();
    HttpResult created = hub.client().post("/api/v1/conversations/" + ack.getString("conversationId") + "/messages",
        new JsonObject().put("text", "answer"), hub.adminToken());
    Reply reply = new Reply(ack.getString("conversationId"), created.json().getString("id"));

    assertThat(reply.awaitDelivery(hub.client(), hub.adminToken(), "skipped").getString("detail")).contains("webhookUrl");
  }

  /** One reply written by the admin to a fresh conversation on a channel that posts to the receiver. */
  private record Reply(String conversationId, String messageId) {

    static Reply send(HubClient client, String adminToken, WebhookReceiver receiver, String text) {
      JsonObject channel = client.createApiChannel(adminToken, "Outbound", receiver.url());
      receiver.expectSecret(channel.getString("secret"));
      // A customer of its own: the reply's conversation is this channel's alone.
      long unique = System.nanoTime();
      JsonObject ack = client.webhook(channel, HubClient.message("o-" + unique,
          new JsonObject().put("email", "out-" + unique + "@out.test"), "question")).json();
      HttpResult created = client.post("/api/v1/conversations/" + ack.getString("conversationId") + "/messages",
          new JsonObject().put("text", text), adminToken);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      return new Reply(ack.getString("conversationId"), created.json().getString("id"));
    }

    JsonObject delivery(HubClient client, String adminToken) {
      for (Object item : client.get("/api/v1/conversations/" + conversationId + "/messages", adminToken).items()) {
        JsonObject message = (JsonObject) item;
        if (message.getString("id").equals(messageId)) {
          return message.getJsonObject("delivery");
        }
      }
      throw new AssertionError("message " + messageId + " not found");
    }

    /** Waits until an attempt failed and another is scheduled: queued again, with the error kept. */
    JsonObject awaitRetrying(HubClient client, String adminToken) {
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
        JsonObject delivery = delivery(client, adminToken);
        return delivery.getString("status").equals("queued") && delivery.getString("lastError") != null;
      });
      return delivery(client, adminToken);
    }

    JsonObject awaitDelivery(HubClient client, String adminToken, String status) {
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> delivery(client, adminToken).getString("status").equals(status));
      return delivery(client, adminToken);
    }
  }
}
