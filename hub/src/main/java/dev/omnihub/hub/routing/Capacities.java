package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;

/** How many open conversations of a channel type an agent takes at once. */
final class Capacities {

  /** For a channel type no agent has a capacity for (a custom channel's), unless set. */
  static final int OTHER_TYPES = 5;

  private Capacities() {
  }

  static int of(Agent agent, String type) {
    Integer own = agent.capacity().get(type);
    return own != null ? own : AgentStore.DEFAULT_CAPACITY.getOrDefault(type, OTHER_TYPES);
  }
}
