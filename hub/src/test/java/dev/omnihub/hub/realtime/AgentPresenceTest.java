package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.ManualClock;
import dev.omnihub.hub.testing.RunningHub;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence from the agent socket (several tabs count once; a socket that stops pinging is closed and
 * its agent goes offline; every change is an event supervisors see), agents' typing reaching the
 * other agents of the conversation, and a deactivated agent's socket closed.
 */
class AgentPresenceTest {

  private static final Map<String, String> QUICK_TIMEOUT = Map.of("PRESENCE_TIMEOUT_SECONDS", "2");

  /**
   * One hub for the tests on the real clock with a minute's presence timeout; the silent socket runs
   * on a clock of its own and the deactivated agent on a two-second timeout, each on a hub of its own.
   */
  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("PRESENCE_TIMEOUT_SECONDS", "60"));
  @TempDir
  Path dataDir;

  @Test
  void presenceFollowsTheSocketsAndSeveralTabsCountOnce() {
    String ada = createAgent(hub, "tab@shop.test");
    String adaToken = hub.client().login("tab@shop.test", "agent-password-1");
    try (SocketClient supervisor = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      SocketClient firstTab = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + adaToken);
      supervisor.await(frame -> isPresence(frame, ada, "online"));
      assertThat(presenceOf(hub, ada)).isEqualTo("online");

      try (SocketClient secondTab = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + adaToken)) {
        // Once it answers a ping the hub has counted the second tab.
        secondTab.send(new JsonObject().put("type", "ping"));
        secondTab.await(frame -> "pong".equals(frame.getString("type")));
        var open = hub.hub().services().openConnections();
        int bothTabs = open.get();
        firstTab.close();
        // The barrier: the hub has let the first tab's socket go.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> open.get() < bothTabs);
        assertThat(presenceOf(hub, ada)).as("one tab is still open").isEqualTo("online");
        assertThat(supervisor.frames()).noneMatch(frame -> isPresence(frame, ada, "offline"));
      }
      supervisor.await(frame -> isPresence(frame, ada, "offline"));
      assertThat(presenceOf(hub, ada)).isEqualTo("offline");
    }
  }

  @Test
  void aSocketThatStopsPingingIsClosedAndItsAgentGoesOffline() {
    ManualClock clock = new ManualClock(Instant.now());
    try (TestHub hub = TestHub.start(dataDir, Map.of("PRESENCE_TIMEOUT_SECONDS", "60"), clock)) {
      String ada = createAgent(hub, "ada@shop.test");
      String adaToken = hub.client().login("ada@shop.test", "agent-password-1");
      try (SocketClient pinging = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken());
          SocketClient silent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + adaToken)) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "online".equals(presenceOf(hub, ada)));
        // 40 s and 40 s: the silent socket's last ping is 80 s old, the pinging one's never more than 40.
        for (int i = 1; i <= 2; i++) {
          clock.advance(Duration.ofSeconds(40));
          pinging.send(new JsonObject().put("type", "ping"));
          long pongs = i;
          Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pinging.frames().stream()
              .filter(frame -> "pong".equals(frame.getString("type"))).count() >= pongs);
        }

        assertThat(silent.awaitClosed()).isEqualTo((short) 4408);
        assertThat(silent.closeReason()).isEqualTo("ping_timeout");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "offline".equals(presenceOf(hub, ada)));
        pinging.send(new JsonObject().put("type", "ping"));
        pinging.await(frame -> "pong".equals(frame.getString("type")));
        assertThat(pinging.frames()).as("the pinging socket stays open").anyMatch(frame -> isPresence(frame, ada, "offline"));
      }
    }
  }

  @Test
  void anAgentsTypingReachesTheOtherAgentsOfTheConversationButNotThemselves() {
    createAgent(hub, "tess@shop.test");
    String adaToken = hub.client().login("tess@shop.test", "agent-password-1");
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
    String conversation = hub.client().webhook(channel, HubClient.message("t-1", new JsonObject().put("email", "t@example.com"), "hi"))
        .json().getString("conversationId");
    try (SocketClient ada = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + adaToken);
        SocketClient admin = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      // Typing passes live only: wait until the watching socket is listening.
      admin.send(new JsonObject().put("type", "ping"));
      admin.await(frame -> "pong".equals(frame.getString("type")));
      ada.send(new JsonObject().put("type", "typing").put("conversationId", conversation));

      JsonObject typing = admin.await(frame -> "typing".equals(frame.getString("type")));
      assertThat(typing.getString("conversationId")).isEqualTo(conversation);
      assertThat(typing.getJsonObject("author").getString("type")).isEqualTo("agent");
      ada.send(new JsonObject().put("type", "typing").put("conversationId", "0123456789abcdef01234567"));
      ada.await(frame -> "error".equals(frame.getString("type")));
      assertThat(ada.frames()).noneMatch(frame -> "typing".equals(frame.getString("type")));
    }
  }

  @Test
  void aDeactivatedAgentsSocketIsClosed() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, QUICK_TIMEOUT)) {
      String ada = createAgent(hub, "ada@shop.test");
      String adaToken = hub.client().login("ada@shop.test", "agent-password-1");
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + adaToken)) {
        for (int i = 0; i < 2; i++) {
          socket.send(new JsonObject().put("type", "ping"));
          sleep(200);
        }
        // Deactivation through the API arrives with the security issue; here the agent is deactivated in the store.
        var store = hub.hub().services().mongo();
        store.write(() -> store.collection(dev.omnihub.hub.store.Collections.AGENTS).updateOne(
            com.mongodb.client.model.Filters.eq("_id", ada), com.mongodb.client.model.Updates.set("active", false)))
            .await(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(socket.awaitClosed()).isEqualTo((short) 4401);
        assertThat(socket.closeReason()).isEqualTo("token_revoked");
      }
    }
  }

  private static boolean isPresence(JsonObject frame, String agentId, String status) {
    return "presence".equals(frame.getString("type")) && agentId.equals(frame.getString("agentId")) && status.equals(frame.getString("status"));
  }

  private static String presenceOf(RunningHub hub, String agentId) {
    return hub.client().presenceOf(hub.adminToken(), agentId);
  }

  private static String createAgent(RunningHub hub, String email) {
    return hub.client().createAgent(hub.adminToken(), "Ada", email, "agent-password-1");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
