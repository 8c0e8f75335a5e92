package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suggestions while an agent replies (API.md "Knowledge base"), through the API and the agent socket:
 * built from the customer's latest turn, in English and Chinese, published articles only, shaped by
 * agents' feedback, and beside them earlier answers from resolved conversations, personal data masked.
 */
class SuggestionsTest {

  @TempDir
  Path dataDir;
  private TestHub hub;
  private HubClient client;
  private String admin;
  private JsonObject channel;

  @BeforeEach
  void start() {
    hub = TestHub.start(dataDir);
    client = hub.client();
    admin = hub.adminToken();
    channel = client.createApiChannel(admin, "App", null);
  }

  @org.junit.jupiter.api.AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void theCustomersLatestTurnFindsPublishedArticlesInTheirLanguage() {
    String refund = article("Refund policy", "Refunds are paid to the original payment method within 5 days of the return arriving.", "en",
        "published");
    String tracking = article("Tracking a delivery", "Use the tracking number in your shipping confirmation e-mail.", "en", "published");
    article("Refund policy (new draft)", "Refunds are paid within 2 days.", "en", "draft");
    String tuikuan = article("退款说明", "退货签收后3个工作日内退款到原支付账户。", "zh", "published");

    String english = send("c1", "ann@shop.test", "Hi, the shoes do not fit. Can I get a refund?");
    JsonArray items = client.get("/api/v1/conversations/" + english + "/suggestions", admin).items();
    assertThat(items).isNotEmpty();
    assertThat(items.getJsonObject(0).getString("kind")).isEqualTo("article");
    assertThat(items.getJsonObject(0).getString("articleId")).isEqualTo(refund);
    assertThat(articleIds(items)).as("drafts are never suggested").hasSize(items.size()).doesNotContainNull()
        .allMatch(id -> List.of(refund, tracking, tuikuan).contains(id));

    reply(english, "Sure, send them back and we refund you.");
    send("c2", "ann@shop.test", "Thanks. Where is my parcel though? How do I track the delivery?");
    assertThat(client.get("/api/v1/conversations/" + english + "/suggestions", admin).items().getJsonObject(0).getString("articleId"))
        .as("the latest turn counts, not the old question").isEqualTo(tracking);

    String chinese = send("c3", "li@shop.test", "鞋子不合适，我想退钱");
    assertThat(client.get("/api/v1/conversations/" + chinese + "/suggestions", admin).items().getJsonObject(0).getString("articleId"))
        .isEqualTo(tuikuan);

    String offTopic = send("c4", "bo@shop.test", "Who won the football match last night?");
    assertThat(client.get("/api/v1/conversations/" + offTopic + "/suggestions", admin).items()).as("nothing fits: nothing offered").isEmpty();
    assertThat(client.get("/api/v1/conversations/nope/suggestions", admin).status()).isEqualTo(404);
  }

  @Test
  void anArticleMarkedNotHelpfulIsNotOfferedThereAgainAndFeedbackIsChecked() {
    String refund = article("Refund policy", "Refunds are paid to the original payment method within 5 days.", "en", "published");
    String exchange = article("Exchanging an item", "Exchange shoes for another size free of charge: start a return and pick exchange.",
        "en", "published");
    String conversation = send("f1", "cy@shop.test", "The shoes are too small: can I get a refund, or exchange them for another size?");
    assertThat(articleIds(client.get("/api/v1/conversations/" + conversation + "/suggestions", admin).items())).contains(refund, exchange);

    String path = "/api/v1/conversations/" + conversation + "/suggestions/feedback";
    assertThat(client.post(path, feedback("article", refund, false), admin).status()).isEqualTo(204);
    assertThat(client.post(path, feedback("article", refund, false), admin).status()).as("a retry changes nothing").isEqualTo(204);
    assertThat(articleIds(client.get("/api/v1/conversations/" + conversation + "/suggestions", admin).items())).contains(exchange)
        .doesNotContain(refund);

    assertThat(client.post(path, feedback("faq", refund, true), admin).errorField()).isEqualTo("kind");
    assertThat(client.post(path, new JsonObject().put("kind", "article").put("id", refund), admin).errorField()).isEqualTo("useful");
    assertThat(client.post(path, feedback("article", "no-such-article", true), admin).status()).isEqualTo(404);
    assertThat(client.post("/api/v1/conversations/nope/suggestions/feedback", feedback("article", refund, true), admin).status())
        .isEqualTo(404);
  }

