package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent socket over real HTTP: events arrive live with cursors; a reconnect with the last cursor
 * seen replays exactly what was missed — from memory, from the store after a restart, and while
 * eight writers keep the store busy — and never anything twice; bad tokens and cursors are refused
 * with a close code that says why.
 */
class AgentSocketTest {

  @TempDir
  Path dataDir;

  @Test
  void anAgentSeesAMessageTheMomentItIsStoredWithACursor() {
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        String messageId = hub.client().webhook(channel, HubClient.message("live-1", new JsonObject().put("email", "live@example.com"),
            "hello")).json().getString("messageId");

        JsonObject event = socket.await(frame -> "message.created".equals(frame.getString("type")));
        assertThat(event.getJsonObject("message").getString("id")).isEqualTo(messageId);
        assertThat(event.getString("cursor")).isNotBlank();
        assertThat(socket.frames()).anyMatch(frame -> "conversation.created".equals(frame.getString("type")));
      }
    }
  }

  @Test
  void aReconnectWithTheLastCursorReplaysWhatWasMissedOnceAndInOrder() {
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      String cursor;
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        send(hub, channel, "before-1");
        cursor = socket.await(frame -> isMessage(frame, "before-1")).getString("cursor");
      }
      for (int i = 0; i < 20; i++) {
        send(hub, channel, "missed-" + i);
      }
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=" + cursor)) {
        socket.await(frame -> isMessage(frame, "missed-19"));
        send(hub, channel, "after-1");
        socket.await(frame -> isMessage(frame, "after-1"));

        List<String> externalIds = messageIds(socket.frames());
        assertThat(externalIds).doesNotContain("before-1").doesNotHaveDuplicates();
        assertThat(externalIds).containsSubsequence("missed-0", "missed-19", "after-1").hasSize(21);
        assertIncreasing(socket.frames());
      }
    }
  }

  @Test
  void aReconnectAfterARestartReplaysFromTheStore() {
    String cursor;
    JsonObject channel;
    try (TestHub hub = TestHub.start(dataDir)) {
      channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        send(hub, channel, "first");
        cursor = socket.await(frame -> isMessage(frame, "first")).getString("cursor");
      }
      send(hub, channel, "while-away-1");
      send(hub, channel, "while-away-2");
    }
    try (TestHub hub = TestHub.start(dataDir);
        SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=" + cursor)) {
      socket.await(frame -> isMessage(frame, "while-away-2"));
      send(hub, channel, "after-restart");
      socket.await(frame -> isMessage(frame, "after-restart"));

      assertThat(messageIds(socket.frames())).containsExactly("while-away-1", "while-away-2", "after-restart");
      assertIncreasing(socket.frames());
    }
  }

  @Test
  void reconnectingAgainAndAgainWhileEightWritersRunMissesNothingAndRepeatsNothing() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      Set<String> sent = ConcurrentHashMap.newKeySet();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<JsonObject> received = new ArrayList<>();
      // A socket without a cursor starts at the live tail, so the first cursor is taken before any writer
      // starts: everything the writers send is then after it.
      String cursor;
      try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        send(hub, channel, "start");
        sent.add("start");
        JsonObject start = socket.await(frame -> isMessage(frame, "start"));
        received.add(start);
        cursor = start.getString("cursor");
      }
      try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
        for (int w = 0; w < 8; w++) {
          int writer = w;
          writers.submit(() -> {
            for (int seq = 0; writing.get(); seq++) {
              String id = "w" + writer + "-" + seq;
              send(hub, channel, id);
              sent.add(id);
            }
            return null;
          });
        }
        for (int round = 0; round < 12; round++) {
          String uri = "/ws/agent?token=" + hub.adminToken() + "&since=" + cursor;
          try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), uri)) {
            Thread.sleep(150);
            List<JsonObject> frames = socket.frames();
            received.addAll(frames);
            if (!frames.isEmpty()) {
              cursor = frames.get(frames.size() - 1).getString("cursor");
            }
          }
        }
        writing.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=" + cursor)) {
          Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Set<String> seen = new HashSet<>(messageIds(received));
            seen.addAll(messageIds(socket.frames()));
            assertThat(seen).as("every acknowledged message, after the horizon %s", hub.hub().services().eventLog().horizon())
                .containsAll(sent);
          });
          received.addAll(socket.frames());
        }
      }
      List<String> ids = messageIds(received);
      assertThat(ids).as("every stored message reached the agent once").doesNotHaveDuplicates();
      assertThat(new HashSet<>(ids)).isEqualTo(sent);
      assertIncreasing(received);
    }
  }

  @Test
  void badTokensAndCursorsAreRefusedWithACodeThatSaysWhy() {
    try (TestHub hub = TestHub.start(dataDir)) {
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

  private static void send(TestHub hub, JsonObject channel, String externalId) {
    assertThat(hub.client().webhook(channel, HubClient.message(externalId, new JsonObject().put("email", "agent-feed@example.com"),
        "text " + externalId)).status()).isEqualTo(200);
  }

  private static boolean isMessage(JsonObject frame, String externalId) {
    return "message.created".equals(frame.getString("type")) && externalId.equals(frame.getJsonObject("message").getString("externalId"));
  }

  private static List<String> messageIds(List<JsonObject> frames) {
    return frames.stream().filter(frame -> "message.created".equals(frame.getString("type")))
        .map(frame -> frame.getJsonObject("message").getString("externalId")).toList();
  }

  private static void assertIncreasing(List<JsonObject> frames) {
    long previous = -1;
    for (JsonObject frame : frames) {
      if (frame.getString("cursor") == null) {
        continue;
      }
      long cursor = Long.parseLong(frame.getString("cursor"), 36);
      assertThat(cursor).as("cursors increase").isGreaterThan(previous);
      previous = cursor;
    }
  }
}
