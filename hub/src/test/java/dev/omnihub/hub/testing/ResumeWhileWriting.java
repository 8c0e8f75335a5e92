package dev.omnihub.hub.testing;

import static dev.omnihub.hub.testing.AgentFrames.assertIncreasing;
import static dev.omnihub.hub.testing.AgentFrames.isMessage;
import static dev.omnihub.hub.testing.AgentFrames.messageIds;
import static dev.omnihub.hub.testing.AgentFrames.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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

/**
 * An agent's socket that reconnects again and again, to one node after another, with the last cursor it
 * saw, while writers post to every node: it must see every acknowledged message once, in cursor order.
 * What the agent socket promises, on one node or several.
 */
public final class ResumeWhileWriting {

  private ResumeWhileWriting() {
  }

  /**
   * @param writeTo  the nodes writers post to, in turn
   * @param readFrom the nodes' ports the socket reconnects to, in turn
   * @param rounds   reconnections, each reading for {@code dwell}
   */
  public static void check(List<HubClient> writeTo, List<Integer> readFrom, String token, JsonObject channel, int writers, int rounds,
      Duration dwell) throws Exception {
    Set<String> sent = ConcurrentHashMap.newKeySet();
    List<JsonObject> received = new ArrayList<>();
    // A socket without a cursor starts at the live tail, so the first cursor is taken before any writer
    // starts: everything the writers send is then after it.
    String cursor;
    try (SocketClient socket = SocketClient.connect(readFrom.get(0), "/ws/agent?token=" + token)) {
      send(writeTo.get(0), channel, "start");
      sent.add("start");
      JsonObject start = socket.await(frame -> isMessage(frame, channel, "start"));
      received.add(start);
      cursor = start.getString("cursor");
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        HubClient client = writeTo.get(w % writeTo.size());
        pool.submit(() -> {
          for (int seq = 0; writing.get(); seq++) {
            String id = "w" + writer + "-" + seq;
            send(client, channel, id);
            sent.add(id);
          }
          return null;
        });
      }
      for (int round = 0; round < rounds; round++) {
        String uri = "/ws/agent?token=" + token + "&since=" + cursor;
        try (SocketClient socket = SocketClient.connect(readFrom.get(round % readFrom.size()), uri)) {
          Thread.sleep(dwell.toMillis());
          List<JsonObject> frames = socket.frames();
          received.addAll(frames);
          if (!frames.isEmpty()) {
            cursor = frames.get(frames.size() - 1).getString("cursor");
          }
        }
      }
      writing.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    try (SocketClient socket = SocketClient.connect(readFrom.get(rounds % readFrom.size()), "/ws/agent?token=" + token + "&since=" + cursor)) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Set<String> seen = new HashSet<>(messageIds(received, channel));
        seen.addAll(messageIds(socket.frames(), channel));
        assertThat(seen).as("every acknowledged message").containsAll(sent);
      });
      received.addAll(socket.frames());
    }
    List<String> ids = messageIds(received, channel);
    assertThat(ids).as("every acknowledged message reached the agent once").doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(sent);
    assertIncreasing(received);
    assertThat(sent).as("every writer wrote").anyMatch(id -> id.startsWith("w" + (writers - 1) + "-"));
  }
}
