package dev.omnihub.hub.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.ProviderSignatures;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scene issue 13 is about, end to end on the real protocols: yesterday the customer asked for a
 * return in the shop's app (an outside event), this morning they sent an SMS, now they call. The
 * agent's socket shows who calls, with the return request and the SMS, before the call is answered;
 * the transcript lands in the SMS's thread; the timeline has all three. Every signature is computed
 * here from the providers' documented schemes.
 */
class CustomerWhoCallsTest {

  private static final String CALLER = "+491701112233";
  private static final String ACCOUNT = "AC00000000000000000000000000000001";
  private static final String AUTH_TOKEN = "sms-token";
  private static final String SHOP_NUMBER = "+4930555000";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theAgentWhoPicksUpAlreadyKnowsAndTheTranscriptJoinsTheSmsThread() throws Exception {
    try (FakeTwilio twilio = new FakeTwilio(ACCOUNT, AUTH_TOKEN)) {
      String app = hub.client().post("/api/v1/tokens", new JsonObject().put("name", "shop app").put("roles", new JsonArray().add("agent")),
          hub.adminToken()).json().getString("token");
      String sms = channel(hub, new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", ACCOUNT).put("authToken", AUTH_TOKEN)
          .put("phoneNumber", SHOP_NUMBER).put("apiBaseUrl", twilio.baseUrl())).getString("id");
      JsonObject voice = channel(hub, new JsonObject().put("type", "voice").put("name", "Phone"));

      // Yesterday, in the app.
      Instant yesterday = Instant.now().minusSeconds(86_400);
      HttpResult returned = hub.client().post("/api/v1/customer-events", new JsonObject().put("identity", "phone:" + CALLER)
          .put("type", "return.requested").put("title", "Return requested for order #1234").put("occurredAt", yesterday.toString())
          .put("externalId", "return-1234"), app);
      assertThat(returned.status()).as(returned.toString()).isEqualTo(201);
      String customerId = returned.json().getString("customerId");

      // This morning, by SMS.
      Map<String, String> form = new java.util.TreeMap<>(Map.of("MessageSid", "SM-morning", "From", CALLER, "To", SHOP_NUMBER, "Body",
          "Hi, did you get my return? The label does not print."));
      assertThat(postForm(hub, "/webhooks/sms/" + sms, form, twilioSignature(hub.hub().publicUrl() + "/webhooks/sms/" + sms, form))
          .statusCode()).isEqualTo(200);

      try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        // Now the phone rings.
        HttpResult started = signed(hub, "/webhooks/voice/" + voice.getString("id") + "/events", voice.getString("secret"),
            new JsonObject().put("type", "call.started").put("callId", "CA-42").put("from", "+49 170 1112233").put("to", SHOP_NUMBER)
                .put("at", Instant.now().toString()).encode(), "application/json");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().getString("customerId")).isEqualTo(customerId);
        String conversation = started.json().getString("conversationId");
        assertThat(conversation).as("the SMS's conversation").isNotNull();

        JsonObject pop = agent.await(frame -> "call.incoming".equals(frame.getString("type")));
        assertThat(pop.getString("callId")).isEqualTo("CA-42");
        assertThat(pop.getJsonObject("customer").getJsonArray("identities"))
            .contains(new JsonObject().put("kind", "phone").put("value", CALLER));
        assertThat(pop.getJsonObject("conversation").getString("id")).isEqualTo(conversation);
        List<String> recent = pop.getJsonArray("recent").stream().map(JsonObject.class::cast)
            .map(item -> item.getString("kind") + ":" + (item.getString("text") != null ? item.getString("text") : item.getString("title")))
            .toList();
        assertThat(recent).containsExactly("message:Hi, did you get my return? The label does not print.",
            "event:Return requested for order #1234");

        // The call ends; the phone system posts the transcript.
        JsonObject transcript = new JsonObject().put("callId", "CA-42").put("from", CALLER).put("to", SHOP_NUMBER)
            .put("startedAt", Instant.now().toString()).put("durationSec", 95).put("recordingUrl", "https://pbx.example.com/rec/CA-42.mp3")
            .put("segments", new JsonArray()
                .add(new JsonObject().put("speaker", "agent").put("startMs", 0).put("endMs", 3000).put("text", "Hello, I see your return request."))
                .add(new JsonObject().put("speaker", "customer").put("startMs", 3100).put("endMs", 7000)
                    .put("text", "Yes, the label does not print.")));
        assertThat(signed(hub, "/webhooks/voice/" + voice.getString("id") + "/events", voice.getString("secret"),
            new JsonObject().put("type", "call.ended").put("callId", "CA-42").put("from", CALLER).encode(), "application/json").status())
            .isEqualTo(200);
        HttpResult stored = signed(hub, "/webhooks/voice/" + voice.getString("id"), voice.getString("secret"), transcript.encode(),
            "application/json");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.json().getString("conversationId")).as("one thread").isEqualTo(conversation);
        assertThat(signed(hub, "/webhooks/voice/" + voice.getString("id"), voice.getString("secret"), transcript.encode(), "application/json")
            .json().getBoolean("duplicate")).as("callId is the idempotency key").isTrue();

