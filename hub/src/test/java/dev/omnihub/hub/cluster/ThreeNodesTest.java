package dev.omnihub.hub.cluster;

import static dev.omnihub.hub.testing.AgentFrames.assertIncreasing;
import static dev.omnihub.hub.testing.AgentFrames.isMessage;
import static dev.omnihub.hub.testing.AgentFrames.messageIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.ResumeWhileWriting;
import dev.omnihub.hub.testing.RetryingWriters;
import dev.omnihub.hub.testing.HubCluster;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hub nodes, each in its own JVM, on {@code omnihub store} in a fourth, in one Hazelcast cluster
 * over loopback: sockets on every node see every node's messages once and in order, resume on another
 * node with their cursor, and a node killed with SIGKILL under load loses no message it acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {

  @TempDir
  static Path dir;
  private static HubCluster cluster;
  private static String token;
  private static JsonObject channel;

  @BeforeAll
  static void startThreeNodes() {
    cluster = HubCluster.start(dir, 3);
    token = cluster.client(0).login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
    channel = cluster.client(0).createApiChannel(token, "Three nodes", null);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everyNodeKnowsTheThreeMembers() {
    for (int i = 0; i < 3; i++) {
      int node = i;
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject health = cluster.client(node).get("/health", null).json();
        assertThat(health.getString("nodeId")).isEqualTo("node-" + node);
        assertThat(health.getJsonObject("cluster").getInteger("members")).isEqualTo(3);
        assertThat(health.getJsonObject("cluster").getInteger("busMembers")).as("one Hazelcast cluster").isEqualTo(3);
      });
    }
  }

  @Test
  @Order(2)
  void aSocketOnEveryNodeSeesEveryNodesMessagesOnceAndInOrder() {
    List<SocketClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        sockets.add(SocketClient.connect(cluster.port(i), "/ws/agent?token=" + token));
      }
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String id = "every-" + i;
        send(cluster.client(i % 3), id);
        sent.add(id);
      }
      for (SocketClient socket : sockets) {
        socket.await(frame -> isMessage(frame, channel, "every-29"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(messageIds(socket.frames(), channel)).containsExactlyInAnyOrderElementsOf(sent));
        assertIncreasing(socket.frames());
      }
    } finally {
      sockets.forEach(SocketClient::close);
    }
  }

  @Test
  @Order(3)
  void aSocketResumesOnAnotherNodeWhileEveryNodeIsWritten() throws Exception {
    ResumeWhileWriting.check(List.of(cluster.client(0), cluster.client(1), cluster.client(2)),
        List.of(cluster.port(0), cluster.port(1), cluster.port(2)), token, cluster.client(0).createApiChannel(token, "Resume", null), 6, 9,
        Duration.ofMillis(400));
  }

  /**
   * SIGSTOP of the node that runs the reactions, under load, for twice its place's lease: its leases
   * go to the others, which react meanwhile; after SIGCONT its stale writes are refused (it is fenced
   * and exits for its supervisor, or, if nothing of its was in flight, it finds its leases taken) and
   * every message is stored, pushed to every other socket and counted by the reports exactly once.
   */
  @Test
  @Order(4)
  void aNodePausedUnderLoadForTwiceItsLeaseIsFencedAndNothingIsLostOrDoneTwice() throws Exception {
    JsonObject pauseChannel = cluster.client(0).createApiChannel(token, "Pause", null);
    int paused = holderOf("reactions:hub");
    List<Integer> live = java.util.stream.IntStream.range(0, 3).filter(i -> i != paused).boxed().toList();
    long countedBefore = awaitSteadyMessagesIn();
    List<SocketClient> sockets = new ArrayList<>();
    for (int i : live) {
      sockets.add(SocketClient.connect(cluster.port(i), "/ws/agent?token=" + token));
    }
    RetryingWriters writers = RetryingWriters.start(List.of(cluster.client(0).baseUrl(), cluster.client(1).baseUrl(),
        cluster.client(2).baseUrl()), pauseChannel, "pause", 6, Duration.ofSeconds(2));
    try {
      Thread.sleep(1_500);
      cluster.node(paused).pause();
      long pausedAt = System.nanoTime();
      Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(holderOf("reactions:hub")).as("the reactions taken over by a live node").isNotEqualTo(paused));
      Thread.sleep(Math.max(0, 10_000 - Duration.ofNanos(System.nanoTime() - pausedAt).toMillis()));
      cluster.node(paused).resumeRunning();
      Thread.sleep(2_000);
    } finally {
      cluster.node(paused).resumeRunning();
      writers.stop(Duration.ofSeconds(60));
    }
    Set<String> acknowledged = writers.acknowledged();
    assertThat(writers.failuresOn(paused)).as("sends to the paused node went elsewhere").isPositive();
    for (SocketClient socket : sockets) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(messageIds(socket.frames(), pauseChannel)).as("every acknowledged message").containsAll(acknowledged));
      assertThat(messageIds(socket.frames(), pauseChannel)).as("and nothing else, once").hasSameSizeAs(acknowledged)
          .doesNotHaveDuplicates();
      assertIncreasing(socket.frames());
      socket.close();
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(messagesIn() - countedBefore).as("the reactions counted each message once").isEqualTo(acknowledged.size()));

    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !cluster.node(paused).alive()
        || cluster.client(paused).get("/health", null).status() == 200);
    System.out.println("paused node " + paused + (cluster.node(paused).alive() ? " came back unfenced (nothing of its was in flight)"
        : " was fenced") + "; " + acknowledged.size() + " messages, " + writers.failuresOn(paused) + " sends to it not acknowledged");
    if (!cluster.node(paused).alive()) {
      assertThat(cluster.node(paused).waitFor(Duration.ofSeconds(5))).as("fenced: restart me").isEqualTo(75);
      assertThat(String.join("\n", cluster.node(paused).output())).contains("fenced");
      cluster.startNode(paused);
    }
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(cluster.client(0).get("/health", null).json().getJsonObject("cluster").getInteger("members")).isEqualTo(3));
  }

  /** Which node holds a named lease, read from the store the nodes share. */
  private static int holderOf(String lease) {
    try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(cluster.mongoUri())) {
      org.bson.Document held = mongo.getDatabase("omnihub").getCollection("leases").find(com.mongodb.client.model.Filters.eq("_id", lease))
          .first();
      assertThat(held).as("lease " + lease).isNotNull();
      return Integer.parseInt(held.getString("owner").substring("node-".length()));
    }
  }

  /** The reports' count of inbound messages today, once it stops moving (the reactions caught up). */
  private static long awaitSteadyMessagesIn() throws InterruptedException {
    long previous = -1;
    long now = messagesIn();
    while (now != previous) {
      Thread.sleep(1_500);
      previous = now;
      now = messagesIn();
    }
    return now;
  }

  private static long messagesIn() {
    java.time.Instant now = java.time.Instant.now();
    return cluster.client(0).get("/api/v1/reports/overview?groupBy=channel&from=" + now.minus(Duration.ofDays(1)) + "&to="
        + now.plus(Duration.ofDays(1)), token).json().getJsonObject("totals").getLong("messagesIn");
  }

  @Test
  @Order(5)
  void aNodeKilledUnderLoadLosesNoAcknowledgedMessageAndIsLeftOut() throws Exception {
    HubClient admin = cluster.client(0);
    String agent = admin.createAgent(token, "Kit", "kit@shop.test", "agent-password-1");
    SocketClient agentOnDoomedNode = SocketClient.connect(cluster.port(2), "/ws/agent?token=" + admin.login("kit@shop.test", "agent-password-1"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(presenceOf(agent)).isEqualTo("online"));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    try (SocketClient first = SocketClient.connect(cluster.port(0), "/ws/agent?token=" + token);
        SocketClient second = SocketClient.connect(cluster.port(1), "/ws/agent?token=" + token);
        ExecutorService writers = Executors.newFixedThreadPool(6)) {
      for (int w = 0; w < 6; w++) {
        int writer = w;
        HubClient client = cluster.client(w % 3);
        writers.submit(() -> {
          for (int seq = 0; writing.get(); seq++) {
            String id = "kill-w" + writer + "-" + seq;
            try {
              if (client.webhook(channel, HubClient.message(id, new JsonObject().put("email", "agent-feed@example.com"), "text " + id))
                  .status() == 200) {
                acknowledged.add(id);
              }
            } catch (RuntimeException e) {
              // The killed node's writers: what was not acknowledged may or may not be stored.
              Thread.sleep(100);
            }
          }
          return null;
        });
      }
      Thread.sleep(1_500);
      cluster.node(2).kill();
      Thread.sleep(1_500);
      writing.set(false);
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acknowledged).as("the killed node acknowledged messages before it died").anyMatch(id -> id.startsWith("kill-w2-"));
      for (SocketClient socket : List.of(first, second)) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(messageIds(socket.frames(), channel)).as("every acknowledged message").containsAll(acknowledged));
        assertThat(messageIds(socket.frames(), channel)).doesNotHaveDuplicates();
        assertIncreasing(socket.frames());
      }
    }
    Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(cluster.client(0).get("/health", null).json().getJsonObject("cluster").getInteger("members")).isEqualTo(2));
    Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(presenceOf(agent)).as("its only socket was on the killed node").isEqualTo("offline"));
    agentOnDoomedNode.close();
  }

  private static String presenceOf(String agentId) {
    return cluster.client(0).presenceOf(token, agentId);
  }

  private static void send(HubClient client, String externalId) {
    dev.omnihub.hub.testing.AgentFrames.send(client, channel, externalId);
  }
}
