package dev.omnihub.hub.ticket;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.events.TicketChanged;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A ticket as the API and its events show it. */
public final class TicketViews {

  private TicketViews() {
  }

  /** The event of a ticket's change, for whoever sees its conversation. */
  public static TicketChanged changed(String type, Ticket ticket, Conversation conversation) {
    return new TicketChanged(type, view(ticket), conversation.assigneeId(), conversation.queueId());
  }

  /** The event of a ticket whose SLA due times moved and nothing else. */
  public static TicketChanged clocksMoved(Ticket ticket, Conversation conversation) {
    return new TicketChanged(TicketChanged.UPDATED, view(ticket), conversation.assigneeId(), conversation.queueId(), true);
  }

  public static JsonObject view(Ticket ticket) {
    JsonArray history = new JsonArray();
    for (Ticket.Change change : ticket.history()) {
      history.add(new JsonObject().put("at", change.at().toString())
          .put("actor", new JsonObject().put("type", change.actorType()).put("id", change.actorId()))
          .put("change", new JsonObject(change.change())));
    }
    return new JsonObject()
        .put("id", ticket.id())
        .put("number", ticket.number())
        .put("conversationId", ticket.conversationId())
        .put("customerId", ticket.customerId())
        .put("status", ticket.status())
        .put("priority", ticket.priority())
        .put("escalationLevel", ticket.escalationLevel())
        .put("reason", ticket.reason())
        .put("queueId", ticket.queueId())
        .put("assigneeId", ticket.assigneeId())
        .put("sla", Views.sla(ticket.sla()))
        .put("createdAt", ticket.createdAt().toString())
        .put("solvedAt", ticket.solvedAt() == null ? null : ticket.solvedAt().toString())
        .put("history", history);
  }
}
