package dev.omnihub.hub.events;

/**
 * Whose streams an event belongs to: the conversation it concerns, the agent it is assigned to (and
 * the one it left), its queue, and whether it is in the shared pool of unassigned conversations or
 * just left it (every agent watching the pool must learn that). Sockets decide from this alone
 * whether an agent sees the event, without reading its payload.
 *
 * @param conversationId {@code null} for an event about no conversation (a profile, a presence)
 */
public record Audience(String conversationId, String assigneeId, String queueId, String previousAssigneeId, boolean pooled) {

  /** An event about no conversation. */
  public static final Audience UNSCOPED = new Audience(null, null, null, null, false);
  /**
   * Supervisors' own events (alerts): scoped to no agent and out of the pool, so only those who see
   * everything see them; the scope is stored with the event, so a replay keeps it.
   */
  public static final Audience SUPERVISORS = new Audience("supervisors", null, null, null, false);

  public static Audience of(HubEvent event) {
    if (event instanceof SupervisorsEvent) {
      return SUPERVISORS;
    }
    if (event instanceof CallIncoming call) {
      // Scoped even without a conversation: for the agent the call is routed to, else the whole pool.
      String scope = call.conversationId() != null ? call.conversationId() : "call:" + call.callId();
      return new Audience(scope, call.targetAgentId(), null, null, call.targetAgentId() == null);
    }
    if (event instanceof SlaAlarmRaised || event instanceof CsatReceived) {
      // Supervisors and the conversation's own agent; never the pool.
      return new Audience(event.conversationId(), event.assigneeId(), event.queueId(), null, false);
    }
    if (event instanceof ConversationUpdated updated) {
      // previousAssigneeId is the assignee before the change: null means it was unassigned.
      return new Audience(event.conversationId(), event.assigneeId(), event.queueId(), updated.previousAssigneeId(),
          event.assigneeId() == null || updated.previousAssigneeId() == null);
    }
    return of(event.conversationId(), event.assigneeId(), event.queueId());
  }

  /** A conversation's audience as it is assigned now. */
  public static Audience of(String conversationId, String assigneeId, String queueId) {
    return new Audience(conversationId, assigneeId, queueId, null, assigneeId == null);
  }

  /** Whether it concerns a conversation. */
  public boolean scoped() {
    return conversationId != null;
  }

  /** Whether the conversation is (or, for a reassignment, was) this agent's. */
  public boolean concerns(String agentId) {
    return agentId.equals(assigneeId) || agentId.equals(previousAssigneeId);
  }
}
