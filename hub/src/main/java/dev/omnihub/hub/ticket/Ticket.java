package dev.omnihub.hub.ticket;

import dev.omnihub.hub.conversation.TicketRef;
import dev.omnihub.hub.sla.SlaSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A conversation escalated into a numbered ticket: what the customer can quote, its priority, owner
 * and level, and every change made to it.
 *
 * @param status {@code open}, {@code pending}, {@code onHold}, {@code solved} or {@code closed}
 * @param sla    its SLA clocks as they stand, or {@code null} when no policy applies
 */
public record Ticket(String id, long number, String conversationId, String customerId, String status, String priority,
    int escalationLevel, String reason, String queueId, String assigneeId, SlaSummary sla, Instant createdAt, Instant solvedAt,
    List<Change> history, long version) {

  /** One change: when, by whom ({@code type}, {@code id}), and the fields it set. */
  public record Change(Instant at, String actorType, String actorId, Map<String, Object> change) {
  }

  public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
  public static final List<String> STATUSES = List.of("open", "pending", "onHold", "solved", "closed");
  /** Statuses in which the ticket is its conversation's open ticket. */
  public static final List<String> OPEN_STATUSES = List.of("open", "pending", "onHold");

  /** The same ticket showing these clocks. */
  public Ticket withSla(SlaSummary clocks) {
    return new Ticket(id, number, conversationId, customerId, status, priority, escalationLevel, reason, queueId, assigneeId, clocks,
        createdAt, solvedAt, history, version);
  }

  /** What the conversation's view shows of it. */
  public TicketRef ref() {
    return new TicketRef(id, number, status, priority, escalationLevel);
  }
}
