package dev.omnihub.hub.realtime;

import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.ingest.IngestPipeline;
import dev.omnihub.hub.kb.ArticleStore;
import dev.omnihub.hub.limits.ClientLimits;
import dev.omnihub.hub.limits.RateLimiter;
import dev.omnihub.hub.service.CustomerClaims;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.KnowledgeIndex;
import java.time.Clock;
import java.time.Duration;

/**
 * What the widget's session route and sockets need from the hub.
 *
 * @param sessionsPerAddress limits sessions started from one network address
 * @param messagesPerVisitor limits messages one visitor sends
 * @param messagesPerAddress limits messages sent from one network address (many visitors behind it)
 */
public record WidgetServices(EventLog events, MongoStore store, PublishingStore publishing, IdentityResolver identities,
    CustomerStore customers, CustomerClaims claims, OfflineChatMail offlineMail, AttachmentStore attachments, ConversationStore conversations, MessageStore messages, IngestPipeline sink, ChannelStore channels, RateLimiter sessionsPerAddress, RateLimiter messagesPerVisitor,
    RateLimiter messagesPerAddress, WidgetRouter router, KnowledgeIndex knowledge, ArticleStore articles, RateLimiter searchesPerAddress) {

  public static WidgetServices create(EventLog events, MongoStore store, PublishingStore publishing, IdentityResolver identities,
      CustomerStore customers, CustomerClaims claims, OfflineChatMail offlineMail, AttachmentStore attachments, ConversationStore conversations, MessageStore messages, IngestPipeline sink, ChannelStore channels, Clock clock,
      ClientLimits limits, KnowledgeIndex knowledge, ArticleStore articles) {
    return new WidgetServices(events, store, publishing, identities, customers, claims, offlineMail, attachments, conversations, messages, sink, channels,
        new RateLimiter("widget sessions from this address", limits.widgetSessionsPerMinute(), Duration.ofMinutes(1), clock),
        new RateLimiter("messages from this visitor", limits.widgetVisitorMessagesPerMinute(), Duration.ofMinutes(1), clock),
        new RateLimiter("widget messages from this address", limits.widgetAddressMessagesPerMinute(), Duration.ofMinutes(1), clock),
        new WidgetRouter(events), knowledge, articles,
        // Self-service search is open to anyone on the site: enough for people typing, not for a scraper.
        new RateLimiter("help-center searches from this address", limits.widgetSearchesPerMinute(), Duration.ofMinutes(1), clock));
  }
}
