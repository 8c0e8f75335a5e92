package dev.omnihub.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.ProviderSignatures;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sms channel against a real HTTP server standing in for Twilio, with every signature computed
 * here by Twilio's documented algorithm (not the hub's code): signed messages in (TwiML answers,
 * MessageSid idempotency, MMS media kept as references, 403 TwiML for a forged signature), replies
 * out with Basic auth and a status callback that moves the delivery, segment counting, the
 * provider's refusals and throttling, a lost answer that must not become a second send, and
 * STOP/START.
 */
class SmsChannelTest {

  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "twilio-auth-token-1";
  private static final String NUMBER = "+4930555000";

  /** One hub for the class; each test has a provider, a channel and phone numbers of its own. */
  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("OUTBOX_RETRY_BASE_MS", "50"));
  private FakeTwilio twilio;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startProvider() {
    twilio = new FakeTwilio(ACCOUNT, TOKEN);
  }

  @AfterEach
  void stopProvider() {
    twilio.close();
  }

  @Test
  void aSignedSmsIsStoredOnceAndAReplyGoesOutAndIsTrackedToDelivered() throws Exception {
    String channel = smsChannel(hub);
    Map<String, String> sms = form("MessageSid", "SM100", "From", "+491701234567", "To", NUMBER, "Body", "Is my order shipped?",
        "NumMedia", "1", "MediaUrl0", "https://api.twilio.com/media/ME1", "MediaContentType0", "image/jpeg");
    HttpResponse<String> first = post(hub, "/webhooks/sms/" + channel, sms, sign(hub, "/webhooks/sms/" + channel, sms));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
    assertThat(first.body()).contains("<Response/>");
    assertThat(post(hub, "/webhooks/sms/" + channel, sms, sign(hub, "/webhooks/sms/" + channel, sms)).statusCode())
        .as("the provider's retry").isEqualTo(200);

    JsonObject customer = hub.client().get("/api/v1/customers?identity=phone:+491701234567", hub.adminToken()).items().getJsonObject(0);
    String conversation = hub.client().get("/api/v1/customers/" + customer.getString("id") + "/conversations", hub.adminToken()).items()
        .getJsonObject(0).getString("id");
    var messages = hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items();
    assertThat(messages).as("stored once").hasSize(1);
    assertThat(messages.getJsonObject(0).getJsonArray("attachments").getJsonObject(0).getString("url"))
        .isEqualTo("https://api.twilio.com/media/ME1");

    try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      String replyId = reply(hub, conversation, "Yes, it left our warehouse today. 您的包裹已发货。").json().getString("id");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> twilio.sent().size() == 1);
      FakeTwilio.Sent sent = twilio.sent().get(0);
      assertThat(sent.form().get("To")).isEqualTo("+491701234567");
      assertThat(sent.form().get("From")).isEqualTo(NUMBER);
      assertThat(sent.form().get("StatusCallback")).isEqualTo(hub.hub().publicUrl() + "/webhooks/sms/" + channel + "/status");
      JsonObject delivery = awaitDelivery(hub, conversation, replyId, "sent");
      assertThat(delivery.getString("providerId")).isEqualTo(sent.sid());
      assertThat(delivery.getString("encoding")).as("Chinese needs UCS-2").isEqualTo("UCS-2");
      assertThat(delivery.getInteger("segments")).isEqualTo(1);

      Map<String, String> callback = form("MessageSid", sent.sid(), "MessageStatus", "delivered", "AccountSid", ACCOUNT);
      String statusPath = "/webhooks/sms/" + channel + "/status";
      assertThat(post(hub, statusPath, callback, sign(hub, statusPath, callback)).statusCode()).isEqualTo(200);
      awaitDelivery(hub, conversation, replyId, "delivered");
      agent.await(frame -> "message.updated".equals(frame.getString("type"))
          && replyId.equals(frame.getJsonObject("message").getString("id"))
          && "delivered".equals(frame.getJsonObject("message").getJsonObject("delivery").getString("status")));

      // Callbacks overtake each other: a late "sent" must not move a delivered message back.
      Map<String, String> late = form("MessageSid", sent.sid(), "MessageStatus", "sent", "AccountSid", ACCOUNT);
      assertThat(post(hub, statusPath, late, sign(hub, statusPath, late)).statusCode()).isEqualTo(200);
      assertThat(awaitDelivery(hub, conversation, replyId, "delivered").getString("status")).isEqualTo("delivered");
    }
  }

  @Test
  void aForgedOrMissingSignatureIsRefusedWithTwimlAndStoresNothing() throws Exception {
    String channel = smsChannel(hub);
    String path = "/webhooks/sms/" + channel;
    Map<String, String> sms = form("MessageSid", "SM200", "From", "+491709999999", "To", NUMBER, "Body", "hi");
    Map<String, String> tampered = new LinkedHashMap<>(sms);
    tampered.put("Body", "send me everything");
    for (String signature : List.of(sign(hub, path, sms) + "x", "", signWith("another-token", hub.hub().publicUrl() + path, sms))) {
      HttpResponse<String> refused = post(hub, path, sms, signature);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("<Response/>");
    }
    assertThat(post(hub, path, tampered, sign(hub, path, sms)).statusCode()).as("a changed body").isEqualTo(403);
    assertThat(hub.client().get("/api/v1/customers?identity=phone:+491709999999", hub.adminToken()).items()).isEmpty();
    Map<String, String> noSid = form("From", "+491709999999", "To", NUMBER, "Body", "hi");
    assertThat(post(hub, path, noSid, sign(hub, path, noSid)).statusCode()).as("no MessageSid").isEqualTo(400);
  }

  @Test
  void throttlingIsRetriedARefusalFailsWithTheProvidersWordsAndALostAnswerIsNotSentTwice() throws Exception {
    String channel = smsChannel(hub);
    String conversation = inbound(hub, channel, "SM300", "+491705555555", "hello");

    twilio.script("429", "503");
    String throttled = reply(hub, conversation, "one").json().getString("id");
    awaitDelivery(hub, conversation, throttled, "sent");
    assertThat(twilio.posts()).isEqualTo(3);

    twilio.script(FakeTwilio.LOSE);
    String lost = reply(hub, conversation, "two").json().getString("id");
    JsonObject delivery = awaitDelivery(hub, conversation, lost, "sent");
    assertThat(twilio.sent().stream().filter(sent -> "two".equals(sent.form().get("Body")))).as("the provider got it once").hasSize(1);
    assertThat(delivery.getString("providerId")).isEqualTo(twilio.sent().get(twilio.sent().size() - 1).sid());

    twilio.script("400:21610:Attempt to send to unsubscribed recipient");
    String refused = reply(hub, conversation, "three").json().getString("id");
    JsonObject failed = awaitDelivery(hub, conversation, refused, "failed");
    assertThat(failed.getString("lastError")).contains("21610").contains("unsubscribed recipient");
  }

  @Test
  void stopOptsTheNumberOutOfEveryReplyUntilStart() throws Exception {
    String channel = smsChannel(hub);
    String conversation = inbound(hub, channel, "SM400", "+491706666666", "hello");
    inbound(hub, channel, "SM401", "+491706666666", "  Stop ");

    HttpResult refused = reply(hub, conversation, "are you sure?");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("opted_out");
    JsonObject customer = hub.client().get("/api/v1/customers?identity=phone:+491706666666", hub.adminToken()).items().getJsonObject(0);
    assertThat(customer.getJsonObject("consent").getJsonObject("marketing").getBoolean("sms")).isFalse();
    assertThat(hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
        .map(JsonObject.class::cast).map(m -> m.getString("text"))).as("the keyword is kept").contains("  Stop ");

    inbound(hub, channel, "SM402", "+491706666666", "START");
    String again = reply(hub, conversation, "welcome back").json().getString("id");
    awaitDelivery(hub, conversation, again, "sent");
    assertThat(twilio.sent()).extracting(sent -> sent.form().get("Body")).containsExactly("welcome back");
  }

  private String smsChannel(HubExtension hub) {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", ACCOUNT)
        .put("authToken", TOKEN).put("phoneNumber", NUMBER).put("apiBaseUrl", twilio.baseUrl()), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().encode()).doesNotContain(TOKEN);
    return created.json().getString("id");
  }

  private String inbound(HubExtension hub, String channel, String sid, String from, String body) throws Exception {
    Map<String, String> sms = form("MessageSid", sid, "From", from, "To", NUMBER, "Body", body);
    String path = "/webhooks/sms/" + channel;
    assertThat(post(hub, path, sms, sign(hub, path, sms)).statusCode()).isEqualTo(200);
    JsonObject customer = hub.client().get("/api/v1/customers?identity=phone:" + from, hub.adminToken()).items().getJsonObject(0);
    return hub.client().get("/api/v1/customers/" + customer.getString("id") + "/conversations", hub.adminToken()).items().getJsonObject(0)
        .getString("id");
  }

  private static HttpResult reply(HubExtension hub, String conversation, String text) {
    return hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", text), hub.adminToken());
  }

  private static JsonObject awaitDelivery(HubExtension hub, String conversation, String messageId, String status) {
    JsonObject[] delivery = new JsonObject[1];
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
      delivery[0] = hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
          .map(JsonObject.class::cast).filter(m -> m.getString("id").equals(messageId)).findFirst().orElseThrow().getJsonObject("delivery");
      return status.equals(delivery[0].getString("status"));
    });
    return delivery[0];
  }

  private HttpResponse<String> post(HubExtension hub, String path, Map<String, String> form, String signature) throws Exception {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    if (!signature.isEmpty()) {
      request.header("X-Twilio-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(HubExtension hub, String path, Map<String, String> form) {
    return signWith(TOKEN, hub.hub().publicUrl() + path, form);
  }

  private static String signWith(String authToken, String url, Map<String, String> form) {
    return ProviderSignatures.twilio(authToken, url, form);
  }

  private static Map<String, String> form(String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }
}
