package dev.omnihub.adapters.spi;

/**
 * The inbound half of a channel that posts to {@code /webhooks/<type>/<channelId>}. The hub reads the
 * request, calls {@link #parse}, ingests the message and answers with {@link #acknowledge}.
 */
public interface WebhookInbound {

  /** Largest body this channel accepts; larger requests are refused with 413 before parsing. */
  int maxBodyBytes();

  /**
   * Verifies and parses one request.
   *
   * @throws InputRejectedException {@code UNAUTHENTICATED} for a missing, wrong or stale signature;
   *     {@code INVALID} naming the field for bad content
   */
  InboundMessage parse(WebhookRequest request, ChannelSettings channel);

  /** The answer the channel expects once the message is stored. */
  WebhookResponse acknowledge(IngestAck ack);
}
