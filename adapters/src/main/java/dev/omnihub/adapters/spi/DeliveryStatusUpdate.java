package dev.omnihub.adapters.spi;

import java.util.Objects;

/**
 * A channel's news about a message the hub sent (an SMS status callback, an email bounce), found by
 * the id the channel gave it ({@link DeliveryReceipt#providerMessageId()}).
 *
 * @param providerMessageId the channel's id of the sent message
 * @param status            the new state
 * @param reason            the channel's words for a failure (an SMTP diagnostic), or {@code null}
 */
public record DeliveryStatusUpdate(ChannelRef channel, String providerMessageId, DeliveryState status, String reason)
    implements InboundResult {

  public DeliveryStatusUpdate {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
    if (providerMessageId == null || providerMessageId.isBlank()) {
      throw new IllegalArgumentException("providerMessageId must not be blank");
    }
  }
}
