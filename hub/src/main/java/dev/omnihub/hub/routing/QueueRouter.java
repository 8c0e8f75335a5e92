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
 * The loop that gives waiting conversations to agents. A pass reads the queues, the agents and their
 * loads, then, queue by queue, offers each waiting conversation (priority, then longest wait) to the
 * eligible members (online, every skill the queue and the conversation need, room for its channel
 * type) and assigns it to the one the queue's strategy picks, through {@link Assignments}: the store
 * decides who wins, so a pass that read something stale only loses a race. The same pass moves
 * conversations that waited past their queue's overflow, gives back the waiting chats of agents long
 * offline, and every ten seconds gives back holds that back nothing.
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
  private static final int FRONT = 500;
  private static final Set<String> STAYS_WITH_OFFLINE_AGENT = Set.of("email");
  /** The waiting order: priority, then since when the customer has waited. */
  private static final Comparator<Conversation> WAITING_ORDER = Comparator
      .comparingInt((Conversation conversation) -> conversation.routing().waitingIn() != null ? conversation.routing().rank()
          : dev.omnihub.hub.conversation.Routing.rank(conversation.priority()))
      .thenComparing(conversation -> conversation.routing().queuedAt() != null ? conversation.routing().queuedAt()
          : conversation.waitingSince() != null ? conversation.waitingSince() : conversation.createdAt(),
          Comparator.nullsLast(Comparator.naturalOrder()));
  /** Routing writes a pass runs at once: each is a few store round trips, which is what a pass waits on. */
  private static final int PARALLEL = 8;

  private final PublishingStore store;
  private final RoutedConversations conversations;
  private final QueueStore queues;
  private final AgentStore agents;
  private final AgentLoads loads;
  private final Assignments assignments;
  private final HoldReconciler holds;
  private final ConversationRouting routing;
  private final QueueBoard board;
  private final SystemLines lines;
  private final Clock clock;
  private final Duration reassignOffline;
  private Vertx vertx;
  private Context context;
  private boolean running;
  private boolean again;
  private boolean poolChanged = true;
  /** Set by the timer: the next pass also looks at overflow, agents long offline and stale holds. */
  private volatile boolean sweepDue = true;
  /** Presence, an agent or a queue changed: the next pass reads agents and queues again (else it keeps them up to a second). */
  private volatile boolean agentsChanged = true;
  /** New conversations of this node, placed first thing in the next pass (the listener is the durable way; this, the fast one). */
  private final java.util.Queue<String> created = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Conversations whose agent's place may have freed, settled first thing in the next pass. */
  private final java.util.Queue<String> freed = new java.util.concurrent.ConcurrentLinkedQueue<>();
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
    this.lines = lines;
    this.clock = clock;
    this.reassignOffline = reassignOffline;
  }

  /** Starts the loop on a context of its own: woken by this node's events and every second. */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    context.runOnContext(ignored -> {
      store.listen(EventAddresses.CONVERSATION_CREATED, event -> {
        // Placed by this pass, in the same write as its assignment; the listener's later look finds it placed.
        created.add(event.conversationId());
        wake();
      });
      store.listen(EventAddresses.CONVERSATION_UPDATED, event -> {
        // A place freed (resolved, closed, reassigned): its hold is given back at the start of the next
        // pass, which can then fill it, instead of waiting for the listener to have done so.
        if (event instanceof ConversationUpdated updated && updated.previousAssigneeId() != null
            && (!updated.conversation().active() || !updated.previousAssigneeId().equals(updated.conversation().assigneeId()))) {
          freed.add(updated.conversationId());
          staleLoads.add(updated.previousAssigneeId());
        }
        if (event instanceof ConversationUpdated updated && updated.conversation().assigneeId() != null) {
          staleLoads.add(updated.conversation().assigneeId());
        }
        wake();
      });
      store.listen(EventAddresses.PRESENCE, event -> agentsChanged());
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> {
        sweepDue = true;
        wake();
      });
      wake();
    });
  }

  public void stop() {
    stopped = true;
    if (vertx != null && sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
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
    store.writeAndPublish(() -> new Outcome<Void>(null, route(placePool, sweep, reread)))
        .onFailure(error -> {
          log.warn("A routing pass failed (the next one tries again): {}", error.toString());
          poolChanged |= placePool;
          sweepDue = true;
        })
        .onComplete(ignored -> {
          passes++;
          running = false;
          if (again && !stopped) {
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
    for (String conversationId = freed.poll(); conversationId != null; conversationId = freed.poll()) {
      holds.settleConversation(conversationId);
    }
    Map<String, List<Conversation>> arriving = arriving(events);
    if (placePool) {
      for (Conversation pooled : conversations.pooled(FRONT)) {
        events.addAll(routing.reconsider(pooled.id()));
      }
    }
    if (sweep) {
      giveBackFromOffline(knownAgents.values(), knownQueues, now, events);
      for (Queue queue : knownQueues) {
        overflow(queue, knownQueues, now, events);
      }
      if (Duration.between(lastHoldSweep, now).compareTo(HOLD_SWEEP) >= 0) {
        lastHoldSweep = now;
        int released = holds.sweep(now.minus(HOLD_SWEEP));
        if (released > 0) {
          log.info("Gave back {} holds on agents' capacity that backed no assignment", released);
        }
      }
    }
    Map<String, AgentLoads.Load> load = null;
    List<java.util.concurrent.Callable<List<HubEvent>>> toWait = new ArrayList<>();
    for (Queue queue : knownQueues) {
      List<Conversation> newHere = arriving.getOrDefault(queue.id(), List.of());
      List<Agent> members = queue.agentIds().stream().map(knownAgents::get)
          .filter(agent -> agent != null && "online".equals(agent.presence())).toList();
      Set<String> given = Set.of();
      if (queue.strategy() != Queue.Strategy.MANUAL && !members.isEmpty()
          && (!newHere.isEmpty() || !conversations.waiting(queue.id(), 1).isEmpty())) {
        if (load == null) {
          load = loadsNow(reread);
        }
        Map<String, AgentLoads.Load> held = load;
        int room = members.stream().mapToInt(agent -> agent.capacity().keySet().stream()
            .mapToInt(type -> Math.max(0, room(agent, held, type))).sum()).sum();
        if (room > 0) {
          // Twice the room and a little: enough to pass over a few the free members cannot take (type, skills).
          List<Conversation> line = new ArrayList<>(conversations.waiting(queue.id(), Math.min(FRONT, 2 * room + 10)));
          line.addAll(newHere);
          line.sort(WAITING_ORDER);
          given = assignWaiting(queue, members, line, load, now, events);
        }
      }
      // The new ones nobody could take wait in the line (one the write missed is placed by the listener).
      for (Conversation conversation : newHere) {
        if (!given.contains(conversation.id())) {
          toWait.add(() -> routing.placeIn(conversation, queue).orElse(List.of()));
        }
      }
    }
    events.addAll(inParallel(toWait));
    return events;
  }

  /**
   * Plans who gets what in memory (waiting order, eligibility, the strategy's pick, each pick counted at
   * once), then writes the assignments several at a time: each is a few store round trips, and the
   * ledger and the conversation's version keep concurrent writes correct as they keep two routers'.
   */
  private Set<String> assignWaiting(Queue queue, List<Agent> members, List<Conversation> waiting, Map<String, AgentLoads.Load> load,
      Instant now, List<HubEvent> events) {
    Set<String> planned = new HashSet<>();
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
          .filter(agent -> agent.skills().containsAll(needed) && room(agent, load, type) > 0).toList();
      if (eligible.isEmpty()) {
        continue; // another conversation further back may need a type or skills someone has room for
      }
      Agent chosen = queue.strategy() == Queue.Strategy.ROUND_ROBIN ? nextInTurn(queue, eligible, lastTurn)
          : leastLoaded(eligible, load, type);
      load.put(chosen.id(), counted(load.get(chosen.id()), chosen.id(), type, now));
      lastTurn = chosen.id();
      planned.add(conversation.id());
      String line = "Assigned to " + chosen.name() + " (" + decision.words() + ", " + queue.name() + ")";
      writes.add(() -> {
        if (assignments.assign(conversation, chosen, Capacities.of(chosen, type), decision, line, SystemLines.HUB)
            instanceof Assignments.Done done) {
          return done.events();
        }
        staleLoads.add(chosen.id()); // counted in this pass's plan, but not given: read its load again
        return List.<HubEvent>of();
      });
    }
    List<HubEvent> written = inParallel(writes);
    events.addAll(written);
    board.countAssigned(queue.id(), (int) written.stream().filter(event -> event instanceof ConversationUpdated).count(), now);
    if (queue.strategy() == Queue.Strategy.ROUND_ROBIN && !writes.isEmpty()) {
      queues.assignedTo(queue.id(), lastTurn);
    }
    return planned;
  }

  /** The online agents' loads: all of them read again on a sweep (or when agents changed), else only those that went stale. */
  private Map<String, AgentLoads.Load> loadsNow(boolean everything) {
    List<String> online = knownAgents.values().stream().filter(agent -> "online".equals(agent.presence())).map(Agent::id).toList();
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
    events.addAll(inParallel(pooled));
    return byQueue;
  }

  /**
   * Runs the writes {@value #PARALLEL} at a time and returns their events in the order of the writes.
   * One that fails is left for the next pass (logged), so it cannot cost the others their events.
   */
  private static List<HubEvent> inParallel(List<java.util.concurrent.Callable<List<HubEvent>>> writes) {
    if (writes.isEmpty()) {
      return List.of();
    }
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL);
    List<java.util.concurrent.Future<List<HubEvent>>> running = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (var write : writes) {
        slots.acquireUninterruptibly();
        running.add(threads.submit(() -> {
          try {
            return write.call();
          } finally {
            slots.release();
          }
        }));
      }
    }
    List<HubEvent> events = new ArrayList<>();
    for (var result : running) {
      try {
        events.addAll(result.get());
      } catch (java.util.concurrent.ExecutionException e) {
        log.warn("A routing write failed (the next pass tries again): {}", e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return events;
  }

  private static int room(Agent agent, Map<String, AgentLoads.Load> load, String type) {
    AgentLoads.Load held = load.get(agent.id());
    return Capacities.of(agent, type) - (held == null ? 0 : held.count(type));
  }

  /** The fewest conversations of the type; ties: the one whose last assignment is oldest (never assigned first). */
  private static Agent leastLoaded(List<Agent> eligible, Map<String, AgentLoads.Load> load, String type) {
    Comparator<Agent> byLoad = Comparator.comparingInt(agent -> held(load, agent).count(type));
    Comparator<Agent> byLastAssigned = Comparator.comparing(agent -> held(load, agent).lastAssignedAt(),
        Comparator.nullsFirst(Comparator.naturalOrder()));
    return eligible.stream().min(byLoad.thenComparing(byLastAssigned).thenComparing(Agent::id)).orElseThrow();
  }

  private static AgentLoads.Load held(Map<String, AgentLoads.Load> load, Agent agent) {
    return load.getOrDefault(agent.id(), AgentLoads.Load.empty(agent.id()));
  }

  /** The first eligible member after the one who had the last turn, in the queue's member order. */
  private static Agent nextInTurn(Queue queue, List<Agent> eligible, String lastTurn) {
    List<String> order = queue.agentIds();
    int start = lastTurn == null ? -1 : order.indexOf(lastTurn);
    for (int step = 1; step <= order.size(); step++) {
      String candidate = order.get(Math.floorMod(start + step, order.size()));
      Optional<Agent> found = eligible.stream().filter(agent -> agent.id().equals(candidate)).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
    }
    return eligible.get(0);
  }

  private static AgentLoads.Load counted(AgentLoads.Load before, String agentId, String type, Instant at) {
    AgentLoads.Load load = before == null ? AgentLoads.Load.empty(agentId) : before;
    Map<String, Integer> counts = new LinkedHashMap<>(load.counts());
    counts.merge(type, 1, Integer::sum);
    return new AgentLoads.Load(agentId, counts, load.holds(), at);
  }

  /** Moves conversations at the front of the line that waited past the queue's overflow time (on the sweep, every second). */
  private void overflow(Queue queue, List<Queue> all, Instant now, List<HubEvent> events) {
    Optional<Queue> target = queue.overflowAfter() == null ? Optional.empty()
        : all.stream().filter(other -> other.id().equals(queue.overflowQueueId()) && !other.id().equals(queue.id())).findFirst();
    if (target.isEmpty()) {
      return;
    }
    Instant due = now.minus(queue.overflowAfter());
    for (Conversation conversation : conversations.waiting(queue.id(), FRONT)) {
      Instant since = conversation.routing().queuedAt();
      if (conversation.routing().overflowed() || since == null || since.isAfter(due)) {
        continue;
      }
      conversations.overflow(conversation, target.get().id(), now).ifPresent(after -> {
        events.add(new ConversationUpdated(after, List.of("queue"), null));
        events.addAll(lines.write(after, "Waited more than " + human(queue.overflowAfter()) + " in " + queue.name() + ": moved to "
            + target.get().name() + " (overflow)", SystemLines.HUB).events());
      });
    }
  }

  /** An agent offline for the set time gives back their open chats (not emails) whose customer waits for an answer. */
  private void giveBackFromOffline(java.util.Collection<Agent> all, List<Queue> queueList, Instant now, List<HubEvent> events) {
    Instant longAgo = now.minus(reassignOffline);
    for (Agent agent : all) {
      if (!"offline".equals(agent.presence()) || agent.presenceSince() == null || agent.presenceSince().isAfter(longAgo)) {
        continue;
      }
      for (Conversation conversation : conversations.awaitingAnswerFrom(agent.id())) {
        if (STAYS_WITH_OFFLINE_AGENT.contains(conversation.capacityType())) {
          continue;
        }
        Optional<Queue> queue = Placement.choose(conversation, queueList);
        String queueId = queue.map(Queue::id).orElse(null);
        Assignments.Result result = assignments.unassign(conversation, queueId, conversation.waitingSince(),
            Decision.of(Decision.OFFLINE, queueId), agent.name() + " has been offline for " + human(reassignOffline) + ": back to "
                + queue.map(q -> "queue " + q.name()).orElse("the unassigned pool"), SystemLines.HUB);
        if (result instanceof Assignments.Done done) {
          events.addAll(done.events());
        }
      }
    }
  }

  private static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }
}
