package dev.omnihub.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Automation rules as admins write them and customers set them off: conditions over the message,
 * conversation and customer, actions through the same services people use, in order with stop, each
 * a system line naming the rule and an audit entry; and the safety limits (slow patterns refused, one
 * automatic reply a day, none to an automatic reply, three levels of rules at most).
 */
class RulesApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true"));

  private static HubClient client() {
    return hub.client();
  }

  private static String admin() {
    return hub.adminToken();
  }

  /** Each test's rules are its own: they are deleted after it, so they do not act on the next test's conversations. */
  @AfterEach
  void deleteRules() {
    for (Object rule : client().get("/api/v1/rules", admin()).json().getJsonArray("items")) {
      client().delete("/api/v1/rules/" + ((JsonObject) rule).getString("id"), admin());
    }
  }

  private static JsonObject rule(JsonObject body) {
    HttpResult created = client().post("/api/v1/rules", body, admin());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  private static JsonObject condition(String field, String op, Object value) {
    return new JsonObject().put("field", field).put("op", op).put("value", value);
  }

  private static JsonObject when(String event, JsonArray all, JsonArray actions) {
    return new JsonObject().put("name", "Rule " + UUID.randomUUID().toString().substring(0, 8)).put("on", new JsonArray().add(event))
        .put("conditions", new JsonObject().put("all", all)).put("actions", actions);
  }

  private static String write(JsonObject channel, String customer, String text) {
    HttpResult sent = client().webhook(channel, HubClient.message(UUID.randomUUID().toString(), new JsonObject().put("externalUserId", customer),
        text));
    assertThat(sent.status()).as(sent.toString()).isLessThan(300);
    return sent.json().getString("conversationId");
  }

  private static JsonObject conversation(String id) {
    return client().get("/api/v1/conversations/" + id, admin()).json();
  }

  private static List<JsonObject> messages(String conversation) {
    return client().get("/api/v1/conversations/" + conversation + "/messages?limit=200", admin()).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
  }

  private static List<String> lines(String conversation, String startingWith) {
    return messages(conversation).stream().filter(message -> "system".equals(message.getString("direction")))
        .map(message -> message.getString("text")).filter(text -> text.startsWith(startingWith)).toList();
  }

  private static JsonObject channel() {
    return client().createApiChannel(admin(), "shop-" + UUID.randomUUID(), null);
  }

  @Test
  void aRuleIsCheckedAtSaveAndEveryProblemIsNamed() {
    JsonArray note = new JsonArray().add(new JsonObject().put("type", "note").put("text", "hi"));
    assertRefused(when("message.created", new JsonArray().add(condition("message.colour", "eq", "red")), note),
        "conditions.all[0].field", "message.colour");
    assertRefused(when("message.created", new JsonArray().add(condition("message.text", "resembles", "x")), note),
        "conditions.all[0].op", "resembles");
    assertRefused(when("message.deleted", new JsonArray(), note), "on[0]", "message.deleted");
    assertRefused(when("message.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "teleport"))),
        "actions[0].type", "teleport");
    assertRefused(when("message.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "reply")
        .put("text", "Hi {{customer.nickname}}"))), "actions[0].text", "{{customer.nickname}}");
    assertRefused(when("message.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "assign")
        .put("queueId", "6b0000000000000000000000"))), "actions[0].queueId", "6b0000000000000000000000");

    long started = System.nanoTime();
    HttpResult slow = client().post("/api/v1/rules", when("message.created", new JsonArray().add(condition("message.text", "matches",
        "^(([a-z])+.)+[A-Z]([a-z])+$")), note), admin());
    assertThat(slow.status()).isEqualTo(400);
    assertThat(slow.json().getJsonObject("error").getString("code")).isEqualTo("slow_pattern");
    assertThat(slow.json().getJsonObject("error").getString("field")).isEqualTo("conditions.all[0].value");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused quickly, not after backtracking for ages")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(client().post("/api/v1/rules", when("message.created", new JsonArray().add(condition("message.text", "matches",
        "(refund|money back).*(order|parcel)\\s*#?\\d+")), note), admin()).status()).as("an ordinary pattern is fine").isEqualTo(201);
  }

  private static void assertRefused(JsonObject body, String field, String named) {
    HttpResult refused = client().post("/api/v1/rules", body, admin());
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").getString("field")).isEqualTo(field);
    assertThat(refused.json().getJsonObject("error").getString("message")).contains(named);
  }

  @Test
  void aMatchingMessageTagsRoutesAndNotesInOrderAndStopEndsTheRound() {
    String queue = client().post("/api/v1/queues", new JsonObject().put("name", "Refunds " + UUID.randomUUID()), admin()).json()
        .getString("id");
    JsonObject first = rule(when("message.created", new JsonArray().add(condition("message.text", "contains", "REFUND")),
        new JsonArray().add(new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("refund")))
            .add(new JsonObject().put("type", "assign").put("queueId", queue))
            .add(new JsonObject().put("type", "note").put("text", "Refund asked by {{customer.firstName}}"))).put("stop", true));
    JsonObject never = rule(when("message.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "addTags")
        .put("tags", new JsonArray().add("after-stop")))));
    assertThat(never.getInteger("position")).isGreaterThan(first.getInteger("position"));

    JsonObject channel = channel();
    String conversation = write(channel, "refund-" + UUID.randomUUID(), "I want a refund for order 7");
    Awaitility.await("the rule acted").atMost(Duration.ofSeconds(10)).until(() -> conversation(conversation).getString("queueId") != null);
    JsonObject view = conversation(conversation);
    assertThat(view.getString("queueId")).isEqualTo(queue);
    assertThat(view.getJsonArray("tags")).containsExactly("refund");
    String name = first.getString("name");
    assertThat(lines(conversation, "Rule '" + name + "'")).as("a system line for each action").hasSize(3);
    assertThat(messages(conversation).stream().filter(message -> "note".equals(message.getString("direction")))
        .map(message -> message.getString("text"))).containsExactly("Refund asked by");
    JsonArray audit = client().get("/api/v1/audit?action=rule.action&customerId=" + view.getString("customerId"), admin()).json()
        .getJsonArray("items");
    assertThat(audit).hasSize(3);

    String quiet = write(channel, "other-" + UUID.randomUUID(), "Where is my parcel?");
    Awaitility.await("the second rule acts on other messages").atMost(Duration.ofSeconds(10))
        .until(() -> conversation(quiet).getJsonArray("tags").contains("after-stop"));
    assertThat(conversation(conversation).getJsonArray("tags")).as("stopped by the first").doesNotContain("after-stop");
  }

  @Test
  void anAutomaticReplyGoesOutOnceEvenWithAnAutoResponderOnTheOtherSide() throws Exception {
    rule(when("message.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "reply")
        .put("text", "Thanks {{customer.firstName}}, we got your message."))));
    try (WebhookReceiver autoResponder = new WebhookReceiver()) {
      JsonObject channel = client().createApiChannel(admin(), "auto-" + UUID.randomUUID(), autoResponder.url());
      autoResponder.expectSecret(channel.getString("secret"));
      String customer = "ooo-" + UUID.randomUUID();
      // Every message the hub sends there is answered at once, as an out-of-office responder does.
      autoResponder.onAccepted(delivered -> write(channel, customer, "I am out of the office until Monday."));
      String conversation = write(channel, customer, "Hello, my parcel is late");

      Awaitility.await("the rule replied").atMost(Duration.ofSeconds(10)).until(() -> autoResponder.accepted().size() >= 1);
      Thread.sleep(4_000);
      assertThat(autoResponder.accepted()).as("one automatic reply, however the other side answers").hasSize(1);
      List<JsonObject> replies = messages(conversation).stream().filter(message -> "outbound".equals(message.getString("direction"))).toList();
      assertThat(replies).hasSize(1);
      assertThat(replies.get(0).getJsonObject("author").getString("type")).isEqualTo("system");
      assertThat(messages(conversation).stream().filter(message -> "inbound".equals(message.getString("direction")))).hasSize(2);
    }
  }

  @Test
  void twoMessagesAtOnceApplyARuleOnceAndItsOwnChangesStartAtMostThreeLevels() throws Exception {
    rule(when("message.created", new JsonArray().add(condition("conversation.tags", "notContains", "greeted")),
        new JsonArray().add(new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("greeted")))
            .add(new JsonObject().put("type", "note").put("text", "greeted"))));
    JsonObject channel = channel();
    String customer = "twice-" + UUID.randomUUID();
    String conversation = write(channel, customer, "first");
    CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> write(channel, customer, "one"));
    CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> write(channel, customer, "two"));
    assertThat(one.get()).isEqualTo(conversation);
    assertThat(two.get()).isEqualTo(conversation);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> conversation(conversation).getJsonArray("tags").contains("greeted"));
    Thread.sleep(1_500);
    assertThat(messages(conversation).stream().filter(message -> "note".equals(message.getString("direction")))).hasSize(1);

    // Two rules that undo each other on every update: without a limit they would flip a tag for ever.
    JsonObject adds = rule(when("conversation.updated", new JsonArray().add(condition("conversation.tags", "notContains", "flip")),
        new JsonArray().add(new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("flip")))));
    JsonObject removes = rule(when("conversation.updated", new JsonArray().add(condition("conversation.tags", "contains", "flip")),
        new JsonArray().add(new JsonObject().put("type", "removeTags").put("tags", new JsonArray().add("flip")))));
    client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "pending"), admin());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lines(conversation, "Rule '" + adds.getString("name") + "'").isEmpty());
    Thread.sleep(3_000);
    int added = lines(conversation, "Rule '" + adds.getString("name") + "'").size();
    int removed = lines(conversation, "Rule '" + removes.getString("name") + "'").size();
    // Level 1 adds and removes (two updates), level 2 does so for each (four), level 3 for each of those (eight); no level 4.
    assertThat(added + removed).isEqualTo(2 + 4 + 8);
    Thread.sleep(2_000);
    assertThat(lines(conversation, "Rule '" + adds.getString("name") + "'").size() + lines(conversation, "Rule '" + removes.getString("name")
        + "'").size()).as("and it stays stopped").isEqualTo(added + removed);
  }

  @Test
  void repeatContactsAcrossChannelsGoToTheSeniorsAndATestRunChangesNothing() {
    String seniors = client().post("/api/v1/queues", new JsonObject().put("name", "Seniors " + UUID.randomUUID()), admin()).json()
        .getString("id");
    JsonObject repeat = rule(when("message.created", new JsonArray().add(condition("customer.recentContacts", "gte", 3)),
        new JsonArray().add(new JsonObject().put("type", "assign").put("queueId", seniors))));
    JsonObject sms = channel();
    JsonObject web = channel();
    String customer = "repeat-" + UUID.randomUUID();
    String first = write(sms, customer, "My router blinks red");
    resolve(first);
    String second = write(sms, customer, "It blinks again");
    assertThat(second).as("a resolved conversation is not continued: a second contact").isNotEqualTo(first);
    resolve(second);
    JsonObject test = client().post("/api/v1/rules/" + repeat.getString("id") + "/test", new JsonObject().put("conversationId", second),
        admin()).json();
    assertThat(test.getBoolean("matches")).as("two contacts so far").isFalse();
    assertThat(test.getJsonArray("conditions").getJsonObject(0).getInteger("actual")).isEqualTo(2);
    assertThat(conversation(second).getString("queueId")).as("a test run changes nothing").isNull();

    String third = write(web, customer, "Still broken, third time I write");
    Awaitility.await("the third contact, on another channel, goes to the seniors").atMost(Duration.ofSeconds(10))
        .until(() -> seniors.equals(conversation(third).getString("queueId")));
    JsonObject matched = client().post("/api/v1/rules/" + repeat.getString("id") + "/test", new JsonObject().put("conversationId", third),
        admin()).json();
    assertThat(matched.getBoolean("matches")).isTrue();
    assertThat(matched.getJsonArray("actions").getJsonObject(0).getString("queueId")).isEqualTo(seniors);
    assertThat(conversation(first).getString("queueId")).as("the first two were not repeats").isNull();
  }

  private static void resolve(String conversation) {
    assertThat(client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"), admin())
        .status()).isEqualTo(200);
  }

  @Test
  void anIdleConversationRunsItsIdleRulesOncePerQuietSpell() throws Exception {
    JsonObject idle = rule(new JsonObject().put("name", "Nudge").put("on", new JsonArray().add("conversation.idle")).put("idleFor", "PT2S")
        .put("actions", new JsonArray().add(new JsonObject().put("type", "note").put("text", "quiet for a while"))));
    assertThat(idle.getString("idleFor")).isEqualTo("PT2S");
    String conversation = write(channel(), "idle-" + UUID.randomUUID(), "Hello?");
    Awaitility.await("idle after 2 s").atMost(Duration.ofSeconds(10)).until(() -> notes(conversation) == 1);
    Thread.sleep(3_500);
    assertThat(notes(conversation)).as("once for that quiet spell").isEqualTo(1);
  }

  private static long notes(String conversation) {
    return messages(conversation).stream().filter(message -> "note".equals(message.getString("direction"))).count();
  }

  @Test
  void aWebhookActionIsSignedWithTheRulesSecretAndCarriesTheEvent() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonObject created = rule(when("conversation.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "webhook")
          .put("url", receiver.url()))));
      receiver.expectSecret(created.getString("secret"));
      assertThat(client().get("/api/v1/rules/" + created.getString("id"), admin()).json().containsKey("secret"))
          .as("shown once, to its creator").isFalse();
      String conversation = write(channel(), "hook-" + UUID.randomUUID(), "Hi");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
      JsonObject call = receiver.accepted().get(0);
      assertThat(receiver.badSignatures()).isZero();
      assertThat(call.getString("event")).isEqualTo("conversation.created");
      assertThat(call.getJsonObject("conversation").getString("id")).isEqualTo(conversation);
    }
  }

  @Test
  void rulesRunOnTicketsAndOnSlaBreaches() {
    String policy = client().post("/api/v1/sla-policies", new JsonObject().put("name", "Fast " + UUID.randomUUID()).put("targets",
        new JsonObject().put("urgent", new JsonObject().put("firstResponse", "PT1S"))), admin()).json().getString("id");
    String queue = client().post("/api/v1/queues", new JsonObject().put("name", "VIP " + UUID.randomUUID()).put("slaPolicyId", policy), admin())
        .json().getString("id");
    rule(when("ticket.created", new JsonArray().add(condition("ticket.priority", "gte", "high")),
        new JsonArray().add(new JsonObject().put("type", "addTags").put("tags", new JsonArray().add("hot-ticket")))));
    JsonObject breached = rule(when("sla.breached", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "notify")
        .put("text", "Ticket #{{ticket.number}} missed its first response"))));
    String conversation = write(channel(), "vip-" + UUID.randomUUID(), "The line is down");
    long number = client().post("/api/v1/conversations/" + conversation + "/escalate", new JsonObject().put("priority", "urgent")
        .put("queueId", queue), admin()).json().getLong("number");

    Awaitility.await("the ticket rule tagged it").atMost(Duration.ofSeconds(10))
        .until(() -> conversation(conversation).getJsonArray("tags").contains("hot-ticket"));
    Awaitility.await("the breach rule alerted the supervisors").atMost(Duration.ofSeconds(15)).until(() -> client()
        .get("/api/v1/alerts", admin()).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(alert -> breached.getString("id").equals(alert.getString("ruleId"))));
    JsonObject alert = client().get("/api/v1/alerts", admin()).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(found -> breached.getString("id").equals(found.getString("ruleId"))).findFirst().orElseThrow();
    assertThat(alert.getString("title")).isEqualTo("Ticket #" + number + " missed its first response");
  }

  @Test
  void aRuleActsOnceForAnEventEvenWhenItsReactionRunsAgain() throws Exception {
    rule(when("message.created", new JsonArray(), new JsonArray().add(new JsonObject().put("type", "note").put("text", "seen"))));
    String conversation = write(channel(), "again-" + UUID.randomUUID(), "Hello");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> notes(conversation) == 1);

    // As after a crash before the reactions saved their place: the same event is handed to the rules again.
    var services = hub.hub().services();
    var log = services.eventLog();
    var replayed = services.mongo().read(() -> log.storedBetween(0, log.horizon(), 100_000)).await(10, java.util.concurrent.TimeUnit.SECONDS)
        .stream().filter(logged -> conversation.equals(logged.conversationId()) && "message.created".equals(logged.type()))
        .filter(logged -> ((dev.omnihub.hub.events.MessageCreated) logged.event()).message().direction()
            == dev.omnihub.hub.conversation.Direction.INBOUND).findFirst().orElseThrow();
    services.store().writeAndPublish(write -> new dev.omnihub.hub.events.Outcome<>(null,
        services.desk().rules().engine().reaction().react(replayed, write))).await(10, java.util.concurrent.TimeUnit.SECONDS);
    Thread.sleep(500);
    assertThat(notes(conversation)).isEqualTo(1);
  }

  @Test
  void aNewConversationCanBePrioritisedGivenSkillsEscalatedAndParkedByOneRule() {
    JsonObject triage = rule(when("conversation.created", new JsonArray().add(condition("conversation.channelId", "eq", "placeholder")),
        new JsonArray()
            .add(new JsonObject().put("type", "setPriority").put("priority", "urgent"))
            .add(new JsonObject().put("type", "requireSkills").put("skills", new JsonArray().add("billing")))
            .add(new JsonObject().put("type", "escalate").put("reason", "outage line").put("priority", "high"))
            .add(new JsonObject().put("type", "setStatus").put("status", "pending"))));
    JsonObject outage = channel();
    // Only conversations on the outage line: the rule is narrowed to that channel.
    HttpResult narrowed = client().patch("/api/v1/rules/" + triage.getString("id"), new JsonObject().put("conditions", new JsonObject()
        .put("all", new JsonArray().add(condition("conversation.channelId", "eq", outage.getString("id"))))), admin());
    assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);

    String conversation = write(outage, "outage-" + UUID.randomUUID(), "Nothing works since this morning");
    String other = write(channel(), "calm-" + UUID.randomUUID(), "A small question");
    Awaitility.await("the rule triaged it").atMost(Duration.ofSeconds(10))
        .until(() -> "pending".equals(conversation(conversation).getString("status")));
    JsonObject view = conversation(conversation);
    assertThat(view.getString("priority")).isEqualTo("urgent");
    assertThat(view.getJsonArray("requiredSkills")).containsExactly("billing");
    assertThat(view.getJsonObject("ticket").getString("priority")).isEqualTo("high");
    long number = view.getJsonObject("ticket").getLong("number");
    JsonObject ticket = client().get("/api/v1/tickets/" + number, admin()).json();
    assertThat(ticket.getString("reason")).isEqualTo("outage line");
    assertThat(ticket.getJsonArray("history").getJsonObject(0).getJsonObject("actor").getString("type")).isEqualTo("system");
    assertThat(lines(conversation, "Rule '" + triage.getString("name") + "'")).hasSize(4);
    assertThat(conversation(other).getString("priority")).as("another channel's conversation is left alone").isEqualTo("normal");
  }

  @Test
  void aReopeningCountsAsAContactOfItsOwn() throws Exception {
    JsonObject channel = channel();
    String conversation = write(channel, "reopen-" + UUID.randomUUID(), "My invoice is wrong");
    resolve(conversation);
    var conversations = hub.hub().services().conversationServices().conversations();
    var store = hub.hub().services().mongo();
    String customer = conversation(conversation).getString("customerId");
    java.time.Instant since = java.time.Instant.now().minus(Duration.ofDays(7));
    assertThat(store.read(() -> conversations.contactsSince(customer, since)).await(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    // A reply that threads into the resolved conversation (an email's In-Reply-To does) reopens it.
    store.write(() -> conversations.recordInbound(conversations.require(conversation), new dev.omnihub.adapters.spi.ChannelRef(
        dev.omnihub.adapters.spi.ChannelType.API, channel.getString("id")), java.time.Instant.now(), "Still wrong"))
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(conversation(conversation).getString("status")).isEqualTo("open");
    assertThat(store.read(() -> conversations.contactsSince(customer, since)).await(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("started, then reopened").isEqualTo(2);
    assertThat(store.read(() -> conversations.contactsSince(customer, java.time.Instant.now().plusSeconds(60)))
        .await(10, java.util.concurrent.TimeUnit.SECONDS)).as("none within a window that starts later").isZero();
  }
}
