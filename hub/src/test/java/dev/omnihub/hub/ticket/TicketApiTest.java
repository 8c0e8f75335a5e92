package dev.omnihub.hub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Escalation through the API as an agent uses it: a conversation becomes a numbered ticket shown on
 * the conversation, a second escalation raises it, changes are kept in its history, a solved ticket
 * frees the conversation for a new one, and bad requests are refused naming what is wrong.
 */
class TicketApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  private static HubClient client() {
    return hub.client();
  }

  private static String conversation() {
    JsonObject channel = client().createApiChannel(hub.adminToken(), "shop-" + UUID.randomUUID(), null);
    return client().webhook(channel, HubClient.message(UUID.randomUUID().toString(),
        new JsonObject().put("externalUserId", "cust-" + UUID.randomUUID()), "My refund never came")).json().getString("conversationId");
  }

  private static HttpResult escalate(String conversation, JsonObject body) {
    return client().post("/api/v1/conversations/" + conversation + "/escalate", body, hub.adminToken());
  }

  @Test
  void aConversationEscalatesToANumberedTicketThatASecondEscalationRaises() {
    String conversation = conversation();
    HttpResult first = escalate(conversation, new JsonObject().put("reason", "refund to approve"));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    JsonObject ticket = first.json();
    long number = ticket.getLong("number");
    assertThat(number).isGreaterThanOrEqualTo(1001);
    assertThat(ticket.getString("status")).isEqualTo("open");
    assertThat(ticket.getString("priority")).isEqualTo("normal");
    assertThat(ticket.getInteger("escalationLevel")).isEqualTo(1);
    assertThat(ticket.getString("conversationId")).isEqualTo(conversation);
    assertThat(ticket.getJsonArray("history").getJsonObject(0).getJsonObject("change").getString("reason")).isEqualTo("refund to approve");
    assertThat(ticket.getJsonArray("history").getJsonObject(0).getJsonObject("actor").getString("type")).isEqualTo("agent");

    HttpResult again = escalate(conversation, new JsonObject().put("priority", "high"));
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().getLong("number")).isEqualTo(number);
    assertThat(again.json().getInteger("escalationLevel")).isEqualTo(2);
    assertThat(again.json().getString("priority")).isEqualTo("high");
    assertThat(again.json().getString("reason")).as("kept").isEqualTo("refund to approve");

    JsonObject view = client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
    assertThat(view.getJsonObject("ticket").getLong("number")).isEqualTo(number);
    assertThat(view.getJsonObject("ticket").getInteger("escalationLevel")).isEqualTo(2);
    assertThat(client().get("/api/v1/tickets/" + number, hub.adminToken()).json().getJsonArray("history")).hasSize(2);
    assertThat(numbers(client().get("/api/v1/tickets?status=open&priority=high", hub.adminToken()).items())).contains(number);
    assertThat(numbers(client().get("/api/v1/tickets?priority=low", hub.adminToken()).items())).doesNotContain(number);
    String customer = view.getString("customerId");
    assertThat(numbers(client().get("/api/v1/tickets?customerId=" + customer, hub.adminToken()).items())).containsExactly(number);
  }

  @Test
  void ticketEventsReachTheSocketsOfThoseWhoSeeTheConversation() {
    try (dev.omnihub.hub.testing.SocketClient supervisor = dev.omnihub.hub.testing.SocketClient.connect(hub.hub().httpPort(),
        "/ws/agent?token=" + hub.adminToken())) {
      String conversation = conversation();
      long number = escalate(conversation, new JsonObject().put("priority", "urgent")).json().getLong("number");
      JsonObject created = supervisor.await(frame -> "ticket.created".equals(frame.getString("type"))
          && frame.getJsonObject("ticket").getLong("number") == number);
      assertThat(created.getJsonObject("ticket").getString("priority")).isEqualTo("urgent");
      assertThat(created.getValue("cursor")).as("logged, so a reconnecting console replays it").isNotNull();
      client().patch("/api/v1/tickets/" + number, new JsonObject().put("status", "pending"), hub.adminToken());
      JsonObject updated = supervisor.await(frame -> "ticket.updated".equals(frame.getString("type"))
          && frame.getJsonObject("ticket").getLong("number") == number);
      assertThat(updated.getJsonObject("ticket").getString("status")).isEqualTo("pending");
    }
  }

  @Test
  void aSolvedTicketFreesTheConversationForANewOneAndReopensOnlyWhileNoOtherIsOpen() {
    String conversation = conversation();
    long first = escalate(conversation, new JsonObject()).json().getLong("number");
    HttpResult solved = client().patch("/api/v1/tickets/" + first, new JsonObject().put("status", "solved"), hub.adminToken());
    assertThat(solved.status()).as(solved.toString()).isEqualTo(200);
    assertThat(solved.json().getString("solvedAt")).isNotNull();
    assertThat(solved.json().getJsonArray("history").getJsonObject(1).getJsonObject("change").getString("status")).isEqualTo("solved");
    assertThat(client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getJsonObject("ticket").getString("status"))
        .isEqualTo("solved");

    HttpResult second = escalate(conversation, new JsonObject());
    assertThat(second.status()).as("a solved ticket is not open: a new one").isEqualTo(201);
    long secondNumber = second.json().getLong("number");
    assertThat(secondNumber).isNotEqualTo(first);

    HttpResult reopen = client().patch("/api/v1/tickets/" + first, new JsonObject().put("status", "open"), hub.adminToken());
    assertThat(reopen.status()).isEqualTo(409);
    assertThat(reopen.json().getJsonObject("error").getString("code")).isEqualTo("ticket_already_open");

    assertThat(client().patch("/api/v1/tickets/" + secondNumber, new JsonObject().put("status", "closed"), hub.adminToken()).status())
        .isEqualTo(200);
    assertThat(client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("status"))
        .as("closing the ticket closed its conversation").isEqualTo("closed");
    HttpResult closedStays = client().patch("/api/v1/tickets/" + secondNumber, new JsonObject().put("status", "open"), hub.adminToken());
    assertThat(closedStays.status()).isEqualTo(409);
    assertThat(closedStays.json().getJsonObject("error").getString("code")).isEqualTo("ticket_closed");
  }

  @Test
  void aTicketFollowsItsConversationAndTheConversationItsTicket() {
    String customer = "cust-" + UUID.randomUUID();
    JsonObject channel = client().createApiChannel(hub.adminToken(), "shop-" + UUID.randomUUID(), null);
    String conversation = client().webhook(channel, HubClient.message(UUID.randomUUID().toString(),
        new JsonObject().put("externalUserId", customer), "The parcel is broken").put("threadKey", "order-77")).json()
        .getString("conversationId");
    long number = escalate(conversation, new JsonObject()).json().getLong("number");

    // Resolving the conversation solves its ticket (a reaction, once the resolution is durable).
    assertThat(client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
        hub.adminToken()).status()).isEqualTo(200);
    awaitTicketStatus(number, "solved");
    assertThat(client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getJsonObject("ticket").getString("status"))
        .isEqualTo("solved");

    // The customer writes again in that thread: the conversation reopens, and so does its ticket.
    assertThat(client().webhook(channel, HubClient.message(UUID.randomUUID().toString(), new JsonObject().put("externalUserId", customer),
        "Still broken").put("threadKey", "order-77")).json().getString("conversationId")).isEqualTo(conversation);
    awaitTicketStatus(number, "open");
    JsonObject reopened = client().get("/api/v1/tickets/" + number, hub.adminToken()).json();
    assertThat(reopened.getJsonArray("history").getJsonObject(2).getJsonObject("actor").getString("type")).isEqualTo("system");

    // Solving the ticket resolves the conversation in the same request.
    assertThat(client().patch("/api/v1/tickets/" + number, new JsonObject().put("status", "solved"), hub.adminToken()).status())
        .isEqualTo(200);
    assertThat(client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("status")).isEqualTo("resolved");
  }

  private static void awaitTicketStatus(long number, String status) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(client().get("/api/v1/tickets/" + number, hub.adminToken()).json().getString("status")).isEqualTo(status));
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrong() {
    String conversation = conversation();
    assertRejected(escalate(conversation, new JsonObject().put("priority", "asap")), 400, "priority");
    assertRejected(escalate(conversation, new JsonObject().put("queueId", "no-such-queue")), 400, "queueId");
    assertRejected(escalate(conversation, new JsonObject().put("assigneeId", "no-such-agent")), 400, "assigneeId");
    assertThat(escalate("no-such-conversation", new JsonObject()).status()).isEqualTo(404);
    assertThat(client().get("/api/v1/tickets/" + conversation, hub.adminToken()).json().getJsonObject("error").getString("field")).isEqualTo("number");
    HttpResult missing = client().get("/api/v1/tickets/999999", hub.adminToken());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getJsonObject("error").getString("code")).isEqualTo("ticket_not_found");
    assertRejected(client().get("/api/v1/tickets?status=done", hub.adminToken()), 400, "status");
    long number = escalate(conversation, new JsonObject()).json().getLong("number");
    assertRejected(client().patch("/api/v1/tickets/" + number, new JsonObject().put("status", "finished"), hub.adminToken()), 400, "status");
    assertThat(client().get("/api/v1/tickets/" + number, hub.adminToken()).json().getJsonArray("history")).as("nothing changed").hasSize(1);
    assertThat(client().get("/api/v1/tickets", null).status()).isEqualTo(401);
  }

  @Test
  void erasingTheCustomerErasesTheirTickets() {
    String conversation = conversation();
    long number = escalate(conversation, new JsonObject().put("reason", "Dora Fink's refund, card ending 4242")).json().getLong("number");
    String customer = client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("customerId");
    HttpResult erased = client().delete("/api/v1/customers/" + customer, hub.adminToken());
    assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
    assertThat(client().get("/api/v1/tickets/" + number, hub.adminToken()).status()).isEqualTo(404);
    assertThat(dev.omnihub.hub.testing.StoredText.find(hub.hub().services().mongo(), false, "Dora Fink")).isEmpty();
  }

  private static void assertRejected(HttpResult result, int status, String field) {
    assertThat(result.status()).as(result.toString()).isEqualTo(status);
    assertThat(result.json().getJsonObject("error").getString("field")).as(result.toString()).isEqualTo(field);
  }

  private static java.util.List<Long> numbers(JsonArray items) {
    return items.stream().map(JsonObject.class::cast).map(item -> item.getLong("number")).toList();
  }
}
