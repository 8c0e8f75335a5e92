package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.CustomerAccess;
import dev.omnihub.adapters.spi.CustomerFeeds;
import dev.omnihub.adapters.spi.InboundSink;
import dev.omnihub.adapters.spi.RateLimits;

/**
 * What a visitor's chat socket uses.
 *
 * @param sink               where a visitor's messages are ingested, as any channel's
 * @param feeds              the visitor's conversations, replayed and live
 * @param customers          what the visitor may do for themself (answer a survey put to them)
 * @param messagesPerVisitor limits messages one visitor sends
 * @param messagesPerAddress limits messages sent from one network address (many visitors behind it)
 */
record WidgetChat(InboundSink sink, CustomerFeeds feeds, CustomerAccess customers, RateLimits.RateLimit messagesPerVisitor,
    RateLimits.RateLimit messagesPerAddress) {
}
