package dev.omnihub.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery queue's promises: a conversation's replies arrive in the order they were written, a
 * channel has a bounded number of deliveries in flight, and a delivery that gave up is listed for
 * supervisors and can be queued again.
 */
class DeliveryQueueTest {

  private static final Map<String, String> FAST_RETRIES = Map.of("OUTBOX_RETRY_BASE_MS", "200", "OUTBOX_MAX_ATTEMPTS", "3");

  /** One hub for the class; each test delivers to a receiver and a channel of its own. */
  @RegisterExtension
  static final HubExtension hub = new HubExtension(FAST_RETRIES);

  @Test
  void repliesOfOneConversationArriveInTheOrderTheyWereWrittenEvenWhenTheFirstIsRetried() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      AtomicInteger calls = new AtomicInteger();
      receiver.answer(() -> calls.incrementAndGet() == 1 ? 503 : 200);
      JsonObject channel = channel(hub, receiver);
      String conversation = conversationOn(hub, channel, "ordered@example.com");

      for (int i = 1; i <= 5; i++) {
        reply(hub, conversation, "reply " + i);
      }

      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 5);
      List<String> arrived = receiver.accepted().stream().map(body -> body.getJsonObject("message").getString("text")).toList();
      assertThat(arrived).containsExactly("reply 1", "reply 2", "reply 3", "reply 4", "reply 5");
      assertThat(calls.get()).isEqualTo(6);
    }
  }

  @Test
  void aChannelHasAtMostFourDeliveriesInFlightAtOnce() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.respondAfter(300);
      JsonObject channel = channel(hub, receiver);
      for (int i = 0; i < 12; i++) {
        reply(hub, conversationOn(hub, channel, "busy" + i + "@example.com"), "answer " + i);
      }

      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 12);
      assertThat(receiver.maxInFlight()).isBetween(2, 4);
    }
  }

  @Test
  void aDeliveryThatGaveUpIsListedForSupervisorsAndCanBeQueuedAgain() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(() -> 422);
      JsonObject channel = channel(hub, receiver);
      String conversation = conversationOn(hub, channel, "dead@example.com");
      String messageId = reply(hub, conversation, "will fail once");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterIds(hub).contains(messageId));

      String agentToken = agentToken(hub);
      assertThat(hub.client().get("/api/v1/deliveries", agentToken).status()).isEqualTo(403);
      assertThat(hub.client().post("/api/v1/messages/" + messageId + "/retry", new JsonObject(), agentToken).status()).isEqualTo(403);

      receiver.answer(() -> 200);
      HttpResult retried = hub.client().post("/api/v1/messages/" + messageId + "/retry", new JsonObject(), hub.adminToken());
      assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
      assertThat(retried.json().getJsonObject("delivery").getString("status")).isEqualTo("queued");

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !deadLetterIds(hub).contains(messageId));
      assertThat(receiver.accepted().get(0).getString("deliveryHeader")).isEqualTo(messageId);
      HttpResult again = hub.client().post("/api/v1/messages/" + messageId + "/retry", new JsonObject(), hub.adminToken());
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().getJsonObject("error").getString("code")).isEqualTo("not_retryable");
    }
  }

  @Test
  void theDeadLetterListRejectsAnUnknownStatus() {
    HttpResult result = hub.client().get("/api/v1/deliveries?status=lost", hub.adminToken());
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().getJsonObject("error").getString("field")).isEqualTo("status");
  }

  private static List<String> deadLetterIds(HubExtension hub) {
    List<String> ids = new ArrayList<>();
    hub.client().get("/api/v1/deliveries?status=failed&channel=api", hub.adminToken()).items()
        .forEach(item -> ids.add(((JsonObject) item).getString("id")));
    return ids;
  }

  private static JsonObject channel(HubExtension hub, WebhookReceiver receiver) {
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Outbound", receiver.url());
    receiver.expectSecret(channel.getString("secret"));
    return channel;
  }

  private static String conversationOn(HubExtension hub, JsonObject channel, String email) {
    return hub.client().webhook(channel, HubClient.message("in-" + System.nanoTime(), new JsonObject().put("email", email), "question"))
        .json().getString("conversationId");
  }

  private static String reply(HubExtension hub, String conversationId, String text) {
    HttpResult created = hub.client().post("/api/v1/conversations/" + conversationId + "/messages", new JsonObject().put("text", text),
        hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String agentToken(HubExtension hub) {
    hub.client().post("/api/v1/agents", new JsonObject().put("name", "Ada").put("email", "ada@test.local")
        .put("password", "agent-password-1").put("roles", new io.vertx.core.json.JsonArray().add("agent")), hub.adminToken());
    return hub.client().login("ada@test.local", "agent-password-1");
  }
}
