package dev.omnihub.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.testing.EventRecorder;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The api channel end to end over real HTTP: signatures, validation, idempotency, events. */
class ApiWebhookIngestTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject channel;

  @BeforeAll
  static void start() {
    client = hub.client();
    channel = client.createApiChannel(hub.adminToken(), "Shop integration", null);
  }

  private static JsonObject from(String email) {
    return new JsonObject().put("email", email).put("name", "Ana Lima");
  }

  @Test
  void storesAMessageAndAnswersWithItsIds() {
    HttpResult result = client.webhook(channel, HubClient.message("first-1", from("ana@example.com"), "Where is my order?"));

    assertThat(result.status()).isEqualTo(200);
    JsonObject ack = result.json();
    assertThat(ack.getBoolean("duplicate")).isFalse();
    assertThat(ack.getString("messageId")).isNotBlank();
    HttpResult messages = client.get("/api/v1/conversations/" + ack.getString("conversationId") + "/messages", hub.adminToken());
    assertThat(messages.items()).anySatisfy(item -> {
      JsonObject message = (JsonObject) item;
      assertThat(message.getString("id")).isEqualTo(ack.getString("messageId"));
      assertThat(message.getString("text")).isEqualTo("Where is my order?");
      assertThat(message.getString("direction")).isEqualTo("inbound");
      assertThat(message.getJsonObject("author").getString("type")).isEqualTo("customer");
      assertThat(message.getString("externalId")).isEqualTo("first-1");
    });
  }

  @Test
  void retriedDeliveryReturnsTheOriginalIdsAndWritesNothing() {
    JsonObject body = HubClient.message("retry-1", from("retry@example.com"), "hello");
    JsonObject first = client.webhook(channel, body).json();
    JsonObject retry = client.webhook(channel, body).json();

    assertThat(retry.getBoolean("duplicate")).isTrue();
    assertThat(retry.getString("messageId")).isEqualTo(first.getString("messageId"));
    assertThat(retry.getString("conversationId")).isEqualTo(first.getString("conversationId"));
    assertThat(retry.getString("customerId")).isEqualTo(first.getString("customerId"));
    assertThat(client.get("/api/v1/conversations/" + first.getString("conversationId") + "/messages", hub.adminToken()).items())
        .hasSize(1);
  }

  @Test
  void sameExternalIdOnAnotherChannelIsAnotherMessage() {
    JsonObject other = client.createApiChannel(hub.adminToken(), "Second integration", null);
    JsonObject body = HubClient.message("shared-id", from("shared@example.com"), "hi");
    JsonObject first = client.webhook(channel, body).json();
    JsonObject second = client.webhook(other, body).json();

    assertThat(second.getBoolean("duplicate")).isFalse();
    assertThat(second.getString("messageId")).isNotEqualTo(first.getString("messageId"));
    // Same person, same thread, whatever the channel.
    assertThat(second.getString("customerId")).isEqualTo(first.getString("customerId"));
    assertThat(second.getString("conversationId")).isEqualTo(first.getString("conversationId"));
  }

  @Test
  void rejectsAWrongSignatureWith401AndStoresNothing() {
    String body = HubClient.message("forged-1", from("forged@example.com"), "hi").encode();
    HttpResult result = client.signedWebhook(channel.getString("id"), "not-the-secret", body, Instant.now());

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.errorCode()).isEqualTo("bad_signature");
    assertThat(lookup("email:forged@example.com").items()).isEmpty();
  }

  @Test
  void rejectsAStaleTimestampWith401() {
    String body = HubClient.message("stale-1", from("stale@example.com"), "hi").encode();
    HttpResult result = client.signedWebhook(channel.getString("id"), channel.getString("secret"), body, Instant.now().minusSeconds(360));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.errorCode()).isEqualTo("stale_timestamp");
  }

  @Test
  void rejectsAnUnsignedRequestWith401() {
    HttpResult result = client.rawWebhook("/webhooks/api/" + channel.getString("id"), "{}", Map.of());
    assertThat(result.status()).isEqualTo(401);
    assertThat(result.errorCode()).isEqualTo("missing_signature");
  }

  @Test
  void rejectsMalformedJsonWith400() {
    HttpResult result = client.signedWebhook(channel.getString("id"), channel.getString("secret"), "{\"externalId\": ", Instant.now());
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.errorCode()).isEqualTo("invalid_json");
  }

  @Test
  void namesTheInvalidFieldWith400() {
    HttpResult wrongType = client.signedWebhook(channel.getString("id"), channel.getString("secret"),
        new JsonObject().put("externalId", "x").put("from", "ana@example.com").put("text", "hi").encode(), Instant.now());
    HttpResult badPhone = client.webhook(channel, HubClient.message("bad-phone", new JsonObject().put("phone", "call me maybe"), "hi"));
    HttpResult badEmail = client.webhook(channel, HubClient.message("bad-email", new JsonObject().put("email", "not-an-address"), "hi"));

    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.errorField()).isEqualTo("from");
    assertThat(badPhone.status()).isEqualTo(400);
    assertThat(badPhone.errorField()).isEqualTo("phone");
    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(badEmail.errorField()).isEqualTo("email");
  }

  @Test
  void rejectsAnOversizeBodyWith413() {
    String text = "x".repeat(300 * 1024);
    HttpResult result = client.webhook(channel, HubClient.message("huge", from("huge@example.com"), text));
    assertThat(result.status()).isEqualTo(413);
    assertThat(result.errorCode()).isEqualTo("payload_too_large");
  }

  @Test
  void answers404ForUnknownChannelsAndTypes() {
    String body = HubClient.message("x", from("x@example.com"), "hi").encode();
    assertThat(client.signedWebhook("5f0000000000000000000000", "s", body, Instant.now()).status()).isEqualTo(404);
    assertThat(client.rawWebhook("/webhooks/fax/" + channel.getString("id"), body, Map.of()).status()).isEqualTo(404);
    assertThat(client.rawWebhook("/webhooks/api/not-an-id", body, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void aBadRequestLosesNothingAlreadyAccepted() {
    JsonObject good = client.webhook(channel, HubClient.message("keep-1", from("keep@example.com"), "first")).json();
    client.signedWebhook(channel.getString("id"), channel.getString("secret"), "[1,2,3]", Instant.now());
    client.webhook(channel, HubClient.message("keep-2", new JsonObject().put("phone", "???"), "second"));

    HttpResult messages = client.get("/api/v1/conversations/" + good.getString("conversationId") + "/messages", hub.adminToken());
    assertThat(messages.items()).extracting(item -> ((JsonObject) item).getString("externalId")).containsExactly("keep-1");
  }

  /** That they come only after the write is durable is KillDuringIngestTest's: what a socket was shown survives a SIGKILL. */
  @Test
  void publishesMessageAndConversationEventsWithTheStoredIds() {
    try (EventRecorder events = new EventRecorder(hub.hub().services().store(), EventAddresses.MESSAGE_CREATED,
        EventAddresses.CONVERSATION_CREATED)) {
      JsonObject ack = client.webhook(channel, HubClient.message("event-1", from("events@example.com"), "ping")).json();

      MessageCreated message = events.await(MessageCreated.class, event -> event.conversationId().equals(ack.getString("conversationId")));
      assertThat(message.message().id()).isEqualTo(ack.getString("messageId"));
      ConversationCreated conversation = events.await(ConversationCreated.class,
          event -> event.conversationId().equals(ack.getString("conversationId")));
      assertThat(conversation.conversation().customerId()).isEqualTo(ack.getString("customerId"));
    }
  }

  private static HttpResult lookup(String identity) {
    return client.get("/api/v1/customers?identity=" + identity, hub.adminToken());
  }
}
