package dev.omnihub.hub.realtime;

import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.Audience;

/**
 * Which events one agent's socket shows. Supervisors and admins see everything. An agent sees the
 * conversations assigned to them (and a reassignment that took one away), the unassigned ones (the
 * shared pool, until routing places every conversation in a queue with members) and their leaving
 * it, and everything about no conversation in particular (profiles, presence). A replay from the
 * store shows a message by its conversation's assignment now, not when it arrived (a message does
 * not record it). The REST API still lets an agent open
 * any conversation; this is about what is pushed, so that two hundred agents do not each receive
 * every event of the node.
 */
record AgentStreams(String agentId, boolean seesAll) {

  static AgentStreams of(Principal agent) {
    return new AgentStreams(agent.id(), agent.has(Role.SUPERVISOR));
  }

  boolean sees(Audience audience) {
    return seesAll || !audience.scoped() || audience.pooled() || audience.concerns(agentId);
  }
}
