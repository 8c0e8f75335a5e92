package dev.omnihub.hub.realtime;

import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.kb.ArticleStore;
import dev.omnihub.hub.limits.ClientLimits;
import dev.omnihub.hub.limits.RateLimiter;
import dev.omnihub.hub.limits.SharedCounts;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.KnowledgeIndex;
import java.time.Clock;
import java.time.Duration;

/**
 * Self-service search of published articles for the pages of a channel with a customer site (the
 * widget); {@code searchesPerAddress} keeps scrapers out.
 */
public record HelpCenter(MongoStore store, ChannelStore channels, ChannelAdapters adapters, KnowledgeIndex knowledge, ArticleStore articles,
    RateLimiter searchesPerAddress) {

  public static HelpCenter create(MongoStore store, ChannelStore channels, ChannelAdapters adapters, KnowledgeIndex knowledge,
      ArticleStore articles, ClientLimits limits, SharedCounts counts, Clock clock) {
    // Open to anyone on the site: enough for people typing, not for a scraper.
    return new HelpCenter(store, channels, adapters, knowledge, articles,
        counts.limiter("WIDGET_SEARCHES_PER_MINUTE", "help-center searches from this address", limits.widgetSearchesPerMinute(),
            Duration.ofMinutes(1), clock));
  }
}
