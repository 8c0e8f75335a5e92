package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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

  /**
   * Delivers an agent's or bot's message to the customer.
   *
   * @return a future that succeeds with the receipt once the channel accepted the message, or fails
   *     with {@link DeliveryException} saying whether a retry can help
   */
  Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel);

  /** The adapter's webhook side, when the channel delivers inbound traffic by HTTP POST. */
  default Optional<WebhookInbound> webhook() {
    return Optional.empty();
  }
}
