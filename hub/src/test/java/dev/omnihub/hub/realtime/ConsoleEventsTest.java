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
}
