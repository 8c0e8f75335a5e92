package dev.omnihub.adapters.spi;

/**
 * What one piece of inbound channel traffic turned out to be, once an adapter parsed it: a message, a
 * delivery-status update for something the hub sent, a call's progress, a typing or read signal, or
 * nothing to keep. Adapters shape their own answers from the {@link InboundOutcome}.
 */
public sealed interface InboundResult permits InboundMessage, DeliveryStatusUpdate, CallEvent, Signal, InboundResult.Ignored {

  /** The channel the traffic arrived on. */
  ChannelRef channel();

  /**
   * Traffic that is accepted but kept nowhere: a keep-alive, an auto-reply nobody is waiting for.
   *
   * @param reason a short note for logs and metrics
   */
  record Ignored(ChannelRef channel, String reason) implements InboundResult {
  }
}
