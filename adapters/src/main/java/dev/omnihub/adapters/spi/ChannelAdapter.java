package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One channel type's whole path in and out. The hub keeps one instance per {@link ChannelType} in a
 * typed registry and serves every configured channel of that type with it.
 */
public interface ChannelAdapter {

  ChannelType type();

  /**
   * Checks and normalizes the settings an admin gave when creating a channel of this type.
   *
   * @return the options to store (defaults filled in, unknown keys dropped)
   * @throws InputRejectedException naming the bad field
   */
  JsonObject validateOptions(JsonObject options);

  /**
   * The settings that are credentials (dotted paths such as {@code smtp.password}): the hub stores them
   * encrypted and never shows them again (API.md: write-only).
   */
  default Set<String> credentialSettings() {
    return Set.of();
  }

  /** Whom a reply on this channel type reaches, and what must be checked before it goes (see {@link OutboundPolicy}). */
  default OutboundPolicy outboundPolicy() {
    return OutboundPolicy.WRITERS_ONLY;
  }

  /**
   * For a channel whose customers reach the hub from a web page (a website widget): the sites that may
   * call its public routes and when unseen replies are emailed. Empty for every other channel.
   */
  default Optional<CustomerSite> customerSite(ChannelSettings channel) {
    return Optional.empty();
  }

  /**
   * Delivers an agent's or bot's message to the customer.
   *
   * @return a future that succeeds with the receipt once the channel accepted the message, or fails
   *     with {@link DeliveryException} saying whether a retry can help
   */
  Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel);

  /**
   * Starts the adapter's own listeners, pollers and routes. Called once, before the hub serves HTTP;
   * the hub waits for the future and fails its start-up if it fails.
   */
  default Future<Void> start(AdapterContext context) {
    return Future.succeededFuture();
  }

  /** Stops what {@link #start} started; in-flight inbound work is finished or refused, never half-acknowledged. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }

  /** Ports the adapter listens on, by protocol ({@code smtp}), for the hub's ready line. */
  default Map<String, Integer> ports() {
    return Map.of();
  }

  /**
   * How many deliveries to one channel may be in flight at once on a hub node (an SMTP relay or an
   * SMS provider throttles); a conversation never has more than one.
   */
  default int deliveryConcurrency(ChannelSettings channel) {
    return 4;
  }

  /**
   * Whether the hub must record, durably, that a send started before calling {@link #deliver}: for a
   * provider with no idempotency key (an SMS API), so that after a crash or a lost answer the next
   * attempt is told ({@link OutboundMessage#inDoubtSince()}) and can ask the provider before sending
   * again. Costs one more store write per delivery.
   */
  default boolean marksSends() {
    return false;
  }

  /** The adapter's webhook side, when the channel delivers inbound traffic by HTTP POST. */
  default Optional<WebhookInbound> webhook() {
    return Optional.empty();
  }
}
