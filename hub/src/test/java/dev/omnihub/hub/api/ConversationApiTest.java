package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent's side: the inbox, a conversation's messages, replies through the outbox, notes, status, assignment. */
class ConversationApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static WebhookReceiver receiver;
  static JsonObject channel;
  static String agentToken;
  static String agentId;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    client = hub.client();
    receiver = new WebhookReceiver();
    channel = client.createApiChannel(hub.adminToken(), "Shop", receiver.url());
    receiver.expectSecret(channel.getString("secret"));
    agentId = client.post("/api/v1/agents", new JsonObject().put("name", "Ana").put("email", "ana@desk.test")
        .put("password", "correct horse battery"), hub.adminToken()).json().getString("id");
    agentToken = client.login("ana@desk.test", "correct horse battery");
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  private static JsonObject inbound(String email, String text) {
    HttpResult result = client.webhook(channel, HubClient.message("c-" + ids.incrementAndGet(), new JsonObject().put("email", email), text));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static HttpResult reply(String conversationId, JsonObject body) {
    return client.post("/api/v1/conversations/" + conversationId + "/messages", body, agentToken);
  }

  @Test
  void aReplyIsDeliveredSignedToTheIntegrationAndItsStatusWrittenBack() {
    JsonObject ack = inbound("reply@desk.test", "Where is my parcel?");
    String conversationId = ack.getString("conversationId");

    HttpResult created = reply(conversationId, new JsonObject().put("text", "It ships today."));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject message = created.json();
    assertThat(message.getString("direction")).isEqualTo("outbound");
    assertThat(message.getJsonObject("author").getString("type")).isEqualTo("agent");
    assertThat(message.getJsonObject("delivery").getString("status")).isEqualTo("queued");
    assertThat(message.getString("channelId")).isEqualTo(channel.getString("id"));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveryOf(conversationId, message.getString("id")).equals("sent"));
    JsonObject delivered = receiver.accepted().stream()
        .filter(body -> body.getJsonObject("message").getString("id").equals(message.getString("id"))).findFirst().orElseThrow();
    assertThat(delivered.getString("deliveryHeader")).isEqualTo(message.getString("id"));
    assertThat(delivered.getJsonObject("message").getString("text")).isEqualTo("It ships today.");
    assertThat(delivered.getJsonObject("customer").getString("id")).isEqualTo(ack.getString("customerId"));
    assertThat(receiver.badSignatures()).isZero();

    // Replying answers the customer: no longer waiting, first response recorded, assigned to the replier.
    JsonObject conversation = client.get("/api/v1/conversations/" + conversationId, agentToken).json();
    assertThat(conversation.getString("waitingSince")).isNull();
    assertThat(conversation.getString("firstResponseAt")).isNotNull();
    assertThat(conversation.getString("assigneeId")).isEqualTo(agentId);
  }

  @Test
  void aPrivateNoteIsStoredButNeverSent() {
    String conversationId = inbound("note@desk.test", "hello").getString("conversationId");
    int before = receiver.requests();

    HttpResult note = reply(conversationId, new JsonObject().put("text", "VIP, be nice").put("private", true));

    assertThat(note.status()).isEqualTo(201);
    assertThat(note.json().getString("direction")).isEqualTo("note");
    assertThat(note.json().containsKey("delivery")).isFalse();
    HttpResult ping = reply(conversationId, new JsonObject().put("text", "visible reply"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveryOf(conversationId, ping.json().getString("id")).equals("sent"));
    assertThat(receiver.requests() - before).isEqualTo(1);
  }

  @Test
  void repliesNameABadChannelOrMissingText() {
    String conversationId = inbound("bad-reply@desk.test", "hello").getString("conversationId");

    HttpResult noText = reply(conversationId, new JsonObject());
    HttpResult badChannel = reply(conversationId, new JsonObject().put("text", "x").put("channel", "sms"));
    HttpResult byType = reply(conversationId, new JsonObject().put("text", "x").put("channel", "api"));
    HttpResult unknownConversation = client.post("/api/v1/conversations/5f0000000000000000000000/messages",
        new JsonObject().put("text", "x"), agentToken);

    assertThat(noText.status()).isEqualTo(400);
    assertThat(noText.errorField()).isEqualTo("text");
    assertThat(badChannel.status()).isEqualTo(400);
    assertThat(badChannel.errorField()).isEqualTo("channel");
    assertThat(byType.status()).isEqualTo(201);
    assertThat(unknownConversation.status()).isEqualTo(404);
    assertThat(unknownConversation.errorCode()).isEqualTo("conversation_not_found");
  }

  @Test
  void aReplyGoesOnlyThroughAChannelThatReachesTheCustomerAsItsAdapterDeclares() {
    String conversationId = inbound("reach@example.com", "Can you email me the invoice?").getString("conversationId");
    // Email reaches any customer with an email address (its adapter's policy); a chat widget reaches only its visitors.
    // Its server is a port where nothing listens (2525 was another test hub's SMTP server at times, which refused the mail).
    String email = client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Billing")
        .put("address", "billing@shop.test").put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", 9).put("tls", "none")),
        hub.adminToken()).json().getString("id");
    String chat = client.post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Site"), hub.adminToken()).json()
        .getString("id");

    HttpResult byEmail = reply(conversationId, new JsonObject().put("text", "Here it is.").put("channel", email));
    assertThat(byEmail.status()).as(byEmail.toString()).isEqualTo(201);
    assertThat(byEmail.json().getString("channelId")).isEqualTo(email);
    HttpResult byChat = reply(conversationId, new JsonObject().put("text", "Here it is.").put("channel", chat));
    assertThat(byChat.status()).as(byChat.toString()).isEqualTo(409);
    assertThat(byChat.errorCode()).isEqualTo("channel_not_of_customer");
  }

  @Test
  void messagesArePagedInTimeOrderWithACursor() {
    String conversationId = inbound("paging@desk.test", "message 0").getString("conversationId");
    for (int i = 1; i < 7; i++) {
      inbound("paging@desk.test", "message " + i);
    }
    List<String> texts = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = client.get("/api/v1/conversations/" + conversationId + "/messages?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
          agentToken).json();
      page.getJsonArray("items").forEach(item -> texts.add(((JsonObject) item).getString("text")));
      cursor = page.getString("next");
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(texts).containsExactly("message 0", "message 1", "message 2", "message 3", "message 4", "message 5", "message 6");
    JsonArray newest = client.get("/api/v1/conversations/" + conversationId + "/messages?limit=2&order=desc", agentToken).items();
    assertThat(newest.getJsonObject(0).getString("text")).isEqualTo("message 6");
    assertThat(client.get("/api/v1/conversations/" + conversationId + "/messages?cursor=not-a-cursor", agentToken).status()).isEqualTo(400);
    assertThat(client.get("/api/v1/conversations/" + conversationId + "/messages?limit=500", agentToken).errorField()).isEqualTo("limit");
  }

  @Test
  void theInboxFiltersByStatusAssigneeChannelAndCustomer() {
    JsonObject mine = inbound("filter-a@desk.test", "a");
    JsonObject unassigned = inbound("filter-b@desk.test", "b");
    client.post("/api/v1/conversations/" + mine.getString("conversationId") + "/assign", new JsonObject().put("agentId", agentId), agentToken);
    client.post("/api/v1/conversations/" + unassigned.getString("conversationId") + "/status", new JsonObject().put("status", "pending"),
        agentToken);

    assertThat(idsOf("assignee=me")).contains(mine.getString("conversationId")).doesNotContain(unassigned.getString("conversationId"));
    assertThat(idsOf("assignee=none")).contains(unassigned.getString("conversationId")).doesNotContain(mine.getString("conversationId"));
    assertThat(idsOf("status=pending")).contains(unassigned.getString("conversationId")).doesNotContain(mine.getString("conversationId"));
    assertThat(idsOf("status=open,pending")).contains(unassigned.getString("conversationId"), mine.getString("conversationId"));
    assertThat(idsOf("customerId=" + mine.getString("customerId"))).containsExactly(mine.getString("conversationId"));
    assertThat(idsOf("channel=api")).contains(mine.getString("conversationId"));
    assertThat(idsOf("channel=email")).isEmpty();
    assertThat(client.get("/api/v1/conversations?status=lost", agentToken).errorField()).isEqualTo("status");
  }

  @Test
  void assignmentChangesAreValidatedAndLeaveATimelineLine() {
    String conversationId = inbound("assign@desk.test", "a").getString("conversationId");
    String path = "/api/v1/conversations/" + conversationId + "/assign";

    HttpResult assigned = client.post(path, new JsonObject().put("agentId", agentId), hub.adminToken());
    HttpResult unknownAgent = client.post(path, new JsonObject().put("agentId", "5f0000000000000000000000"), hub.adminToken());
    HttpResult unknownQueue = client.post(path, new JsonObject().put("queueId", "5f0000000000000000000000"), hub.adminToken());
    HttpResult empty = client.post(path, new JsonObject(), hub.adminToken());
    HttpResult unassigned = client.post(path, new JsonObject().putNull("agentId"), hub.adminToken());

    assertThat(assigned.json().getString("assigneeId")).isEqualTo(agentId);
    assertThat(unknownAgent.status()).isEqualTo(404);
    assertThat(unknownQueue.status()).isEqualTo(404);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(unassigned.json().getString("assigneeId")).isNull();
    JsonArray timeline = client.get("/api/v1/conversations/" + conversationId + "/messages", agentToken).items();
    assertThat(timeline).extracting(m -> ((JsonObject) m).getString("text"))
        .anySatisfy(text -> assertThat(text).contains("assigned the conversation to Ana"))
        .anySatisfy(text -> assertThat(text).contains("unassigned"));
  }

  @Test
  void statusChangesAreValidated() {
    String conversationId = inbound("status@desk.test", "a").getString("conversationId");
    String path = "/api/v1/conversations/" + conversationId + "/status";

    assertThat(client.post(path, new JsonObject().put("status", "archived"), agentToken).errorField()).isEqualTo("status");
    assertThat(client.post(path, new JsonObject().put("status", "snoozed"), agentToken).errorField()).isEqualTo("until");
    assertThat(client.post(path, new JsonObject().put("status", "snoozed").put("until", "2001-01-01T00:00:00Z"), agentToken).errorField())
        .isEqualTo("until");
    assertThat(client.post(path, new JsonObject().put("status", "resolved"), agentToken).json().getString("status")).isEqualTo("resolved");
    assertThat(client.post(path, new JsonObject().put("status", "open"), agentToken).json().getString("status")).isEqualTo("open");
  }

  private static List<String> idsOf(String query) {
    HttpResult result = client.get("/api/v1/conversations?limit=200&" + query, agentToken);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.items().stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static String deliveryOf(String conversationId, String messageId) {
    for (Object item : client.get("/api/v1/conversations/" + conversationId + "/messages?limit=200", agentToken).items()) {
      JsonObject message = (JsonObject) item;
      if (message.getString("id").equals(messageId)) {
        return message.getJsonObject("delivery").getString("status");
      }
    }
    return "missing";
  }
}
