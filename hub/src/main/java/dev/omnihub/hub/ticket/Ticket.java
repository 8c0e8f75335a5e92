package dev.omnihub.hub.ticket;

import dev.omnihub.hub.conversation.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A conversation escalated into a numbered ticket: what the customer can quote, its priority, owner
 * and level, and every change made to it.
 *
 * @param status {@code open}, {@code pending}, {@code onHold}, {@code solved} or {@code closed}
 */
public record Ticket(String id, long number, String conversationId, String customerId, String status, String priority,
    int escalationLevel, String reason, String queueId, String assigneeId, Instant createdAt, Instant solvedAt,
    List<Change> history, long version) {

  /** One change: when, by whom ({@code type}, {@code id}), and the fields it set. */
  public record Change(Instant at, String actorType, String actorId, Map<String, Object> change) {
  }

  public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
  public static final List<String> STATUSES = List.of("open", "pending", "onHold", "solved", "closed");
  /** Statuses in which the ticket is its conversation's open ticket. */
  public static final List<String> OPEN_STATUSES = List.of("open", "pending", "onHold");

  /** What the conversation's view shows of it. */
  public TicketRef ref() {
    return new TicketRef(id, number, status, priority, escalationLevel);
  }
}
