package dev.omnihub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.HubServices;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The capacity ledger on the real store: a hold only under capacity and once per conversation, and a
 * hold that a crash left without its assignment given back by the sweep, after the conversation is
 * fenced so that the interrupted assignment can never be written.
 */
class CapacityLedgerTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void aHoldIsTakenOnlyUnderCapacityAndOncePerConversation() {
    AgentLoads loads = services().routing().loads();
    String agent = "a" + UUID.randomUUID().toString().replace("-", "").substring(0, 23);
    Instant now = Instant.now();
    assertThat(write(() -> loads.reserve(agent, "c1", "chat", 0, 2, now))).isInstanceOf(AgentLoads.Reserved.class);
    AgentLoads.Reservation again = write(() -> loads.reserve(agent, "c1", "chat", 0, 2, now));
    assertThat(again).as("the same conversation counts once").isInstanceOf(AgentLoads.AlreadyHeld.class);
    assertThat(write(() -> loads.reserve(agent, "c2", "chat", 0, 2, now))).isInstanceOf(AgentLoads.Reserved.class);
    assertThat(write(() -> loads.reserve(agent, "c3", "chat", 0, 2, now))).as("full").isInstanceOf(AgentLoads.Full.class);
    assertThat(write(() -> loads.reserve(agent, "c3", "email", 0, 2, now))).as("another type's capacity")
        .isInstanceOf(AgentLoads.Reserved.class);
    assertThat(write(() -> loads.reserve(agent, "c4", "chat", 0, AgentLoads.NO_LIMIT, now))).as("a person's choice")
        .isInstanceOf(AgentLoads.Reserved.class);

    assertThat(write(() -> loads.release(agent, "c1", "not-its-token"))).isFalse();
    assertThat(write(() -> loads.release(agent, "c1", null))).isTrue();
    assertThat(write(() -> loads.release(agent, "c1", null))).as("once").isFalse();
    AgentLoads.Load load = read(() -> loads.of(java.util.List.of(agent)).get(agent));
    assertThat(load.count("chat")).isEqualTo(2);
    assertThat(load.holds()).extracting(AgentLoads.Hold::conversationId).containsExactlyInAnyOrder("c2", "c3", "c4");
  }

  @Test
  void aHoldACrashLeftIsGivenBackAndTheInterruptedAssignmentCanNoLongerBeWritten() {
    HubServices services = services();
    RoutingServices routing = services.routing();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "crash-" + UUID.randomUUID(), null);
    String conversationId = hub.client().webhook(channel, HubClient.message(UUID.randomUUID().toString(),
        new JsonObject().put("externalUserId", UUID.randomUUID().toString()), "hello")).json().getString("conversationId");
    String agent = hub.client().post("/api/v1/agents", new JsonObject().put("name", "Crash").put("email", UUID.randomUUID() + "@t.test")
        .put("password", "agent-password-1"), hub.adminToken()).json().getString("id");

    // Routing has looked at it (no queue takes its channel: it is in the pool) and leaves it alone from now on.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> read(() -> routing.conversations().find(conversationId).orElseThrow().routing().pooled()));
    // The assignment's first write (the hold) happened, then the process died before the second.
    Conversation read = read(() -> routing.conversations().find(conversationId).orElseThrow());
    AgentLoads.Reserved hold = (AgentLoads.Reserved) write(() -> routing.loads().reserve(agent, conversationId, "api", read.version(), 3,
        Instant.now()));
    assertThat(read(() -> routing.loads().of(java.util.List.of(agent)).get(agent).count("api"))).isEqualTo(1);

    int released = write(() -> new HoldReconciler(routing.conversations(), routing.loads()).sweep(Instant.now().plusSeconds(1)));

    assertThat(released).isGreaterThanOrEqualTo(1);
    assertThat(read(() -> routing.conversations().find(conversationId).orElseThrow().version())).as("fenced")
        .isEqualTo(read.version() + 1);
    assertThat(read(() -> routing.loads().of(java.util.List.of(agent)).get(agent).count("api"))).isZero();
    assertThat(write(() -> routing.conversations().assign(read, agent, hold.token(), "api", Decision.of(Decision.LEAST_LOADED, null),
        Instant.now()))).as("fenced: the version it was decided on is gone").isEmpty();
    assertThat(read(() -> routing.conversations().find(conversationId).orElseThrow().assigneeId())).isNull();
  }

  @Test
  void waitingConversationsGoOutByPriorityThenByHowLongTheyWaited() {
    RoutingServices routing = services().routing();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "order-" + UUID.randomUUID(), null);
    Instant start = Instant.parse("2026-12-01T10:00:00Z");
    String[] priorities = {"normal", "low", "urgent", "normal", "high"};
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < priorities.length; i++) {
      String id = hub.client().webhook(channel, HubClient.message(UUID.randomUUID().toString(),
          new JsonObject().put("externalUserId", UUID.randomUUID().toString()), "hello")).json().getString("conversationId");
      ids.add(id);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> read(() -> routing.conversations().find(id).orElseThrow().routing().pooled()));
      String priority = priorities[i];
      Instant since = start.plusSeconds(i);
      // Priorities come with escalation and rules (the next issue); here they are set in the store.
      write(() -> {
        services().mongo().collection("conversations").updateOne(new org.bson.Document("_id", id),
            new org.bson.Document("$set", new org.bson.Document("priority", priority)));
        Conversation read = routing.conversations().find(id).orElseThrow();
        return routing.conversations().place(read, "order-queue-" + channel.getString("id"), since, Instant.now()).orElseThrow();
      });
    }
    java.util.List<String> order = read(() -> routing.conversations().waiting("order-queue-" + channel.getString("id"), 10)).stream()
        .map(Conversation::id).toList();
    assertThat(order).containsExactly(ids.get(2), ids.get(4), ids.get(0), ids.get(3), ids.get(1));
  }

  private static HubServices services() {
    return hub.hub().services();
  }

  private static <T> T write(java.util.concurrent.Callable<T> work) {
    return await(services().mongo().write(work));
  }

  private static <T> T read(java.util.concurrent.Callable<T> work) {
    return await(services().mongo().read(work));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