        JsonObject call = hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
            .map(JsonObject.class::cast).filter(m -> "call".equals(m.getString("kind"))).findFirst().orElseThrow();
        assertThat(call.getJsonObject("call").getLong("durationSec")).isEqualTo(95);
        assertThat(call.getJsonObject("call").getString("recordingUrl")).isEqualTo("https://pbx.example.com/rec/CA-42.mp3");
        assertThat(call.getJsonObject("call").getJsonArray("speakers")).containsExactly("agent", "customer");
        assertThat(call.getString("text")).contains("Customer: Yes, the label does not print.");

        JsonArray timeline = hub.client().get("/api/v1/customers/" + customerId + "/timeline", hub.adminToken()).items();
        assertThat(timeline.stream().map(JsonObject.class::cast).map(item -> item.getString("kind") + ":" + item.getString("channel", "-")))
            .containsExactly("message:voice", "message:sms", "event:-");
      }
    }
  }

  @Test
  void badCallInputIsRefusedAndStoresNothing() throws Exception {
    JsonObject voice = channel(hub, new JsonObject().put("type", "voice").put("name", "Phone"));
    String path = "/webhooks/voice/" + voice.getString("id");
    String secret = voice.getString("secret");
    HttpResult unknown = signed(hub, path + "/events", secret, new JsonObject().put("type", "call.answered").put("callId", "CA-nobody")
        .put("from", "+491709998877").encode(), "application/json");
    assertThat(unknown.status()).as("an event for a call never started").isEqualTo(404);
    HttpResult noSpeakers = signed(hub, path, secret, new JsonObject().put("callId", "CA-1").put("from", "+491709998877")
        .put("segments", new JsonArray()).encode(), "application/json");
    assertThat(noSpeakers.status()).isEqualTo(400);
    assertThat(noSpeakers.errorCode()).isEqualTo("no_speakers");
    HttpResult brokenVtt = signed(hub, path + "?callId=CA-2&from=%2B491709998877", secret,
        "WEBVTT\n\n00:00:01.000 --> banana\n<v Agent>Hello\n", "text/vtt");
    assertThat(brokenVtt.status()).isEqualTo(400);
    assertThat(brokenVtt.errorCode()).isEqualTo("invalid_vtt");
    HttpResult forged = hub.client().rawWebhook(path, new JsonObject().put("callId", "CA-3").encode(),
        Map.of("X-OmniHub-Timestamp", Long.toString(Instant.now().getEpochSecond()), "X-OmniHub-Signature", "sha256=00"));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(hub.client().get("/api/v1/customers?identity=phone:+491709998877", hub.adminToken()).items()).as("nothing stored").isEmpty();
    HttpResult huge = signed(hub, path, secret, "x".repeat(21 * 1024 * 1024), "application/json");
    assertThat(huge.status()).as("over 20 MiB").isEqualTo(413);
    String big = new JsonObject().put("callId", "CA-big").put("from", "+491709998877").put("segments", new JsonArray()
        .add(new JsonObject().put("speaker", "customer").put("startMs", 0).put("endMs", 1000).put("text", "y".repeat(12 * 1024 * 1024))))
        .encode();
    HttpResult bigStored = signed(hub, path, secret, big, "application/json");
    assertThat(bigStored.status()).as("12 MiB is within the limit: " + bigStored).isEqualTo(200);
    JsonObject bigCall = hub.client().get("/api/v1/conversations/" + bigStored.json().getString("conversationId") + "/messages",
        hub.adminToken()).items().getJsonObject(0);
    assertThat(bigCall.getJsonObject("call").getBoolean("transcriptAttached")).isTrue();
    assertThat(bigCall.getJsonObject("call").getInteger("segmentCount")).isEqualTo(1);
    assertThat(bigCall.getJsonObject("call").containsKey("segments")).as("the attached text has the turns").isFalse();
    assertThat(bigCall.getJsonArray("attachments").getJsonObject(0).getLong("size")).isGreaterThan(12L * 1024 * 1024);
    assertThat(hub.client().get("/api/v1/customers?identity=phone:+491709998877", hub.adminToken()).items()).hasSize(1);
  }

  private static JsonObject channel(HubExtension hub, JsonObject body) {
    HttpResult created = hub.client().post("/api/v1/channels", body, hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  /** Signed as API.md's api channel: hex HMAC-SHA256 of "<timestamp>.<raw body>" with the channel secret. */
  private static HttpResult signed(HubExtension hub, String path, String secret, String body, String contentType) throws Exception {
    long timestamp = Instant.now().getEpochSecond();
    String signature = ProviderSignatures.omnihub(secret, timestamp, body);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path))
        .header("Content-Type", contentType).header("X-OmniHub-Timestamp", Long.toString(timestamp)).header("X-OmniHub-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new HttpResult(response.statusCode(), response.body(), null);
  }

  private HttpResponse<String> postForm(HubExtension hub, String path, Map<String, String> form, String signature) throws Exception {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return http.send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String twilioSignature(String url, Map<String, String> form) {
    return ProviderSignatures.twilio(AUTH_TOKEN, url, form);
  }
}
