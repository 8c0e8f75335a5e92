package dev.omnihub.hub.outbound;

import dev.omnihub.adapters.spi.DeliveryState;
import dev.omnihub.adapters.spi.DeliveryStatusUpdate;
import dev.omnihub.adapters.spi.InboundOutcome;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.DeliveryStates;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageDeliveries;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.events.MessageUpdated;
import dev.omnihub.hub.events.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Applies a channel's news about a sent message (an SMS status callback, an email bounce) to its
 * {@code delivery}. A message that already failed for good stays failed: a late "delivered" callback
 * that overtook a failure must not hide it, and repeating a callback changes nothing.
 */
public final class DeliveryStatuses {

  private final MessageStore messages;
  private final MessageDeliveries deliveries;
  private final ConversationStore conversations;
  private final Clock clock;

  public DeliveryStatuses(MessageStore messages, ConversationStore conversations, Clock clock) {
    this.messages = messages;
    this.deliveries = messages.deliveries();
    this.conversations = conversations;
    this.clock = clock;
  }

  /** Blocking; run as a store write. */
  public Outcome<InboundOutcome> apply(DeliveryStatusUpdate update) {
    Optional<Message> sent = messages.findByProviderId(update.channel().id(), update.providerMessageId());
    if (sent.isEmpty()) {
      return Outcome.of(new InboundOutcome.StatusRecorded(null));
    }
    Message message = sent.get();
    String current = message.deliveryStatus();
    String next = update.status().wireName();
    if (next.equals(current) || DeliveryStates.GAVE_UP.contains(current) || !movesForward(current, update.status())) {
      return Outcome.of(new InboundOutcome.StatusRecorded(message.id()));
    }
    deliveries.recordStatus(message.id(), next, update.reason(), clock.instant());
    Message updated = messages.require(message.id());
    var conversation = conversations.require(updated.conversationId());
    return new Outcome<>(new InboundOutcome.StatusRecorded(message.id()),
        List.of(new MessageUpdated(updated, conversation.assigneeId(), conversation.queueId())));
  }

  /**
   * Callbacks can arrive out of order (or be replayed): a message never moves back from delivered or
   * sent to sent, sending or queued. A failure moves any unfinished or sent message.
   */
  private static boolean movesForward(String current, DeliveryState next) {
    if (next == DeliveryState.FAILED || next == DeliveryState.UNDELIVERED) {
      return !DeliveryStates.DELIVERED.equals(current);
    }
    return rank(next.wireName()) > rank(current);
  }

  private static int rank(String status) {
    return status == null ? -1 : switch (status) {
      case "queued" -> 0;
      case "sending" -> 1;
      case "sent" -> 2;
      case "delivered" -> 3;
      default -> -1;
    };
  }
}
