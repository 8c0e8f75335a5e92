package dev.omnihub.hub.events;

/**
 * Every event-bus address the hub uses. Typed addresses carry one event type to services (outbox,
 * bots, automation); fan-out addresses carry everything about one thing to sockets allowed to see it.
 */
public final class EventAddresses {

  public static final String MESSAGE_CREATED = "omnihub.message.created";
  public static final String MESSAGE_UPDATED = "omnihub.message.updated";
  public static final String CONVERSATION_CREATED = "omnihub.conversation.created";
  public static final String CONVERSATION_UPDATED = "omnihub.conversation.updated";
  public static final String CUSTOMER_MERGED = "omnihub.customer.merged";
  public static final String CALL_ACTIVITY = "omnihub.call.activity";
  public static final String CONVERSATION_SIGNAL = "omnihub.conversation.signal";
  public static final String PRESENCE = "omnihub.presence";
  public static final String CUSTOMER_CHANGED = "omnihub.customer.changed";
  public static final String MERGE_SUGGESTED = "omnihub.customer.merge-suggested";
  public static final String ALERT_RAISED = "omnihub.alert.raised";

  /** A channel was created or changed (payload: its id); adapters reload their listeners. */
  public static final String CHANNELS_CHANGED = "omnihub.channels.changed";

  /** Every event that supervisors may see. */
  public static final String SUPERVISOR = "supervisor";

  private EventAddresses() {
  }

  /** Everything that happens in one conversation. */
  public static String conversation(String conversationId) {
    return "conversation." + conversationId;
  }

  /** Everything about conversations assigned to one agent. */
  public static String agent(String agentId) {
    return "agent." + agentId;
  }

  /** Everything about conversations waiting in one queue. */
  public static String queue(String queueId) {
    return "queue." + queueId;
  }
}
