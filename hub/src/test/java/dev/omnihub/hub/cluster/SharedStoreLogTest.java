package dev.omnihub.hub.cluster;

import static dev.omnihub.hub.testing.AgentFrames.assertIncreasing;
import static dev.omnihub.hub.testing.AgentFrames.isMessage;
import static dev.omnihub.hub.testing.AgentFrames.messageIds;
import static dev.omnihub.hub.testing.AgentFrames.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.StoreServer;
import dev.omnihub.hub.testing.ResumeWhileWriting;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub nodes in this JVM on one store served as {@code omnihub store} serves it, each with its own
 * Vert.x that is not clustered: the store alone carries the log between them (the beats), as it must
 * when the event bus fails. An agent socket on either node sees every node's messages once, in cursor
 * order, and resumes on the other node with its cursor while writers on both keep the store busy.
 */
class SharedStoreLogTest {

  private static final String PASSWORD = "shared-store-test";
  /** Every node of a store needs the same key for the channels' secrets. */
  private static final String SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
  @TempDir
  static Path dir;
  private static StoreServer store;
  private static TestHub first;
  private static TestHub second;

  @BeforeAll
  static void startTwoNodes() {
    store = StoreServer.start(dir.resolve("store"), "127.0.0.1", 0, PASSWORD);
    Map<String, String> shared = Map.of("MONGO_URI", "mongodb://omnihub:" + PASSWORD + "@127.0.0.1:" + store.port() + "/omnihub",
        "MONGO_DATABASE", "omnihub", "SECRETS_KEY", SECRETS_KEY);
    first = TestHub.start(dir.resolve("node-1"), shared);
    second = TestHub.start(dir.resolve("node-2"), shared);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void bothNodesAreMembersWithSlotsOfTheirOwn() {
    JsonObject health = first.client().get("/health", null).json();
    assertThat(health.getJsonObject("cluster").getInteger("members")).isEqualTo(2);
    assertThat(health.getString("nodeId")).isNotEqualTo(second.client().get("/health", null).json().getString("nodeId"));
  }

  @Test
  void aNodeWithAnotherSecretsKeyIsRefusedAtStartWithTheReason() {
    Map<String, String> otherKey = Map.of("MONGO_URI", "mongodb://omnihub:" + PASSWORD + "@127.0.0.1:" + store.port() + "/omnihub",
        "MONGO_DATABASE", "omnihub");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestHub.start(dir.resolve("node-other-key"), otherKey).close())
        .isInstanceOf(dev.omnihub.hub.secrets.SecretUnreadableException.class)
        .hasMessageContaining("every node on one store needs the same SECRETS_KEY");
  }

  /**
   * The login throttle counts on the store: a guesser who alternates between the nodes gets the free
   * attempts of one node (5 per email and address, and the sixth that starts the wait), not of each.
   */
  @Test
  void passwordGuessesSpreadOverTheNodesAreThrottledAsOnOne() {
    createAgent(first, "guessed@shop.test");
    JsonObject guess = new JsonObject().put("email", "guessed@shop.test").put("password", "not-the-password");
    for (int i = 0; i < 6; i++) {
      TestHub node = i % 2 == 0 ? first : second;
      assertThat(node.client().post("/api/v1/auth/login", guess, null).status()).as("attempt " + (i + 1)).isEqualTo(401);
    }
    dev.omnihub.hub.testing.HttpResult seventh = second.client().post("/api/v1/auth/login", guess, null);
    assertThat(seventh.status()).as("the seventh, on a node that saw three: " + seventh.body()).isEqualTo(429);
    assertThat(first.client().post("/api/v1/auth/login", guess, null).status()).as("and on the other").isEqualTo(429);
  }

  @Test
  void anAgentIsOnlineWhileAnyNodeHoldsASocketOfTheirs() {
    String agent = createAgent(first, "two-nodes@shop.test");
    String agentToken = first.client().login("two-nodes@shop.test", "agent-password-1");
    SocketClient onFirst = SocketClient.connect(first.hub().httpPort(), "/ws/agent?token=" + agentToken);
    awaitPresence(second, agent, "online");
    try (SocketClient onSecond = SocketClient.connect(second.hub().httpPort(), "/ws/agent?token=" + agentToken)) {
      onSecond.send(new JsonObject().put("type", "ping"));
      onSecond.await(frame -> "pong".equals(frame.getString("type")));
      onFirst.close();
      // Long enough for the first node to have let its socket go and written what that changes.
      sleepMillis(1_000);
      assertThat(presenceOf(first, agent)).as("the other node still holds a socket").isEqualTo("online");
    }
    awaitPresence(first, agent, "offline");
  }

