package dev.omnihub.hub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SLA clocks on tickets as supervisors see them: due times in business hours from the policy of the
 * ticket's queue, answers and customer messages moving them, pauses and priority changes recomputing
 * them, warnings and breaches announced once on time, and every due time explained.
 */
class SlaClocksApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  private static HubClient client() {
    return hub.client();
  }

  private static String admin() {
    return hub.adminToken();
  }

  private record Thread(JsonObject channel, String customer, String conversation) {
  }

  private static Thread thread() {
    JsonObject channel = client().createApiChannel(admin(), "shop-" + UUID.randomUUID(), null);
    String customer = "cust-" + UUID.randomUUID();
    String conversation = client().webhook(channel, HubClient.message(UUID.randomUUID().toString(),
        new JsonObject().put("externalUserId", customer), "My parcel is lost")).json().getString("conversationId");
    return new Thread(channel, customer, conversation);
  }

  private static String policy(JsonObject body) {
    HttpResult created = client().post("/api/v1/sla-policies", body.put("name", "Policy " + UUID.randomUUID()), admin());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String queueWith(String policyId) {
    HttpResult created = client().post("/api/v1/queues", new JsonObject().put("name", "Q " + UUID.randomUUID()).put("slaPolicyId", policyId),
        admin());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static JsonObject targets(String firstResponse, String nextResponse, String resolution) {
    JsonObject targets = new JsonObject();
    if (firstResponse != null) {
      targets.put("firstResponse", firstResponse);
    }
    if (nextResponse != null) {
      targets.put("nextResponse", nextResponse);
    }
    if (resolution != null) {
      targets.put("resolution", resolution);
    }
    return targets;
  }

  private static JsonObject escalate(String conversation, JsonObject body) {
    HttpResult escalated = client().post("/api/v1/conversations/" + conversation + "/escalate", body, admin());
    assertThat(escalated.status()).as(escalated.toString()).isEqualTo(201);
    return escalated.json();
  }

  private static JsonObject ticket(long number) {
    return client().get("/api/v1/tickets/" + number, admin()).json();
  }

  private static Instant at(JsonObject sla, String field) {
    return Instant.parse(sla.getString(field));
  }

  @Test
  void aTicketEscalatedOnAHolidayIsDueItsTargetInBusinessHoursAfterTheNextOpeningAndExplainsIt() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonArray nineToFive = new JsonArray().add(new JsonArray().add("09:00").add("17:00"));
    JsonObject week = new JsonObject();
    for (String day : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
      week.put(day, nineToFive.copy());
    }
    HttpResult hours = client().post("/api/v1/business-hours", new JsonObject().put("name", "UTC office").put("timeZone", "UTC")
        .put("week", week).put("holidays", new JsonArray().add(today.toString()).add(today.plusDays(1).toString())), admin());
    assertThat(hours.status()).as(hours.toString()).isEqualTo(201);
    String policy = policy(new JsonObject().put("businessHoursId", hours.json().getString("id")).put("targets", new JsonObject()
        .put("normal", targets("PT1H", "PT2H", "PT10H")).put("urgent", targets("PT15M", "PT30M", "PT2H"))));
    Thread thread = thread();

    JsonObject ticket = escalate(thread.conversation(), new JsonObject().put("queueId", queueWith(policy)));

    JsonObject sla = ticket.getJsonObject("sla");
    assertThat(sla).as("the escalation answers with the clocks").isNotNull();
    assertThat(sla.getString("policyId")).isEqualTo(policy);
    Instant opening = today.plusDays(2).atTime(9, 0).toInstant(ZoneOffset.UTC);
    assertThat(at(sla, "firstResponseDueAt")).isEqualTo(opening.plus(Duration.ofHours(1)));
    assertThat(at(sla, "resolutionDueAt")).as("8 business hours that day, 2 the next").isEqualTo(opening.plus(Duration.ofDays(1))
        .plus(Duration.ofHours(2)));
    assertThat(sla.getValue("nextResponseDueAt")).as("no next-response clock runs before an answer").isNull();
    assertThat(sla.getJsonArray("breaches")).isEmpty();

    JsonObject explained = client().get("/api/v1/tickets/" + ticket.getLong("number") + "/sla", admin()).json();
    assertThat(explained.getJsonObject("policy").getString("timeZone")).isEqualTo("UTC");
    JsonObject resolution = clock(explained, "resolution");
    assertThat(resolution.getString("state")).isEqualTo("running");
    assertThat(resolution.getString("start")).isEqualTo(ticket.getString("createdAt"));
    assertThat(resolution.getJsonArray("counted").stream().map(JsonObject.class::cast).map(span -> span.getString("from")))
        .containsExactly(opening.toString(), opening.plus(Duration.ofDays(1)).toString());
    assertThat(resolution.getString("countedTotal")).as("the intervals add up to the target").isEqualTo("PT10H");
    assertThat(resolution.getString("dueAt")).isEqualTo(sla.getString("resolutionDueAt"));

    JsonObject urgent = client().patch("/api/v1/tickets/" + ticket.getLong("number"), new JsonObject().put("priority", "urgent"), admin()).json();
    assertThat(at(urgent.getJsonObject("sla"), "firstResponseDueAt")).as("the same start, the urgent target")
        .isEqualTo(opening.plus(Duration.ofMinutes(15)));
    assertThat(at(urgent.getJsonObject("sla"), "resolutionDueAt")).isEqualTo(opening.plus(Duration.ofHours(2)));
  }

  private static JsonObject clock(JsonObject explained, String target) {
    return explained.getJsonArray("clocks").stream().map(JsonObject.class::cast).filter(clock -> target.equals(clock.getString("target")))
        .reduce((first, second) -> second).orElseThrow();
  }

  @Test
  void anAgentsReplyMeetsTheFirstResponseAndTheCustomersNextMessageStartsTheNextResponseClock() {
    String policy = policy(new JsonObject().put("targets", new JsonObject().put("normal", targets("PT1H", "PT2H", "PT8H"))));
    Thread thread = thread();
    long number = escalate(thread.conversation(), new JsonObject().put("queueId", queueWith(policy))).getLong("number");
    client().post("/api/v1/conversations/" + thread.conversation() + "/messages", new JsonObject().put("text", "checking the depot")
        .put("private", true), admin());

    HttpResult reply = client().post("/api/v1/conversations/" + thread.conversation() + "/messages",
        new JsonObject().put("text", "We found it, it ships today"), admin());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    Instant repliedAt = Instant.parse(reply.json().getString("createdAt"));
    Awaitility.await("the reply meets the first response").atMost(Duration.ofSeconds(10))
        .until(() -> ticket(number).getJsonObject("sla").getString("firstRespondedAt") != null);
    assertThat(at(ticket(number).getJsonObject("sla"), "firstRespondedAt")).as("the reply, not the note").isEqualTo(repliedAt);

    HttpResult followUp = client().webhook(thread.channel(), HubClient.message(UUID.randomUUID().toString(),
        new JsonObject().put("externalUserId", thread.customer()), "Which carrier?"));
    assertThat(followUp.json().getString("conversationId")).isEqualTo(thread.conversation());
    Awaitility.await("the customer's message starts a next-response clock").atMost(Duration.ofSeconds(10))
        .until(() -> ticket(number).getJsonObject("sla").getString("nextResponseDueAt") != null);
    JsonObject next = clock(client().get("/api/v1/tickets/" + number + "/sla", admin()).json(), "nextResponse");
    assertThat(Duration.between(Instant.parse(next.getString("start")), Instant.parse(next.getString("dueAt")))).isEqualTo(Duration.ofHours(2));
    JsonObject conversation = client().get("/api/v1/conversations/" + thread.conversation(), admin()).json();
    assertThat(conversation.getJsonObject("sla").getString("nextResponseDueAt")).as("the conversation shows its ticket's clocks")
        .isEqualTo(ticket(number).getJsonObject("sla").getString("nextResponseDueAt"));
  }

  /** The due times a message moves reach the desks that show the ticket, without a reload. */
  @Test
  void theDueTimesAReplyAndTheCustomersNextMessageMoveReachSupervisorsAsTicketUpdates() throws Exception {
    String policy = policy(new JsonObject().put("targets", new JsonObject().put("normal", targets("PT1H", "PT2H", "PT8H"))));
    Thread thread = thread();
    long number = escalate(thread.conversation(), new JsonObject().put("queueId", queueWith(policy))).getLong("number");
    try (SocketClient supervisor = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + admin())) {
      HttpResult reply = client().post("/api/v1/conversations/" + thread.conversation() + "/messages",
          new JsonObject().put("text", "We found it, it ships today"), admin());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      JsonObject met = supervisor.await(frame -> ticketUpdate(frame, number) && frame.getJsonObject("ticket").getJsonObject("sla")
          .getString("firstRespondedAt") != null);
      assertThat(met.getJsonObject("ticket").getJsonObject("sla").getString("firstRespondedAt")).isEqualTo(reply.json().getString("createdAt"));

      client().webhook(thread.channel(), HubClient.message(UUID.randomUUID().toString(),
          new JsonObject().put("externalUserId", thread.customer()), "Which carrier?"));
      JsonObject next = supervisor.await(frame -> ticketUpdate(frame, number) && frame.getJsonObject("ticket").getJsonObject("sla")
          .getString("nextResponseDueAt") != null);
      assertThat(next.getJsonObject("ticket").getJsonObject("sla").getString("nextResponseDueAt"))
          .isEqualTo(ticket(number).getJsonObject("sla").getString("nextResponseDueAt"));
    }
  }

  private static boolean ticketUpdate(JsonObject frame, long number) {
    return "ticket.updated".equals(frame.getString("type")) && frame.getJsonObject("ticket").getLong("number") == number;
  }

  @Test
  void pendingPausesTheResolutionClockAndMovesItsDueTimeByThePause() throws Exception {
    String policy = policy(new JsonObject().put("targets", new JsonObject().put("normal", targets(null, null, "PT1H"))));
    Thread thread = thread();
    JsonObject ticket = escalate(thread.conversation(), new JsonObject().put("queueId", queueWith(policy)));
    long number = ticket.getLong("number");
    Instant due = at(ticket.getJsonObject("sla"), "resolutionDueAt");

    JsonObject pending = client().patch("/api/v1/tickets/" + number, new JsonObject().put("status", "pending"), admin()).json();
    assertThat(pending.getJsonObject("sla").getValue("resolutionDueAt")).as("unknown while paused").isNull();
    java.lang.Thread.sleep(1_200);
    JsonObject reopened = client().patch("/api/v1/tickets/" + number, new JsonObject().put("status", "open"), admin()).json();

    JsonObject resolution = clock(client().get("/api/v1/tickets/" + number + "/sla", admin()).json(), "resolution");
    JsonObject pause = resolution.getJsonArray("pauses").getJsonObject(0);
    Duration paused = Duration.between(Instant.parse(pause.getString("from")), Instant.parse(pause.getString("to")));
    assertThat(paused).isGreaterThanOrEqualTo(Duration.ofMillis(1_200));
    assertThat(at(reopened.getJsonObject("sla"), "resolutionDueAt")).isEqualTo(due.plus(paused));
    assertThat(resolution.getString("countedTotal")).isEqualTo("PT1H");
  }

  @Test
  void aWarningThenABreachAreAnnouncedOnceOnTimeAndTheBreachEscalatesTheTicket() throws Exception {
    String policy = policy(new JsonObject().put("warnBefore", "PT2S")
        .put("targets", new JsonObject().put("normal", targets("PT3S", null, null)).put("high", targets("PT1H", null, null)))
        .put("onBreach", new JsonObject().put("escalate", true).put("raisePriority", true)));
    try (SocketClient supervisor = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + admin())) {
      Thread thread = thread();
      JsonObject ticket = escalate(thread.conversation(), new JsonObject().put("queueId", queueWith(policy)));
      long number = ticket.getLong("number");
      Instant due = at(ticket.getJsonObject("sla"), "firstResponseDueAt");

      JsonObject warning = supervisor.await(frame -> "sla.warning".equals(frame.getString("type")) && mine(frame, number));
      assertThat(warning.getJsonObject("sla").getString("target")).isEqualTo("firstResponse");
      assertThat(Instant.parse(warning.getJsonObject("sla").getString("at"))).isBefore(due);
      JsonObject breach = supervisor.await(frame -> "sla.breached".equals(frame.getString("type")) && mine(frame, number));
      Instant breachedAt = Instant.parse(breach.getJsonObject("sla").getString("at"));
      assertThat(breachedAt).as("at the due time, within 5 s").isBetween(due, due.plusSeconds(5));
      assertThat(breach.getValue("cursor")).as("logged: a reconnecting console replays it").isNotNull();

      Awaitility.await("onBreach raised the ticket").atMost(Duration.ofSeconds(10))
          .until(() -> ticket(number).getInteger("escalationLevel") == 2);
      JsonObject raised = ticket(number);
      assertThat(raised.getString("priority")).isEqualTo("high");
      JsonArray breaches = raised.getJsonObject("sla").getJsonArray("breaches");
      assertThat(breaches).hasSize(1);
      assertThat(breaches.getJsonObject(0).getString("target")).isEqualTo("firstResponse");
      assertThat(breaches.getJsonObject(0).getString("dueAt")).isEqualTo(due.toString());
      assertThat(client().get("/api/v1/tickets?breached=true", admin()).json().getJsonArray("items").stream().map(JsonObject.class::cast)
          .map(listed -> listed.getLong("number"))).contains(number);

      java.lang.Thread.sleep(4_000);
      assertThat(supervisor.frames().stream().filter(frame -> frame.getString("type").startsWith("sla.") && mine(frame, number))
          .map(frame -> frame.getString("type"))).as("each announced once").containsExactly("sla.warning", "sla.breached");
    }
  }

  private static boolean mine(JsonObject frame, long number) {
    JsonObject ticket = frame.getJsonObject("sla").getJsonObject("ticket");
    return ticket != null && ticket.getLong("number") == number;
  }

  @Test
  void aConversationWaitingInAQueueWithAPolicyCarriesItsOwnClocksUntilATicketTakesOver() {
    String policy = policy(new JsonObject().put("targets", new JsonObject().put("normal", targets("PT30M", "PT1H", "PT4H"))));
    JsonObject channel = client().createApiChannel(admin(), "queued-" + UUID.randomUUID(), null);
    HttpResult queue = client().post("/api/v1/queues", new JsonObject().put("name", "Q " + UUID.randomUUID()).put("slaPolicyId", policy)
        .put("channels", new JsonArray().add(channel.getString("id"))), admin());
    assertThat(queue.status()).as(queue.toString()).isEqualTo(201);
    String conversation = client().webhook(channel, HubClient.message(UUID.randomUUID().toString(),
        new JsonObject().put("externalUserId", "q-" + UUID.randomUUID()), "Hello?")).json().getString("conversationId");

    Awaitility.await("queued under the policy").atMost(Duration.ofSeconds(10))
        .until(() -> client().get("/api/v1/conversations/" + conversation, admin()).json().getJsonObject("sla") != null);
    JsonObject view = client().get("/api/v1/conversations/" + conversation, admin()).json();
    JsonObject sla = view.getJsonObject("sla");
    assertThat(sla.getString("policyId")).isEqualTo(policy);
    assertThat(Duration.between(Instant.parse(view.getString("queuedAt")), at(sla, "firstResponseDueAt"))).isEqualTo(Duration.ofMinutes(30));

    JsonObject board = client().get("/api/v1/supervisor/queues", admin()).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(item -> queue.json().getString("id").equals(item.getString("queueId"))).findFirst().orElseThrow();
    assertThat(board.getInteger("slaAtRisk")).as("its first response is due within 30 minutes").isEqualTo(1);
    assertThat(board.getInteger("slaBreached")).isZero();

    JsonObject ticket = escalate(conversation, new JsonObject());
    assertThat(ticket.getJsonObject("sla")).as("the ticket takes its conversation's queue's policy").isNotNull();
    assertThat(at(ticket.getJsonObject("sla"), "firstResponseDueAt")).as("counted from the ticket's creation")
        .isEqualTo(Instant.parse(ticket.getString("createdAt")).plus(Duration.ofMinutes(30)));
    assertThat(client().get("/api/v1/conversations/" + conversation, admin()).json().getJsonObject("sla").getString("firstResponseDueAt"))
        .isEqualTo(ticket.getJsonObject("sla").getString("firstResponseDueAt"));
  }
}
