package dev.omnihub.hub.events;

/**
 * Every event-bus address the hub uses: each carries one event type to the services that listen to
 * it. Sockets follow the event log instead.
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
  public static final String QUEUE_STATS = "omnihub.queue.stats";
  public static final String TICKET_CHANGED = "omnihub.ticket.changed";
  public static final String SLA_ALARM = "omnihub.sla.alarm";
  public static final String CSAT_RECEIVED = "omnihub.csat.received";

  /** A channel was created or changed (payload: its id); adapters reload their listeners. */
  public static final String CHANNELS_CHANGED = "omnihub.channels.changed";

  private EventAddresses() {
  }
}
