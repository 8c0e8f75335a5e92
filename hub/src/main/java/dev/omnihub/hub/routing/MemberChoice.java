package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.Agent;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a queue's strategy picks among eligible members, on the loads a pass read (and counts as it plans). */
final class MemberChoice {

  private MemberChoice() {
  }

  /** Places the agent has left for the channel type. */
  static int room(Agent agent, Map<String, AgentLoads.Load> load, String type) {
    AgentLoads.Load held = load.get(agent.id());
    return Capacities.of(agent, type) - (held == null ? 0 : held.count(type));
  }

  /** The fewest conversations of the type; ties: the one whose last assignment is oldest (never assigned first). */
  static Agent leastLoaded(List<Agent> eligible, Map<String, AgentLoads.Load> load, String type) {
    Comparator<Agent> byLoad = Comparator.comparingInt(agent -> held(load, agent).count(type));
    Comparator<Agent> byLastAssigned = Comparator.comparing(agent -> held(load, agent).lastAssignedAt(),
        Comparator.nullsFirst(Comparator.naturalOrder()));
    return eligible.stream().min(byLoad.thenComparing(byLastAssigned).thenComparing(Agent::id)).orElseThrow();
  }

  private static AgentLoads.Load held(Map<String, AgentLoads.Load> load, Agent agent) {
    return load.getOrDefault(agent.id(), AgentLoads.Load.empty(agent.id()));
  }

  /** The first eligible member after the one who had the last turn, in the queue's member order. */
  static Agent nextInTurn(Queue queue, List<Agent> eligible, String lastTurn) {
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

  /** The load with one more conversation of the type, as a pass counts its plan before writing it. */
  static AgentLoads.Load counted(AgentLoads.Load before, String agentId, String type, Instant at) {
    AgentLoads.Load load = before == null ? AgentLoads.Load.empty(agentId) : before;
    Map<String, Integer> counts = new LinkedHashMap<>(load.counts());
    counts.merge(type, 1, Integer::sum);
    return new AgentLoads.Load(agentId, counts, load.holds(), at);
  }
}
