package dev.omnihub.hub.cluster;

import static dev.omnihub.hub.testing.AgentFrames.assertIncreasing;
import static dev.omnihub.hub.testing.AgentFrames.isMessage;
import static dev.omnihub.hub.testing.AgentFrames.messageIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.ClientsAtAddresses;
import dev.omnihub.hub.testing.ClientsAtAddresses.Answer;
import dev.omnihub.hub.testing.HttpResult;
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
import java.util.Map;
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
    // C1 only: the nodes start (and restart under load) in a third of the time on two cores; nothing here measures speed.
    cluster = HubCluster.start(dir, 3, "-XX:TieredStopAtLevel=1");
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
      long fromBusBefore = cluster.merged("bus");
      long fromStoreBefore = cluster.merged("store");
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
      // Each node merged the other nodes' 20 messages (and their conversations' events) from their bus news, not from the store.
      long fromBus = cluster.merged("bus") - fromBusBefore;
      assertThat(fromBus).isGreaterThanOrEqualTo(3L * 20);
      assertThat((double) (cluster.merged("store") - fromStoreBefore)).as("entries read from the store while the bus is up").isLessThan(fromBus / 4.0);
    } finally {
      sockets.forEach(SocketClient::close);
    }
  }

  /** A signal stores nothing, so it crosses by the bus: an agent typing on one node shows on a supervisor's socket on another. */
  @Test
  @Order(2)
  void anAgentTypingOnOneNodeShowsOnTheOthers() {
    String conversation = cluster.client(0).webhook(channel, HubClient.message("typing-1", new JsonObject().put("email",
        "typing@example.com"), "is anyone there?")).json().getString("conversationId");
    String typistId = cluster.client(0).createAgent(token, "Tia", "tia@shop.test", "agent-password-1");
    String typistToken = cluster.client(0).login("tia@shop.test", "agent-password-1");
    // Another agent than the watching one: nobody is shown their own typing.
    try (SocketClient typist = SocketClient.connect(cluster.port(0), "/ws/agent?token=" + typistToken);
        SocketClient elsewhere = SocketClient.connect(cluster.port(1), "/ws/agent?token=" + token)) {
      elsewhere.send(new JsonObject().put("type", "ping"));
      elsewhere.await(frame -> "pong".equals(frame.getString("type")));
      typist.send(new JsonObject().put("type", "typing").put("conversationId", conversation));
      JsonObject shown = elsewhere.await(frame -> "typing".equals(frame.getString("type")));
      assertThat(shown.getString("conversationId")).isEqualTo(conversation);
      assertThat(shown.getJsonObject("author").getString("id")).isEqualTo(typistId);
    }
  }

  /**
   * A visitor's address spread over the nodes (a load balancer without stickiness) gets
   * WIDGET_SESSIONS_PER_MINUTE (60) once, not once per node: the nodes exchange their counts every second.
   */
  @Test
  @Order(2)
  void aClientSpreadOverTheNodesGetsItsLimitOnceAcrossThem() throws Exception {
    HttpResult created = cluster.client(0).post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website"), token);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String sessionPath = "/api/v1/widget/" + created.json().getString("id") + "/session";
    String visitor = "127.3.0.1";
    try (ClientsAtAddresses clients = new ClientsAtAddresses()) {
      for (int i = 0; i < 40; i++) {
        assertThat(clients.post(visitor, cluster.port(0), sessionPath, new JsonObject(), Map.of()).status()).isEqualTo(200);
      }
      // Node 0 writes its counts within a second; node 1 reads them within the next.
      Thread.sleep(3_000);
      for (int i = 0; i < 20; i++) {
        assertThat(clients.post(visitor, cluster.port(1), sessionPath, new JsonObject(), Map.of()).status())
            .as("session %d on node 1 after 40 on node 0", i + 1).isEqualTo(200);
      }
      Answer sixtyFirst = clients.post(visitor, cluster.port(1), sessionPath, new JsonObject(), Map.of());
      assertThat(sixtyFirst.status()).as("the 61st, on node 1").isEqualTo(429);
      assertThat(sixtyFirst.retryAfter()).isNotNull();
      Thread.sleep(3_000);
      assertThat(clients.post(visitor, cluster.port(2), sessionPath, new JsonObject(), Map.of()).status())
          .as("node 2, which served none, knows the other two's 60").isEqualTo(429);
      assertThat(clients.post("127.3.0.2", cluster.port(2), sessionPath, new JsonObject(), Map.of()).status())
          .as("another address is not limited").isEqualTo(200);
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
    long countedBefore = awaitSteadyMessagesIn(live.get(0));
    List<SocketClient> sockets = new ArrayList<>();
    for (int i : live) {
      sockets.add(SocketClient.connect(cluster.port(i), "/ws/agent?token=" + token));
    }
    RetryingWriters writers = RetryingWriters.start(List.of(cluster.client(0).baseUrl(), cluster.client(1).baseUrl(),
        cluster.client(2).baseUrl()), pauseChannel, "pause", 6, Duration.ofSeconds(2));
    try {
      Thread.sleep(1_500);
      cluster.node(paused).pause();
      try {
        long pausedAt = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(holderOf("reactions:hub")).as("the reactions taken over by a live node").isNotEqualTo(paused));
        Thread.sleep(Math.max(0, 10_000 - Duration.ofNanos(System.nanoTime() - pausedAt).toMillis()));
      } finally {
        cluster.node(paused).resumeRunning();
      }
      Thread.sleep(2_000);
    } finally {
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
        assertThat(messagesIn(live.get(0)) - countedBefore).as("the reactions counted each message once").isEqualTo(acknowledged.size()));

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
  private static long awaitSteadyMessagesIn(int node) throws InterruptedException {
    long previous = -1;
    long now = messagesIn(node);
    while (now != previous) {
      Thread.sleep(1_500);
      previous = now;
      now = messagesIn(node);
    }
    return now;
  }

  /** Asked of node {@code node}: any live node answers the same. */
  private static long messagesIn(int node) {
    java.time.Instant now = java.time.Instant.now();
    return cluster.client(node).get("/api/v1/reports/overview?groupBy=channel&from=" + now.minus(Duration.ofDays(1)) + "&to="
        + now.plus(Duration.ofDays(1)), token).json().getJsonObject("totals").getLong("messagesIn");
  }

  @Test
  @Order(5)
  void aNodeKilledUnderLoadLosesNoAcknowledgedMessageSendsNoCampaignMessageTwiceAndIsLeftOut() throws Exception {
    HubClient admin = cluster.client(0);
    try (ClusterCampaign campaign = new ClusterCampaign(CAMPAIGN_CUSTOMERS)) {
      campaign.start(cluster.client(1), token, cluster.mongoUri());
      // Killed while the campaign's batches are written and its messages sent, by every node.
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> campaign.sent() >= 200);
      int sentAtKill = killUnderLoad(admin, campaign);
      assertThat(sentAtKill).as("killed in the middle of the campaign").isLessThan(CAMPAIGN_CUSTOMERS);
      campaign.assertEachCustomerGotItOnce(() -> cluster.client(0), token, cluster.mongoUri(), () -> cluster.warnings(40));
    }
    // A peer's death and its sockets' ends are news for the hub's code to handle, not errors on its event loops.
    for (int survivor = 0; survivor < 2; survivor++) {
      assertThat(cluster.node(survivor).unhandledInOwnCode()).as("node-%d's unhandled exceptions", survivor).isEmpty();
    }
  }

  /** Customers of the campaign sent while a node is killed. */
  private static final int CAMPAIGN_CUSTOMERS = 1_500;

  /** @return what the campaign had sent when the node was killed */
  private static int killUnderLoad(HubClient admin, ClusterCampaign campaign) throws Exception {
    int sentAtKill;
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
      sentAtKill = campaign.sent();
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
    return sentAtKill;
  }

  /**
   * The bus cut off: the node killed above starts again on a Hazelcast cluster of its own, sharing only
   * the store. Messages written on either side reach sockets on the other through the log (the beats
   * every 250 ms), once, in order, within about a second.
   */
  @Test
  @Order(6)
  void withTheBusCutOffDeliveryFallsBackToTheLog() {
    cluster.startNodeApart(2);
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(cluster(2).getInteger("members")).as("one store").isEqualTo(3);
      assertThat(cluster(2).getInteger("busMembers")).as("a bus of its own").isEqualTo(1);
      assertThat(cluster(0).getInteger("busMembers")).isEqualTo(2);
    });
    JsonObject cutChannel = cluster.client(0).createApiChannel(token, "Cut", null);
    List<Long> crossings = new ArrayList<>();
    try (SocketClient onBus = SocketClient.connect(cluster.port(0), "/ws/agent?token=" + token);
        SocketClient apart = SocketClient.connect(cluster.port(2), "/ws/agent?token=" + token)) {
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "cut-" + i;
        boolean fromApart = i % 2 == 0;
        long start = System.nanoTime();
        dev.omnihub.hub.testing.AgentFrames.send(cluster.client(fromApart ? 2 : 0), cutChannel, id);
        (fromApart ? onBus : apart).await(frame -> isMessage(frame, cutChannel, id));
        crossings.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
        sent.add(id);
      }
      for (SocketClient socket : List.of(onBus, apart)) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(messageIds(socket.frames(), cutChannel)).containsExactlyElementsOf(sent));
        assertIncreasing(socket.frames());
      }
    }
    crossings.sort(null);
    System.out.println("across the cut bus, send to socket (ms): " + crossings);
    assertThat(crossings.get(crossings.size() / 2)).as("median: the log's beats, not the bus").isLessThan(1_000);
    assertThat(crossings.get(crossings.size() - 1)).as("slowest").isLessThan(3_000);
  }

  /**
   * A rolling restart under load: each node in turn stops cleanly (SIGTERM) and starts again on its
   * port, the one on a bus of its own rejoining the others, while writers post to every node (retrying
   * elsewhere what a stopping node did not acknowledge) and an agent socket per node resumes on the next
   * node when its own goes. Every message reaches every socket and the reports exactly once.
   */
  @Test
  @Order(7)
  void aRollingRestartUnderLoadLosesNothingAndRepeatsNothing() throws Exception {
    JsonObject rollingChannel = cluster.client(0).createApiChannel(token, "Rolling", null);
    long countedBefore = awaitSteadyMessagesIn(0);
    List<dev.omnihub.hub.testing.FollowingSocket> sockets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sockets.add(dev.omnihub.hub.testing.FollowingSocket.open(cluster.port(i), token));
    }
    int[] socketOn = {0, 1, 2};
    RetryingWriters writers = RetryingWriters.start(List.of(cluster.client(0).baseUrl(), cluster.client(1).baseUrl(),
        cluster.client(2).baseUrl()), rollingChannel, "rolling", 3, Duration.ofSeconds(5));
    try {
      for (int node : List.of(2, 0, 1)) {
        Thread.sleep(1_000);
        long stopping = System.nanoTime();
        // 143: the JVM's answer to SIGTERM once its shutdown hook (the hub's clean stop) has run.
        assertThat(cluster.node(node).terminate(Duration.ofSeconds(30))).as("node-" + node + " stops cleanly").isEqualTo(143);
        long stopped = Duration.ofNanos(System.nanoTime() - stopping).toMillis();
        for (int s = 0; s < 3; s++) {
          if (socketOn[s] == node) {
            socketOn[s] = (node + 1) % 3;
            sockets.get(s).moveTo(cluster.port(socketOn[s]));
          }
        }
        long restarting = System.nanoTime();
        cluster.startNode(node);
        System.out.println("rolling restart: node-" + node + " stopped in " + stopped + " ms, started again in "
            + Duration.ofNanos(System.nanoTime() - restarting).toMillis() + " ms");
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        for (int i = 0; i < 3; i++) {
          assertThat(cluster(i).getInteger("members")).isEqualTo(3);
          assertThat(cluster(i).getInteger("busMembers")).as("one bus again").isEqualTo(3);
        }
      });
      Thread.sleep(1_000);
    } finally {
      writers.stop(Duration.ofSeconds(60));
    }
    Set<String> acknowledged = writers.acknowledged();
    for (dev.omnihub.hub.testing.FollowingSocket socket : sockets) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(messageIds(socket.frames(), rollingChannel)).as("every acknowledged message").containsAll(acknowledged));
      assertThat(messageIds(socket.frames(), rollingChannel)).as("once each").hasSameSizeAs(acknowledged).doesNotHaveDuplicates();
      assertIncreasing(socket.frames());
      socket.close();
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(messagesIn(0) - countedBefore).as("the reactions counted each message once").isEqualTo(acknowledged.size()));
  }

  private static JsonObject cluster(int node) {
    return cluster.client(node).get("/health", null).json().getJsonObject("cluster");
  }

  private static String presenceOf(String agentId) {
    return cluster.client(0).presenceOf(token, agentId);
  }

  private static void send(HubClient client, String externalId) {
    dev.omnihub.hub.testing.AgentFrames.send(client, channel, externalId);
  }
}
