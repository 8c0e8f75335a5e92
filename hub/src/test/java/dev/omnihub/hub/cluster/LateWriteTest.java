package dev.omnihub.hub.cluster;

import static dev.omnihub.hub.testing.AgentFrames.isMessage;
import static dev.omnihub.hub.testing.AgentFrames.messageIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write that becomes durable after its node's place in the cluster ran out (the node was paused
 * between taking its cursors and hearing back from the store) is not acknowledged: the other nodes may
 * have read past its cursors. The channel's retry, on any node, logs the stored message again, once,
 * so every socket sees it exactly once. Here one hub plays the late node by being told its place ran
 * out before the write.
 */
class LateWriteTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void aMessageDurableTooLateIsRefusedAndItsRetryDeliversItOnce() throws Exception {
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Late", null);
    EventLog log = hub.hub().services().eventLog();
    JsonObject late = HubClient.message("late-1", new JsonObject().put("email", "late@example.com"), "sent while the node was away");
    try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      log.placeHeld(Long.MAX_VALUE, 0);
      HttpResult refused;
      try {
        refused = hub.client().webhook(channel, late);
      } finally {
        log.placeHeld(Long.MAX_VALUE, Long.MAX_VALUE);
      }
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.errorCode()).isNotBlank();
      Document stored = hub.hub().services().mongo().read(() -> hub.hub().services().mongo().collection(Collections.MESSAGES)
          .find(Filters.eq("externalId", "late-1")).first()).await(10, TimeUnit.SECONDS);
      assertThat(stored).as("durable, though not acknowledged").isNotNull();
      assertThat(stored.getBoolean("unconfirmed")).isTrue();

      HttpResult retried = hub.client().webhook(channel, late);
      assertThat(retried.status()).isEqualTo(200);
      assertThat(retried.json().getString("messageId")).isEqualTo(stored.getString("_id"));
      assertThat(hub.client().webhook(channel, late).status()).as("a second retry").isEqualTo(200);
      hub.client().webhook(channel, HubClient.message("after", new JsonObject().put("email", "late@example.com"), "after"));
      agent.await(frame -> isMessage(frame, channel, "after"));
      assertThat(messageIds(agent.frames(), channel)).as("logged again by the first retry only").containsExactly("late-1", "after");
    }
  }
}
