package dev.omnihub.hub.realtime;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.events.AgentPresence;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence from agents' sockets and what they say: while at least one socket of the agent is open
 * (several tabs count once) they are what they chose ({@code online} unless they said {@code away} or
 * {@code offline}); with none, or one that stopped pinging, they are offline whatever they said. Each change is stored on the agent and published as a
 * {@code presence} event; the writes of one agent run one after the other, each writing what the
 * socket count says at that moment, so a quick reconnect never ends offline.
 *
 * <p>Across nodes the store decides: each agent's document lists the nodes holding a socket of theirs
 * ({@link AgentStore#markSockets}), and what shows is written only if nothing changed that list or
 * their choice since it was read (a version compare-and-set; a loser reads again), so two nodes
 * closing and opening sockets at once cannot leave an agent offline with a socket open. A node that
 * dies is taken off every agent's list by the nodes that see it leave ({@link #nodeLeft}), and a
 * node takes itself off at start: sockets do not survive a restart.
 */
public final class AgentPresenceTracker {

  private final PublishingStore store;
  private final AgentStore agents;
  private final Clock clock;
  private final Map<String, Integer> sockets = new ConcurrentHashMap<>();
  private final Map<String, Future<Void>> pending = new ConcurrentHashMap<>();
  private final String node;

  /** @param node this node's name ({@code NODE_ID}), in the agents' lists of nodes holding their sockets */
  public AgentPresenceTracker(PublishingStore store, AgentStore agents, Clock clock, String node) {
    this.store = store;
    this.agents = agents;
    this.clock = clock;
    this.node = node;
  }

  /**
   * A node is gone (crashed, or left): its sockets are, so every agent it held is taken off it and
   * shown offline if no other node holds them. Call for this node itself at start.
   */
  public Future<Void> nodeLeft(String gone) {
    return store.read(() -> agents.heldBy(gone)).compose(held -> Future.all(held.stream()
        .map(agentId -> after(agentId, () -> store.writeAndPublish(() -> settle(agents.markSockets(agentId, gone, false)))))
        .toList()).mapEmpty());
  }

  void opened(String agentId) {
    sockets.merge(agentId, 1, Integer::sum);
    sync(agentId);
  }

  void closed(String agentId) {
    sockets.computeIfPresent(agentId, (id, count) -> count <= 1 ? null : count - 1);
    sync(agentId);
  }

  /** Whether the agent has a socket open on this node. */
  public boolean connected(String agentId) {
    return sockets.containsKey(agentId);
  }

  private void sync(String agentId) {
    after(agentId, () -> store.writeAndPublish(() -> write(agentId)));
  }

  /** Runs one of this agent's presence writes after the ones before it. */
  private <T> Future<T> after(String agentId, java.util.function.Supplier<Future<T>> write) {
    Promise<T> done = Promise.promise();
    pending.compute(agentId, (id, previous) -> (previous == null ? Future.<Void>succeededFuture() : previous)
        .eventually(() -> write.get().onComplete(done).mapEmpty()));
    return done.future();
  }

  private Outcome<Void> write(String agentId) {
    // What the socket count says at this moment, written after this agent's earlier writes.
    return settle(agents.markSockets(agentId, node, sockets.containsKey(agentId)));
  }

  /** Shows what the agent's state deserves, unless another node changed it meanwhile (then reads it again). */
  private Outcome<Void> settle(Optional<AgentStore.PresenceState> read) {
    Optional<AgentStore.PresenceState> state = read;
    for (int attempt = 0; state.isPresent() && attempt < MAX_ATTEMPTS; attempt++) {
      AgentStore.PresenceState current = state.get();
      String status = current.deserved();
      if (status.equals(current.presence())) {
        return Outcome.of(null);
      }
      if (agents.setPresenceIf(current.id(), current.version(), status, clock.instant())) {
        return new Outcome<>(null, List.of(new AgentPresence(current.id(), status, clock.instant())));
      }
      state = agents.presenceState(current.id());
    }
    return Outcome.of(null);
  }

  /** Compare-and-set rounds before giving up: each lost round means another writer wrote a newer state. */
  private static final int MAX_ATTEMPTS = 20;

  /**
   * The agent (or a supervisor for them) says what they are; it shows while a socket of theirs is
   * open on any node, else they stay offline. Written after this agent's earlier presence writes.
   */
  public Future<Agent> choose(String agentId, String chosen) {
    return after(agentId, () -> store.writeAndPublish(() -> {
      agents.require(agentId);
      agents.choosePresence(agentId, chosen);
      Outcome<Void> written = settle(agents.presenceState(agentId));
      return new Outcome<>(agents.require(agentId), written.events());
    }));
  }
}
