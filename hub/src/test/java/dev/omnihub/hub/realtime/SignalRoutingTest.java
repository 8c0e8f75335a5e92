package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A visitor's typing reaches the agent sockets that may show it (API.md "Real time for agents": the
 * agents viewing that conversation), not every socket of the node: an agent who opened another
 * agent's conversation sees the visitor type; one who did not, does not; another visitor's widget never.
 */
class SignalRoutingTest {

  @TempDir
  Path dataDir;

  @Test
  void aVisitorsTypingReachesTheAgentViewingTheConversationAndNotAnUninvolvedAgentOrVisitor() {
    try (TestHub hub = TestHub.start(dataDir)) {
      String channel = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Site")
          .put("allowedOrigins", new JsonArray()), hub.adminToken()).json().getString("id");
      String ana = agent(hub, "ana@shop.test");
      agent(hub, "vic@shop.test");
      agent(hub, "carl@shop.test");
      try (SocketClient first = visitor(hub, channel); SocketClient second = visitor(hub, channel);
          SocketClient viewer = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.client().login("vic@shop.test", "agent-password-1"));
          SocketClient uninvolved = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token="
              + hub.client().login("carl@shop.test", "agent-password-1"));
          SocketClient admin = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        String assigned = chat(first, admin, "c-1", "Where is my parcel?");
        HttpResult assign = hub.client().post("/api/v1/conversations/" + assigned + "/assign", new JsonObject().put("agentId", ana),
            hub.adminToken());
        assertThat(assign.status()).as(assign.toString()).isEqualTo(200);
        String pooled = chat(second, admin, "c-2", "Do you ship to Norway?");

        viewer.send(new JsonObject().put("type", "view").put("conversationId", assigned));
        viewer.await(frame -> "suggestions".equals(frame.getString("type")));
        first.send(new JsonObject().put("type", "typing"));
        viewer.await(frame -> "typing".equals(frame.getString("type")) && assigned.equals(frame.getString("conversationId")));

        // A barrier: typing in an unassigned conversation reaches every agent, after the first typing.
        second.send(new JsonObject().put("type", "typing"));
        uninvolved.await(frame -> "typing".equals(frame.getString("type")) && pooled.equals(frame.getString("conversationId")));
        assertThat(uninvolved.frames()).as("Carl neither has nor views Ana's conversation")
            .noneMatch(frame -> "typing".equals(frame.getString("type")) && assigned.equals(frame.getString("conversationId")));
        assertThat(second.frames()).as("another visitor's widget").noneMatch(frame -> "typing".equals(frame.getString("type")));
      }
    }
  }

  private static String agent(TestHub hub, String email) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", email.substring(0, email.indexOf('@')))
        .put("email", email).put("password", "agent-password-1").put("roles", new JsonArray().add("agent")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static SocketClient visitor(TestHub hub, String channel) {
    String token = hub.client().post("/api/v1/widget/" + channel + "/session", new JsonObject(), null).json().getString("visitorToken");
    return SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + token + "&since=0");
  }

  /** Sends a visitor's message; answers its conversation, as a supervisor's socket learns it. */
  private static String chat(SocketClient visitor, SocketClient supervisor, String clientId, String text) {
    visitor.send(new JsonObject().put("type", "message").put("clientId", clientId).put("text", text));
    visitor.await(frame -> "ack".equals(frame.getString("type")) && clientId.equals(frame.getString("clientId")));
    return supervisor.await(frame -> "message.created".equals(frame.getString("type"))
        && text.equals(frame.getJsonObject("message").getString("text"))).getJsonObject("message").getString("conversationId");
  }
}
