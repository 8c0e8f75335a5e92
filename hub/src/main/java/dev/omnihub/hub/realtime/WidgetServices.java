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
 * The widget's features, each with only what its routes use: the visitor's session, the help center,
 * a visitor's files, and the chat socket.
 */
public record WidgetServices(Sessions sessions, HelpCenter helpCenter, Files files, Chat chat) {

  /**
   * Starting a visitor's session.
   *
   * @param perAddress limits sessions started from one network address
   */
  public record Sessions(MongoStore store, PublishingStore publishing, ChannelStore channels, IdentityResolver identities,
      CustomerStore customers, CustomerClaims claims, ConversationStore conversations, RateLimiter perAddress) {
  }

  /** Self-service search of published articles; {@code searchesPerAddress} keeps scrapers out. */
  public record HelpCenter(MongoStore store, ChannelStore channels, KnowledgeIndex knowledge, ArticleStore articles,
      RateLimiter searchesPerAddress) {
  }

  /** Files of a visitor's own chats. */
  public record Files(MongoStore store, ChannelStore channels, IdentityResolver identities, ConversationStore conversations,
      MessageStore messages, AttachmentStore attachments) {
  }

  /**
   * The visitor's live chat socket.
   *
   * @param sink               where a visitor's messages are ingested, as any channel's
   * @param messagesPerVisitor limits messages one visitor sends
   * @param messagesPerAddress limits messages sent from one network address (many visitors behind it)
   */
  public record Chat(EventLog events, MongoStore store, ChannelStore channels, IdentityResolver identities, ConversationStore conversations,
      MessageStore messages, IngestPipeline sink, OfflineChatMail offlineMail, WidgetRouter router, RateLimiter messagesPerVisitor,
      RateLimiter messagesPerAddress) {
  }

  public static WidgetServices create(EventLog events, MongoStore store, PublishingStore publishing, IdentityResolver identities,
      CustomerStore customers, CustomerClaims claims, OfflineChatMail offlineMail, AttachmentStore attachments, ConversationStore conversations,
      MessageStore messages, IngestPipeline sink, ChannelStore channels, Clock clock, ClientLimits limits, KnowledgeIndex knowledge,
      ArticleStore articles) {
    return new WidgetServices(
        new Sessions(store, publishing, channels, identities, customers, claims, conversations,
            perMinute("widget sessions from this address", limits.widgetSessionsPerMinute(), clock)),
        // Self-service search is open to anyone on the site: enough for people typing, not for a scraper.
        new HelpCenter(store, channels, knowledge, articles,
            perMinute("help-center searches from this address", limits.widgetSearchesPerMinute(), clock)),
        new Files(store, channels, identities, conversations, messages, attachments),
        new Chat(events, store, channels, identities, conversations, messages, sink, offlineMail, new WidgetRouter(events),
            perMinute("messages from this visitor", limits.widgetVisitorMessagesPerMinute(), clock),
            perMinute("widget messages from this address", limits.widgetAddressMessagesPerMinute(), clock)));
  }

  private static RateLimiter perMinute(String what, int limit, Clock clock) {
    return new RateLimiter(what, limit, Duration.ofMinutes(1), clock);
  }
}
