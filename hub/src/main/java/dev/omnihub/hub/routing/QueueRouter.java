package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.SystemLines;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that gives waiting conversations to agents. A pass gives back the holds of conversations
 * this node saw freed, takes this node's new conversations to their queues, then, queue by queue, offers
 * each waiting or arriving conversation (priority, then longest wait) to the eligible members (online,
 * every skill the queue and the conversation need, room for its channel type) and assigns it to the one
 * the queue's strategy picks, through {@link Assignments}: the store decides who wins, so a pass that read
 * something stale only loses a race. An arrival nobody can take waits in the line. Once a second the
 * pass also runs the {@link RoutingSweep} (overflow, agents long offline) and every ten seconds gives back
 * holds that back nothing.
 *
 * <p>A pass runs when anything that can free or need an agent happens on this node (conversation
 * events, presence, queue and agent changes) and at least every second, so a missed wake-up costs a
 * second, never a stuck conversation. Passes never overlap; a wake-up during one runs another after it.
 */
public final class QueueRouter {

  private static final Logger log = LoggerFactory.getLogger(QueueRouter.class);
  private static final long SWEEP_MILLIS = 1_000;
  private static final Duration HOLD_SWEEP = Duration.ofSeconds(10);
  /** Waiting conversations a pass looks at per queue: the front of the line. */
  static final int FRONT = 500;
  /** The waiting order: priority, then since when the customer has waited. */
  private static final Comparator<Conversation> WAITING_ORDER = Comparator
      .comparingInt((Conversation conversation) -> conversation.routing().waitingIn() != null ? conversation.routing().rank()
          : dev.omnihub.hub.conversation.Routing.rank(conversation.priority()))
      .thenComparing(conversation -> conversation.routing().queuedAt() != null ? conversation.routing().queuedAt()
          : conversation.waitingSince() != null ? conversation.waitingSince() : conversation.createdAt(),
          Comparator.nullsLast(Comparator.naturalOrder()));

  private final PublishingStore store;
  private final RoutedConversations conversations;
  private final QueueStore queues;
  private final AgentStore agents;
  private final AgentLoads loads;
  private final Assignments assignments;
  private final HoldReconciler holds;
  private final ConversationRouting routing;
  private final QueueBoard board;
  private final RoutingSweep routingSweep;
  private final Clock clock;
  private Vertx vertx;
  private Context context;
  private boolean running;
  private boolean again;
  private boolean poolChanged = true;
  /** A write giving back freed holds is under way (one at a time). */
  private boolean releasing;
  /** Set by the timer: the next pass also looks at overflow, agents long offline and stale holds. */
  private volatile boolean sweepDue = true;
  /** Presence, an agent or a queue changed: the next pass reads agents and queues again (else it keeps them up to a second). */
  private volatile boolean agentsChanged = true;
  /** New conversations of this node, placed first thing in the next pass (the listener is the durable way; this, the fast one). */
  private final java.util.Queue<String> created = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** The arrivals the running pass took: handed to the next one if it fails (the listener leaves them to this router). */
  private volatile List<String> arrivalsInPass = List.of();
  /** A conversation whose agent's place may have freed, as the change that freed it left it. */
  private record Freed(Conversation conversation, String agentId) {
  }

  /** Places that may have freed, settled at once (and by the next pass, if still there). */
  private final java.util.Queue<Freed> freed = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /**
   * The ledger as the last passes read it, and the agents whose load may have changed since by something
   * else than this router's writes (a resolution, a person's assignment, a write of ours that lost):
   * a pass reads only those again, and everything on each sweep. A stale count costs at most a refused
   * hold (the ledger decides) or a place left empty until the next sweep.
   */
  private Map<String, AgentLoads.Load> knownLoads;
  private final Set<String> staleLoads = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private List<Queue> knownQueues = List.of();
  private Map<String, Agent> knownAgents = Map.of();
  private long sweepTimer = -1;
  private Instant lastHoldSweep = Instant.EPOCH;
  private volatile boolean stopped;
  /** Completed passes, for tests that wait for the router to have looked. */
  private volatile long passes;

  public QueueRouter(PublishingStore store, RoutedConversations conversations, QueueStore queues, AgentStore agents, AgentLoads loads,
      Assignments assignments, HoldReconciler holds, ConversationRouting routing, QueueBoard board, SystemLines lines, Clock clock,
      Duration reassignOffline) {
    this.board = board;
    this.store = store;
    this.conversations = conversations;
    this.queues = queues;
    this.agents = agents;
    this.loads = loads;
    this.assignments = assignments;
    this.holds = holds;
    this.routing = routing;
    this.routingSweep = new RoutingSweep(conversations, assignments, lines, reassignOffline);
    this.clock = clock;
  }

