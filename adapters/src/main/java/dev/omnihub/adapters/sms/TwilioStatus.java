package dev.omnihub.adapters.sms;

import dev.omnihub.adapters.spi.DeliveryState;
import java.util.Locale;
import java.util.Optional;

/**
 * Twilio's {@code MessageStatus} (a status callback's parameter, the Message resource's
 * {@code status}) as the hub's {@link DeliveryState}.
 */
public final class TwilioStatus {

  private TwilioStatus() {
  }

  /**
   * The delivery state for a Twilio message status, in any case; empty for a value Twilio may add
   * later, for {@code null}, and for the statuses of inbound messages, which say nothing about a
   * message the hub sent.
   */
  public static Optional<DeliveryState> toDeliveryState(String messageStatus) {
    if (messageStatus == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(switch (messageStatus.strip().toLowerCase(Locale.ROOT)) {
      // A Messaging Service has taken the message and has not queued it yet: waiting, like queued.
      case "accepted" -> DeliveryState.QUEUED;
      // Held by Twilio until its send time: still waiting to be sent.
      case "scheduled" -> DeliveryState.QUEUED;
      case "queued" -> DeliveryState.QUEUED;
      case "sending" -> DeliveryState.SENDING;
      case "sent" -> DeliveryState.SENT;
      case "delivered" -> DeliveryState.DELIVERED;
      // A read receipt (WhatsApp and the like) comes after delivery; the hub has no read state.
      case "read" -> DeliveryState.DELIVERED;
      // Some of it reached the recipient: retrying would send that part twice.
      case "partially_delivered" -> DeliveryState.DELIVERED;
      case "undelivered" -> DeliveryState.UNDELIVERED;
      case "failed" -> DeliveryState.FAILED;
      // A scheduled message withdrawn before its send time: it will never go out unless sent again.
      case "canceled" -> DeliveryState.FAILED;
      // "receiving" and "received" belong to inbound messages.
      default -> null;
    });
  }
}
