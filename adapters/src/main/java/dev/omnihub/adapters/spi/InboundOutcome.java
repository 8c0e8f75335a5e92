package dev.omnihub.adapters.spi;

/** What the hub did with an {@link InboundResult}, once that is durable. */
public sealed interface InboundOutcome {

  /** A message was stored (or had been stored before: {@link IngestAck#duplicate()}). */
  record Stored(IngestAck ack) implements InboundOutcome {
  }

  /**
   * A delivery-status update was applied to the message the hub sent.
   *
   * @param messageId the hub's message, or {@code null} when no sent message has that provider id
   */
  record StatusRecorded(String messageId) implements InboundOutcome {
  }

  /**
   * A call event was taken: the caller is a customer now (created if new).
   *
   * @param conversationId the caller's current conversation, or {@code null} when they have none
   */
  record CallRecorded(String customerId, String conversationId) implements InboundOutcome {
  }

  /**
   * A signal was passed on to the agents who see the conversation.
   *
   * @param conversationId the conversation it concerns, or {@code null} when the sender has none (then
   *                       nobody was told)
   */
  record Signaled(String conversationId) implements InboundOutcome {
  }

  /** Nothing was kept (an auto-reply outside any conversation, an ignored result). */
  record Dropped(String reason) implements InboundOutcome {
  }
}
