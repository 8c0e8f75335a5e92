package dev.omnihub.hub.sla;

import java.time.Instant;

/**
 * What happened to a ticket, as far as its clocks care: the clocks are computed again from these
 * whenever one is added, so a due time is always explained by the same history.
 */
public sealed interface SlaEvent {

  Instant at();

  /** The clocks start: the ticket was created (or its conversation was queued), at this priority. */
  record Started(Instant at, String priority) implements SlaEvent {
  }

  /** Due times are computed again from the same starts with this priority's targets. */
  record PriorityChanged(Instant at, String priority) implements SlaEvent {
  }

  /** A customer's message (it starts a next-response clock once an agent has replied). */
  record CustomerMessage(Instant at) implements SlaEvent {
  }

  /** An agent's reply to the customer (not a note, a bot or an automatic reply): it meets a response clock. */
  record AgentReply(Instant at) implements SlaEvent {
  }

  /** The ticket's status: {@code open}, {@code pending}, {@code onHold}, {@code solved} or {@code closed}. */
  record StatusChanged(Instant at, String status) implements SlaEvent {
  }
}
