package dev.omnihub.hub.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.FakeTwilio;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.TwilioWebhooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Campaigns through the API against a real HTTP server standing in for Twilio: the audience by tags,
 * attributes and ids, each customer counted under the first reason that applies (no address, opted
 * out, no consent for marketing), one message per customer in their own thread through the delivery
 * queue, delivered and replied counted from the provider's callbacks and the customer's answer, the
 * rate, cancel, and the errors of a bad request.
 */
class CampaignsApiTest {

  private static final String ACCOUNT = "AC00000000000000000000000000campa";
  private static final String TOKEN = "campaign-auth-token";
  private static final String NUMBER = "+4930555111";
  private static final AtomicInteger PHONES = new AtomicInteger(1_000);

  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("OUTBOX_RETRY_BASE_MS", "50"));
  private FakeTwilio twilio;
  private TwilioWebhooks webhooks;
  private String channel;

  @BeforeEach
  void startProvider() {
    twilio = new FakeTwilio(ACCOUNT, TOKEN);
    webhooks = new TwilioWebhooks(hub, TOKEN);
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", ACCOUNT)
        .put("authToken", TOKEN).put("phoneNumber", NUMBER).put("apiBaseUrl", twilio.baseUrl()), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    channel = created.json().getString("id");
  }

  @AfterEach
  void stopProvider() {
    twilio.close();
  }

  @Test
  void aMarketingCampaignReachesOnlyThoseWhoConsentedAndCountsEveryOneOnceUnderTheFirstReason() throws Exception {
    String tag = "spring-" + PHONES.incrementAndGet();
    String consenting = phone();
    String silent = phone();
    String declined = phone();
    String stopped = phone();
    String ana = customer("phone:" + consenting, "Ana Lima", tag, true);
    customer("phone:" + silent, "Bo", tag, null);
    customer("phone:" + declined, "Cy", tag, false);
    customer("email:dee-" + tag + "@example.com", "Dee", tag, true);
    String stoppedId = customer("phone:" + stopped, "Eve", tag, null);
    assertThat(webhooks.sms(channel, "SM-stop-" + tag, stopped, NUMBER, "STOP")).isEqualTo(200);
    // Consent given again later in the shop: the SMS opt-out still wins.
    consent(stoppedId, true);
    customer("phone:" + phone(), "Not in the audience", "other-" + tag, true);

    HttpResult created = create(new JsonObject().put("name", "Spring sale").put("channelId", channel).put("purpose", "marketing")
        .put("audience", new JsonObject().put("tags", new JsonArray().add(tag))).put("text", "Hi {{customer.firstName}}, 20% off this week. Reply STOP to opt out."));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("status")).isIn("scheduled", "running", "done");
    JsonObject done = awaitDone(created.json().getString("id"));

    assertThat(done.getJsonObject("counts").getMap()).containsEntry("targeted", 5).containsEntry("sent", 1).containsEntry("skippedNoAddress", 1)
        .containsEntry("skippedOptedOut", 1).containsEntry("skippedNoConsent", 2);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> twilio.sent().size() == 1);
    FakeTwilio.Sent sent = twilio.sent().get(0);
    assertThat(sent.form().get("To")).isEqualTo(consenting);
    assertThat(sent.form().get("Body")).isEqualTo("Hi Ana, 20% off this week. Reply STOP to opt out.");

    JsonObject conversation = hub.client().get("/api/v1/customers/" + ana + "/conversations", hub.adminToken()).items().getJsonObject(0);
    assertThat(conversation.getString("status")).as("waits for the customer, not in an agent's queue").isEqualTo("pending");
    JsonObject message = messages(conversation.getString("id")).getJsonObject(0);
    assertThat(message.getString("campaignId")).isEqualTo(done.getString("id"));
    assertThat(message.getString("direction")).isEqualTo("outbound");
    assertThat(message.getJsonObject("author").getString("type")).isEqualTo("system");

    // The provider reports it delivered; the customer answers in the same thread.
    assertThat(webhooks.status(channel, sent.sid(), "delivered", ACCOUNT)).isEqualTo(200);
    assertThat(webhooks.sms(channel, "SM-answer-" + tag, consenting, NUMBER, "Is it valid for shoes too?")).isEqualTo(200);
    assertThat(webhooks.sms(channel, "SM-answer2-" + tag, consenting, NUMBER, "And bags?")).isEqualTo(200);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonObject counts = campaign(done.getString("id")).getJsonObject("counts");
      return counts.getInteger("delivered") == 1 && counts.getInteger("replied") == 1;
    });
    JsonArray thread = messages(conversation.getString("id"));
    assertThat(thread).hasSize(3);
    assertThat(hub.client().get("/api/v1/customers/" + ana + "/conversations", hub.adminToken()).items()).as("the reply joined that thread")
        .hasSize(1);
    assertThat(hub.client().get("/api/v1/conversations/" + conversation.getString("id"), hub.adminToken()).json().getString("status"))
        .isEqualTo("open");
    Thread.sleep(500);
    assertThat(campaign(done.getString("id")).getJsonObject("counts").getInteger("replied")).as("one reply per message").isEqualTo(1);
  }

  @Test
  void aServiceCampaignNeedsNoConsentButHonoursOptOutsAndWritesIntoTheOpenThread() throws Exception {
    String tag = "recall-" + PHONES.incrementAndGet();
    String writer = phone();
    String stopped = phone();
    assertThat(webhooks.sms(channel, "SM-w-" + tag, writer, NUMBER, "Hello, question about my kettle")).isEqualTo(200);
    String writerId = tagged("phone:" + writer, tag);
    String open = hub.client().get("/api/v1/customers/" + writerId + "/conversations", hub.adminToken()).items().getJsonObject(0).getString("id");
    customer("phone:" + stopped, "Sam", tag, true);
    assertThat(webhooks.sms(channel, "SM-s-" + tag, stopped, NUMBER, "stop")).isEqualTo(200);
    String declined = customer("phone:" + phone(), "Di", tag, false);

    JsonObject done = awaitDone(create(new JsonObject().put("name", "Kettle recall").put("channelId", channel).put("purpose", "service")
        .put("audience", new JsonObject().put("tags", new JsonArray().add(tag))).put("text", "Your kettle model K2 is recalled.")).json()
        .getString("id"));

    assertThat(done.getJsonObject("counts").getMap()).containsEntry("targeted", 3).containsEntry("sent", 2).containsEntry("skippedOptedOut", 1)
        .containsEntry("skippedNoConsent", 0);
    JsonArray thread = messages(open);
    assertThat(thread.getJsonObject(thread.size() - 1).getString("text")).as("in the conversation the customer has open")
        .isEqualTo("Your kettle model K2 is recalled.");
    assertThat(hub.client().get("/api/v1/customers/" + declined + "/conversations", hub.adminToken()).items()).hasSize(1);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> twilio.sent().size() == 2);
    assertThat(twilio.sent()).extracting(sent -> sent.form().get("To")).doesNotContain(stopped);
  }

  @Test
  void listedIdsAndAttributesNarrowTheAudienceAndMergedProfilesCountOnce() {
    String tag = "ids-" + PHONES.incrementAndGet();
    String gold = customer("phone:" + phone(), "Gold", tag, true);
    String silver = customer("phone:" + phone(), "Silver", tag, true);
    String other = customer("phone:" + phone(), "Other", tag, true);
    assertThat(hub.client().patch("/api/v1/customers/" + gold, new JsonObject().put("attributes", new JsonObject().put("plan", "gold")),
        hub.adminToken()).status()).isEqualTo(200);
    assertThat(hub.client().patch("/api/v1/customers/" + silver, new JsonObject().put("attributes", new JsonObject().put("plan", "silver")),
        hub.adminToken()).status()).isEqualTo(200);

    JsonObject byAttribute = awaitDone(create(new JsonObject().put("name", "Gold only").put("channelId", channel).put("purpose", "service")
        .put("audience", new JsonObject().put("tags", new JsonArray().add(tag)).put("attributes", new JsonObject().put("plan", "gold")))
        .put("text", "Thanks for being gold")).json().getString("id"));
    assertThat(byAttribute.getJsonObject("counts").getInteger("targeted")).isEqualTo(1);

    JsonObject byIds = awaitDone(create(new JsonObject().put("name", "Listed").put("channelId", channel).put("purpose", "service")
        .put("audience", new JsonObject().put("customerIds", new JsonArray().add(silver).add(other).add(silver))).put("text", "Listed")).json()
        .getString("id"));
    assertThat(byIds.getJsonObject("counts").getInteger("targeted")).as("each listed customer once").isEqualTo(2);
    assertThat(byIds.getJsonObject("audience").getJsonArray("customerIds")).containsExactlyInAnyOrder(silver, other);
  }

  @Test
  void aCampaignGoesAtItsRateAndACancelStopsWhatIsNotSent() {
    String tag = "rate-" + PHONES.incrementAndGet();
    for (int i = 0; i < 3; i++) {
      customer("phone:" + phone(), "Rate " + i, tag, true);
    }
    JsonObject slow = awaitDone(create(new JsonObject().put("name", "Slow").put("channelId", channel).put("purpose", "service")
        .put("ratePerMinute", 60).put("audience", new JsonObject().put("tags", new JsonArray().add(tag))).put("text", "one a second")).json()
        .getString("id"));
    Duration took = Duration.between(Instant.parse(slow.getString("startedAt")), Instant.parse(slow.getString("finishedAt")));
    assertThat(took).as("three customers at one a second").isGreaterThanOrEqualTo(Duration.ofMillis(1_900));

    String later = create(new JsonObject().put("name", "Later").put("channelId", channel).put("purpose", "service")
        .put("sendAt", Instant.now().plusSeconds(3_600).toString()).put("audience", new JsonObject().put("tags", new JsonArray().add(tag)))
        .put("text", "not yet")).json().getString("id");
    HttpResult cancelled = hub.client().post("/api/v1/campaigns/" + later + "/cancel", new JsonObject(), hub.adminToken());
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertThat(cancelled.json().getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.json().getJsonObject("counts").getInteger("sent")).isZero();
    HttpResult finished = hub.client().post("/api/v1/campaigns/" + slow.getString("id") + "/cancel", new JsonObject(), hub.adminToken());
    assertThat(finished.status()).isEqualTo(409);
    assertThat(finished.errorCode()).isEqualTo("campaign_done");
    assertThat(hub.client().get("/api/v1/campaigns", hub.adminToken()).items().stream().map(JsonObject.class::cast)
        .map(item -> item.getString("id"))).contains(later, slow.getString("id"));
  }

  @Test
  void badRequestsAreRefusedNamingTheFieldAndAgentsMayNotSendCampaigns() {
    JsonObject good = new JsonObject().put("name", "x").put("channelId", channel).put("purpose", "service")
        .put("audience", new JsonObject().put("tags", new JsonArray().add("t"))).put("text", "hello");
    assertRefused(good.copy().put("purpose", "spam"), "purpose");
    assertRefused(good.copy().put("audience", new JsonObject()), "audience");
    assertRefused(good.copy().put("text", "Hi {{customer.nmae}}"), "text");
    assertRefused(good.copy().put("channelId", "000000000000000000000000"), "channelId");
    assertRefused(good.copy().put("ratePerMinute", 0), "ratePerMinute");
    assertRefused(good.copy().put("audience", new JsonObject().put("customerIds", new JsonArray().add("000000000000000000000000"))),
        "audience.customerIds[0]");
    assertRefused(good.copy().put("audience", new JsonObject().put("attributes", new JsonObject().put("plan", new JsonObject()))),
        "audience.attributes.plan");
    String email = "campaign-agent-" + PHONES.incrementAndGet() + "@desk.test";
    assertThat(hub.client().post("/api/v1/agents", new JsonObject().put("name", "Ana Agent").put("email", email)
        .put("password", "agent-password-1").put("roles", new JsonArray().add("agent")), hub.adminToken()).status()).isEqualTo(201);
    String agent = hub.client().login(email, "agent-password-1");
    assertThat(hub.client().post("/api/v1/campaigns", good, agent).status()).isEqualTo(403);
    assertThat(hub.client().get("/api/v1/campaigns/000000000000000000000000", hub.adminToken()).status()).isEqualTo(404);
  }

  private void assertRefused(JsonObject body, String field) {
    HttpResult refused = create(body);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.errorField()).isEqualTo(field);
  }

  private static HttpResult create(JsonObject body) {
    return hub.client().post("/api/v1/campaigns", body, hub.adminToken());
  }

  private static JsonObject campaign(String id) {
    return hub.client().get("/api/v1/campaigns/" + id, hub.adminToken()).json();
  }

  private static JsonObject awaitDone(String id) {
    JsonObject[] shown = new JsonObject[1];
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals((shown[0] = campaign(id)).getString("status")));
    return shown[0];
  }

  private static JsonArray messages(String conversationId) {
    return hub.client().get("/api/v1/conversations/" + conversationId + "/messages", hub.adminToken()).items();
  }

  private static String phone() {
    return "+4917" + (10_000_000 + PHONES.incrementAndGet());
  }

  /** A customer known by one identity (no conversation yet), tagged, with marketing consent for SMS and email as given. */
  private static String customer(String identity, String name, String tag, Boolean consent) {
    HttpResult event = hub.client().post("/api/v1/customer-events", new JsonObject().put("identity", identity).put("type", "signup")
        .put("title", "Signed up").put("externalId", "signup-" + identity).put("occurredAt", Instant.now().toString()).put("name", name),
        hub.adminToken());
    assertThat(event.status()).as(event.toString()).isIn(200, 201);
    String id = tagged(identity, tag);
    if (consent != null) {
      consent(id, consent);
    }
    return id;
  }

  private static String tagged(String identity, String tag) {
    String id = hub.client().get("/api/v1/customers?identity=" + identity, hub.adminToken()).items().getJsonObject(0).getString("id");
    assertThat(hub.client().patch("/api/v1/customers/" + id, new JsonObject().put("tags", new JsonArray(List.of(tag))), hub.adminToken())
        .status()).isEqualTo(200);
    return id;
  }

  private static void consent(String customerId, boolean agreed) {
    HttpResult set = hub.client().put("/api/v1/customers/" + customerId + "/consent", new JsonObject().put("marketing",
        new JsonObject().put("sms", agreed).put("email", agreed)), hub.adminToken());
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
  }
}
