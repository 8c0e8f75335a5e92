package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a console needs beside messages: customers created by a first contact and edited by agents arrive on the socket. */
class ConsoleEventsTest {

  @TempDir
  Path dataDir;

  @Test
  void aFirstContactAndAnEditOfTheCustomerArriveAsCustomerEvents() {
    try (TestHub hub = TestHub.start(dataDir);
        SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      String customerId = hub.client().webhook(channel, HubClient.message("c-1", new JsonObject().put("email", "new@example.com"), "hi"))
          .json().getString("customerId");

      JsonObject created = socket.await(frame -> "customer.created".equals(frame.getString("type")));
      assertThat(created.getJsonObject("customer").getString("id")).isEqualTo(customerId);
      assertThat(created.getString("cursor")).isNotBlank();

      hub.client().webhook(channel, HubClient.message("c-2", new JsonObject().put("email", "new@example.com"), "again"));
      hub.client().patch("/api/v1/customers/" + customerId, new JsonObject().put("name", "Nia"), hub.adminToken());

      JsonObject updated = socket.await(frame -> "customer.updated".equals(frame.getString("type")));
      assertThat(updated.getJsonObject("customer").getString("name")).isEqualTo("Nia");
      assertThat(socket.frames()).filteredOn(frame -> "customer.created".equals(frame.getString("type"))).hasSize(1);
    }
  }

  @Test
  void agentsViewingAConversationSeeEachOtherComeAndGoAndSeveralTabsCountOnce() {
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      String conversationId = hub.client().webhook(channel, HubClient.message("v-1", new JsonObject().put("email", "v@example.com"), "hi"))
          .json().getString("conversationId");
      String bea = hub.client().post("/api/v1/agents", new JsonObject().put("name", "Bea Berg").put("email", "bea@agents.test")
          .put("password", "correct horse battery").put("roles", new io.vertx.core.json.JsonArray().add("supervisor")), hub.adminToken())
          .json().getString("id");
      String beaToken = hub.client().login("bea@agents.test", "correct horse battery");
      String adminId = hub.client().get("/api/v1/auth/me", hub.adminToken()).json().getJsonObject("agent").getString("id");
      JsonObject view = new JsonObject().put("type", "view").put("conversationId", conversationId);
      try (SocketClient admin = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken());
          SocketClient beaTab = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + beaToken);
          SocketClient beaOtherTab = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + beaToken)) {
        admin.send(view);
        admin.await(frame -> "viewers".equals(frame.getString("type")) && frame.getJsonArray("agents").size() == 1);
        beaTab.send(view);
        beaOtherTab.send(view);
        JsonObject both = admin.await(frame -> "viewers".equals(frame.getString("type")) && frame.getJsonArray("agents").size() == 2);
        assertThat(both.getString("conversationId")).isEqualTo(conversationId);
        assertThat(both.getJsonArray("agents").stream().map(JsonObject.class::cast).map(agent -> agent.getString("id") + " " + agent.getString("name")))
            .containsExactlyInAnyOrder(bea + " Bea Berg", adminId + " Administrator");

        beaTab.close();
        // Bea's other tab still has it open: she is still viewing.
        beaOtherTab.send(new JsonObject().put("type", "view").putNull("conversationId"));
        admin.await(frame -> "viewers".equals(frame.getString("type")) && frame.getJsonArray("agents").size() == 1);
        assertThat(admin.frames()).filteredOn(frame -> "viewers".equals(frame.getString("type")))
            .allSatisfy(frame -> assertThat(frame.getJsonArray("agents").size()).isBetween(1, 2));
      }
    }
  }

  @Test
  void aCursorOlderThanTheLogKeepsIsToldToReloadThenGoesOnLive() {
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      hub.client().webhook(channel, HubClient.message("r-1", new JsonObject().put("email", "r@example.com"), "first"));
      String twoDaysAgo = dev.omnihub.hub.events.EventLog.token((System.currentTimeMillis() - 48 * 3600 * 1000L) << 16);
      try (SocketClient stale = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=" + twoDaysAgo);
          SocketClient fresh = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since="
              + firstCursor(hub))) {
        JsonObject first = stale.await(frame -> frame.getString("type") != null);
        assertThat(first.getString("type")).isEqualTo("resync");
        hub.client().webhook(channel, HubClient.message("r-2", new JsonObject().put("email", "r@example.com"), "second"));
        JsonObject live = stale.await(frame -> "message.created".equals(frame.getString("type")));
        assertThat(live.getJsonObject("message").getString("text")).as("live after the resync, nothing replayed").isEqualTo("second");
        fresh.await(frame -> "message.created".equals(frame.getString("type")) && "second".equals(frame.getJsonObject("message")
            .getString("text")));
        assertThat(fresh.frames()).as("a cursor the log still keeps resumes").noneMatch(frame -> "resync".equals(frame.getString("type")));
      }
    }
  }

  private static String firstCursor(TestHub hub) {
    try (SocketClient all = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken() + "&since=0")) {
      // since=0: everything the log keeps, the first message among it.
      return all.await(frame -> "message.created".equals(frame.getString("type"))).getString("cursor");
    }
  }
}
