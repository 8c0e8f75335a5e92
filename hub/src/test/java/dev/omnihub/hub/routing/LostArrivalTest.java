package dev.omnihub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.HubServices;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing listener leaves new conversations to the router of their node, which places them in the
 * pass that may assign them. A conversation whose router stopped before placing it must not stay
 * unplaced: any router's sweep finds it and puts it in its queue.
 */
class LostArrivalTest {

  @TempDir
  Path dataDir;

  @Test
  void aConversationWhoseRouterStoppedBeforePlacingItIsPlacedByTheNextSweep() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, Map.of())) {
      HubServices services = hub.hub().services();
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "web", null);
      JsonObject queue = hub.client().post("/api/v1/queues", new JsonObject().put("name", "General").put("strategy", "leastLoaded")
          .put("channels", new JsonArray().add(channel.getString("id"))), hub.adminToken()).json();
      // The node's router stops (as if its node went down) while its listener still leaves arrivals to it.
      services.routing().router().stop();

      String conversation = hub.client().webhook(channel, HubClient.message("m-1", new JsonObject().put("externalUserId", "lost-1"),
          "Is anyone there?")).json().getString("conversationId");
      Thread.sleep(1_000);
      assertThat(find(services, conversation).routing().waitingIn()).as("nobody placed it").isNull();

      // Another node's router, its sweep a minute later: the conversation is old enough to count as lost.
      QueueRouter other = RoutingServices.create(services.store(), services.mongo(), services.access().agents(),
          services.channelServices().channels(), new SystemLines(services.conversationServices().conversations(),
              services.conversationServices().messages(), Clock.systemUTC()), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)),
          Duration.ofSeconds(60), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).router();
      await(services.store().writeAndPublish(() -> new Outcome<Void>(null, other.route(false))));

      Conversation placed = find(services, conversation);
      assertThat(placed.routing().waitingIn()).isEqualTo(queue.getString("id"));
      JsonArray messages = hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).json()
          .getJsonArray("items");
      assertThat(messages.stream().map(JsonObject.class::cast).filter(message -> "system".equals(message.getString("direction")))
          .map(message -> message.getString("text"))).containsExactly("Waiting in queue General");
    }
  }

  private static Conversation find(HubServices services, String id) throws Exception {
    return await(services.store().read(() -> services.routing().conversations().find(id))).orElseThrow();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
