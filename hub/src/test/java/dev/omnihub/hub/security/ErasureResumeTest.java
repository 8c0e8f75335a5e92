package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.audit.AuditLog;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An erasure a stop cut short (its record written, nothing removed yet) is finished at the next start. */
class ErasureResumeTest {

  @TempDir
  Path dataDir;

  @Test
  void anErasureInterruptedAfterItsRecordIsFinishedAtTheNextStart() {
    String customer;
    String conversation;
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      JsonObject ack = hub.client().webhook(channel, HubClient.message("m-1", new JsonObject().put("email", "leaving@example.com"),
          "please forget me")).json();
      customer = ack.getString("customerId");
      conversation = ack.getString("conversationId");
      // What erase() writes first, before it removes anything: the state a crash right after it leaves.
      new AuditLog(hub.hub().services().mongo(), Clock.systemUTC()).record("erasure:" + customer, "customer.erased", customer,
          Actor.SYSTEM, new Document("state", "started").append("profiles", List.of(customer)));
      assertThat(hub.client().get("/api/v1/customers/" + customer, hub.adminToken()).status()).isEqualTo(200);
    }
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      assertThat(client.get("/api/v1/customers/" + customer, hub.adminToken()).status()).isEqualTo(404);
      assertThat(client.get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items())
          .extracting(message -> ((JsonObject) message).getString("text")).containsExactly("[erased]");
      JsonObject record = client.get("/api/v1/audit?action=customer.erased", hub.adminToken()).items().getJsonObject(0);
      assertThat(record.getJsonObject("target").getString("id")).isEqualTo(customer);
      assertThat(hub.hub().services().mongo().collection("audit").find(new Document("_id", "erasure:" + customer)).first()
          .get("details", Document.class).getString("state")).isEqualTo("done");
    }
  }
}
