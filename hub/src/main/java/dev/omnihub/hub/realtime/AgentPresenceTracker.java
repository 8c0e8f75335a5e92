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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence from agents' sockets and what they say: while at least one socket of the agent is open
 * (several tabs count once) they are what they chose ({@code online} unless they said {@code away} or
 * {@code offline}); with none, or one that stopped pinging, they are offline whatever they said. Each change is stored on the agent and published as a
 * {@code presence} event; the writes of one agent run one after the other, each writing what the
 * socket count says at that moment, so a quick reconnect never ends offline.
 *
 * <p>Counts are per node; a cluster will need them in the store (clustering is not built yet).
 */
public final class AgentPresenceTracker {

  private final PublishingStore store;
  private final AgentStore agents;
  private final Clock clock;
  private final Map<String, Integer> sockets = new ConcurrentHashMap<>();
  private final Map<String, Future<Void>> pending = new ConcurrentHashMap<>();

  public AgentPresenceTracker(PublishingStore store, AgentStore agents, Clock clock) {
    this.store = store;
    this.agents = agents;
    this.clock = clock;
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
    pending.compute(agentId, (id, previous) -> (previous == null ? Future.<Void>succeededFuture() : previous)
        .eventually(() -> store.writeAndPublish(() -> write(agentId)).mapEmpty()));
  }

  private Outcome<Void> write(String agentId) {
    Agent agent = agents.find(agentId).orElse(null);
    if (agent == null) {
      return Outcome.of(null);
    }
    boolean connected = sockets.containsKey(agentId);
    String status = connected ? agent.presenceChosen() : "offline";
    if (status.equals(agent.presence())) {
      return Outcome.of(null);
    }
    agents.setPresence(agentId, status, clock.instant());
    return new Outcome<>(null, List.of(new AgentPresence(agentId, status, clock.instant())));
  }

  /**
   * The agent (or a supervisor for them) says what they are; it shows while a socket of theirs is
   * open on this node, else they stay offline. Written after this agent's earlier presence writes.
   */
  public Future<Agent> choose(String agentId, String chosen) {
    Promise<Agent> chose = Promise.promise();
    pending.compute(agentId, (id, previous) -> (previous == null ? Future.<Void>succeededFuture() : previous)
        .eventually(() -> store.writeAndPublish(() -> {
          agents.require(agentId);
          agents.choosePresence(agentId, chosen);
          Outcome<Void> written = write(agentId);
          return new Outcome<>(agents.require(agentId), written.events());
        }).onComplete(chose).mapEmpty()));
    return chose.future();
  }
}
