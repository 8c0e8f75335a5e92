package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trending questions (API.md "Alerts"): when three customers write about one problem within the
 * window, supervisors get one alert, on their socket and in {@code GET /api/v1/alerts}; agents do not.
 */
class TrendingAlertsTest {

  @TempDir
  Path dataDir;

  @Test
  void threeCustomersWithOneProblemRaiseOneAlertForSupervisors() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      client.post("/api/v1/agents", new JsonObject().put("name", "Ann").put("email", "ann@desk.test").put("password", "correct horse battery")
          .put("roles", new JsonArray().add("agent")), admin);
      String agent = client.login("ann@desk.test", "correct horse battery");
      JsonObject channel = client.createApiChannel(admin, "App", null);
      try (SocketClient supervisor = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + admin);
          SocketClient agentSocket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + agent)) {
        send(client, channel, "t1", "ann@example.com", "All my loyalty points disappeared from my account overnight");
        send(client, channel, "t2", "ann@example.com", "where did my reward points go? the balance shows 0");
        send(client, channel, "t3", "bob@example.com", "Who won the football match last night?");
        send(client, channel, "t4", "cy@example.com", "my points balance was reset to zero for no reason");
        send(client, channel, "t5", "dee@example.com", "I had 500 bonus points and now they're gone, call me at +1 415 555 0100");

        JsonObject event = supervisor.await(frame -> "alert.created".equals(frame.getString("type")));
        JsonObject alert = event.getJsonObject("alert");
        assertThat(alert.getString("type")).isEqualTo("trending");
        assertThat(alert.getJsonArray("customers")).hasSize(3);
        assertThat(alert.getInteger("count")).isGreaterThanOrEqualTo(3);
        assertThat(alert.getJsonArray("examples").stream().map(example -> ((JsonObject) example).getString("text")).toList())
            .hasSize(3).noneMatch(text -> text.contains("415")).anyMatch(text -> text.contains("[phone]"));
        assertThat(event.getString("cursor")).as("a logged event, replayable").isNotNull();

        send(client, channel, "t6", "eve@example.com", "my reward points are all gone");
        // The fourth customer is looked at after the alert; give the trending thread time to see it.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        JsonArray listed = client.get("/api/v1/alerts?since=2020-01-01T00:00:00Z", admin).items();
        assertThat(listed).as("once per problem and window").hasSize(1);
        assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(alert.getString("id"));
        assertThat(agentSocket.frames()).as("agents do not get supervisors' alerts")
            .noneMatch(frame -> "alert.created".equals(frame.getString("type")));
      }
      assertThat(client.get("/api/v1/alerts", agent).status()).isEqualTo(403);
      assertThat(client.get("/api/v1/alerts?since=yesterday", admin).errorField()).isEqualTo("since");
      try (SocketClient replayed = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + admin + "&since=0")) {
        replayed.await(frame -> "alert.created".equals(frame.getString("type")));
      }
    }
  }

  private static void send(HubClient client, JsonObject channel, String externalId, String email, String text) {
    HttpResult sent = client.webhook(channel, HubClient.message(externalId, new JsonObject().put("email", email), text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
  }
}
