package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.privacy.RetentionSweeper;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention policy: with {@code CONVERSATION_RETENTION_DAYS} and {@code AUDIT_RETENTION_DAYS} set,
 * a sweep deletes resolved and closed conversations untouched that long (with their messages) and
 * audit entries that old, and keeps everything else. Age is made by moving stored times back.
 */
class RetentionTest {

  @TempDir
  Path dataDir;

  @Test
  void oldClosedConversationsAndOldAuditEntriesGoTheRestStays() {
    try (TestHub hub = TestHub.start(dataDir, Map.of("CONVERSATION_RETENTION_DAYS", "90", "AUDIT_RETENTION_DAYS", "30"))) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      JsonObject channel = client.createApiChannel(admin, "App", null);
      String oldResolved = conversation(client, channel, "old-resolved@example.com");
      String oldOpen = conversation(client, channel, "old-open@example.com");
      String recentResolved = conversation(client, channel, "recent@example.com");
      for (String resolved : new String[] {oldResolved, recentResolved}) {
        assertThat(client.post("/api/v1/conversations/" + resolved + "/status", new JsonObject().put("status", "resolved"), admin).status())
            .isEqualTo(200);
      }
      MongoStore mongo = hub.hub().services().mongo();
      Date longAgo = Date.from(Instant.now().minus(Duration.ofDays(100)));
      mongo.collection("conversations").updateMany(Filters.in("_id", oldResolved, oldOpen), Updates.set("updatedAt", longAgo));
      mongo.collection("audit").insertOne(new org.bson.Document("_id", "old-entry").append("type", "login.succeeded")
          .append("at", Date.from(Instant.now().minus(Duration.ofDays(31)))));
      long auditBefore = mongo.collection("audit").countDocuments();
      long oldMessages = mongo.collection("messages").countDocuments(Filters.eq("conversationId", oldResolved));
      assertThat(oldMessages).as("the message and the status line").isGreaterThanOrEqualTo(1);

      RetentionSweeper.Report report = hub.hub().services().privacy().retention().sweepOnce();

      assertThat(report.conversations()).isEqualTo(1);
      assertThat(report.messages()).isEqualTo(oldMessages);
      assertThat(report.auditEntries()).isEqualTo(1);
      assertThat(client.get("/api/v1/conversations/" + oldResolved, admin).status()).isEqualTo(404);
      assertThat(mongo.collection("messages").countDocuments(Filters.eq("conversationId", oldResolved))).isZero();
      assertThat(client.get("/api/v1/conversations/" + oldOpen, admin).status()).as("open: kept however old").isEqualTo(200);
      assertThat(client.get("/api/v1/conversations/" + recentResolved, admin).status()).as("resolved recently: kept").isEqualTo(200);
      assertThat(mongo.collection("audit").countDocuments(Filters.eq("_id", "old-entry"))).isZero();
      assertThat(mongo.collection("audit").countDocuments()).as("younger entries stay").isGreaterThanOrEqualTo(auditBefore - 1).isPositive();
      assertThat(hub.hub().services().privacy().retention().sweepOnce().any()).as("a second sweep finds nothing").isFalse();
    }
  }

  @Test
  void withoutRetentionSettingsNothingIsSwept() {
    try (TestHub hub = TestHub.start(dataDir)) {
      assertThat(hub.hub().services().privacy().retention().enabled()).isFalse();
    }
  }

  private static String conversation(HubClient client, JsonObject channel, String email) {
    return client.webhook(channel, HubClient.message(email, new JsonObject().put("email", email), "hello")).json().getString("conversationId");
  }
}