  @Test
  void anAgentViewingAConversationIsSentFreshSuggestionsWhenTheCustomerWrites() {
    String refund = article("Refund policy", "Refunds are paid to the original payment method within 5 days.", "en", "published");
    String tracking = article("Tracking a delivery", "Use the tracking number in your shipping confirmation e-mail.", "en", "published");
    String conversation = send("s1", "di@shop.test", "I would like a refund for my order please");
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + admin)) {
      socket.send(new JsonObject().put("type", "view").put("conversationId", conversation));
      JsonObject first = socket.await(frame -> "suggestions".equals(frame.getString("type")));
      assertThat(first.getString("conversationId")).isEqualTo(conversation);
      assertThat(first.getJsonArray("items").getJsonObject(0).getString("articleId")).isEqualTo(refund);

      reply(conversation, "Refund started.");
      send("s2", "di@shop.test", "Also, where is my parcel? No tracking e-mail came");
      JsonObject fresh = socket.await(frame -> "suggestions".equals(frame.getString("type"))
          && tracking.equals(frame.getJsonArray("items").getJsonObject(0).getString("articleId")));
      assertThat(fresh.getString("conversationId")).isEqualTo(conversation);

      socket.send(new JsonObject().put("type", "view").put("conversationId", "nope"));
      assertThat(socket.await(frame -> "error".equals(frame.getString("type"))).getString("code")).isEqualTo("conversation_not_found");
    }
  }

  @Test
  void aResolvedConversationsAnswerIsSuggestedForASimilarQuestionWithoutPersonalData() {
    String first = send("r1", "ed@shop.test", "Hello, this is Ed Stone. My discount code says it has expired but your e-mail said it is"
        + " valid until Friday. Call me on +1 415 555 0100 or write to ed.stone@mail.test");
    reply(first, "Sorry Ed, the code was switched off early by mistake. I have applied the discount to your order by hand.");
    assertThat(client.post("/api/v1/conversations/" + first + "/status", new JsonObject().put("status", "resolved"), admin).status())
        .isEqualTo(200);

    String later = send("r2", "fay@shop.test", "my promo code isn't working, it says expired??");
    JsonObject answer = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
        () -> client.get("/api/v1/conversations/" + later + "/suggestions", admin).items().stream().map(JsonObject.class::cast)
            .filter(item -> "answer".equals(item.getString("kind"))).findFirst().orElse(null), found -> found != null);
    assertThat(answer.getString("conversationId")).isEqualTo(first);
    assertThat(answer.getString("snippet")).contains("applied the discount").doesNotContain("Ed");
    assertThat(answer.getString("title")).contains("discount code").doesNotContain("Ed", "Stone", "415", "ed.stone@mail.test")
        .contains("[name]", "[phone]", "[email]");
    assertThat(client.get("/api/v1/conversations/" + first + "/suggestions", admin).items().stream().map(JsonObject.class::cast)
        .filter(item -> first.equals(item.getString("conversationId")))).as("a conversation is not offered its own answer").isEmpty();

    String ed = client.get("/api/v1/conversations/" + first, admin).json().getString("customerId");
    assertThat(client.delete("/api/v1/customers/" + ed, admin).status()).isIn(200, 202, 204);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        client.get("/api/v1/conversations/" + later + "/suggestions", admin).items().stream().map(JsonObject.class::cast)
            .filter(item -> "answer".equals(item.getString("kind")))).as("an erased customer's answers are forgotten").isEmpty());
  }

  private String article(String title, String body, String locale, String status) {
    HttpResult created = client.post("/api/v1/kb/articles", new JsonObject().put("title", title).put("body", body).put("locale", locale)
        .put("status", status).put("tags", new JsonArray()), admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private String send(String externalId, String email, String text) {
    HttpResult sent = client.webhook(channel, HubClient.message(externalId, new JsonObject().put("email", email), text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    return sent.json().getString("conversationId");
  }

  private void reply(String conversationId, String text) {
    HttpResult sent = client.post("/api/v1/conversations/" + conversationId + "/messages", new JsonObject().put("text", text), admin);
    assertThat(sent.status()).as(sent.toString()).isIn(200, 201, 202);
  }

  private static JsonObject feedback(String kind, String id, boolean useful) {
    return new JsonObject().put("kind", kind).put("id", id).put("useful", useful);
  }

  private static List<String> articleIds(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("articleId")).toList();
  }
}
