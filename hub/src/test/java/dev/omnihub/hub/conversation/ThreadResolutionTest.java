package dev.omnihub.hub.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.testing.EventRecorder;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One thread per customer, whatever the channel: hints win, the open conversation continues on any
 * channel, resolved conversations reopen through their thread, closed ones give way to a new one.
 */
class ThreadResolutionTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject shop;
  static JsonObject app;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    client = hub.client();
    shop = client.createApiChannel(hub.adminToken(), "Shop", null);
    app = client.createApiChannel(hub.adminToken(), "Mobile app", null);
  }

  private static JsonObject send(JsonObject channel, JsonObject from, String text, String threadKey) {
    JsonObject body = HubClient.message("m-" + ids.incrementAndGet(), from, text);
    if (threadKey != null) {
      body.put("threadKey", threadKey);
    }
    HttpResult result = client.webhook(channel, body);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static JsonObject email(String address) {
    return new JsonObject().put("email", address);
  }

  private static JsonObject conversation(String id) {
    return client.get("/api/v1/conversations/" + id, hub.adminToken()).json();
  }

  private static void setStatus(String conversationId, String status) {
    HttpResult result = client.post("/api/v1/conversations/" + conversationId + "/status", new JsonObject().put("status", status),
        hub.adminToken());
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
  }

  @Test
  void theOpenConversationContinuesOnAnyChannel() {
    JsonObject first = send(shop, email("omni@example.com"), "asked on the website", null);
    JsonObject second = send(app, new JsonObject().put("email", "OMNI@example.com ").put("phone", "+14155550100"), "now from the app", null);

    assertThat(second.getString("customerId")).isEqualTo(first.getString("customerId"));
    assertThat(second.getString("conversationId")).isEqualTo(first.getString("conversationId"));
    JsonObject conversation = conversation(first.getString("conversationId"));
    assertThat(conversation.getJsonArray("channelIds")).containsExactly(shop.getString("id"), app.getString("id"));
    assertThat(conversation.getString("lastChannelId")).isEqualTo(app.getString("id"));
  }

  @Test
  void aResolvedConversationIsNotContinuedWithoutAHint() {
    JsonObject first = send(shop, email("resolved@example.com"), "help", null);
    setStatus(first.getString("conversationId"), "resolved");

    JsonObject next = send(shop, email("resolved@example.com"), "new question", null);

    assertThat(next.getString("conversationId")).isNotEqualTo(first.getString("conversationId"));
    assertThat(conversation(first.getString("conversationId")).getString("status")).isEqualTo("resolved");
    assertThat(conversation(next.getString("conversationId")).getString("status")).isEqualTo("open");
  }

  @Test
  void aReplyInTheThreadOfAResolvedConversationReopensIt() {
    JsonObject first = send(shop, email("reopen@example.com"), "order 42 is late", "order-42");
    setStatus(first.getString("conversationId"), "resolved");

    JsonObject reply;
    String conversation = first.getString("conversationId");
    try (EventRecorder events = new EventRecorder(hub.hub().services().store(), EventAddresses.CONVERSATION_UPDATED, EventAddresses.MESSAGE_CREATED)) {
      reply = send(shop, email("reopen@example.com"), "still late!", "order-42");
      ConversationUpdated reopened = events.await(ConversationUpdated.class,
          event -> conversation.equals(event.conversationId()) && event.changes().contains("status"));
      assertThat(reopened.conversation().status()).isEqualTo(ConversationStatus.OPEN);
      assertThat(events.await(MessageCreated.class, event -> conversation.equals(event.conversationId())).message().text())
          .isEqualTo("still late!");
    }

    assertThat(reply.getString("conversationId")).isEqualTo(first.getString("conversationId"));
    assertThat(conversation(first.getString("conversationId")).getString("status")).isEqualTo("open");
  }

  @Test
  void anExplicitThreadWinsOverTheOpenConversation() {
    JsonObject order = send(shop, email("hints@example.com"), "about order 7", "order-7");
    setStatus(order.getString("conversationId"), "resolved");
    JsonObject other = send(shop, email("hints@example.com"), "unrelated question", null);
    assertThat(other.getString("conversationId")).isNotEqualTo(order.getString("conversationId"));

    JsonObject followUp = send(shop, email("hints@example.com"), "back to order 7", "order-7");

    assertThat(followUp.getString("conversationId")).isEqualTo(order.getString("conversationId"));
  }

  @Test
  void aClosedConversationGivesWayToANewOneAndItsThreadFollows() {
    JsonObject first = send(shop, email("closed@example.com"), "case A", "case-a");
    setStatus(first.getString("conversationId"), "closed");

    JsonObject next = send(shop, email("closed@example.com"), "case A again", "case-a");
    JsonObject after = send(shop, email("closed@example.com"), "and more", "case-a");

    assertThat(next.getString("conversationId")).isNotEqualTo(first.getString("conversationId"));
    assertThat(after.getString("conversationId")).isEqualTo(next.getString("conversationId"));
    assertThat(conversation(first.getString("conversationId")).getString("status")).isEqualTo("closed");
  }

  @Test
  void aCustomerMessageWakesPendingAndSnoozedConversations() {
    JsonObject first = send(shop, email("waiting@example.com"), "question", null);
    String id = first.getString("conversationId");
    setStatus(id, "pending");
    send(shop, email("waiting@example.com"), "answer to your question", null);
    assertThat(conversation(id).getString("status")).isEqualTo("open");

    HttpResult snooze = client.post("/api/v1/conversations/" + id + "/status",
        new JsonObject().put("status", "snoozed").put("until", Instant.now().plusSeconds(3600).toString()), hub.adminToken());
    assertThat(snooze.json().getString("snoozedUntil")).isNotNull();
    send(shop, email("waiting@example.com"), "hello again", null);

    JsonObject woken = conversation(id);
    assertThat(woken.getString("status")).isEqualTo("open");
    assertThat(woken.getString("snoozedUntil")).isNull();
  }

  @Test
  void theTimelineRecordsStatusChanges() {
    JsonObject first = send(shop, email("timeline@example.com"), "hi", null);
    setStatus(first.getString("conversationId"), "resolved");

    var messages = client.get("/api/v1/conversations/" + first.getString("conversationId") + "/messages", hub.adminToken()).items();
    assertThat(messages).hasSize(2);
    JsonObject line = messages.getJsonObject(1);
    assertThat(line.getString("direction")).isEqualTo("system");
    assertThat(line.getString("text")).contains("resolved");
  }
}
