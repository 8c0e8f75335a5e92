/**
 * The channel SPI: the normalized records that cross between channel adapters and the hub.
 *
 * <p>An adapter turns channel-native traffic (a webhook, an SMTP transaction, a WebSocket frame, a
 * call transcript) into an {@link dev.omnihub.adapters.spi.InboundMessage} and hands it to an
 * {@link dev.omnihub.adapters.spi.InboundSink}; it answers its sender only after the sink's future
 * succeeded, because the sink completes only once the message is stored. Outbound, the hub calls
 * {@link dev.omnihub.adapters.spi.ChannelAdapter#deliver} with an
 * {@link dev.omnihub.adapters.spi.OutboundMessage}. Adapters never touch storage.
 */
package dev.omnihub.adapters.spi;