  /** Starts the loop on a context of its own: woken by this node's events and every second. */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    routing.leaveToLocalRouter();
    context.runOnContext(ignored -> {
      store.listen(EventAddresses.CONVERSATION_CREATED, event -> {
        // Placed by this pass, in the same write as its assignment; the listener's later look finds it placed.
        created.add(event.conversationId());
        wake();
      });
      store.listen(EventAddresses.CONVERSATION_UPDATED, event -> {
        if (event instanceof ConversationUpdated updated) {
          conversationUpdated(updated);
        }
      });
      store.listen(EventAddresses.PRESENCE, event -> agentsChanged());
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> {
        sweepDue = true;
        wake();
      });
      wake();
    });
  }

  /**
   * A place freed (resolved, closed, reassigned): its hold is given back at once, in a write of its own
   * (a pass may be long), and a pass fills it; the listener is the durable way. A conversation that now
   * waits (placed by the listener, given back) wakes a pass too. Other changes (this router's own
   * assignments, a message) need none: a pass for each was most of the router's store reads.
   */
  private void conversationUpdated(ConversationUpdated updated) {
    if (updated.onlyRead()) {
      return;
    }
    Conversation conversation = updated.conversation();
    boolean placeFreed = updated.previousAssigneeId() != null
        && (!conversation.active() || !updated.previousAssigneeId().equals(conversation.assigneeId()));
    if (placeFreed) {
      freed.add(new Freed(conversation, updated.previousAssigneeId()));
      staleLoads.add(updated.previousAssigneeId());
      giveBackFreed();
    }
    if (conversation.assigneeId() != null && !ConversationRouting.routersOwn(updated)) {
      // Someone else's change of an agent's load (a person's assignment, a reopening): read it again.
      staleLoads.add(conversation.assigneeId());
    }
    if (placeFreed || conversation.routing().waitingIn() != null && conversation.assigneeId() == null) {
      wake();
    }
  }

  public void stop() {
    stopped = true;
    if (vertx != null && sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
  }

  /**
   * Gives back the holds of freed conversations, all that arrived meanwhile in one write, one such write
   * at a time; then a pass runs. Settling races nothing: a hold is given back only if no conversation
   * carries it. On the router's context.
   */
  private void giveBackFreed() {
    if (releasing || stopped || freed.isEmpty()) {
      return;
    }
    releasing = true;
    List<Freed> places = new ArrayList<>();
    for (Freed place = freed.poll(); place != null; place = freed.poll()) {
      places.add(place);
    }
    // Not waited for: a hold a crash takes back is given back again by the sweep, and the pass that fills
    // the place commits this with its assignment.
    store.writeWithoutWaiting(() -> {
      places.forEach(place -> holds.settleConversation(place.conversation()));
      return null;
    }).onSuccess(ignored -> {
      // Given back now, by this write or by the listener before it: the loads the passes know are stale.
      places.forEach(place -> staleLoads.add(place.agentId()));
    }).onFailure(error -> {
      log.warn("Could not give back freed places at once (the listener will): {}", error.toString());
    }).onComplete(ignored -> {
      releasing = false;
      wake();
      giveBackFreed();
    });
  }

  /** Something may have freed or need an agent: a pass runs soon. Any thread. */
  public void wake() {
    if (context == null || stopped) {
      return;
    }
    context.runOnContext(ignored -> {
      if (running) {
        again = true;
      } else {
        pass();
      }
    });
  }

  /** The queues changed: the unassigned pool is looked at again (a new queue may take its channels). */
  public void queuesChanged() {
    poolChanged = true;
    agentsChanged();
  }

  /** An agent's presence, capacity, skills or queues changed: a pass runs soon with them as they are now. */
  public void agentsChanged() {
    agentsChanged = true;
    wake();
  }

  public long passes() {
    return passes;
  }

  private void pass() {
    running = true;
    again = false;
    boolean placePool = poolChanged;
    boolean sweep = sweepDue;
    boolean reread = agentsChanged || sweep;
    poolChanged = false;
    sweepDue = false;
    agentsChanged = false;
    arrivalsInPass = List.of();
    store.writeAndPublishDurableIfAny(() -> new Outcome<Void>(null, route(placePool, sweep, reread)))
        .onFailure(error -> {
          log.warn("A routing pass failed (the next one tries again): {}", error.toString());
          poolChanged |= placePool;
          sweepDue = true;
          created.addAll(arrivalsInPass);
        })
        .onComplete(ignored -> {
          passes++;
          running = false;
          if ((again || !created.isEmpty()) && !stopped) {
            pass();
          }
        });
  }

  /** Every part of a pass: what a test or a second node runs. Blocking, inside a store write. */
  List<HubEvent> route(boolean placePool) {
    return route(placePool, true, true);
  }

  /**
   * One pass; blocking, inside a store write. Agents and queues are read again when something about
   * them changed and on every sweep; loads and the waiting line on every pass, and only for queues
   * where someone waits, as far down the line as the members have room for.
   */
  private List<HubEvent> route(boolean placePool, boolean sweep, boolean reread) {
    Instant now = clock.instant();
    List<HubEvent> events = new ArrayList<>();
    if (reread) {
      knownQueues = queues.list();
      Map<String, Agent> byId = new LinkedHashMap<>();
      agents.list().stream().filter(Agent::active).forEach(agent -> byId.put(agent.id(), agent));
      knownAgents = byId;
    }
    for (Freed place = freed.poll(); place != null; place = freed.poll()) {
      holds.settleConversation(place.conversation());
      staleLoads.add(place.agentId());
    }
    Map<String, List<Conversation>> arriving = arriving(events);
    if (placePool) {
      for (Conversation pooled : conversations.pooled(FRONT)) {
        events.addAll(routing.reconsider(pooled.id()));
      }
    }
    if (sweep) {
      routingSweep.giveBackFromOffline(knownAgents.values(), knownQueues, now, events);
      for (Queue queue : knownQueues) {
        routingSweep.overflow(queue, knownQueues, now, events);
      }
      if (Duration.between(lastHoldSweep, now).compareTo(HOLD_SWEEP) >= 0) {
        lastHoldSweep = now;
        int released = holds.sweep(now.minus(HOLD_SWEEP));
        if (released > 0) {
          log.info("Gave back {} holds on agents' capacity that backed no assignment", released);
        }
        // Arrivals a stopped node had in hand (or this one, before a restart): placed like any other.
        for (Conversation unplaced : conversations.unplaced(now.minus(HOLD_SWEEP), FRONT)) {
          events.addAll(routing.reconsider(unplaced.id()));
        }
      }
    }
    Map<String, AgentLoads.Load> load = null;
    List<java.util.concurrent.Callable<List<HubEvent>>> toWait = new ArrayList<>();
    for (Queue queue : knownQueues) {
      List<Conversation> newHere = arriving.getOrDefault(queue.id(), List.of());
      List<Agent> members = queue.agentIds().stream().map(knownAgents::get)
          .filter(agent -> agent != null && agent.online()).toList();
      Set<String> given = Set.of();
      if (queue.strategy() != Queue.Strategy.MANUAL && !members.isEmpty()) {
        // Room first, from the loads this router knows (only those that changed are read again): with
        // none, the line is not read at all, which is most passes while a backlog waits.
        if (load == null) {
          load = loadsNow(reread);
        }
        Map<String, AgentLoads.Load> held = load;
        int room = members.stream().mapToInt(agent -> agent.capacity().keySet().stream()
            .mapToInt(type -> Math.max(0, MemberChoice.room(agent, held, type))).sum()).sum();
        if (room > 0) {
          // Twice the room and a little: enough to pass over a few the free members cannot take (type, skills).
          List<Conversation> line = new ArrayList<>(conversations.waiting(queue.id(), Math.min(FRONT, 2 * room + 10)));
          line.addAll(newHere);
          line.sort(WAITING_ORDER);
          given = assignWaiting(queue, members, line, load, now, events);
        }
      }
      // The new ones not given (nobody could take them, or their assignment lost a race) wait in the
      // line; one that changed since it was read is read again by the next pass.
      for (Conversation conversation : newHere) {
        if (!given.contains(conversation.id())) {
          toWait.add(() -> routing.placeIn(conversation, queue).orElseGet(() -> {
            created.add(conversation.id());
            return List.of();
          }));
        }
      }
    }
    events.addAll(ParallelWrites.run(toWait));
    return events;
  }

  /**
   * Plans who gets what in memory (waiting order, eligibility, the strategy's pick, each pick counted at
   * once), then writes the assignments several at a time: each is a few store round trips, and the
   * ledger and the conversation's version keep concurrent writes correct as they keep two routers'.
   *
   * @return the conversations given out (a planned one whose write lost a race is not)
   */
  private Set<String> assignWaiting(Queue queue, List<Agent> members, List<Conversation> waiting, Map<String, AgentLoads.Load> load,
      Instant now, List<HubEvent> events) {
    Set<String> given = java.util.concurrent.ConcurrentHashMap.newKeySet();
    String lastTurn = queue.lastAssignedTo();
    String reason = queue.strategy() == Queue.Strategy.ROUND_ROBIN ? Decision.ROUND_ROBIN : Decision.LEAST_LOADED;
    Decision decision = Decision.of(reason, queue.id());
    List<java.util.concurrent.Callable<List<HubEvent>>> writes = new ArrayList<>();
    for (Conversation conversation : waiting) {
      if (conversation.status() != ConversationStatus.OPEN || conversation.assigneeId() != null || conversation.botId() != null) {
        continue; // its listener takes it out of the line
      }
      String type = conversation.capacityType();
      Set<String> needed = new HashSet<>(queue.skills());
      needed.addAll(conversation.routing().requiredSkills());
      List<Agent> eligible = members.stream()
          .filter(agent -> agent.skills().containsAll(needed) && MemberChoice.room(agent, load, type) > 0).toList();
      if (eligible.isEmpty()) {
        continue; // another conversation further back may need a type or skills someone has room for
      }
      Agent chosen = queue.strategy() == Queue.Strategy.ROUND_ROBIN ? MemberChoice.nextInTurn(queue, eligible, lastTurn)
          : MemberChoice.leastLoaded(eligible, load, type);
      load.put(chosen.id(), MemberChoice.counted(load.get(chosen.id()), chosen.id(), type, now));
      lastTurn = chosen.id();
      String line = "Assigned to " + chosen.name() + " (" + decision.words() + ", " + queue.name() + ")";
      writes.add(() -> {
        if (assignments.assign(conversation, chosen, Capacities.of(chosen, type), decision, line, SystemLines.HUB)
            instanceof Assignments.Done done) {
          given.add(conversation.id());
          return done.events();
        }
        staleLoads.add(chosen.id()); // counted in this pass's plan, but not given: read its load again
        return List.<HubEvent>of();
      });
    }
    List<HubEvent> written = ParallelWrites.run(writes);
    events.addAll(written);
    board.countAssigned(queue.id(), (int) written.stream().filter(event -> event instanceof ConversationUpdated).count(), now);
    if (queue.strategy() == Queue.Strategy.ROUND_ROBIN && !writes.isEmpty()) {
      queues.assignedTo(queue.id(), lastTurn);
    }
    return given;
  }

  /** The online agents' loads: all of them read again on a sweep (or when agents changed), else only those that went stale. */
  private Map<String, AgentLoads.Load> loadsNow(boolean everything) {
    List<String> online = knownAgents.values().stream().filter(Agent::online).map(Agent::id).toList();
    if (everything || knownLoads == null) {
      staleLoads.clear();
      knownLoads = new LinkedHashMap<>(loads.of(online));
      return knownLoads;
    }
    List<String> stale = new ArrayList<>();
    for (String agentId : online) {
      if (staleLoads.remove(agentId) || !knownLoads.containsKey(agentId)) {
        stale.add(agentId);
      }
    }
    if (!stale.isEmpty()) {
      knownLoads.putAll(loads.of(stale));
    }
    return knownLoads;
  }

  /**
   * This node's new conversations, read in one query, by the queue they go to; those no queue takes
   * go to the pool now (through the listener's own path).
   */
  private Map<String, List<Conversation>> arriving(List<HubEvent> events) {
    List<String> ids = new ArrayList<>();
    for (String id = created.poll(); id != null; id = created.poll()) {
      ids.add(id);
    }
    arrivalsInPass = ids;
    Map<String, List<Conversation>> byQueue = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return byQueue;
    }
    List<java.util.concurrent.Callable<List<HubEvent>>> pooled = new ArrayList<>();
    for (Conversation conversation : conversations.findAll(ids)) {
      if (!ConversationRouting.needsPlacement(conversation)) {
        continue; // a bot's, or already placed: the listener looks after it
      }
      Optional<Queue> queue = Placement.choose(conversation, knownQueues);
      if (queue.isPresent()) {
        byQueue.computeIfAbsent(queue.get().id(), id -> new ArrayList<>()).add(conversation);
      } else {
        pooled.add(() -> routing.reconsider(conversation.id()));
      }
    }
    events.addAll(ParallelWrites.run(pooled));
    return byQueue;
  }


}
