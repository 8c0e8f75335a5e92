package dev.omnihub.adapters.spi;

import java.util.Optional;
import java.util.Set;

/**
 * The inbound half of a channel that posts to {@code /webhooks/<type>/<channelId>} (messages) and,
 * for the paths it names in {@link #subpaths()}, to {@code /webhooks/<type>/<channelId>/<subpath>}
 * (an SMS provider's status callbacks, a phone system's call events). The hub reads the request,
 * calls {@link #parse(WebhookRequest, ChannelSettings, String)}, hands the result to the inbound sink
 * and answers with {@link #answer}, once what it did is durable.
 */
public interface WebhookInbound {

  /** Largest body this channel accepts; larger requests are refused with 413 before parsing. */
  int maxBodyBytes();

  /**
   * Verifies and parses one message request (the main path).
   *
   * @throws InputRejectedException {@code UNAUTHENTICATED} for a missing, wrong or stale signature;
   *     {@code INVALID} naming the field for bad content
   */
  InboundMessage parse(WebhookRequest request, ChannelSettings channel);

  /** The answer the channel expects once the message is stored. */
  WebhookResponse acknowledge(IngestAck ack);

  /** Paths under the channel's webhook this adapter serves besides the main one ({@code status}). */
  default Set<String> subpaths() {
    return Set.of();
  }

  /**
   * Verifies and parses a request to the main path ({@code subpath} {@code null}) or one of
   * {@link #subpaths()}.
   *
   * @throws InputRejectedException as {@link #parse(WebhookRequest, ChannelSettings)}
   */
  default InboundResult parse(WebhookRequest request, ChannelSettings channel, String subpath) {
    if (subpath != null) {
      throw new IllegalArgumentException("no webhook path " + subpath);
    }
    return parse(request, channel);
  }

  /** The answer once the result is durable; by default a stored message is acknowledged, anything else gets 200 {}. */
  default WebhookResponse answer(InboundOutcome outcome) {
    if (outcome instanceof InboundOutcome.Stored stored) {
      return acknowledge(stored.ack());
    }
    return WebhookResponse.json(200, new io.vertx.core.json.JsonObject());
  }

  /**
   * Answers a provider's {@code GET} to the channel's webhook URL: the verification handshake some
   * providers make before they send anything (Meta's {@code hub.challenge}, echoed when
   * {@code hub.verify_token} is the one configured). Empty when the channel has none: the hub answers 405.
   *
   * @throws InputRejectedException {@code UNAUTHENTICATED} when the handshake's token is not the channel's
   */
  default Optional<WebhookResponse> verify(WebhookRequest request, ChannelSettings channel) {
    return Optional.empty();
  }

  /**
   * The channel's own answer to a refused request (a provider that expects TwiML even on a bad
   * signature), or empty for the hub's JSON error.
   */
  default Optional<WebhookResponse> reject(InputRejectedException error) {
    return Optional.empty();
  }
}
