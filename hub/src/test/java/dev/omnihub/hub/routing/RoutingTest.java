package dev.omnihub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.RunningHub;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing through the API as a team uses it: conversations given to online members with room of the
 * queue of their channel, the least loaded first, never above capacity; the backlog going
 * out in order the moment someone has room; chats of an agent long offline coming back; overflow;
 * reopened conversations; a person's assignment left alone; every decision a system line and an event.
 * Each test has its own channel, queue and agents on one hub.
 */
class RoutingTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("REASSIGN_OFFLINE_SECONDS", "2"));

  @Test
  void aNewConversationGoesToAnOnlineMemberOfItsChannelsQueueWithAReason() {
    JsonObject channel = channel();
    Agent bea = agent("Bea Berg", 2);
    JsonObject queue = queue("Billing", channel, "leastLoaded", bea);
    try (SocketClient admin = socket(hub.adminToken()); SocketClient beaSocket = online(bea)) {
      String conversation = customerWrites(channel, "Where is my refund?");

      JsonObject assigned = admin.await(frame -> "conversation.updated".equals(frame.getString("type"))
          && conversation.equals(frame.getJsonObject("conversation").getString("id"))
          && bea.id().equals(frame.getJsonObject("conversation").getString("assigneeId")));
      assertThat(assigned.getJsonObject("conversation").getJsonObject("routing").getString("reason")).isEqualTo("leastLoaded");
      assertThat(assigned.getJsonObject("routing").getString("reason")).as("also at the top of the event").isEqualTo("leastLoaded");
      assertThat(assigned.getString("assigneeId")).isEqualTo(bea.id());
      assertThat(assigned.getString("queueId")).isEqualTo(queue.getString("id"));
      assertThat(assigned.getJsonObject("conversation").getString("queueId")).isEqualTo(queue.getString("id"));
      JsonObject view = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
      assertThat(view.getString("assigneeId")).isEqualTo(bea.id());
      assertThat(view.getString("queueId")).as("kept after assignment").isEqualTo(queue.getString("id"));
      assertThat(view.getString("queuedAt")).isNotNull();
      // Given out as it arrived; had the listener placed it a moment before the router came, it would
      // also say that it waited, first.
      List<String> lines = systemLines(conversation);
      assertThat(lines).endsWith("Assigned to Bea Berg (least loaded, Billing)");
      assertThat(lines).isSubsetOf("Waiting in queue Billing", "Assigned to Bea Berg (least loaded, Billing)");
    }
  }

  @Test
  void leastLoadedSpreadsTheWorkNeverAboveCapacityAndTheOldestWaitingGoesOutWhenRoomFrees() {
    JsonObject channel = channel();
    Agent ana = agent("Ana", 2);
    Agent ben = agent("Ben", 2);
    queue("Orders", channel, "leastLoaded", ana, ben);
    try (SocketClient anaSocket = online(ana); SocketClient benSocket = online(ben)) {
      List<String> conversations = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        conversations.add(customerWrites(channel, "order question " + i));
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> assigned(conversations).size() == 4);
      assertThat(openOf(ana.id(), conversations)).hasSize(2);
      assertThat(openOf(ben.id(), conversations)).hasSize(2);
      assertThat(assignee(conversations.get(4))).as("waits: nobody has room").isNull();
      assertThat(assignee(conversations.get(5))).isNull();

      resolve(openOf(ana.id(), conversations).get(0));
      // The longest-waiting conversation, not the newest, takes the freed place, within a second.
      Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> ana.id().equals(assignee(conversations.get(4))));
      assertThat(assignee(conversations.get(5))).isNull();
      assertThat(openOf(ana.id(), conversations)).hasSize(2);
    }
  }

  @Test
  void aConversationWaitsWhileNobodyIsOnlineAndGoesOutInArrivalOrderWhenAMemberComes() {
    JsonObject channel = channel();
    Agent cy = agent("Cy", 1);
    queue("Night", channel, "roundRobin", cy);
    List<String> conversations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      conversations.add(customerWrites(channel, "hello " + i));
    }
    try (SocketClient cySocket = online(cy)) {
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> cy.id().equals(assignee(conversations.get(0))));
      assertThat(assignee(conversations.get(1))).isNull();
      resolve(conversations.get(0));
      Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> cy.id().equals(assignee(conversations.get(1))));
      assertThat(assignee(conversations.get(2))).isNull();
    }
  }

  @Test
  void anAgentLongOfflineGivesTheirWaitingChatsBackToTheQueue() {
    JsonObject channel = channel();
    Agent dee = agent("Dee", 1);
    Agent eve = agent("Eve", 1);
    JsonObject queue = queue("Chat", channel, "leastLoaded", dee);
    String conversation;
    try (SocketClient deeSocket = online(dee)) {
      conversation = customerWrites(channel, "anyone there?");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> dee.id().equals(assignee(conversation)));
    }
    hub.client().put("/api/v1/queues/" + queue.getString("id") + "/agents", new JsonObject().put("agentIds", new JsonArray()
        .add(dee.id()).add(eve.id())), hub.adminToken());
    try (SocketClient eveSocket = online(eve)) {
      // Dee's socket closed: after REASSIGN_OFFLINE_SECONDS (2) the waiting customer goes to Eve.
      Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> eve.id().equals(assignee(conversation)));
      assertThat(systemLines(conversation)).anyMatch(line -> line.startsWith("Dee has been offline for 2 s: back to queue Chat"));
      JsonObject view = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
      assertThat(view.getJsonObject("routing").getString("reason")).isEqualTo("leastLoaded");
    }
  }

  @Test
  void aConversationWaitingPastTheOverflowTimeMovesOnceToTheOverflowQueue() {
    JsonObject channel = channel();
    Agent fay = agent("Fay", 1);
    JsonObject second = queue("Second line", channelOfNone(), "leastLoaded", fay);
    JsonObject first = hub.client().post("/api/v1/queues", new JsonObject().put("name", "First line")
        .put("channels", new JsonArray().add(channel.getString("id"))).put("priority", 10)
        .put("overflow", new JsonObject().put("after", "PT1S").put("queueId", second.getString("id"))), hub.adminToken()).json();
    try (SocketClient fays = online(fay)) {
      String conversation = customerWrites(channel, "help!");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fay.id().equals(assignee(conversation)));
      JsonObject view = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json();
      assertThat(view.getString("queueId")).isEqualTo(second.getString("id"));
      assertThat(systemLines(conversation)).anyMatch(line -> line.equals("Waited more than 1 s in First line: moved to Second line (overflow)"));
      assertThat(first.getString("id")).isNotNull();
    }
  }

  @Test
  void aReopenedConversationStaysWithItsAgentWhileOnlineWithRoomElseGoesBackToTheQueue() {
    JsonObject channel = channel();
    Agent gus = agent("Gus", 1);
    Agent hal = agent("Hal", 1);
    queue("Returns", channel, "leastLoaded", gus, hal);
    String first;
    try (SocketClient gusSocket = online(gus)) {
      first = customerWrites(channel, "return please", "cust-reopen-1", "order-77");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> gus.id().equals(assignee(first)));
      resolve(first);
      customerWrites(channel, "one more thing", "cust-reopen-1", "order-77");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> systemLines(first).contains("Reopened: stays with Gus"));
      assertThat(assignee(first)).isEqualTo(gus.id());

      resolve(first);
      // Gus is full now: the same customer's reopened conversation goes to Hal.
      String other = customerWrites(channel, "another customer");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> gus.id().equals(assignee(other)));
      try (SocketClient halSocket = online(hal)) {
        customerWrites(channel, "still here", "cust-reopen-1", "order-77");
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> hal.id().equals(assignee(first)));
        assertThat(systemLines(first)).contains("Gus has no room: back to the queue Returns");
      }
    }
  }

  @Test
  void aPersonsAssignmentIsLeftAloneEvenAboveCapacity() {
    JsonObject channel = channel();
    Agent ida = agent("Ida", 1);
    Agent jo = agent("Jo", 1);
    queue("Priority", channel, "leastLoaded", ida, jo);
    try (SocketClient idaSocket = online(ida)) {
      String routed = customerWrites(channel, "first");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> ida.id().equals(assignee(routed)));
      String second = customerWrites(channel, "second");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> systemLines(second).contains("Waiting in queue Priority"));
      assertThat(hub.client().post("/api/v1/conversations/" + second + "/assign", new JsonObject().put("agentId", ida.id()),
          hub.adminToken()).status()).isEqualTo(200);
      try (SocketClient joSocket = online(jo)) {
        String third = customerWrites(channel, "third");
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> jo.id().equals(assignee(third)));
        assertThat(assignee(second)).as("routing leaves a person's choice alone").isEqualTo(ida.id());
      }
    }
  }

  @Test
  void aPersonMovesAWaitingConversationToAnotherQueueWhoseMembersTakeIt() {
    JsonObject channel = channel();
    Agent oli = agent("Oli", 1);
    queue("Sales", channel, "manual");
    JsonObject support = queue("Support", channelOfNone(), "leastLoaded", oli);
    try (SocketClient oliSocket = online(oli)) {
      String conversation = customerWrites(channel, "this is for support really");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> systemLines(conversation).contains("Waiting in queue Sales"));
      assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/assign", new JsonObject().put("queueId",
          support.getString("id")), hub.adminToken()).status()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> oli.id().equals(assignee(conversation)));
      assertThat(systemLines(conversation)).anyMatch(line -> line.endsWith("moved the conversation in queue Support"));
    }
  }

  @Test
  void aConversationABotHandlesIsRoutedOnlyOnceTheBotHandsOff() {
    JsonObject channel = channel();
    Agent max = agent("Max", 2);
    queue("Bot first", channel, "leastLoaded", max);
    JsonObject bot = hub.client().post("/api/v1/bots", new JsonObject().put("name", "Helper").put("webhookUrl", "http://127.0.0.1:9/bot")
        .put("channels", new JsonArray().add(channel.getString("id"))), hub.adminToken()).json();
    try (SocketClient maxSocket = online(max)) {
      String conversation = customerWrites(channel, "I want a human");
      QueueRouter router = hub.hub().services().routing().router();
      long seen = router.passes();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> router.passes() >= seen + 2);
      assertThat(assignee(conversation)).as("the bot has it").isNull();
      assertThat(systemLines(conversation)).noneMatch(line -> line.startsWith("Waiting in queue"));

      assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/handoff", new JsonObject(), bot.getString("apiToken"))
          .status()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> max.id().equals(assignee(conversation)));
    }
  }

  @Test
  void supervisorsSeeTheQueuesAndTheAgentsLiveAndOnTheMetrics() {
    JsonObject channel = channel();
    Agent ned = agent("Ned", 1);
    JsonObject queue = queue("Board", channel, "leastLoaded", ned);
    try (SocketClient supervisor = socket(hub.adminToken()); SocketClient nedSocket = online(ned)) {
      String first = customerWrites(channel, "one");
      Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> ned.id().equals(assignee(first)));
      customerWrites(channel, "two");
      // The figures once "two" waits behind Ned's full place (an earlier frame may show "one" waiting a moment).
      JsonObject stats = supervisor.await(frame -> "queue.stats".equals(frame.getString("type"))
          && queue.getString("id").equals(frame.getString("queueId")) && frame.getInteger("waiting") == 1
          && frame.getInteger("assignedToday") == 1);
      assertThat(stats.getInteger("agentsOnline")).isEqualTo(1);
      assertThat(stats.getInteger("agentsBusy")).as("online with no room").isEqualTo(1);
      assertThat(stats.getString("cursor")).isNotNull();

      JsonObject board = hub.client().get("/api/v1/supervisor/queues", hub.adminToken()).json().getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(item -> queue.getString("id").equals(item.getString("queueId"))).findFirst().orElseThrow();
      assertThat(board.getInteger("waiting")).isEqualTo(1);
      assertThat(board.getLong("longestWaitSeconds")).isGreaterThanOrEqualTo(0);
      JsonObject nedFigures = hub.client().get("/api/v1/supervisor/agents", hub.adminToken()).json().getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(item -> ned.id().equals(item.getString("agentId"))).findFirst().orElseThrow();
      assertThat(nedFigures.getJsonObject("load").getInteger("api")).isEqualTo(1);
      assertThat(nedFigures.getJsonObject("capacity").getInteger("api")).isEqualTo(1);
      assertThat(nedFigures.getInteger("openConversations")).isEqualTo(1);
      assertThat(nedFigures.getJsonArray("queues")).containsExactly(queue.getString("id"));
      assertThat(hub.client().get("/api/v1/supervisor/queues", ned.token()).status()).as("agents do not see the board").isEqualTo(403);

      String metrics = hub.client().get("/metrics", null).body();
      assertThat(metrics).contains("omnihub_queue_waiting{queue=\"Board\"} 1.0");
      assertThat(metrics).contains("omnihub_queue_agents{presence=\"busy\",queue=\"Board\"} 1.0");
    }
  }

  @Test
  void presenceIsWhatTheAgentSaysOnlyWhileASocketOfTheirsIsOpen() {
    Agent kim = agent("Kim", 1);
    String path = "/api/v1/agents/" + kim.id() + "/presence";
    assertThat(hub.client().put(path, new JsonObject().put("status", "online"), kim.token()).json().getString("presence"))
        .as("no socket open").isEqualTo("offline");
    try (SocketClient socket = online(kim)) {
      assertThat(hub.client().put(path, new JsonObject().put("status", "away"), kim.token()).json().getString("presence")).isEqualTo("away");
      assertThat(hub.client().get("/api/v1/agents/" + kim.id(), kim.token()).json().getString("presence")).isEqualTo("away");
      hub.client().put(path, new JsonObject().put("status", "online"), kim.token());
      assertThat(hub.client().get("/api/v1/agents/" + kim.id(), kim.token()).json().getString("presence")).isEqualTo("online");
    }
  }

  @Test
  void queuesRefuseWhatTheyCannotBeAndANonEmptyQueueIsNotDeleted() {
    JsonObject channel = channel();
    String admin = hub.adminToken();
    assertThat(hub.client().post("/api/v1/queues", new JsonObject().put("name", "x").put("channels", new JsonArray().add("pigeon")), admin)
        .json().getJsonObject("error").getString("field")).isEqualTo("channels[0]");
    assertThat(hub.client().post("/api/v1/queues", new JsonObject().put("name", "x").put("strategy", "random"), admin).status()).isEqualTo(400);
    assertThat(hub.client().post("/api/v1/queues", new JsonObject().put("name", "x").put("overflow", new JsonObject().put("after", "5 min")
        .put("queueId", "q")), admin).status()).isEqualTo(400);
    Agent lea = agent("Lea", 1);
    assertThat(hub.client().post("/api/v1/queues", new JsonObject().put("name", "x"), lea.token()).status()).isEqualTo(403);
    JsonObject queue = queue("Busy", channel, "manual");
    customerWrites(channel, "stays in a manual queue");
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> hub.client().get("/api/v1/conversations?queue=" + queue.getString("id"),
        admin).json().getJsonArray("items").size() == 1);
    var refused = hub.client().delete("/api/v1/queues/" + queue.getString("id"), admin);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("queue_not_empty");
    assertThat(hub.client().get("/api/v1/agents/" + lea.id(), admin).json().getJsonArray("queues")).isEmpty();
  }

  // --- helpers ---------------------------------------------------------------------------------------

  record Agent(String id, String name, String token) {
  }

  private static Agent agent(String name, int apiCapacity) {
    String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID().toString().substring(0, 8) + "@team.test";
    JsonObject created = hub.client().post("/api/v1/agents", new JsonObject().put("name", name).put("email", email)
        .put("password", "agent-password-1").put("capacity", new JsonObject().put("api", apiCapacity)), hub.adminToken()).json();
    return new Agent(created.getString("id"), name, hub.client().login(email, "agent-password-1"));
  }

  private static JsonObject channel() {
    return hub.client().createApiChannel(hub.adminToken(), "app-" + UUID.randomUUID(), null);
  }

  /** A channel type no test channel uses: a queue that takes nothing by itself (only overflow). */
  private static JsonObject channelOfNone() {
    return new JsonObject().put("id", "voice");
  }

  private static JsonObject queue(String name, JsonObject channel, String strategy, Agent... members) {
    JsonObject queue = hub.client().post("/api/v1/queues", new JsonObject().put("name", name)
        .put("channels", new JsonArray().add(channel.getString("id"))).put("strategy", strategy), hub.adminToken()).json();
    JsonArray ids = new JsonArray();
    for (Agent member : members) {
      ids.add(member.id());
    }
    assertThat(hub.client().put("/api/v1/queues/" + queue.getString("id") + "/agents", new JsonObject().put("agentIds", ids),
        hub.adminToken()).status()).isEqualTo(200);
    return queue;
  }

  private static SocketClient socket(String token) {
    return SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + token);
  }

  /** Opens the agent's socket and waits until the hub shows them online. */
  private static SocketClient online(Agent agent) {
    SocketClient socket = socket(agent.token());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "online".equals(
        hub.client().get("/api/v1/agents/" + agent.id(), hub.adminToken()).json().getString("presence")));
    return socket;
  }

  private static String customerWrites(JsonObject channel, String text) {
    return customerWrites(channel, text, "cust-" + UUID.randomUUID());
  }

  /** A message in a thread of the customer's (a resolved conversation's thread reopens it). */
  private static String customerWrites(JsonObject channel, String text, String customer, String threadKey) {
    return hub.client().webhook(channel, HubClient.message(UUID.randomUUID().toString(), new JsonObject().put("externalUserId", customer), text)
        .put("threadKey", threadKey)).json().getString("conversationId");
  }

  private static String customerWrites(JsonObject channel, String text, String customer) {
    return hub.client().webhook(channel, HubClient.message(UUID.randomUUID().toString(), new JsonObject().put("externalUserId", customer), text))
        .json().getString("conversationId");
  }

  private static String assignee(String conversation) {
    return hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("assigneeId");
  }

  private static List<String> assigned(List<String> conversations) {
    return conversations.stream().filter(id -> assignee(id) != null).toList();
  }

  private static List<String> openOf(String agentId, List<String> conversations) {
    return conversations.stream().filter(id -> {
      JsonObject view = hub.client().get("/api/v1/conversations/" + id, hub.adminToken()).json();
      return agentId.equals(view.getString("assigneeId")) && "open".equals(view.getString("status"));
    }).toList();
  }

  private static void resolve(String conversation) {
    assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
        hub.adminToken()).status()).isEqualTo(200);
  }

  private static List<String> systemLines(String conversation) {
    JsonArray items = hub.client().get("/api/v1/conversations/" + conversation + "/messages?limit=200", hub.adminToken()).json()
        .getJsonArray("items");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if ("system".equals(items.getJsonObject(i).getString("direction"))) {
        lines.add(items.getJsonObject(i).getString("text"));
      }
    }
    return lines;
  }

  static RunningHub running() {
    return hub;
  }
}
