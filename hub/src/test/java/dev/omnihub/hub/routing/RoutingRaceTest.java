package dev.omnihub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.HubServices;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.AgentPresence;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.AssignmentChange;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing under races: rounds of random changes made at the same moment (customers writing and coming
 * back, resolutions, a person's assignments and unassignments, agents going on and offline, capacity
 * raised, the routing listener run twice for one conversation) while two independent routers (two
 * nodes' worth) assign on the same store. A checker reads the capacity ledger all along, and after
 * every round the store is checked against the rules: no agent holds more than their capacity beyond
 * what people gave them, every assignment is backed by exactly one hold of its agent, the ledger counts
 * exactly what the conversations say, and once everything has settled nobody waits while a member who
 * could take them has room.
 */
class RoutingRaceTest {

  private static final int AGENTS = 24;
  private static final int ROUNDS = 25;
  private static final int OPS_PER_ROUND = 40;
  private static final List<String> SKILLS = List.of("billing", "german");

  @TempDir
  Path dataDir;

  @Test
  void capacityAndSingleAssignmentHoldWhateverHappensAtOnce() throws Exception {
    long seed = Long.getLong("routing.seed", System.nanoTime());
    Random random = new Random(seed);
    try (TestHub hub = TestHub.start(dataDir, Map.of("REASSIGN_OFFLINE_SECONDS", "1"))) {
      HubServices services = hub.hub().services();
      RoutingServices routing = services.routing();
      // The hub's own loop and reactions stay off: the test's two routers are the nodes and its listener
      // runs are the reactions, each when the schedule says, so that between rounds nothing moves.
      routing.router().stop();
      await(services.conversationServices().reactions().stop());
      PublishingStore store = services.store();
      QueueRouter nodeA = routing.router();
      QueueRouter nodeB = RoutingServices.create(store, services.mongo(), services.access().agents(), services.channelServices().channels(),
          new SystemLines(services.conversationServices().conversations(), services.conversationServices().messages(), Clock.systemUTC()),
          Clock.systemUTC(), Duration.ofSeconds(1), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).router();

      List<JsonObject> channels = List.of(hub.client().createApiChannel(hub.adminToken(), "web", null),
          hub.client().createApiChannel(hub.adminToken(), "app", null));
      List<String> agentIds = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        JsonArray skills = new JsonArray();
        SKILLS.stream().filter(skill -> random.nextInt(3) > 0).forEach(skills::add);
        agentIds.add(hub.client().post("/api/v1/agents", new JsonObject().put("name", "Agent " + i).put("email", "a" + i + "@race.test")
            .put("password", "agent-password-1").put("skills", skills)
            .put("capacity", new JsonObject().put("api", 1 + random.nextInt(3))), hub.adminToken()).json().getString("id"));
      }
      JsonObject general = queue(hub, "General", channels.get(0), "leastLoaded", List.of(), agentIds.subList(0, 16));
      JsonObject billing = queue(hub, "Billing", channels.get(1), "roundRobin", List.of("billing"), agentIds.subList(8, 24));
      assertThat(general.getString("id")).isNotEqualTo(billing.getString("id"));

      List<String> conversations = new ArrayList<>();
      Map<String, String> threadOf = new HashMap<>();
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicBoolean checking = new AtomicBoolean(true);
      Thread checker = Thread.ofVirtual().start(() -> {
        while (checking.get()) {
          ledgerWithinCapacity(services, violations);
        }
      });
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int round = 0; round < ROUNDS; round++) {
          List<Runnable> ops = new ArrayList<>();
          for (int i = 0; i < OPS_PER_ROUND; i++) {
            ops.add(randomOp(random, hub, services, conversations, threadOf, channels, agentIds));
          }
          ops.add(() -> await(store.writeAndPublish(() -> new Outcome<Void>(null, nodeA.route(random.nextBoolean())))));
          ops.add(() -> await(store.writeAndPublish(() -> new Outcome<Void>(null, nodeB.route(random.nextBoolean())))));
          List<java.util.concurrent.Future<?>> running = ops.stream().<java.util.concurrent.Future<?>>map(op -> pool.submit(tolerant(op)))
              .toList();
          for (var op : running) {
            op.get(60, TimeUnit.SECONDS);
          }
          settledStoreFollowsTheRules(services, violations, "round " + round + " (seed " + seed + ")");
          assertThat(violations).as("seed %d, round %d", seed, round).isEmpty();
        }
      } finally {
        checking.set(false);
        checker.join();
      }
      // Everything stops changing: a last look by the listener and one router leaves nobody waiting who could be served.
      for (String id : conversations) {
        await(store.writeAndPublish(() -> new Outcome<Void>(null, routing.listener().reconsider(id))));
      }
      await(store.writeAndPublish(() -> new Outcome<Void>(null, nodeA.route(true))));
      nobodyWaitsWhileAMemberHasRoom(services, violations);
      assertThat(violations).as("seed %d", seed).isEmpty();
      long assigned = conversations.stream().filter(id -> find(services, id).map(Conversation::assigneeId).isPresent()).count();
      assertThat(assigned).as("the routers did assign").isPositive();
    }
  }

  /** A person's change may be refused while the conversation keeps changing (409 busy); anything else fails the test. */
  private static Runnable tolerant(Runnable op) {
    return () -> {
      try {
        op.run();
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof dev.omnihub.hub.errors.ConflictException)) {
          throw e;
        }
      }
    };
  }

  private Runnable randomOp(Random random, TestHub hub, HubServices services, List<String> conversations, Map<String, String> threadOf,
      List<JsonObject> channels, List<String> agentIds) {
    PublishingStore store = services.store();
    int kind = conversations.size() < 20 ? 0 : random.nextInt(10);
    String some = conversations.isEmpty() ? null : conversations.get(random.nextInt(conversations.size()));
    String agent = agentIds.get(random.nextInt(agentIds.size()));
    switch (kind) {
      case 0, 1 -> {
        // A new customer writes; their conversation is known once the hub answers.
        String thread = "t-" + random.nextLong();
        JsonObject channel = channels.get(random.nextInt(channels.size()));
        return () -> {
          String id = hub.client().webhook(channel, HubClient.message("m-" + thread, new JsonObject().put("externalUserId", thread), "hi")
              .put("threadKey", thread)).json().getString("conversationId");
          synchronized (conversations) {
            conversations.add(id);
            threadOf.put(id, thread + "|" + channel.getString("id"));
          }
          reconsider(services, id);
        };
      }
      case 2 -> {
        return () -> {
          await(store.writeAndPublish(() -> services.conversationServices().conversationService()
              .changeStatus(some, ConversationStatus.RESOLVED, null, SystemLines.HUB)));
          reconsider(services, some);
        };
      }
      case 3 -> {
        // The customer comes back in the same thread: a resolved conversation reopens.
        String[] thread;
        synchronized (conversations) {
          thread = threadOf.get(some).split("\\|");
        }
        JsonObject channel = channels.stream().filter(c -> c.getString("id").equals(thread[1])).findFirst().orElseThrow();
        return () -> {
          hub.client().webhook(channel, HubClient.message("m-" + random.nextLong(), new JsonObject().put("externalUserId", thread[0]),
              "again").put("threadKey", thread[0]));
          reconsider(services, some);
        };
      }
      case 4 -> {
        return () -> await(store.writeAndPublish(() -> services.routing().manual()
            .assign(some, new AssignmentChange(true, agent, false, null), SystemLines.HUB)));
      }
      case 5 -> {
        return () -> await(store.writeAndPublish(() -> services.routing().manual()
            .assign(some, new AssignmentChange(true, null, false, null), SystemLines.HUB)));
      }
      case 6 -> {
        String status = random.nextInt(3) == 0 ? "offline" : "online";
        return () -> await(store.writeAndPublish(() -> {
          services.access().agents().setPresence(agent, status, Instant.now());
          return new Outcome<Void>(null, List.of(new AgentPresence(agent, status, Instant.now())));
        }));
      }
      case 7 -> {
        // Capacity is only raised here (lowered, an agent may hold more than their new capacity, as in any desk).
        return () -> await(store.write(() -> {
          int now = Capacities.of(services.access().agents().require(agent), "api");
          return services.access().agents().change(agent, new AgentStore.Change(null, null, null, Map.of("api", Math.min(6, now + 1)),
              null, null));
        }));
      }
      default -> {
        // The listener (the reaction to a conversation's events), twice at once for one conversation: a replay racing the live run.
        return () -> {
          Future<Void> first = store.writeAndPublish(() -> new Outcome<Void>(null, services.routing().listener().reconsider(some)));
          Future<Void> second = store.writeAndPublish(() -> new Outcome<Void>(null, services.routing().listener().reconsider(some)));
          await(first);
          await(second);
        };
      }
    }
  }

  private static void reconsider(HubServices services, String conversationId) {
    await(services.store().writeAndPublish(() -> new Outcome<Void>(null, services.routing().listener().reconsider(conversationId))));
  }

  /** What the ledger says of each agent, read one document at a time while everything runs. */
  private static void ledgerWithinCapacity(HubServices services, ConcurrentLinkedQueue<String> violations) {
    // The ledger first, then the capacities: capacities only grow, so those read after are at least those a hold was taken under.
    List<AgentLoads.Load> loads = await(services.store().read(() -> services.routing().loads().all()));
    Map<String, Agent> agents = new HashMap<>();
    await(services.store().read(() -> services.access().agents().list())).forEach(agent -> agents.put(agent.id(), agent));
    for (AgentLoads.Load load : loads) {
      Agent agent = agents.get(load.agentId());
      for (Map.Entry<String, Integer> count : load.counts().entrySet()) {
        long holds = load.holds().stream().filter(hold -> hold.type().equals(count.getKey())).count();
        long manual = load.holds().stream().filter(hold -> hold.type().equals(count.getKey()) && hold.manual()).count();
        if (holds != count.getValue()) {
          violations.add(load.agentId() + " counts " + count.getValue() + " " + count.getKey() + " but holds " + holds);
        }
        // Capacity only grows in this test, so a hold routing took under it stays within today's capacity.
        if (agent != null && count.getValue() > Capacities.of(agent, count.getKey()) + manual) {
          violations.add(agent.name() + " holds " + count.getValue() + " " + count.getKey() + ", capacity "
              + Capacities.of(agent, count.getKey()) + " and " + manual + " given by people");
        }
      }
    }
  }

  /** After a round: every assignment backed by its agent's hold, and (after the sweep) the ledger is exactly the assignments. */
  private static void settledStoreFollowsTheRules(HubServices services, ConcurrentLinkedQueue<String> violations, String when) {
    RoutingServices routing = services.routing();
    // Nothing runs between rounds: the sweep settles every hold, then the ledger must be exactly the assignments.
    await(services.store().write(() -> new HoldReconciler(routing.conversations(), routing.loads()).sweep(Instant.now().plusSeconds(1))));
    Map<String, List<AgentLoads.Hold>> holdsOf = new HashMap<>();
    for (AgentLoads.Load load : await(services.store().read(() -> routing.loads().all()))) {
      load.holds().forEach(hold -> holdsOf.computeIfAbsent(hold.conversationId(), id -> new ArrayList<>()).add(hold));
    }
    for (Conversation conversation : all(services)) {
      List<AgentLoads.Hold> holds = holdsOf.getOrDefault(conversation.id(), List.of());
      String token = conversation.routing().hold();
      boolean backed = holds.stream().anyMatch(hold -> hold.token().equals(token) && hold.agentId().equals(conversation.assigneeId()));
      if (conversation.active() && token != null && !backed) {
        violations.add(when + ": " + conversation.id() + " is " + conversation.assigneeId() + "'s without their hold " + token);
      }
      if (holds.size() > 1) {
        violations.add(when + ": " + conversation.id() + " is held by " + holds.stream().map(AgentLoads.Hold::agentId).toList());
      }
      for (AgentLoads.Hold hold : holds) {
        boolean carried = conversation.active() && hold.token().equals(token) && hold.agentId().equals(conversation.assigneeId());
        if (!carried) {
          violations.add(when + ": " + hold.agentId() + " holds " + conversation.id() + " which is not theirs (" + conversation.status() + ", "
              + conversation.assigneeId() + ")");
        }
      }
    }
  }

  private static void nobodyWaitsWhileAMemberHasRoom(HubServices services, ConcurrentLinkedQueue<String> violations) {
    RoutingServices routing = services.routing();
    Map<String, Agent> agents = new HashMap<>();
    await(services.store().read(() -> services.access().agents().list())).forEach(agent -> agents.put(agent.id(), agent));
    Map<String, AgentLoads.Load> loads = await(services.store().read(() -> routing.loads().of(agents.keySet())));
    for (Queue queue : await(services.store().read(() -> routing.queues().list()))) {
      for (Conversation waiting : await(services.store().read(() -> routing.conversations().waiting(queue.id(), 1_000)))) {
        for (String member : queue.agentIds()) {
          Agent agent = agents.get(member);
          boolean eligible = "online".equals(agent.presence()) && agent.skills().containsAll(queue.skills())
              && loads.get(member).count(waiting.capacityType()) < Capacities.of(agent, waiting.capacityType());
          if (eligible && waiting.status() == ConversationStatus.OPEN) {
            violations.add(waiting.id() + " waits in " + queue.name() + " while " + agent.name() + " has room");
          }
        }
      }
    }
  }

  private static JsonObject queue(TestHub hub, String name, JsonObject channel, String strategy, List<String> skills, List<String> members) {
    JsonObject queue = hub.client().post("/api/v1/queues", new JsonObject().put("name", name)
        .put("channels", new JsonArray().add(channel.getString("id"))).put("strategy", strategy).put("skills", new JsonArray(skills)),
        hub.adminToken()).json();
    hub.client().put("/api/v1/queues/" + queue.getString("id") + "/agents", new JsonObject().put("agentIds", new JsonArray(members)),
        hub.adminToken());
    return queue;
  }

  private static Optional<Conversation> find(HubServices services, String id) {
    return await(services.store().read(() -> services.routing().conversations().find(id)));
  }

  private static List<Conversation> all(HubServices services) {
    return await(services.store().read(() -> services.mongo().collection(Collections.CONVERSATIONS).find(new Document())
        .map(ConversationStore::toConversation).into(new ArrayList<>())));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
