package dev.omnihub.hub.csat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TwilioWebhooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Satisfaction surveys through the API: asked once when an agent resolves a conversation on a channel
 * with {@code csat} on, by SMS (a digit in reply is the score, never a new message or a reopening) or
 * by a link to a page served by the hub (the token answers its survey once); the score on the
 * conversation, as {@code csat.received}, in the reports and for rules; never asked for a conversation
 * no agent answered, twice within {@code quietDays}, or after a reopening within the delay.
 */
class CsatApiTest {

  private static final String ACCOUNT = "AC000000000000000000000000000csat";
  private static final String TOKEN = "csat-auth-token";
  private static final String NUMBER = "+4930555222";
  private static final Pattern LINK = Pattern.compile("/csat/([A-Za-z0-9:._-]+)");
  private static final AtomicInteger IDS = new AtomicInteger();

  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("OUTBOX_RETRY_BASE_MS", "50"));
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anSmsSurveyIsAnsweredByADigitThatReopensNothingAndReachesSupervisors() throws Exception {
    try (FakeTwilio twilio = new FakeTwilio(ACCOUNT, TOKEN)) {
      String channel = hub.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", ACCOUNT)
          .put("authToken", TOKEN).put("phoneNumber", NUMBER).put("apiBaseUrl", twilio.baseUrl())
          .put("csat", new JsonObject().put("enabled", true).put("question", "How did Ana do?")), hub.adminToken()).json().getString("id");
      TwilioWebhooks sms = new TwilioWebhooks(hub, TOKEN);
      String from = "+4917" + (20_000_000 + IDS.incrementAndGet());
      assertThat(sms.sms(channel, "SM-q-" + from, from, NUMBER, "My parcel is late")).isEqualTo(200);
      String conversation = conversationOf("phone:" + from);
      reply(conversation, "It arrives tomorrow.");
      try (SocketClient supervisor = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        resolve(conversation);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> twilio.sent().stream()
            .anyMatch(sent -> sent.form().get("Body").startsWith("How did Ana do?")));
        FakeTwilio.Sent survey = twilio.sent().stream().filter(sent -> sent.form().get("Body").startsWith("How did Ana do?")).findFirst()
            .orElseThrow();
        assertThat(survey.form().get("To")).isEqualTo(from);
        assertThat(survey.form().get("Body")).contains("1 (poor) to 5 (excellent)");

        int before = messages(conversation).size();
        assertThat(sms.sms(channel, "SM-a-" + from, from, NUMBER, " 4 ")).isEqualTo(200);
        JsonObject received = supervisor.await(frame -> "csat.received".equals(frame.getString("type")));
        assertThat(received.getJsonObject("csat").getInteger("score")).isEqualTo(4);
        assertThat(sms.sms(channel, "SM-a-" + from, from, NUMBER, " 4 ")).as("the provider's retry").isEqualTo(200);

        JsonObject after = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
        assertThat(after.getString("status")).as("the digit reopens nothing").isEqualTo("resolved");
        assertThat(after.getJsonObject("csat").getInteger("score")).isEqualTo(4);
        List<JsonObject> thread = messages(conversation);
        assertThat(thread).hasSize(before + 1);
        JsonObject line = thread.get(thread.size() - 1);
        assertThat(line.getString("direction")).as("kept as a system line").isEqualTo("system");
        assertThat(line.getString("text")).contains("rated this conversation 4 of 5");
      }
    }
  }

  @Test
  void aLinkSurveyTakesOneAnswerOnItsPageOrThroughTheApiAndCountsInReportsAndRules() throws Exception {
    JsonObject channel = csatChannel("PT0S");
    HttpResult rule = hub.client().post("/api/v1/rules", new JsonObject().put("name", "Unhappy customers").put("on", new JsonArray().add("csat.received"))
        .put("conditions", new JsonObject().put("all", new JsonArray().add(new JsonObject().put("field", "csat.score").put("op", "lte").put("value", 2))))
        .put("actions", new JsonArray().add(new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("unhappy")))), hub.adminToken());
    assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
    String conversation = answered(channel, "link-" + IDS.incrementAndGet());
    resolve(conversation);
    String token = awaitToken(conversation);

    HttpResponse<String> page = page("/csat/" + token + "?lang=zh");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    assertThat(page.body()).contains("lang=\"zh\"").contains("我们的服务怎么样").contains("&lt;b&gt;Rate&lt;/b&gt; us").doesNotContain("<b>Rate</b>")
        .contains("name=\"score\" value=\"5\"").contains("<textarea");
    assertThat(page("/csat/" + token.substring(0, token.lastIndexOf('.') + 1) + "AAAA").statusCode()).as("a forged token").isEqualTo(404);
    String otherSurvey = "000000000000000000000000:1." + token.substring(token.lastIndexOf('.') + 1);
    assertThat(hub.client().post("/api/v1/csat/" + otherSurvey, new JsonObject().put("score", 5), null).status())
        .as("a token works for its own survey only").isEqualTo(404);

    HttpResult bad = hub.client().post("/api/v1/csat/" + token, new JsonObject().put("score", 6), null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorField()).isEqualTo("score");
    HttpResult answer = hub.client().post("/api/v1/csat/" + token, new JsonObject().put("score", 2).put("comment", "<script>slow</script>"), null);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
    HttpResult again = hub.client().post("/api/v1/csat/" + token, new JsonObject().put("score", 5), null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("already_answered");
    assertThat(page("/csat/" + token).body()).contains("answered already");

    JsonObject after = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
    assertThat(after.getJsonObject("csat").getInteger("score")).isEqualTo(2);
    assertThat(after.getJsonObject("csat").getString("comment")).isEqualTo("<script>slow</script>");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken())
        .json().getJsonArray("tags").contains("unhappy"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.client().get("/api/v1/reports/overview?groupBy=channel",
        hub.adminToken()).json().getJsonObject("totals").getJsonObject("csat").getInteger("responses") >= 1);

    // Erasing the customer takes their comments with them.
    assertThat(hub.client().delete("/api/v1/customers/" + after.getString("customerId"), hub.adminToken()).status()).isEqualTo(200);
    var store = hub.hub().services().mongo();
    long surveysLeft = store.read(() -> store.collection(dev.omnihub.hub.store.Collections.CSAT_SURVEYS)
        .countDocuments(new org.bson.Document("conversationId", conversation))).await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(surveysLeft).isZero();
    assertThat(store.read(() -> store.collection(dev.omnihub.hub.store.Collections.CONVERSATIONS).find(new org.bson.Document("_id", conversation))
        .first().get("csat")).await(10, java.util.concurrent.TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aFormOnThePageAnswersTheSurvey() throws Exception {
    JsonObject channel = csatChannel("PT0S");
    String conversation = answered(channel, "form-" + IDS.incrementAndGet());
    resolve(conversation);
    String token = awaitToken(conversation);
    HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + "/csat/" + token))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("score=5&comment=Great+help"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(posted.body()).contains("Thank you");
    assertThat(hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getJsonObject("csat").getString("comment"))
        .isEqualTo("Great help");
  }

  @Test
  void nobodyIsAskedWithoutAnAgentsReplyTwiceWithinTheQuietDaysOrAfterAReopeningWithinTheDelay() throws Exception {
    JsonObject channel = csatChannel("PT0S");
    String customer = "quiet-" + IDS.incrementAndGet();
    String unanswered = write(channel, customer, "hello?");
    resolve(unanswered);
    Thread.sleep(1_500);
    assertThat(surveys(unanswered)).as("no agent replied").isEmpty();

    String conversation = answered(channel, customer);
    resolve(conversation);
    awaitToken(conversation);
    reopenAndResolve(conversation);
    Thread.sleep(1_500);
    assertThat(surveys(conversation)).as("asked once within quietDays").hasSize(1);

    JsonObject delayed = csatChannel("PT2S");
    String late = answered(delayed, "delayed-" + IDS.incrementAndGet());
    resolve(late);
    setStatus(late, "open");
    Thread.sleep(3_000);
    assertThat(surveys(late)).as("reopened before its delay passed").isEmpty();

    HttpResult refused = hub.client().post("/api/v1/channels", new JsonObject().put("type", "api").put("name", "bad")
        .put("csat", new JsonObject().put("enabled", true).put("delay", "soon")), hub.adminToken());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorField()).isEqualTo("csat.delay");
  }

  @Test
  void theChatWidgetGetsTheSurveyAsAFrameAndItsVisitorAnswersItOnce() {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website " + IDS.incrementAndGet())
        .put("allowedOrigins", new JsonArray()).put("csat", new JsonObject().put("enabled", true)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String channel = created.json().getString("id");
    String token = hub.client().post("/api/v1/widget/" + channel + "/session", new JsonObject(), null).json().getString("visitorToken");
    String stranger = hub.client().post("/api/v1/widget/" + channel + "/session", new JsonObject(), null).json().getString("visitorToken");
    try (SocketClient visitor = SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + token + "&since=0");
        SocketClient other = SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + stranger + "&since=0")) {
      visitor.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Can I change my order?"));
      visitor.await(frame -> "ack".equals(frame.getString("type")));
      String conversation = conversationByVisitor(channel);
      reply(conversation, "Yes, until it ships.");
      resolve(conversation);
      JsonObject survey = visitor.await(frame -> "csat".equals(frame.getString("type")));
      assertThat(survey.getString("question")).isEqualTo(CsatSettings.DEFAULT_QUESTION);
      assertThat(survey.getInteger("seq")).as("numbered with the messages").isEqualTo(3);
      String surveyId = survey.getString("surveyId");

      visitor.send(new JsonObject().put("type", "csat").put("surveyId", surveyId).put("score", 7));
      assertThat(visitor.await(frame -> "error".equals(frame.getString("type"))).getString("code")).isEqualTo("invalid_frame");
      other.send(new JsonObject().put("type", "csat").put("surveyId", surveyId).put("score", 1));
      assertThat(other.await(frame -> "error".equals(frame.getString("type"))).getString("code")).as("not the stranger's survey")
          .isEqualTo("unknown_survey");
      visitor.send(new JsonObject().put("type", "csat").put("surveyId", surveyId).put("score", 5).put("comment", "Quick answer"));
      assertThat(visitor.await(frame -> "ack".equals(frame.getString("type")) && surveyId.equals(frame.getString("surveyId")))).isNotNull();
      visitor.send(new JsonObject().put("type", "csat").put("surveyId", surveyId).put("score", 1));
      assertThat(visitor.await(frame -> "error".equals(frame.getString("type")) && "already_answered".equals(frame.getString("code"))))
          .isNotNull();
      JsonObject after = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
      assertThat(after.getJsonObject("csat").getInteger("score")).isEqualTo(5);
      assertThat(after.getString("status")).isEqualTo("resolved");
    }
  }

  private static String conversationByVisitor(String channel) {
    return hub.client().get("/api/v1/conversations?channel=" + channel, hub.adminToken()).items().getJsonObject(0).getString("id");
  }

  private static JsonObject csatChannel(String delay) {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "api").put("name", "Shop " + IDS.incrementAndGet())
        .put("csat", new JsonObject().put("enabled", true).put("delay", delay).put("question", "<b>Rate</b> us")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getJsonObject("settings").getJsonObject("csat").getBoolean("enabled")).isTrue();
    return created.json();
  }

  /** A conversation the customer started and an agent answered. */
  private static String answered(JsonObject channel, String customer) {
    String conversation = write(channel, customer, "Where is my refund?");
    reply(conversation, "It is on its way.");
    return conversation;
  }

  private static String write(JsonObject channel, String customer, String text) {
    HttpResult sent = hub.client().webhook(channel, HubClient.message("m-" + IDS.incrementAndGet(), new JsonObject().put("externalUserId", customer),
        text));
    assertThat(sent.status()).as(sent.toString()).isLessThan(300);
    return sent.json().getString("conversationId");
  }

  private static List<String> surveys(String conversation) {
    return messages(conversation).stream().map(message -> message.getString("text")).filter(text -> text != null && LINK.matcher(text).find())
        .toList();
  }

  private static String awaitToken(String conversation) {
    String[] token = new String[1];
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (String text : surveys(conversation)) {
        Matcher matcher = LINK.matcher(text);
        if (matcher.find()) {
          token[0] = matcher.group(1);
          return true;
        }
      }
      return false;
    });
    return token[0];
  }

  private HttpResponse<String> page(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String conversationOf(String identity) {
    String customer = hub.client().get("/api/v1/customers?identity=" + identity, hub.adminToken()).items().getJsonObject(0).getString("id");
    return hub.client().get("/api/v1/customers/" + customer + "/conversations", hub.adminToken()).items().getJsonObject(0).getString("id");
  }

  private static void reply(String conversation, String text) {
    HttpResult replied = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", text),
        hub.adminToken());
    assertThat(replied.status()).as(replied.toString()).isEqualTo(201);
  }

  private static void resolve(String conversation) {
    setStatus(conversation, "resolved");
  }

  private static void reopenAndResolve(String conversation) {
    setStatus(conversation, "open");
    setStatus(conversation, "resolved");
  }

  private static void setStatus(String conversation, String status) {
    HttpResult changed = hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", status),
        hub.adminToken());
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
  }

  private static List<JsonObject> messages(String conversation) {
    return hub.client().get("/api/v1/conversations/" + conversation + "/messages?limit=200", hub.adminToken()).json().getJsonArray("items")
        .stream().map(JsonObject.class::cast).toList();
  }
}
