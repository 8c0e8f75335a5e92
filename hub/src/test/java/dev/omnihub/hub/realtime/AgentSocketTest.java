package dev.omnihub.hub.realtime;

import static dev.omnihub.hub.testing.AgentFrames.assertIncreasing;
import static dev.omnihub.hub.testing.AgentFrames.isMessage;
import static dev.omnihub.hub.testing.AgentFrames.messageIds;
import static dev.omnihub.hub.testing.AgentFrames.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.ResumeWhileWriting;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent socket over real HTTP: events arrive live with cursors; a reconnect with the last cursor
 * seen replays exactly what was missed — from memory, from the store after a restart, and while
 * eight writers keep the store busy — and never anything twice; bad tokens and cursors are refused
 * with a close code that says why.
 *
 * <p>One hub serves the class; each test writes on a channel of its own and reads only that channel's
 * messages. The restart test starts its own hubs on a directory of its own.
 */
class AgentSocketTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final AtomicInteger channels = new AtomicInteger();

  private static JsonObject newChannel(HubClient client, String token) {
    return client.createApiChannel(token, "App " + channels.incrementAndGet(), null);
  }

  @Test
  void anAgentSeesAMessageTheMomentItIsStoredWithACursor() {
    JsonObject channel = newChannel(hub.client(), hub.adminToken());
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      JsonObject ack = hub.client().webhook(channel, HubClient.message("live-1", new JsonObject().put("email", "live@example.com"),
          "hello")).json();
      String messageId = ack.getString("messageId");

      JsonObject event = socket.await(frame -> isMessage(frame, channel, "live-1"));
      assertThat(event.getJsonObject("message").getString("id")).isEqualTo(messageId);
      assertThat(event.getString("cursor")).isNotBlank();
      assertThat(socket.frames()).anyMatch(frame -> "conversation.created".equals(frame.getString("type"))
          && ack.getString("conversationId").equals(frame.getJsonObject("conversation").getString("id")));
    }
  }

  @Test
  void aReconnectWithTheLastCursorReplaysWhatWasMissedOnceAndInOrder() {
    HubClient client = hub.client();
    JsonObject channel = newChannel(client, hub.adminToken());
    String cursor;
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      send(client, channel, "before-1");
      cursor = socket.await(frame -> isMessage(frame, channel, "before-1")).getString("cursor");
    }
    for (int i = 0; i < 20; i++) {
      send(client, channel, "missed-" + i);
    }
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=" + cursor)) {
      socket.await(frame -> isMessage(frame, channel, "missed-19"));
      send(client, channel, "after-1");
      socket.await(frame -> isMessage(frame, channel, "after-1"));

      List<String> externalIds = messageIds(socket.frames(), channel);
      assertThat(externalIds).doesNotContain("before-1").doesNotHaveDuplicates();
      assertThat(externalIds).containsSubsequence("missed-0", "missed-19", "after-1").hasSize(21);
      assertIncreasing(socket.frames());
    }
  }

  @Test
  void aReconnectAfterARestartReplaysFromTheStore(@TempDir Path dataDir) {
    String cursor;
    JsonObject channel;
    try (TestHub hub = TestHub.start(dataDir)) {
      channel = newChannel(hub.client(), hub.adminToken());
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        send(hub.client(), channel, "first");
        cursor = socket.await(frame -> isMessage(frame, channel, "first")).getString("cursor");
      }
      send(hub.client(), channel, "while-away-1");
      send(hub.client(), channel, "while-away-2");
    }
    try (TestHub hub = TestHub.start(dataDir);
        SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=" + cursor)) {
      socket.await(frame -> isMessage(frame, channel, "while-away-2"));
      send(hub.client(), channel, "after-restart");
      socket.await(frame -> isMessage(frame, channel, "after-restart"));

      assertThat(messageIds(socket.frames(), channel)).containsExactly("while-away-1", "while-away-2", "after-restart");
      assertIncreasing(socket.frames());
    }
  }

  @Test
  void reconnectingAgainAndAgainWhileEightWritersRunMissesNothingAndRepeatsNothing() throws Exception {
    ResumeWhileWriting.check(List.of(hub.client()), List.of(hub.hub().httpPort()), hub.adminToken(), newChannel(hub.client(), hub.adminToken()),
        8, 12, Duration.ofMillis(150));
  }

  @Test
  void badTokensAndCursorsAreRefusedWithACodeThatSaysWhy() {
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=not-a-token")) {
      assertThat(socket.awaitClosed()).isEqualTo((short) 4401);
      assertThat(socket.closeReason()).isEqualTo("invalid_token");
    }
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent")) {
      assertThat(socket.awaitClosed()).isEqualTo((short) 4401);
    }
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=%21%21")) {
      assertThat(socket.awaitClosed()).isEqualTo((short) 4400);
    }
    String apiToken = hub.client().post("/api/v1/tokens", new JsonObject().put("name", "bot").put("roles", new JsonArray().add("agent")),
        hub.adminToken()).json().getString("token");
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + apiToken)) {
      assertThat(socket.awaitClosed()).isEqualTo((short) 4401);
      assertThat(socket.closeReason()).isEqualTo("agent_token_required");
    }
    try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      socket.send(new JsonObject().put("type", "ping"));
      socket.await(frame -> "pong".equals(frame.getString("type")));
    }
  }
}