  @Test
  void socketsOpenedAndClosedOnBothNodesAtOnceLeaveThePresenceTheLastSocketsDeserve() throws Exception {
    String agent = createAgent(first, "racing@shop.test");
    String agentToken = first.client().login("racing@shop.test", "agent-password-1");
    TestHub[] nodes = {first, second};
    try (ExecutorService racers = Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        TestHub node = nodes[r % 2];
        done.add(racers.submit(() -> {
          for (int i = 0; i < 8; i++) {
            SocketClient.connect(node.hub().httpPort(), "/ws/agent?token=" + agentToken).close();
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> racer : done) {
        racer.get(60, TimeUnit.SECONDS);
      }
    }
    try (SocketClient last = SocketClient.connect(second.hub().httpPort(), "/ws/agent?token=" + agentToken)) {
      awaitPresence(first, agent, "online");
      sleepMillis(1_000);
      assertThat(presenceOf(first, agent)).as("one socket is open").isEqualTo("online");
    }
    awaitPresence(first, agent, "offline");
  }

  private static void awaitPresence(TestHub node, String agentId, String status) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(presenceOf(node, agentId)).isEqualTo(status));
  }

  private static String presenceOf(TestHub node, String agentId) {
    return node.client().presenceOf(node.adminToken(), agentId);
  }

  private static String createAgent(TestHub node, String email) {
    return node.client().createAgent(node.adminToken(), "Ada", email, "agent-password-1");
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anAgentOnOneNodeSeesWhatTheOtherNodeStoredOnceAndInOrder() {
    JsonObject channel = first.client().createApiChannel(first.adminToken(), "Across nodes", null);
    try (SocketClient socket = SocketClient.connect(first.hub().httpPort(), "/ws/agent?token=" + first.adminToken())) {
      for (int i = 0; i < 10; i++) {
        send(i % 2 == 0 ? second.client() : first.client(), channel, "across-" + i);
      }
      socket.await(frame -> isMessage(frame, channel, "across-9"));
      Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(messageIds(socket.frames(), channel)).hasSize(10));
      assertThat(messageIds(socket.frames(), channel)).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(List.of("across-0", "across-1", "across-2", "across-3", "across-4", "across-5",
              "across-6", "across-7", "across-8", "across-9"));
      assertIncreasing(socket.frames());
    }
  }

  /** Both nodes read the same figures each second; one of them sends them, so a supervisor never gets a change twice. */
  @Test
  void aQueuesChangedFiguresReachSupervisorsOnceHoweverManyNodesSeeThem() {
    JsonObject channel = first.client().createApiChannel(first.adminToken(), "Queue figures", null);
    JsonObject queue = first.client().post("/api/v1/queues", new JsonObject().put("name", "Figures")
        .put("channels", new io.vertx.core.json.JsonArray().add(channel.getString("id"))).put("strategy", "manual"), first.adminToken())
        .json();
    try (SocketClient supervisor = SocketClient.connect(first.hub().httpPort(), "/ws/agent?token=" + first.adminToken())) {
      // A customer of its own: the other tests' customer has an open conversation elsewhere, which a message would join.
      assertThat(second.client().webhook(channel, dev.omnihub.hub.testing.HubClient.message("figures-1",
          new JsonObject().put("email", "figures@example.com"), "which queue am I in?")).status()).isEqualTo(200);
      supervisor.await(frame -> isStats(frame, queue) && frame.getInteger("waiting") == 1);
      // The longest wait grows each second: a new frame each second, never the same figures twice.
      sleepMillis(3_500);
      List<JsonObject> sent = supervisor.frames().stream().filter(frame -> isStats(frame, queue))
          .map(frame -> frame.copy().put("cursor", null)).toList();
      assertThat(sent).hasSizeBetween(2, 6);
      for (int i = 1; i < sent.size(); i++) {
        assertThat(sent.get(i)).as("frame %d repeats the one before", i).isNotEqualTo(sent.get(i - 1));
      }
    }
  }

  private static boolean isStats(JsonObject frame, JsonObject queue) {
    return "queue.stats".equals(frame.getString("type")) && queue.getString("id").equals(frame.getString("queueId"));
  }

  @Test
  void reconnectingToTheOtherNodeWhileWritersRunOnBothMissesNothingAndRepeatsNothing() throws Exception {
    ResumeWhileWriting.check(List.of(first.client(), second.client()), List.of(first.hub().httpPort(), second.hub().httpPort()),
        first.adminToken(), first.client().createApiChannel(first.adminToken(), "Resume across nodes", null), 6, 12, Duration.ofMillis(300));
  }
}
