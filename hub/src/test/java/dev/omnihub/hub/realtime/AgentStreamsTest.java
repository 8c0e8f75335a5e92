package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which events reach which agent's socket: an agent gets the conversations assigned to them and the
 * unassigned pool, not a colleague's conversations; a supervisor gets everything. Each socket also
 * gets a marker message on a pooled conversation last, so "did not arrive" is checked after
 * everything before it had its chance to.
 */
class AgentStreamsTest {

  @TempDir
  Path dataDir;

  @Test
  void anAgentSeesTheirOwnConversationsAndThePoolButNotAColleagues() {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "App", null);
      String anaId = createAgent(hub, "Ana", "ana@agents.test", "agent");
      String benId = createAgent(hub, "Ben", "ben@agents.test", "agent");
      createAgent(hub, "Sam", "sam@agents.test", "supervisor");
      int port = hub.hub().httpPort();
      try (SocketClient ana = SocketClient.connect(port, "/ws/agent?token=" + client.login("ana@agents.test", "correct horse battery"));
          SocketClient ben = SocketClient.connect(port, "/ws/agent?token=" + client.login("ben@agents.test", "correct horse battery"));
          SocketClient sam = SocketClient.connect(port, "/ws/agent?token=" + client.login("sam@agents.test", "correct horse battery"))) {
        String conversation = send(client, channel, "pooled-1", "carla@example.com");
        for (SocketClient socket : List.of(ana, ben, sam)) {
          socket.await(frame -> isMessage(frame, "pooled-1"));
        }

        assign(hub, conversation, anaId);
        send(client, channel, "anas-1", "carla@example.com");
        assign(hub, conversation, benId);
        send(client, channel, "bens-1", "carla@example.com");
        send(client, channel, "marker", "someone-else@example.com");
        for (SocketClient socket : List.of(ana, ben, sam)) {
          socket.await(frame -> isMessage(frame, "marker"));
        }

        assertThat(messageIds(sam)).containsExactly("pooled-1", "anas-1", "bens-1", "marker");
        assertThat(messageIds(ana)).as("Ana's while it was hers, not after it went to Ben").containsExactly("pooled-1", "anas-1", "marker");
        assertThat(messageIds(ben)).as("Ben's once it was his, not while it was Ana's").containsExactly("pooled-1", "bens-1", "marker");
        assertThat(assignments(ben)).as("Ben learns the conversation left the pool, then that it became his")
            .containsExactly(anaId, benId);
        assertThat(assignments(ana)).as("Ana learns it became hers, then that it went to Ben").containsExactly(anaId, benId);
      }
    }
  }

  private static String createAgent(TestHub hub, String name, String email, String role) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", name).put("email", email)
        .put("password", "correct horse battery").put("roles", new JsonArray().add(role)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String send(HubClient client, JsonObject channel, String externalId, String email) {
    HttpResult result = client.webhook(channel, HubClient.message(externalId, new JsonObject().put("email", email), "text " + externalId));
    assertThat(result.status()).isEqualTo(200);
    return result.json().getString("conversationId");
  }

  private static void assign(TestHub hub, String conversationId, String agentId) {
    HttpResult result = hub.client().post("/api/v1/conversations/" + conversationId + "/assign", new JsonObject().put("agentId", agentId),
        hub.adminToken());
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
  }

  private static boolean isMessage(JsonObject frame, String externalId) {
    return "message.created".equals(frame.getString("type")) && externalId.equals(frame.getJsonObject("message").getString("externalId"));
  }

  private static List<String> messageIds(SocketClient socket) {
    return socket.frames().stream().filter(frame -> "message.created".equals(frame.getString("type")))
        .map(frame -> frame.getJsonObject("message"))
        .filter(message -> "inbound".equals(message.getString("direction")))
        .map(message -> message.getString("externalId")).toList();
  }

  private static List<String> assignments(SocketClient socket) {
    return socket.frames().stream().filter(frame -> "conversation.updated".equals(frame.getString("type")))
        .filter(frame -> frame.getJsonArray("changes").contains("assignee"))
        .map(frame -> frame.getJsonObject("conversation").getString("assigneeId")).toList();
  }
}
