package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A ticket was created ({@code ticket.created}) or changed ({@code ticket.updated}): for whoever sees
 * its conversation (its assignee, supervisors; while nobody has it, the agents watching the pool), with
 * the ticket as the API shows it. Logged with its own JSON.
 *
 * @param assigneeId the conversation's agent, for fan-out
 * @param queueId    the conversation's queue, for fan-out
 * @param clocksOnly only its SLA due times moved (a message met or started a clock): shown on desks, not a
 *                   change of the ticket that automation rules run on
 */
public record TicketChanged(String type, JsonObject ticket, String assigneeId, String queueId, boolean clocksOnly) implements HubEvent {

  public static final String CREATED = "ticket.created";
  public static final String UPDATED = "ticket.updated";
  public static final Set<String> TYPES = Set.of(CREATED, UPDATED);

  public TicketChanged(String type, JsonObject ticket, String assigneeId, String queueId) {
    this(type, ticket, assigneeId, queueId, false);
  }

  public TicketChanged {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("not a ticket event: " + type);
    }
  }

  @Override
  public String address() {
    return EventAddresses.TICKET_CHANGED;
  }

  @Override
  public String conversationId() {
    return ticket.getString("conversationId");
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("ticket", ticket).put("assigneeId", assigneeId).put("queueId", queueId);
    return clocksOnly ? json.put("clocksOnly", true) : json;
  }

  public static TicketChanged fromJson(JsonObject json) {
    return new TicketChanged(json.getString("type"), json.getJsonObject("ticket"), json.getString("assigneeId"), json.getString("queueId"),
        json.getBoolean("clocksOnly", false));
  }
}
