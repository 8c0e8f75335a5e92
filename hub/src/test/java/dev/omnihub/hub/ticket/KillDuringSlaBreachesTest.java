package dev.omnihub.hub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLA breaches survive a SIGKILL: tickets fall due one after the other and the hub is killed while it
 * is recording their breaches, so some are recorded and the rest fall due while it is down. After a
 * restart every ticket has exactly one breach and one {@code sla.breached} event, the late ones within
 * seconds of the restart, and a second restart adds none.
 */
class KillDuringSlaBreachesTest {

  private static final int TICKETS = 30;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dataDir;

  @Test
  void afterAKillEveryDueTicketHasExactlyOneBreachAndOneBreachEvent() throws Exception {
    Map<Long, Instant> dueAt = new HashMap<>();
    try (HubProcess first = HubProcess.fromClasspath(dataDir, Map.of())) {
      first.awaitListening(START_TIMEOUT);
      HubClient client = first.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      HttpResult policy = client.post("/api/v1/sla-policies", new JsonObject().put("name", "Fast").put("targets",
          new JsonObject().put("normal", new JsonObject().put("firstResponse", "PT4S"))), admin);
      String queue = client.post("/api/v1/queues", new JsonObject().put("name", "Urgent desk").put("slaPolicyId",
          policy.json().getString("id")), admin).json().getString("id");
      JsonObject channel = client.createApiChannel(admin, "shop", null);
      for (int i = 0; i < TICKETS; i++) {
        String conversation = client.webhook(channel, HubClient.message("k-" + i, new JsonObject().put("email", "k" + i + "@kill.test"),
            "Where is my order?")).json().getString("conversationId");
        JsonObject ticket = client.post("/api/v1/conversations/" + conversation + "/escalate", new JsonObject().put("queueId", queue), admin)
            .json();
        dueAt.put(ticket.getLong("number"), Instant.parse(ticket.getJsonObject("sla").getString("firstResponseDueAt")));
        Thread.sleep(60);
      }
      // Killed while the first breaches are being recorded and the last are still to come.
      Instant middle = dueAt.values().stream().sorted().toList().get(TICKETS / 3);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), middle).toMillis()));
      first.kill();
    }
    Instant latest = dueAt.values().stream().max(Instant::compareTo).orElseThrow();
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), latest).toMillis() + 500));

    try (TestHub hub = TestHub.start(dataDir)) {
      Instant restarted = Instant.now();
      Awaitility.await("every ticket breached once").atMost(Duration.ofSeconds(20)).until(() -> unbreached(hub, dueAt).isEmpty());
      assertThat(Duration.between(restarted, Instant.now())).as("the late ones within seconds of the restart")
          .isLessThan(Duration.ofSeconds(5));
      assertOneBreachAndOneEventEach(hub, dueAt);
      long beforeKill = dueAt.keySet().stream().filter(number -> breachedAt(hub, number).isBefore(restarted)).count();
      assertThat(beforeKill).as("the kill came between breaches").isGreaterThan(0).isLessThan(TICKETS);
    }
    try (TestHub again = TestHub.start(dataDir)) {
      Thread.sleep(2_500);
      assertOneBreachAndOneEventEach(again, dueAt);
    }
  }

  private static List<Long> unbreached(TestHub hub, Map<Long, Instant> dueAt) {
    List<Long> waiting = new ArrayList<>();
    for (long number : dueAt.keySet()) {
      if (breaches(hub, number).isEmpty()) {
        waiting.add(number);
      }
    }
    return waiting;
  }

  private static JsonArray breaches(TestHub hub, long number) {
    return hub.client().get("/api/v1/tickets/" + number, hub.adminToken()).json().getJsonObject("sla").getJsonArray("breaches");
  }

  private static Instant breachedAt(TestHub hub, long number) {
    return Instant.parse(breaches(hub, number).getJsonObject(0).getString("at"));
  }

  private static void assertOneBreachAndOneEventEach(TestHub hub, Map<Long, Instant> dueAt) throws Exception {
    MongoStore store = hub.hub().services().mongo();
    for (Map.Entry<Long, Instant> ticket : dueAt.entrySet()) {
      JsonArray breaches = breaches(hub, ticket.getKey());
      assertThat(breaches).as("ticket %d", ticket.getKey()).hasSize(1);
      assertThat(breaches.getJsonObject(0).getString("dueAt")).isEqualTo(ticket.getValue().toString());
    }
    long events = store.read(() -> store.collection(Collections.EVENTS).countDocuments(Filters.eq("type", "sla.breached")))
        .await(10, TimeUnit.SECONDS);
    assertThat(events).as("one sla.breached event per ticket").isEqualTo(TICKETS);
  }
}
